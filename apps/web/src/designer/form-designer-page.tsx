import {
  type ChildRelation,
  createDesignerStore,
  FormDesigner,
  useDesigner,
} from '@tangram/designer';
import type { FormDoc, ObjectDoc } from '@tangram/schema';
import { localize } from '@tangram/ui';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Space, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../api/api-client';
import { apiErrorMessage } from './api-error-message';
import { DocumentToolbar } from './document-toolbar';
import { ErrorAlert } from './error-alert';
import { useDocument, useSaveDraft } from './use-document';

/** Objects whose lookup or master-detail fields point at `objectName`: the possible sub-tables. */
function useChildRelations(objectName: string | undefined) {
  return useQuery({
    queryKey: ['metadata', 'children-of', objectName ?? ''],
    enabled: objectName !== undefined,
    queryFn: async (): Promise<ChildRelation[]> => {
      const summaries = await api.metadata.list({ kind: 'object' });
      const objects = await Promise.all(
        summaries.map((s) => api.metadata.get('object', s.name, { state: 'effective' })),
      );
      return objects.flatMap((entry) => {
        const object = entry.document as ObjectDoc;
        return object.fields
          .filter(
            (f) => (f.type === 'lookup' || f.type === 'master_detail') && f.target === objectName,
          )
          .map((f) => ({ object, relationField: f.name }));
      });
    },
  });
}

function Editor({
  form,
  revision,
  object,
  childRelations,
  hasDraft,
  publishedVersion,
  objectHasDraft,
}: {
  form: FormDoc;
  revision: number;
  object: ObjectDoc;
  childRelations: readonly ChildRelation[];
  hasDraft: boolean;
  publishedVersion: number | null;
  objectHasDraft: boolean;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  // One store per designer instance, made once (the parent remounts this for another form).
  const [store] = useState(() => createDesignerStore(form));
  const dirty = useDesigner(store, (s) => s.dirty);
  const save = useSaveDraft();
  // A document changed elsewhere (saved, reverted, discarded) replaces an unchanged canvas.
  useEffect(() => {
    if (!store.getState().dirty && store.getState().form !== form) store.getState().reset(form);
  }, [store, form]);
  const saveDraft = async () => {
    if (!store.getState().dirty) return;
    const document = store.getState().form;
    await save.mutateAsync({ document, revision });
    store.getState().markSaved();
  };
  return (
    <Card
      title={
        <Space>
          <Link to={`/designer/objects/${object.name}`}>
            {localize(object.label, i18n.language, object.name)}
          </Link>
          <Typography.Text>/ {localize(form.label, i18n.language, form.name)}</Typography.Text>
          <Typography.Text type="secondary">{form.name}</Typography.Text>
        </Space>
      }
      extra={
        <Space>
          <Button
            disabled={!dirty}
            loading={save.isPending}
            data-testid="save-form"
            onClick={() =>
              void saveDraft().then(
                () => message.success(t('savedDraft')),
                () => {},
              )
            }
          >
            {t('saveDraft')}
          </Button>
          <DocumentToolbar
            kind="form"
            name={form.name}
            revision={revision}
            hasDraft={hasDraft || dirty}
            publishedVersion={publishedVersion}
            alsoPublish={objectHasDraft ? [{ kind: 'object', name: object.name }] : []}
            beforePublish={saveDraft}
          />
        </Space>
      }
    >
      <ErrorAlert error={save.error} />
      <FormDesigner
        store={store}
        object={object}
        childRelations={childRelations}
        locale={i18n.language}
      />
    </Card>
  );
}

/** The form designer page: loads the form, its object and the object's children. */
export function FormDesignerPage() {
  const { name = '' } = useParams();
  const form = useDocument<FormDoc>('form', name);
  const objectName = form.data?.document.object;
  const object = useDocument<ObjectDoc>('object', objectName);
  const children = useChildRelations(objectName);
  if (form.error) return <Alert type="error" showIcon message={apiErrorMessage(form.error)} />;
  if (object.error) return <Alert type="error" showIcon message={apiErrorMessage(object.error)} />;
  if (!form.data || !object.data || !children.data) return <Spin />;
  return (
    <Editor
      form={form.data.document}
      revision={form.data.revision}
      object={object.data.document}
      key={form.data.document.name}
      childRelations={children.data}
      hasDraft={form.data.hasDraft}
      publishedVersion={form.data.publishedVersion}
      objectHasDraft={object.data.hasDraft}
    />
  );
}
