import type { FieldDef } from '@tangram/schema';
import { localize } from '@tangram/ui';
import { Checkbox, Form, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { type FieldOptionsProps, withOption } from './field-options-props';

/** Lookup and master-detail: the target object (and what a lookup does when it is deleted). */
export function ReferenceOptionsEditor({ field, onChange, objects, locale }: FieldOptionsProps) {
  const { t } = useTranslation();
  if (field.type === 'user' || field.type === 'department') {
    return (
      <Form.Item>
        <Checkbox
          checked={field.multiple === true}
          onChange={(event) =>
            onChange(withOption(field, 'multiple', event.target.checked ? true : undefined))
          }
        >
          {t('opt_multiple')}
        </Checkbox>
      </Form.Item>
    );
  }
  const target = 'target' in field ? field.target : undefined;
  return (
    <>
      <Form.Item label={t('opt_target')} required>
        <Select
          showSearch
          optionFilterProp="label"
          data-testid="option-target"
          value={target ?? null}
          onChange={(v: string) => onChange({ ...field, target: v } as FieldDef)}
          options={objects.map((o) => ({
            value: o.name,
            label: localize(o.label as Record<string, string>, locale, o.name),
          }))}
        />
      </Form.Item>
      {field.type === 'lookup' ? (
        <Form.Item label={t('opt_onDelete')}>
          <Select
            allowClear
            value={field.onDelete ?? null}
            onChange={(v: string | undefined) => onChange(withOption(field, 'onDelete', v))}
            options={['set_null', 'restrict'].map((v) => ({ value: v, label: t(`optv_${v}`) }))}
          />
        </Form.Item>
      ) : null}
    </>
  );
}
