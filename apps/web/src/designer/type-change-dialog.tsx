import type { FieldDef } from '@tangram/schema';
import { Alert, Modal, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiIssue, describeIssue } from '../api/describe-error';
import { apiFetch } from '../api/http';
import { apiErrorMessage } from './api-error-message';

/** The runtime's preview of a field type change: how many values convert, and which do not. */
export interface TypeChangePreview {
  readonly fromType: string;
  readonly toType: string;
  readonly total: number;
  readonly convertible: number;
  readonly failureCount: number;
  readonly moves: boolean;
  readonly revision: number;
  /** Each value that would not convert: its record, its value and the issue (code, params). */
  readonly failures: readonly (ApiIssue & { readonly id: string; readonly value: unknown })[];
}

const base = (object: string, field: string) =>
  `/api/v1/metadata/object/${encodeURIComponent(object)}/fields/${encodeURIComponent(field)}/type-change`;

/**
 * Shows which stored values would not convert to the field's new type before anything changes,
 * then applies the change (refusing or keeping failures), which publishes the object.
 */
export function TypeChangeDialog(props: {
  readonly object: string;
  readonly field: FieldDef;
  readonly onClose: () => void;
  readonly onApplied: () => void;
}) {
  const { t } = useTranslation();
  const { object, field } = props;
  const [preview, setPreview] = useState<TypeChangePreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const { storage: _slot, ...definition } = field;
    apiFetch<TypeChangePreview>('POST', `${base(object, field.name)}/preview`, definition).then(
      (response) => setPreview(response.body),
      (caught: unknown) => setError(apiErrorMessage(caught)),
    );
  }, [object, field]);
  const apply = async (onFailure: 'refuse' | 'keep') => {
    if (!preview) return;
    setBusy(true);
    try {
      const { storage: _slot, ...definition } = field;
      await apiFetch(
        'POST',
        `${base(object, field.name)}/apply?onFailure=${onFailure}`,
        definition,
        {
          'if-match': `"${preview.revision}"`,
        },
      );
      props.onApplied();
    } catch (caught) {
      setError(apiErrorMessage(caught));
    } finally {
      setBusy(false);
    }
  };
  const clean = preview !== null && preview.failureCount === 0;
  return (
    <Modal
      open
      title={t('typeChangeTitle', { field: field.name })}
      onCancel={props.onClose}
      okText={clean ? t('applyTypeChange') : t('applyKeepFailures')}
      okButtonProps={
        { disabled: preview === null, loading: busy, 'data-testid': 'apply-type-change' } as never
      }
      onOk={() => void apply(clean ? 'refuse' : 'keep')}
      width={720}
    >
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
      {preview ? (
        <Space direction="vertical" style={{ width: '100%' }} data-testid="type-change-preview">
          <Typography.Text>
            {t('typeChangeSummary', {
              from: preview.fromType,
              to: preview.toType,
              total: preview.total,
              convertible: preview.convertible,
              failures: preview.failureCount,
            })}
          </Typography.Text>
          {preview.failureCount > 0 ? (
            <>
              <Alert type="warning" showIcon message={t('typeChangeFailures')} />
              <Table
                size="small"
                rowKey="id"
                pagination={{ pageSize: 8 }}
                dataSource={[...preview.failures]}
                columns={[
                  { title: 'id', dataIndex: 'id', ellipsis: true },
                  {
                    title: t('value'),
                    key: 'value',
                    render: (_, row) => JSON.stringify(row.value),
                  },
                  {
                    title: t('problem'),
                    key: 'problem',
                    render: (_, row) => describeIssue(row),
                  },
                ]}
              />
            </>
          ) : null}
        </Space>
      ) : error ? null : (
        <Typography.Text type="secondary">{t('loading')}</Typography.Text>
      )}
    </Modal>
  );
}
