import type { FieldDef } from '@tangram/schema';
import { localize } from '@tangram/ui';
import { Button, Input, InputNumber, Select, Space, Typography } from 'antd';
import { type ChangeEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CONDITION_OPERATORS,
  type Condition,
  type ConditionGroup,
  type ConditionOperator,
  conditionsToLogic,
  logicToConditions,
} from './condition-logic.js';

/** What the condition builder edits: a json-logic rule over the fields given. */
export interface ConditionBuilderProps {
  readonly fields: readonly FieldDef[];
  readonly rule: unknown;
  /** Called with the new rule; undefined means no condition (always). */
  readonly onChange: (rule: unknown) => void;
  readonly locale: string;
  /** Prefix of the test ids of the builder's controls. */
  readonly testId?: string;
}

function ValueInput(props: {
  field: FieldDef | undefined;
  condition: Condition;
  locale: string;
  onChange: (value: Condition['value']) => void;
  testId: string;
}) {
  const { field, condition, locale, onChange, testId } = props;
  const { t } = useTranslation('designer');
  if (condition.op === 'empty' || condition.op === 'not_empty') return null;
  if (field && (field.type === 'single_select' || field.type === 'multi_select')) {
    const options = field.options.map((o) => ({
      value: o.value,
      label: localize(o.label, locale, o.value),
    }));
    return condition.op === 'in' ? (
      <Select
        mode="multiple"
        style={{ minWidth: 160 }}
        data-testid={`${testId}-value`}
        value={Array.isArray(condition.value) ? (condition.value as string[]) : []}
        onChange={(v: string[]) => onChange(v)}
        options={options}
      />
    ) : (
      <Select
        style={{ minWidth: 140 }}
        data-testid={`${testId}-value`}
        placeholder={t('value')}
        value={typeof condition.value === 'string' ? condition.value : null}
        onChange={(v: string) => onChange(v)}
        options={options}
      />
    );
  }
  if (field?.type === 'boolean') {
    return (
      <Select
        style={{ width: 100 }}
        data-testid={`${testId}-value`}
        value={condition.value === true ? 'true' : condition.value === false ? 'false' : null}
        onChange={(v: string) => onChange(v === 'true')}
        options={[
          { value: 'true', label: '✓' },
          { value: 'false', label: '✗' },
        ]}
      />
    );
  }
  if (field && ['integer', 'number', 'currency', 'percent', 'rating'].includes(field.type)) {
    return (
      <InputNumber
        data-testid={`${testId}-value`}
        placeholder={t('value')}
        value={typeof condition.value === 'number' ? condition.value : null}
        onChange={(v) => onChange(typeof v === 'number' ? v : 0)}
      />
    );
  }
  const text = Array.isArray(condition.value)
    ? condition.value.join(',')
    : String(condition.value ?? '');
  return (
    <Input
      style={{ width: 160 }}
      data-testid={`${testId}-value`}
      placeholder={condition.op === 'in' ? 'a,b,c' : t('value')}
      value={text}
      onChange={(event: ChangeEvent<HTMLInputElement>) =>
        onChange(
          condition.op === 'in'
            ? event.target.value.split(',').map((s) => s.trim())
            : event.target.value,
        )
      }
    />
  );
}

/**
 * The visual condition builder: rows of "field — comparison — value", joined by all/any, written
 * as json-logic. A rule it cannot show is left alone (edit it as raw json-logic).
 */
export function ConditionBuilder({
  fields,
  rule,
  onChange,
  locale,
  testId = 'condition',
}: ConditionBuilderProps) {
  const { t } = useTranslation('designer');
  // Rows still being filled in (no field yet) write no rule, so they live here until complete.
  const [local, setLocal] = useState<ConditionGroup | null>(null);
  const fromRule = logicToConditions(rule);
  const kept =
    local !== null && JSON.stringify(conditionsToLogic(local)) === JSON.stringify(rule)
      ? local
      : fromRule;
  if (kept === null) {
    return <Typography.Text type="secondary">{t('rawOnly')}</Typography.Text>;
  }
  // No condition yet: one empty row is ready, so picking its field starts the rule.
  const group: ConditionGroup =
    kept.conditions.length === 0 ? { ...kept, conditions: [{ field: '', op: 'eq' }] } : kept;
  const byName = new Map(fields.map((f) => [f.name, f]));
  const update = (next: ConditionGroup) => {
    setLocal(next);
    onChange(conditionsToLogic(next));
  };
  const setRow = (index: number, row: Condition) =>
    update({ ...group, conditions: group.conditions.map((c, i) => (i === index ? row : c)) });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {group.conditions.length > 1 ? (
        <Select
          size="small"
          value={group.match}
          onChange={(match: 'all' | 'any') => update({ ...group, match })}
          options={[
            { value: 'all', label: t('matchAll') },
            { value: 'any', label: t('matchAny') },
          ]}
        />
      ) : null}
      {group.conditions.map((condition, index) => {
        const rowId = `${testId}-${index}`;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity besides their place
          <Space key={index} wrap data-testid={rowId}>
            <Select
              showSearch
              optionFilterProp="label"
              style={{ minWidth: 140 }}
              data-testid={`${rowId}-field`}
              placeholder={t('field')}
              value={condition.field === '' ? null : condition.field}
              onChange={(field: string) => setRow(index, { field, op: condition.op })}
              options={fields.map((f) => ({
                value: f.name,
                label: localize(f.label, locale, f.name),
              }))}
            />
            <Select
              style={{ width: 120 }}
              data-testid={`${rowId}-op`}
              value={condition.op}
              onChange={(op: ConditionOperator) => setRow(index, { field: condition.field, op })}
              options={CONDITION_OPERATORS.map((op) => ({ value: op, label: t(`op_${op}`) }))}
            />
            <ValueInput
              field={byName.get(condition.field)}
              condition={condition}
              locale={locale}
              testId={rowId}
              onChange={(value) =>
                setRow(index, { ...condition, ...(value === undefined ? {} : { value }) })
              }
            />
            <Button
              size="small"
              type="text"
              aria-label={t('removeCondition')}
              onClick={() =>
                update({ ...group, conditions: group.conditions.filter((_, i) => i !== index) })
              }
            >
              ✕
            </Button>
          </Space>
        );
      })}
      <Button
        size="small"
        data-testid={`${testId}-add`}
        onClick={() =>
          update({ ...group, conditions: [...group.conditions, { field: '', op: 'eq' }] })
        }
      >
        {t('addCondition')}
      </Button>
    </Space>
  );
}
