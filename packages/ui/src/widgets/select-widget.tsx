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

/** A drop-down for select fields: one choice, or several for a multi-select (up to its maximum). */
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
  const common = {
    id,
    style: { width: '100%' },
    allowClear: true,
    disabled: readOnly === true,
    placeholder: placeholder ?? '',
    status: invalid ? ('error' as const) : ('' as const),
  };
  if (field.type === 'multi_select') {
    return (
      <Select
        {...common}
        mode="multiple"
        value={Array.isArray(value) ? (value as string[]) : []}
        onChange={(next: string[]) => onChange(next.length === 0 ? null : next)}
        {...(field.maxSelected ? { maxCount: field.maxSelected } : {})}
        options={selectOptionsOf(field.options, locale)}
      />
    );
  }
  return (
    <Select
      {...common}
      value={typeof value === 'string' ? value : undefined}
      onChange={(next: string | undefined) => onChange(next ?? null)}
      options={selectOptionsOf(field.type === 'single_select' ? field.options : [], locale)}
    />
  );
}
