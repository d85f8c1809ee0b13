import type { FieldDef } from '@tangram/schema';
import { Alert, Button, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConditionBuilder } from './condition-builder.js';
import { JsonCodeEditor } from './json-code-editor.js';

/** A rule edited with the visual condition builder, or as raw json-logic in monaco. */
export interface RuleEditorProps {
  readonly fields: readonly FieldDef[];
  readonly rule: unknown;
  readonly onChange: (rule: unknown) => void;
  readonly locale: string;
  /** A stable name for the rule (the model URI of its JSON editor and its test ids). */
  readonly id: string;
}

/** The condition builder with a switch to the rule's raw json-logic. */
export function RuleEditor({ fields, rule, onChange, locale, id }: RuleEditorProps) {
  const { t } = useTranslation('designer');
  const [raw, setRaw] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (raw === null) {
    return (
      <Space direction="vertical" style={{ width: '100%' }}>
        <ConditionBuilder
          fields={fields}
          rule={rule}
          onChange={onChange}
          locale={locale}
          testId={id}
        />
        <Button
          size="small"
          type="link"
          onClick={() => setRaw(JSON.stringify(rule ?? null, null, 2))}
        >
          {t('editRaw')}
        </Button>
      </Space>
    );
  }
  const apply = () => {
    try {
      const parsed: unknown = JSON.parse(raw);
      onChange(parsed === null ? undefined : parsed);
      setRaw(null);
      setError(null);
    } catch {
      setError(t('invalidJson'));
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <JsonCodeEditor
        value={raw}
        onChange={setRaw}
        modelUri={`inmemory://rules/${id}.json`}
        height={160}
      />
      {error ? <Alert type="error" message={error} showIcon /> : null}
      <Space>
        <Button size="small" type="primary" onClick={apply}>
          {t('applyRaw')}
        </Button>
        <Button size="small" onClick={() => setRaw(null)}>
          {t('cancel')}
        </Button>
      </Space>
    </Space>
  );
}
