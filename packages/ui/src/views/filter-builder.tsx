import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { FieldDef, FilterNode, FilterOperator, ObjectDoc } from '@tangram/schema';
import { Button, Input, InputNumber, Radio, Select, Space } from 'antd';
import { type ChangeEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localize } from '../localize.js';
import { LookupPickerWidget } from '../widgets/lookup-picker-widget.js';
import {
  type ConditionDraft,
  draftToFilter,
  type FilterDraft,
  filterToDraft,
  VALUELESS_OPERATORS,
} from './filter-model.js';

/** What the filter builder edits and with which fields and operators. */
export interface FilterBuilderProps {
  readonly object: ObjectDoc;
  /** Target objects of the object's lookups, by name: their fields are offered as `lookup.field`. */
  readonly related?: Readonly<Record<string, ObjectDoc>>;
  /** The operators a field allows (the engine's field-type registry, passed in by the app). */
  readonly operatorsOf: (field: FieldDef) => readonly FilterOperator[];
  readonly value: FilterNode | null | undefined;
  readonly onChange: (filter: FilterNode | null) => void;
  readonly locale: string;
}

interface FieldChoice {
  readonly path: string;
  readonly label: string;
  readonly field: FieldDef;
}

const UNITS = ['day', 'week', 'month', 'quarter', 'year'] as const;
const NUMERIC = new Set([
  'integer',
  'number',
  'currency',
  'percent',
  'rating',
  'rollup',
  'formula',
]);

/** Every field a condition can name: the object's own, then one level through each lookup. */
export function filterFieldChoices(
  object: ObjectDoc,
  related: Readonly<Record<string, ObjectDoc>>,
  locale: string,
): FieldChoice[] {
  const own = object.fields.map((field) => ({
    path: field.name,
    label: localize(field.label, locale, field.name),
    field,
  }));
  const through = object.fields.flatMap((lookup) => {
    if (lookup.type !== 'lookup' && lookup.type !== 'master_detail') return [];
    const target = related[lookup.target];
    if (!target) return [];
    const prefix = localize(lookup.label, locale, lookup.name);
    return target.fields
      .filter((f) => f.type !== 'lookup' && f.type !== 'master_detail')
      .map((field) => ({
        path: `${lookup.name}.${field.name}`,
        label: `${prefix} › ${localize(field.label, locale, field.name)}`,
        field,
      }));
  });
  return [...own, ...through];
}

/**
 * Builds a filter of conditions (all or any), each a field — or a field through a lookup — an
 * operator the field's type allows, and a value edited to fit: options, numbers, dates,
 * ranges, records, relative periods. A filter too deep to show stays as it is until cleared.
 */
export function FilterBuilder(props: FilterBuilderProps) {
  const { object, operatorsOf, locale, onChange } = props;
  const { t } = useTranslation('views');
  const choices = useMemo(
    () => filterFieldChoices(object, props.related ?? {}, locale),
    [object, props.related, locale],
  );
  const [draft, setDraft] = useState<FilterDraft>(
    () => filterToDraft(props.value) ?? { match: 'and', conditions: [] },
  );
  const update = (next: FilterDraft) => setDraft(next);
  const setRow = (index: number, row: ConditionDraft) =>
    update({ ...draft, conditions: draft.conditions.map((c, i) => (i === index ? row : c)) });

  return (
    <div data-testid="filter-builder" style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
      <Radio.Group
        value={draft.match}
        onChange={(event) => update({ ...draft, match: event.target.value })}
        optionType="button"
        options={[
          { value: 'and', label: t('matchAll') },
          { value: 'or', label: t('matchAny') },
        ]}
      />
      {draft.conditions.map((row, index) => {
        const choice = choices.find((c) => c.path === row.field);
        const operators = choice ? operatorsOf(choice.field) : [];
        return (
          <div
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place.
            key={index}
            data-testid="filter-row"
            style={{ display: 'flex', flexWrap: 'wrap', gap: 6 }}
          >
            <Select
              showSearch
              optionFilterProp="label"
              style={{ minWidth: 160, flex: '1 1 160px' }}
              placeholder={t('fieldPlaceholder')}
              value={row.field || null}
              options={choices.map((c) => ({ value: c.path, label: c.label }))}
              onChange={(path: string) => setRow(index, { field: path, op: '', value: null })}
              data-testid="filter-field"
            />
            <Select
              style={{ minWidth: 120, flex: '1 1 120px' }}
              placeholder={t('operatorPlaceholder')}
              value={row.op || null}
              options={operators.map((op) => ({ value: op, label: t(`op.${op}`) }))}
              onChange={(op: FilterOperator) =>
                setRow(index, { ...row, op, value: initialValue(op) })
              }
              data-testid="filter-op"
            />
            {choice && row.op !== '' && !VALUELESS_OPERATORS.has(row.op) ? (
              <ValueEditor
                field={choice.field}
                op={row.op}
                value={row.value}
                locale={locale}
                onChange={(value) => setRow(index, { ...row, value })}
              />
            ) : null}
            <Button
              aria-label={t('removeCondition')}
              icon={<DeleteOutlined />}
              onClick={() =>
                update({ ...draft, conditions: draft.conditions.filter((_, i) => i !== index) })
              }
            />
          </div>
        );
      })}
      <Space wrap>
        <Button
          icon={<PlusOutlined />}
          onClick={() =>
            update({
              ...draft,
              conditions: [...draft.conditions, { field: '', op: '', value: null }],
            })
          }
          data-testid="filter-add"
        >
          {t('addCondition')}
        </Button>
        <Button
          onClick={() => {
            update({ match: 'and', conditions: [] });
            onChange(null);
          }}
        >
          {t('clearFilter')}
        </Button>
        <Button
          type="primary"
          onClick={() => onChange(draftToFilter(draft))}
          data-testid="filter-apply"
        >
          {t('applyFilter')}
        </Button>
      </Space>
    </div>
  );
}

