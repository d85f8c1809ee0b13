import { Select } from 'antd';
import type { WidgetProps } from '../widget-props.js';
import { selectOptionsOf } from './select-widget.js';

/** A multiple choice drop-down for multi-select fields. */
export function MultiSelectWidget({
  field,
  value,
  onChange,
  id,
  readOnly,
  placeholder,
  invalid,
  locale,
}: WidgetProps) {
  const options = field.type === 'multi_select' ? field.options : [];
  return (
    <Select
      id={id}
      mode="multiple"
      style={{ width: '100%' }}
      allowClear
      value={Array.isArray(value) ? (value as string[]) : []}
      onChange={(next: string[]) => onChange(next.length === 0 ? null : next)}
      disabled={readOnly === true}
      placeholder={placeholder ?? ''}
      status={invalid ? 'error' : ''}
      {...(field.type === 'multi_select' && field.maxSelected
        ? { maxCount: field.maxSelected }
        : {})}
      options={selectOptionsOf(options, locale)}
    />
  );
}
