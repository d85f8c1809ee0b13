import type { FieldDef, ObjectDoc } from '@tangram/schema';
import { localize } from '@tangram/ui';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Spin, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api } from '../api/api-client';
import { apiErrorMessage } from './api-error-message';
import { DocumentToolbar } from './document-toolbar';
import { ObjectFieldsTab } from './object-fields-tab';
import { ObjectFormsTab } from './object-forms-tab';
import { ObjectSettingsTab } from './object-settings-tab';
import { useDocument } from './use-document';
import { ValidationRulesTab } from './validation-rules-tab';

/** One object in the designer: fields, forms, validation rules and settings, with its draft state. */
export function ObjectPage() {
  const { name = '' } = useParams();
  const { t, i18n } = useTranslation();
  const entry = useDocument<ObjectDoc>('object', name);
  const [tab, setTab] = useState('fields');
  const published = useQuery({
    queryKey: ['metadata', 'published', 'object', name],
    enabled: Boolean(entry.data?.publishedVersion),
    queryFn: () => api.metadata.get('object', name, { state: 'published' }),
  });
  const objects = useQuery({
    queryKey: ['metadata', 'list', 'object'],
    queryFn: () => api.metadata.list({ kind: 'object' }),
  });
  if (entry.isLoading) return <Spin />;
  if (entry.error || !entry.data)
    return <Alert type="error" showIcon message={apiErrorMessage(entry.error)} />;
  const { document: object, revision } = entry.data;
  const publishedTypes = new Map<string, FieldDef['type']>(
    ((published.data?.document as ObjectDoc | undefined)?.fields ?? []).map((f) => [
      f.name,
      f.type,
    ]),
  );
  const objectList = (objects.data ?? []).map((o) => ({ name: o.name, label: o.label }));
  return (
    <Card
      title={
        <span>
          {localize(object.label, i18n.language, object.name)}{' '}
          <Typography.Text type="secondary">{object.name}</Typography.Text>
          {object.archived ? <Tag style={{ marginLeft: 8 }}>{t('archived')}</Tag> : null}
        </span>
      }
      extra={
        <DocumentToolbar
          kind="object"
          name={object.name}
          revision={revision}
          hasDraft={entry.data.hasDraft}
          publishedVersion={entry.data.publishedVersion}
        />
      }
    >
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'fields',
            label: t('fields'),
            children: (
              <ObjectFieldsTab
                object={object}
                revision={revision}
                publishedTypes={publishedTypes}
                objects={objectList}
              />
            ),
          },
          { key: 'forms', label: t('forms'), children: <ObjectFormsTab object={object} /> },
          {
            key: 'validation',
            label: t('validationRules'),
            // Tabs holding an edited copy start again from each new revision.
            children: <ValidationRulesTab key={revision} object={object} revision={revision} />,
          },
          {
            key: 'settings',
            label: t('settings'),
            children: <ObjectSettingsTab object={object} revision={revision} />,
          },
        ]}
      />
    </Card>
  );
}