function initialValue(op: FilterOperator): unknown {
  if (op === 'on_relative') return { unit: 'month', offset: 0 };
  if (op === 'in_last' || op === 'in_next') return { unit: 'day', amount: 7 };
  if (op === 'between') return [null, null];
  if (op === 'in' || op === 'not_in') return [];
  return null;
}

interface ValueEditorProps {
  readonly field: FieldDef;
  readonly op: FilterOperator;
  readonly value: unknown;
  readonly locale: string;
  readonly onChange: (value: unknown) => void;
}

function ValueEditor({ field, op, value, locale, onChange }: ValueEditorProps) {
  const { t } = useTranslation('views');
  const style = { minWidth: 140, flex: '2 1 140px' } as const;
  if (op === 'on_relative') {
    const period = (value ?? {}) as { unit?: string; offset?: number };
    return (
      <Space.Compact style={style}>
        <Select
          value={String(period.offset ?? 0)}
          options={['-1', '0', '1'].map((o) => ({ value: o, label: t(`offset.${o}`) }))}
          onChange={(o: string) => onChange({ unit: period.unit ?? 'month', offset: Number(o) })}
        />
        <Select
          value={period.unit ?? 'month'}
          options={UNITS.map((u) => ({ value: u, label: t(`unit.${u}`) }))}
          onChange={(unit: string) => onChange({ unit, offset: period.offset ?? 0 })}
        />
      </Space.Compact>
    );
  }
  if (op === 'in_last' || op === 'in_next') {
    const span = (value ?? {}) as { unit?: string; amount?: number };
    return (
      <Space.Compact style={style}>
        <InputNumber
          min={1}
          max={1000}
          value={span.amount ?? 7}
          onChange={(amount) => onChange({ unit: span.unit ?? 'day', amount: amount ?? 1 })}
        />
        <Select
          value={span.unit ?? 'day'}
          options={UNITS.map((u) => ({ value: u, label: t(`unit.${u}`) }))}
          onChange={(unit: string) => onChange({ unit, amount: span.amount ?? 7 })}
        />
      </Space.Compact>
    );
  }
  if (op === 'between') {
    const [from, to] = Array.isArray(value) ? value : [null, null];
    return (
      <Space.Compact style={style}>
        <Scalar field={field} value={from} locale={locale} onChange={(v) => onChange([v, to])} />
        <Scalar field={field} value={to} locale={locale} onChange={(v) => onChange([from, v])} />
      </Space.Compact>
    );
  }
  if (op === 'in' || op === 'not_in' || (op === 'contains' && field.type === 'multi_select')) {
    const options =
      field.type === 'single_select' || field.type === 'multi_select' ? field.options : [];
    const list = Array.isArray(value)
      ? value
      : value === null || value === undefined
        ? []
        : [value];
    return (
      <Select
        mode={options.length > 0 ? 'multiple' : 'tags'}
        style={style}
        value={list as string[]}
        options={options.map((o) => ({
          value: o.value,
          label: localize(o.label, locale, o.value),
        }))}
        onChange={(next: string[]) => onChange(op === 'contains' ? (next[0] ?? null) : next)}
        data-testid="filter-value"
      />
    );
  }
  return (
    <span style={style} data-testid="filter-value">
      <Scalar field={field} value={value} locale={locale} onChange={onChange} />
    </span>
  );
}

function Scalar(props: {
  readonly field: FieldDef;
  readonly value: unknown;
  readonly locale: string;
  readonly onChange: (value: unknown) => void;
}) {
  const { field, value, locale, onChange } = props;
  const { t } = useTranslation('views');
  if (field.type === 'single_select') {
    return (
      <Select
        style={{ width: '100%' }}
        value={typeof value === 'string' ? value : null}
        options={field.options.map((o) => ({
          value: o.value,
          label: localize(o.label, locale, o.value),
        }))}
        onChange={(v: string) => onChange(v)}
      />
    );
  }
  if (field.type === 'boolean') {
    return (
      <Select
        style={{ width: '100%' }}
        value={typeof value === 'boolean' ? String(value) : null}
        options={[
          { value: 'true', label: t('yes') },
          { value: 'false', label: t('no') },
        ]}
        onChange={(v: string) => onChange(v === 'true')}
      />
    );
  }
  if (NUMERIC.has(field.type)) {
    return (
      <InputNumber
        style={{ width: '100%' }}
        value={typeof value === 'number' ? value : null}
        onChange={(v) => onChange(v ?? null)}
      />
    );
  }
  if (field.type === 'date' || field.type === 'datetime') {
    // A date compares against the start of the day; datetimes are sent as UTC instants.
    return (
      <Input
        type="date"
        value={typeof value === 'string' ? value.slice(0, 10) : ''}
        onChange={(e: ChangeEvent<HTMLInputElement>) =>
          onChange(
            e.target.value === ''
              ? null
              : field.type === 'date'
                ? e.target.value
                : new Date(`${e.target.value}T00:00:00`).toISOString(),
          )
        }
      />
    );
  }
  if (field.type === 'lookup' || field.type === 'master_detail') {
    return (
      <LookupPickerWidget
        field={field}
        value={value}
        onChange={onChange}
        id={`filter-${field.name}`}
        locale={locale}
      />
    );
  }
  return (
    <Input
      value={typeof value === 'string' ? value : ''}
      onChange={(e: ChangeEvent<HTMLInputElement>) =>
        onChange(e.target.value === '' ? null : e.target.value)
      }
    />
  );
}
