import { LocalizedTextInput } from '@tangram/designer';
import type { ObjectDoc } from '@tangram/schema';
import { localize } from '@tangram/ui';
import { Button, Form, Input, Select, Space, Switch } from 'antd';
import { type ChangeEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from './error-alert';
import { useSaveDraft } from './use-document';

/** An object's names, labels, icon, record-name field, description, and archiving. */
export function ObjectSettingsTab({
  object,
  revision,
}: {
  readonly object: ObjectDoc;
  readonly revision: number;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const save = useSaveDraft();
  const [draft, setDraft] = useState<ObjectDoc>(object);
  const set = (key: keyof ObjectDoc, value: unknown) => {
    const next: Record<string, unknown> = { ...draft };
    if (value === undefined || value === '' || value === false) delete next[key];
    else next[key] = value;
    setDraft(next as unknown as ObjectDoc);
  };
  return (
    <Space direction="vertical" style={{ width: '100%', maxWidth: 640 }}>
      <ErrorAlert error={save.error} />
      <Form layout="vertical" component="div">
        <Form.Item label={t('objectLabel')} required>
          <LocalizedTextInput
            value={draft.label}
            locale={locale}
            onChange={(v) => v && set('label', v)}
          />
        </Form.Item>
        <Form.Item label={t('pluralLabel')}>
          <LocalizedTextInput
            value={draft.pluralLabel}
            locale={locale}
            onChange={(v) => set('pluralLabel', v)}
          />
        </Form.Item>
        <Form.Item label={t('machineName')} help={t('machineNameFixed')}>
          <Input value={draft.name} disabled />
        </Form.Item>
        <Form.Item label={t('icon')}>
          <Input
            value={draft.icon ?? ''}
            placeholder="user, building, flag"
            onChange={(event: ChangeEvent<HTMLInputElement>) => set('icon', event.target.value)}
          />
        </Form.Item>
        <Form.Item label={t('recordNameField')}>
          <Select
            value={draft.nameField}
            onChange={(v: string) => set('nameField', v)}
            options={draft.fields
              .filter((f) => ['text', 'autonumber', 'email', 'phone', 'formula'].includes(f.type))
              .map((f) => ({ value: f.name, label: localize(f.label, locale, f.name) }))}
          />
        </Form.Item>
        <Form.Item label={t('description')}>
          <LocalizedTextInput
            multiline
            value={draft.description}
            locale={locale}
            onChange={(v) => set('description', v)}
          />
        </Form.Item>
        <Form.Item label={t('archived')} help={t('archivedHelp')}>
          <Switch
            checked={draft.archived === true}
            data-testid="archive-object"
            onChange={(v) => set('archived', v)}
          />
        </Form.Item>
      </Form>
      <Button
        type="primary"
        loading={save.isPending}
        onClick={() =>
          void save
            .mutateAsync({ document: { ...draft, fields: object.fields }, revision })
            .catch(() => {})
        }
      >
        {t('saveDraft')}
      </Button>
    </Space>
  );
}
