import { InputNumber } from 'antd';
import type { WidgetProps } from '../widget-props.js';

/** A percentage 0–100 (or the field's min and max) with a % sign after it. */
export function PercentWidget({
  field,
  value,
  onChange,
  id,
  readOnly,
  placeholder,
  invalid,
}: WidgetProps) {
  const min = field.type === 'percent' && typeof field.min === 'number' ? field.min : 0;
  const max = field.type === 'percent' && typeof field.max === 'number' ? field.max : 100;
  const scale = field.type === 'percent' ? field.scale : undefined;
  return (
    <InputNumber<number>
      id={id}
      style={{ width: '100%' }}
      addonAfter="%"
      min={min}
      max={max}
      {...(scale === undefined ? {} : { precision: scale })}
      value={typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : null}
      onChange={(next) => onChange(next ?? null)}
      disabled={readOnly === true}
      placeholder={placeholder ?? ''}
      status={invalid ? 'error' : ''}
    />
  );
}
