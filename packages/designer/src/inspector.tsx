import type { FieldDef, FormDoc, FormSection, FormTab, LocalizedText } from '@tangram/schema';
import { Card, Checkbox, Form, InputNumber, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { findItem, findSection, locateItem } from './commands/form-tree.js';
import { updateItem } from './commands/update-item.js';
import type { FormCommand } from './designer-store.js';
import { LocalizedTextInput } from './localized-text-input.js';
import { RuleEditor } from './rule-editor.js';

type Rules = Record<string, unknown> | undefined;

function withRule(rules: Rules, name: string, rule: unknown): Rules {
  const next: Record<string, unknown> = { ...(rules ?? {}) };
  if (rule === undefined) delete next[name];
  else next[name] = rule;
  return Object.keys(next).length === 0 ? undefined : next;
}

function findTab(form: FormDoc, id: string): FormTab | undefined {
  for (const block of form.items) {
    if (block.type === 'tabs') {
      const tab = block.tabs.find((t) => t.id === id);
      if (tab) return tab;
    }
  }
  return undefined;
}

/** The property inspector of the selected field, block, section or tab. */
export function Inspector(props: {
  readonly form: FormDoc;
  readonly selectedId: string | null;
  readonly fields: readonly FieldDef[];
  readonly locale: string;
  readonly apply: (command: FormCommand) => void;
}) {
  const { form, selectedId, fields, locale, apply } = props;
  const { t } = useTranslation('designer');
  if (selectedId === null) {
    return (
      <Card size="small" title={t('inspector')} data-testid="inspector">
        <Typography.Text type="secondary">{t('nothingSelected')}</Typography.Text>
      </Card>
    );
  }
  const set = (patch: Parameters<typeof updateItem>[2]) =>
    apply((f) => updateItem(f, selectedId, patch));
  const item = findItem(form, selectedId);
  const section: FormSection | undefined = item ? undefined : findSection(form, selectedId);
  const tab = item || section ? undefined : findTab(form, selectedId);
  const columnsOfItem =
    findSection(form, locateItem(form, selectedId)?.sectionId ?? '')?.columns ?? 1;
  const ruleField = (name: 'visible' | 'required' | 'readOnly', rules: Rules) => (
    <Form.Item label={t(`${name}If`)} key={name}>
      <RuleEditor
        id={`${selectedId}-${name}`}
        fields={fields}
        locale={locale}
        rule={rules?.[name]}
        onChange={(rule) => set({ rules: withRule(rules, name, rule) as never })}
      />
    </Form.Item>
  );
  const textProp = (
    labelKey: string,
    value: LocalizedText | undefined,
    onChange: (text: LocalizedText | undefined) => void,
    options: { testId?: string; multiline?: boolean } = {},
  ) => (
    <Form.Item label={t(labelKey)}>
      <LocalizedTextInput value={value} locale={locale} onChange={onChange} {...options} />
    </Form.Item>
  );
  const spanProp = (span: number | undefined) => (
    <Form.Item label={t('width')}>
      <InputNumber
        min={1}
        max={columnsOfItem}
        value={span ?? 1}
        data-testid="inspector-span"
        onChange={(next) => set({ span: !next || next === 1 ? undefined : next })}
      />
    </Form.Item>
  );
  return (
    <Card size="small" title={t('inspector')} data-testid="inspector">
      <Form layout="vertical" size="small" component="div">
        {item?.type === 'field' ? (
          <>
            {textProp('labelOverride', item.label, (label) => set({ label }), {
              testId: 'inspector-label',
            })}
            {textProp('placeholder', item.placeholder, (placeholder) => set({ placeholder }))}
            {textProp('helpText', item.helpText, (helpText) => set({ helpText }))}
            {spanProp(item.span)}
            <Form.Item>
              <Checkbox
                checked={item.readOnly === true}
                onChange={(event) => set({ readOnly: event.target.checked ? true : undefined })}
              >
                {t('readOnly')}
              </Checkbox>
            </Form.Item>
            {ruleField('visible', item.rules)}
            {ruleField('required', item.rules)}
            {ruleField('readOnly', item.rules)}
          </>
        ) : null}
        {item?.type === 'divider' ? textProp('label', item.label, (label) => set({ label })) : null}
        {item?.type === 'text'
          ? textProp('text', item.content, (content) => content && set({ content } as never), {
              multiline: true,
            })
          : null}
        {item?.type === 'subtable' ? (
          <>
            {textProp('label', item.label, (label) => set({ label }))}
            {spanProp(item.span)}
            <Typography.Text type="secondary">
              {t('subtableObject')}: {item.object} · {t('subtableRelation')}: {item.relationField} ·{' '}
              {t('subtableColumns')}: {item.columns.join(', ')}
            </Typography.Text>
          </>
        ) : null}
        {section ? (
          <>
            {textProp('label', section.label, (label) => set({ label }), {
              testId: 'inspector-section-label',
            })}
            <Form.Item label={t('sectionColumns')}>
              <Select
                value={section.columns}
                data-testid="inspector-columns"
                onChange={(columns: number) => set({ columns })}
                options={[1, 2, 3, 4].map((n) => ({ value: n, label: t('columns', { count: n }) }))}
              />
            </Form.Item>
            {ruleField('visible', section.rules)}
            {ruleField('readOnly', section.rules)}
          </>
        ) : null}
        {tab ? (
          <>
            {textProp('label', tab.label, (label) => label && set({ label } as never))}
            {ruleField('visible', tab.rules)}
          </>
        ) : null}
      </Form>
    </Card>
  );
}
