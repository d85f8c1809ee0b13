import { JsonCodeEditor } from '@tangram/designer';
import { evaluateRule } from '@tangram/logic';
import type { FieldDef } from '@tangram/schema';
import { Alert, Form, Input, Select, Typography } from 'antd';
import { type ChangeEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type FieldOptionsProps, withOption } from './field-options-props';
import { sampleRecord } from './sample-record';

const RESULT_TYPES = [
  'text',
  'number',
  'currency',
  'percent',
  'date',
  'datetime',
  'boolean',
] as const;

/** What a formula gives on a sample record, or why it cannot be evaluated. */
export function previewFormula(
  expression: unknown,
  record: Record<string, unknown>,
): { value?: unknown; error?: string } {
  try {
    return { value: evaluateRule(expression, record) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** A formula: its json-logic expression, result type, and a live preview on a sample record. */
export function FormulaOptionsEditor({ field, onChange, object }: FieldOptionsProps) {
  const { t } = useTranslation();
  const formula = field.type === 'formula' ? field : undefined;
  const [text, setText] = useState(() =>
    JSON.stringify(formula?.expression ?? { '+': [1, 1] }, null, 2),
  );
  const [sampleText, setSampleText] = useState(() =>
    JSON.stringify(sampleRecord(object, field.name), null, 2),
  );
  const parsed = useMemo(() => {
    try {
      return { expression: JSON.parse(text) as unknown };
    } catch {
      return { error: t('invalidJson') };
    }
  }, [text, t]);
  const sample = useMemo(() => {
    try {
      return JSON.parse(sampleText) as Record<string, unknown>;
    } catch {
      return null;
    }
  }, [sampleText]);
  const preview =
    'expression' in parsed && sample ? previewFormula(parsed.expression, sample) : null;
  return (
    <>
      <Form.Item label={t('opt_resultType')} required>
        <Select
          data-testid="option-resultType"
          value={formula?.resultType ?? null}
          onChange={(v: string) => onChange({ ...field, resultType: v } as FieldDef)}
          options={RESULT_TYPES.map((v) => ({ value: v, label: t(`type_${v}`) }))}
        />
      </Form.Item>
      {formula?.resultType === 'currency' ? (
        <Form.Item label={t('opt_currency')}>
          <Input
            value={formula.currency ?? ''}
            onChange={(event: ChangeEvent<HTMLInputElement>) =>
              onChange(withOption(field, 'currency', event.target.value))
            }
          />
        </Form.Item>
      ) : null}
      <Form.Item label={t('opt_expression')} required help={t('formulaHelp')}>
        <JsonCodeEditor
          value={text}
          modelUri={`inmemory://formula/${object.name}/${field.name}.json`}
          height={140}
          onChange={(next) => {
            setText(next);
            try {
              onChange({ ...field, expression: JSON.parse(next) } as FieldDef);
            } catch {
              // Kept as text until it parses.
            }
          }}
        />
      </Form.Item>
      <Form.Item label={t('sampleRecord')}>
        <Input.TextArea
          autoSize={{ minRows: 2, maxRows: 6 }}
          value={sampleText}
          data-testid="formula-sample"
          onChange={(event: ChangeEvent<HTMLTextAreaElement>) => setSampleText(event.target.value)}
        />
      </Form.Item>
      {'error' in parsed ? <Alert type="error" message={parsed.error} /> : null}
      {preview ? (
        preview.error ? (
          <Alert type="warning" showIcon message={preview.error} data-testid="formula-preview" />
        ) : (
          <Alert
            type="success"
            data-testid="formula-preview"
            message={
              <span>
                {t('previewResult')}:{' '}
                <Typography.Text code>{JSON.stringify(preview.value)}</Typography.Text>
              </span>
            }
          />
        )
      ) : null}
    </>
  );
}
