import { Select, Tag } from 'antd';
import { localize } from '../localize.js';
import type { WidgetProps } from '../widget-props.js';

/** A multi-select shown as coloured tags, the options of the field to pick from. */
export function TagsWidget({
  field,
  value,
  onChange,
  id,
  readOnly,
  placeholder,
  invalid,
  locale,
}: WidgetProps) {
  const options = field.type === 'multi_select' ? field.options.filter((o) => !o.inactive) : [];
  const colours = new Map(options.map((o) => [o.value, o.color]));
  return (
    <Select
      id={id}
      mode="multiple"
      allowClear
      style={{ width: '100%' }}
      value={Array.isArray(value) ? (value as string[]) : []}
      onChange={(next: string[]) => onChange(next.length === 0 ? null : next)}
      disabled={readOnly === true}
      placeholder={placeholder ?? ''}
      status={invalid ? 'error' : ''}
      options={options.map((o) => ({ value: o.value, label: localize(o.label, locale, o.value) }))}
      tagRender={({ label, value: tag, closable, onClose }) => (
        <Tag
          color={colours.get(String(tag)) ?? 'default'}
          closable={closable}
          onClose={onClose}
          style={{ marginInlineEnd: 4 }}
        >
          {label}
        </Tag>
      )}
    />
  );
}
