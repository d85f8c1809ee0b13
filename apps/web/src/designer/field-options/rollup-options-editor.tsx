import type { FieldDef } from '@tangram/schema';
import { localize } from '@tangram/ui';
import { useQuery } from '@tanstack/react-query';
import { Form, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/api-client';
import { type FieldOptionsProps, withOption } from './field-options-props';

const FUNCTIONS = ['count', 'sum', 'min', 'max', 'avg'] as const;

/** A rollup: the child object, the child's field pointing here, the function and its field. */
export function RollupOptionsEditor({ field, onChange, objects, locale }: FieldOptionsProps) {
  const { t } = useTranslation();
  const rollup = field.type === 'rollup' ? field : undefined;
  const child = useQuery({
    queryKey: ['metadata', 'doc', 'object', rollup?.childObject ?? ''],
    enabled: Boolean(rollup?.childObject),
    queryFn: () => api.metadata.get('object', rollup!.childObject, { state: 'effective' }),
  });
  const childFields = (child.data?.document as { fields?: FieldDef[] } | undefined)?.fields ?? [];
  const relations = childFields.filter((f) => f.type === 'lookup' || f.type === 'master_detail');
  const numeric = childFields.filter((f) =>
    ['integer', 'number', 'currency', 'percent', 'date', 'datetime'].includes(f.type),
  );
  const fieldOptions = (list: FieldDef[]) =>
    list.map((f) => ({ value: f.name, label: localize(f.label, locale, f.name) }));
  return (
    <>
      <Form.Item label={t('opt_childObject')} required>
        <Select
          value={rollup?.childObject ?? null}
          onChange={(v: string) => onChange({ ...field, childObject: v } as FieldDef)}
          options={objects.map((o) => ({
            value: o.name,
            label: localize(o.label as Record<string, string>, locale, o.name),
          }))}
        />
      </Form.Item>
      <Form.Item label={t('opt_relationField')} required>
        <Select
          value={rollup?.relationField ?? null}
          onChange={(v: string) => onChange({ ...field, relationField: v } as FieldDef)}
          options={fieldOptions(relations)}
        />
      </Form.Item>
      <Form.Item label={t('opt_function')} required>
        <Select
          value={rollup?.function ?? null}
          onChange={(v: string) => onChange({ ...field, function: v } as FieldDef)}
          options={FUNCTIONS.map((f) => ({ value: f, label: t(`fn_${f}`) }))}
        />
      </Form.Item>
      {rollup && rollup.function !== 'count' ? (
        <Form.Item label={t('opt_field')} required>
          <Select
            value={rollup.field ?? null}
            onChange={(v: string) => onChange(withOption(field, 'field', v))}
            options={fieldOptions(numeric)}
          />
        </Form.Item>
      ) : null}
    </>
  );
}
