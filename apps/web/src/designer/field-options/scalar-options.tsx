import type { FieldDef } from '@tangram/schema';
import { Form, Input, InputNumber, Select } from 'antd';
import type { ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { type FieldOptionsProps, withOption } from './field-options-props';

/** One plain option of a field type: its key and the kind of input it takes. */
export interface ScalarOption {
  readonly key: string;
  readonly kind: 'integer' | 'number' | 'text' | 'date' | 'datetime' | 'enum';
  readonly values?: readonly string[];
  readonly required?: boolean;
}

/** The plain options of each field type (min, max, length, scale, …) as the schema defines them. */
export const SCALAR_OPTIONS: Partial<Record<FieldDef['type'], readonly ScalarOption[]>> = {
  text: [
    { key: 'maxLength', kind: 'integer' },
    { key: 'minLength', kind: 'integer' },
    { key: 'pattern', kind: 'text' },
  ],
  long_text: [{ key: 'maxLength', kind: 'integer' }],
  rich_text: [{ key: 'maxLength', kind: 'integer' }],
  integer: [
    { key: 'min', kind: 'integer' },
    { key: 'max', kind: 'integer' },
  ],
  number: [
    { key: 'precision', kind: 'integer' },
    { key: 'scale', kind: 'integer' },
    { key: 'min', kind: 'number' },
    { key: 'max', kind: 'number' },
  ],
  currency: [
    { key: 'currency', kind: 'text', required: true },
    { key: 'precision', kind: 'integer' },
    { key: 'scale', kind: 'integer' },
    { key: 'min', kind: 'number' },
    { key: 'max', kind: 'number' },
  ],
  percent: [
    { key: 'scale', kind: 'integer' },
    { key: 'min', kind: 'number' },
    { key: 'max', kind: 'number' },
  ],
  date: [
    { key: 'min', kind: 'date' },
    { key: 'max', kind: 'date' },
  ],
  datetime: [
    { key: 'min', kind: 'datetime' },
    { key: 'max', kind: 'datetime' },
  ],
  phone: [{ key: 'format', kind: 'enum', values: ['cn_mobile', 'e164', 'any'] }],
  multi_select: [{ key: 'maxSelected', kind: 'integer' }],
  attachment: [
    { key: 'maxFiles', kind: 'integer' },
    { key: 'maxSizeMb', kind: 'number' },
  ],
  region: [
    { key: 'level', kind: 'enum', values: ['province', 'city', 'district'], required: true },
  ],
  rating: [{ key: 'max', kind: 'integer' }],
};

/** Inputs for the plain options of the field's type. */
export function ScalarOptions({ field, onChange }: FieldOptionsProps) {
  const { t } = useTranslation();
  const options = SCALAR_OPTIONS[field.type] ?? [];
  const values = field as unknown as Record<string, unknown>;
  return (
    <>
      {options.map((option) => {
        const value = values[option.key];
        const set = (next: unknown) => onChange(withOption(field, option.key, next));
        const label = t(`opt_${option.key}`);
        let input: JSX.Element;
        switch (option.kind) {
          case 'integer':
          case 'number':
            input = (
              <InputNumber
                data-testid={`option-${option.key}`}
                value={typeof value === 'number' ? value : null}
                {...(option.kind === 'integer' ? { precision: 0 } : {})}
                onChange={(n) => set(n ?? undefined)}
              />
            );
            break;
          case 'enum':
            input = (
              <Select
                allowClear={!option.required}
                data-testid={`option-${option.key}`}
                value={typeof value === 'string' ? value : null}
                onChange={(v: string | undefined) => set(v)}
                options={(option.values ?? []).map((v) => ({ value: v, label: t(`optv_${v}`) }))}
              />
            );
            break;
          default:
            input = (
              <Input
                data-testid={`option-${option.key}`}
                type={
                  option.kind === 'date'
                    ? 'date'
                    : option.kind === 'datetime'
                      ? 'datetime-local'
                      : 'text'
                }
                value={typeof value === 'string' ? value : ''}
                onChange={(event: ChangeEvent<HTMLInputElement>) => set(event.target.value)}
              />
            );
        }
        return (
          <Form.Item key={option.key} label={label} required={option.required === true}>
            {input}
          </Form.Item>
        );
      })}
    </>
  );
}
