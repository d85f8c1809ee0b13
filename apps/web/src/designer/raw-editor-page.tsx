import { type EditorSchema, JsonCodeEditor } from '@tangram/designer';
import { type MetadataDocument, metadataSchemas, validateDocument } from '@tangram/schema';
import { Alert, App, Button, Card, List, Space, Spin, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { describeMetadataIssue } from '../api/describe-error';
import { apiErrorMessage } from './api-error-message';
import { DocumentToolbar } from './document-toolbar';
import { ErrorAlert } from './error-alert';
import { jsonErrorPosition } from './json-error-position';
import { useDocument, useSaveDraft } from './use-document';

const SCHEMA_BASE = 'https://tangram.dev/schemas/';

/** Every schema file for monaco, the document kind's own one matching the editor's model. */
export function editorSchemas(kind: string): EditorSchema[] {
  return Object.entries(metadataSchemas).map(([file, schema]) => ({
    uri: `${SCHEMA_BASE}${file}`,
    schema,
    ...(file === `${kind}.schema.json` ? { fileMatch: [`*.${kind}.json`] } : {}),
  }));
}

/** Any metadata document as JSON in monaco, checked against its JSON Schema, saved as a draft. */
export function RawEditorPage() {
  const { kind = '', name = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const entry = useDocument<MetadataDocument>(kind, name);
  const save = useSaveDraft();
  const [text, setText] = useState<string | null>(null);
  const [problems, setProblems] = useState(0);
  const schemas = useMemo(() => editorSchemas(kind), [kind]);
  const shown = text ?? (entry.data ? JSON.stringify(entry.data.document, null, 2) : '');
  const check = useMemo(() => {
    try {
      return validateDocument(JSON.parse(shown));
    } catch (error) {
      // The engine's own words are English (and differ by browser); only its place is kept.
      const at = jsonErrorPosition(shown, error);
      const message =
        at === undefined ? t('errors:jsonSyntax') : t('errors:jsonSyntaxAt', { ...at });
      return { ok: false as const, issues: [{ path: '', code: 'JSON', message }] };
    }
  }, [shown, t]);
  if (entry.isLoading) return <Spin />;
  if (entry.error || !entry.data)
    return <Alert type="error" showIcon message={apiErrorMessage(entry.error)} />;
  const saveDraft = async () => {
    if (!check.ok) return;
    await save.mutateAsync({ document: check.document, revision: entry.data.revision });
    setText(null);
    message.success(t('savedDraft'));
  };
  return (
    <Card
      title={
        <Space>
          <Tag>{kind}</Tag>
          <Typography.Text strong>{name}</Typography.Text>
        </Space>
      }
      extra={
        <Space>
          <Button
            type="primary"
            data-testid="save-raw"
            disabled={!check.ok || text === null}
            loading={save.isPending}
            onClick={() => void saveDraft().catch(() => {})}
          >
            {t('saveDraft')}
          </Button>
          <DocumentToolbar
            kind={kind}
            name={name}
            revision={entry.data.revision}
            hasDraft={entry.data.hasDraft}
            publishedVersion={entry.data.publishedVersion}
          />
        </Space>
      }
    >
      <ErrorAlert error={save.error} />
      <JsonCodeEditor
        value={shown}
        onChange={setText}
        modelUri={`inmemory://metadata/${kind}/${name}.${kind}.json`}
        schemas={schemas}
        height="60vh"
        onProblems={setProblems}
      />
      <div style={{ marginTop: 12 }} data-testid="raw-issues">
        {check.ok ? (
          <Alert type="success" showIcon message={t('documentValid', { problems })} />
        ) : (
          <List
            size="small"
            header={
              <Typography.Text type="danger">
                {t('documentInvalid', { count: check.issues.length })}
              </Typography.Text>
            }
            dataSource={check.issues}
            renderItem={(issue) => (
              <List.Item>
                <Typography.Text code>{issue.path || '/'}</Typography.Text>{' '}
                {describeMetadataIssue({ code: issue.code, message: issue.message })}
              </List.Item>
            )}
          />
        )}
      </div>
    </Card>
  );
}
