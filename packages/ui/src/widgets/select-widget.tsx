import type { SelectOption } from '@tangram/schema';
import { Select } from 'antd';
import { localize } from '../localize.js';
import type { WidgetProps } from '../widget-props.js';

/** The options a select field offers, active ones only, with coloured dots. */
export function selectOptionsOf(options: readonly SelectOption[], locale: string) {
  return options
    .filter((option) => !option.inactive)
    .map((option) => ({
      value: option.value,
      label: (
        <span>
          {option.color ? (
            <span
              aria-hidden
              style={{
                display: 'inline-block',
                width: 8,
                height: 8,
                borderRadius: 4,
                marginRight: 6,
                background: option.color,
              }}
            />
          ) : null}
          {localize(option.label, locale, option.value)}
        </span>
      ),
    }));
}

/** A drop-down for single-select fields. */
export function SelectWidget({
  field,
  value,
  onChange,
  id,
  readOnly,
  placeholder,
  invalid,
  locale,
}: WidgetProps) {
  const options = field.type === 'single_select' ? field.options : [];
  return (
    <Select
      id={id}
      style={{ width: '100%' }}
      allowClear
      value={typeof value === 'string' ? value : undefined}
      onChange={(next: string | undefined) => onChange(next ?? null)}
      disabled={readOnly === true}
      placeholder={placeholder ?? ''}
      status={invalid ? 'error' : ''}
      options={selectOptionsOf(options, locale)}
    />
  );
}
