import type { FormDoc, ObjectDoc } from '@tangram/schema';
import { localize } from '@tangram/ui';
import { useQuery } from '@tanstack/react-query';
import { Button, List, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api/api-client';
import { ErrorAlert } from './error-alert';
import { useNewForm } from './use-new-form';

/** The forms of one object, each with its state (reads every form of the tenant once). */
export function useObjectForms(objectName: string) {
  return useQuery({
    queryKey: ['metadata', 'forms-of', objectName],
    queryFn: async () => {
      const summaries = await api.metadata.list({ kind: 'form' });
      const entries = await Promise.all(
        summaries.map((s) => api.metadata.get('form', s.name, { state: 'effective' })),
      );
      return entries
        .filter((entry) => (entry.document as FormDoc).object === objectName)
        .map((entry) => ({ ...entry, document: entry.document as FormDoc }));
    },
  });
}

/** The object's forms, and a button creating one with a first two-column section. */
export function ObjectFormsTab({ object }: { readonly object: ObjectDoc }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const forms = useObjectForms(object.name);
  const newForm = useNewForm(object);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <ErrorAlert error={newForm.error} />
      <List
        loading={forms.isLoading}
        dataSource={forms.data ?? []}
        renderItem={(form) => (
          <List.Item
            actions={[
              <Link
                key="design"
                to={`/designer/forms/${form.name}`}
                data-testid={`design-form-${form.name}`}
              >
                {t('designForm')}
              </Link>,
            ]}
          >
            <Space>
              {localize(form.document.label, locale, form.name)}
              <Tag>{form.name}</Tag>
              {form.publishedVersion ? <Tag color="green">v{form.publishedVersion}</Tag> : null}
              {form.hasDraft ? <Tag color="orange">{t('draft')}</Tag> : null}
            </Space>
          </List.Item>
        )}
      />
      <Button
        type="primary"
        data-testid="new-form"
        loading={newForm.isPending}
        onClick={() => void newForm.create().catch(() => {})}
      >
        {t('newForm')}
      </Button>
    </Space>
  );
}
