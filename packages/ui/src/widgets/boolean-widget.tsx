import { Switch } from 'antd';
import type { WidgetProps } from '../widget-props.js';

/** A switch for boolean fields. */
export function BooleanWidget({ value, onChange, id, readOnly }: WidgetProps) {
  return (
    <Switch id={id} checked={value === true} onChange={onChange} disabled={readOnly === true} />
  );
}
