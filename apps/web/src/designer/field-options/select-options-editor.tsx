import type { FieldDef, SelectOption } from '@tangram/schema';
import { localize } from '@tangram/ui';
import { Button, Checkbox, Form, Input, Select, Space } from 'antd';
import type { ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { machineNameFrom } from '../machine-name';
import { MoveButtons } from '../move-buttons';
import { type FieldOptionsProps, withOption } from './field-options-props';

/** The named colours of the palette (the schema also takes #rrggbb). */
export const OPTION_COLORS = [
  'gray',
  'red',
  'orange',
  'yellow',
  'green',
  'teal',
  'cyan',
  'blue',
  'indigo',
  'purple',
  'pink',
  'brown',
] as const;

/** The choices of a single- or multi-select field: value, label, colour, order, inactive. */
export function SelectOptionsEditor({ field, onChange, object, locale }: FieldOptionsProps) {
  const { t } = useTranslation();
  const options: readonly SelectOption[] =
    field.type === 'single_select' || field.type === 'multi_select' ? field.options : [];
  const setOptions = (next: SelectOption[]) => onChange({ ...field, options: next } as FieldDef);
  const setAt = (index: number, option: SelectOption) =>
    setOptions(options.map((o, i) => (i === index ? option : o)));
  const move = (index: number, by: number) => {
    const next = [...options];
    const [option] = next.splice(index, 1);
    next.splice(index + by, 0, option!);
    setOptions(next);
  };
  const selectFields = object.fields.filter(
    (f) => f.name !== field.name && (f.type === 'single_select' || f.type === 'multi_select'),
  );
  return (
    <>
      <Form.Item label={t('selectOptions')} required>
        <Space direction="vertical" style={{ width: '100%' }}>
          {options.map((option, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a row keeps its place while its value is typed
            <Space key={index} wrap data-testid={`select-option-${index}`}>
              <Input
                style={{ width: 150 }}
                placeholder={t('optionLabel')}
                data-testid={`select-option-${index}-label`}
                value={localize(option.label, locale, '')}
                onChange={(event: ChangeEvent<HTMLInputElement>) => {
                  const text = event.target.value;
                  const label = { ...option.label, [locale]: text };
                  if (text === '') delete label[locale];
                  const taken = new Set(options.filter((_, i) => i !== index).map((o) => o.value));
                  const autoValue = option.value.startsWith('option_') || option.value === '';
                  setAt(index, {
                    ...option,
                    label: Object.keys(label).length === 0 ? { [locale]: option.value } : label,
                    ...(autoValue
                      ? { value: machineNameFrom(text, `option_${index + 1}`, taken) }
                      : {}),
                  });
                }}
              />
              <Input
                style={{ width: 120 }}
                placeholder={t('optionValue')}
                value={option.value}
                onChange={(event: ChangeEvent<HTMLInputElement>) =>
                  setAt(index, { ...option, value: event.target.value })
                }
              />
              <Select
                style={{ width: 110 }}
                allowClear
                placeholder={t('optionColor')}
                value={option.color ?? null}
                onChange={(color: string | undefined) => {
                  const { color: _old, ...rest } = option;
                  setAt(index, color ? { ...rest, color } : rest);
                }}
                options={OPTION_COLORS.map((c) => ({
                  value: c,
                  label: (
                    <span>
                      <span
                        style={{
                          display: 'inline-block',
                          width: 10,
                          height: 10,
                          background: c,
                          marginRight: 6,
                        }}
                      />
                      {t(`color_${c}`)}
                    </span>
                  ),
                }))}
              />
              <Checkbox
                checked={option.inactive === true}
                onChange={(event) => {
                  const { inactive: _old, ...rest } = option;
                  setAt(index, event.target.checked ? { ...rest, inactive: true } : rest);
                }}
              >
                {t('optionInactive')}
              </Checkbox>
              <MoveButtons
                index={index}
                count={options.length}
                onMove={(by) => move(index, by)}
                onRemove={() => setOptions(options.filter((_, i) => i !== index))}
                canRemove={options.length > 1}
              />
            </Space>
          ))}
          <Button
            size="small"
            data-testid="add-select-option"
            onClick={() => {
              const taken = new Set(options.map((o) => o.value));
              const value = machineNameFrom('', `option_${options.length + 1}`, taken);
              setOptions([...options, { value, label: { [locale]: value } }]);
            }}
          >
            {t('addOption')}
          </Button>
        </Space>
      </Form.Item>
      {selectFields.length > 0 ? (
        <Form.Item label={t('opt_dependsOn')}>
          <Select
            allowClear
            value={'dependsOn' in field ? (field.dependsOn ?? null) : null}
            onChange={(v: string | undefined) => onChange(withOption(field, 'dependsOn', v))}
            options={selectFields.map((f) => ({
              value: f.name,
              label: localize(f.label, locale, f.name),
            }))}
          />
        </Form.Item>
      ) : null}
    </>
  );
}
