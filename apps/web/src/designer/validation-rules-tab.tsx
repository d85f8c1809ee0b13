import { LocalizedTextInput, RuleEditor } from '@tangram/designer';
import type { ObjectDoc, ValidationRule } from '@tangram/schema';
import { localize } from '@tangram/ui';
import { Button, Card, Form, Input, Select, Space } from 'antd';
import { type ChangeEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from './error-alert';
import { machineNameFrom } from './machine-name';
import { useSaveDraft } from './use-document';

/** An object's validation rules: refuse a record when a condition holds, with a message. */
export function ValidationRulesTab({
  object,
  revision,
}: {
  readonly object: ObjectDoc;
  readonly revision: number;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const save = useSaveDraft();
  const [rules, setRules] = useState<ValidationRule[]>(() => [...(object.validationRules ?? [])]);
  const setAt = (index: number, rule: ValidationRule) =>
    setRules(rules.map((r, i) => (i === index ? rule : r)));
  const store = () => {
    const { validationRules: _old, ...rest } = object;
    const document: ObjectDoc = rules.length === 0 ? rest : { ...rest, validationRules: rules };
    void save.mutateAsync({ document, revision }).catch(() => {});
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <ErrorAlert error={save.error} />
      {rules.map((rule, index) => (
        <Card
          // biome-ignore lint/suspicious/noArrayIndexKey: a rule keeps its place while its name is typed
          key={index}
          size="small"
          title={rule.name}
          extra={
            <Button
              size="small"
              danger
              onClick={() => setRules(rules.filter((_, i) => i !== index))}
            >
              {t('remove')}
            </Button>
          }
        >
          <Form layout="vertical" component="div" size="small">
            <Form.Item label={t('machineName')}>
              <Input
                value={rule.name}
                onChange={(event: ChangeEvent<HTMLInputElement>) =>
                  setAt(index, { ...rule, name: event.target.value })
                }
              />
            </Form.Item>
            <Form.Item label={t('errorWhen')}>
              <RuleEditor
                id={`validation-${index}`}
                fields={object.fields}
                locale={locale}
                rule={rule.errorWhen}
                onChange={(errorWhen) =>
                  setAt(index, { ...rule, errorWhen: (errorWhen ?? false) as never })
                }
              />
            </Form.Item>
            <Form.Item label={t('errorMessage')}>
              <LocalizedTextInput
                value={rule.message}
                locale={locale}
                onChange={(message) =>
                  setAt(index, { ...rule, message: message ?? { [locale]: rule.name } })
                }
              />
            </Form.Item>
            <Form.Item label={t('errorOnField')}>
              <Select
                allowClear
                value={rule.field ?? null}
                onChange={(field: string | undefined) => {
                  const { field: _old, ...rest } = rule;
                  setAt(index, field ? { ...rest, field } : rest);
                }}
                options={object.fields.map((f) => ({
                  value: f.name,
                  label: localize(f.label, locale, f.name),
                }))}
              />
            </Form.Item>
          </Form>
        </Card>
      ))}
      <Space>
        <Button
          onClick={() => {
            const taken = new Set(rules.map((r) => r.name));
            const name = machineNameFrom('', `rule_${rules.length + 1}`, taken);
            setRules([
              ...rules,
              { name, errorWhen: false, message: { [locale]: t('invalidRecord') } },
            ]);
          }}
        >
          {t('addValidationRule')}
        </Button>
        <Button type="primary" loading={save.isPending} onClick={store}>
          {t('saveDraft')}
        </Button>
      </Space>
    </Space>
  );
}
