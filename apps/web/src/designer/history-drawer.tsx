import type { MetadataHistoryEntry } from '@tangram/client';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Collapse,
  Drawer,
  List,
  Popconfirm,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/api-client';
import { apiErrorMessage } from './api-error-message';
import { type DiffOperation, readableDiff } from './readable-diff';
import { useInvalidateMetadata } from './use-document';

const OP_COLORS: Record<string, string> = { add: 'green', remove: 'red', replace: 'blue' };

function DiffList({
  kind,
  name,
  entry,
}: {
  kind: string;
  name: string;
  entry: MetadataHistoryEntry;
}) {
  const { t } = useTranslation();
  const docs = useQuery({
    queryKey: ['metadata', 'versions', kind, name, entry.version],
    queryFn: async () => {
      const after = await api.metadata.get(kind, name, { version: entry.version });
      const before =
        entry.version > 1
          ? await api.metadata.get(kind, name, { version: entry.version - 1 })
          : null;
      return { before: before?.document ?? null, after: after.document };
    },
  });
  if (!docs.data) return <Typography.Text type="secondary">{t('loading')}</Typography.Text>;
  const lines = readableDiff(entry.diff as DiffOperation[], docs.data.before, docs.data.after);
  return (
    <List
      size="small"
      dataSource={lines}
      locale={{ emptyText: t('noChanges') }}
      renderItem={(line) => (
        <List.Item>
          <Space>
            <Tag color={OP_COLORS[line.op] ?? 'default'}>{t(`diff_${line.op}`)}</Tag>
            <Typography.Text>{line.where}</Typography.Text>
            {line.value ? <Typography.Text code>{line.value}</Typography.Text> : null}
          </Space>
        </List.Item>
      )}
    />
  );
}

/** A document's versions, newest first, each with a readable diff and a revert button. */
export function HistoryDrawer(props: {
  readonly kind: string;
  readonly name: string;
  readonly revision: number;
  readonly onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidateMetadata();
  const [error, setError] = useState<string | null>(null);
  const history = useQuery({
    queryKey: ['metadata', 'history', props.kind, props.name],
    queryFn: () => api.metadata.history(props.kind, props.name),
  });
  const revert = async (version: number) => {
    setError(null);
    try {
      const result = await api.metadata.revert(props.kind, props.name, {
        version,
        ifMatch: props.revision,
      });
      message.success(t('reverted', { version, now: result.version }));
      await invalidate();
    } catch (caught) {
      setError(apiErrorMessage(caught));
    }
  };
  const latest = history.data?.[0]?.version;
  return (
    <Drawer
      open
      width={720}
      title={t('historyOf', { name: props.name })}
      onClose={props.onClose}
      data-testid="history"
    >
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
      <Collapse
        items={(history.data ?? []).map((entry) => ({
          key: String(entry.version),
          label: (
            <Space data-testid={`version-${entry.version}`}>
              <Tag color="green">v{entry.version}</Tag>
              <Typography.Text>
                {new Date(entry.createdAt).toLocaleString(i18n.language)}
              </Typography.Text>
              <Typography.Text type="secondary">{entry.authorId}</Typography.Text>
              {entry.message ? <Typography.Text italic>{entry.message}</Typography.Text> : null}
              {entry.revertedFrom ? (
                <Tag>{t('revertedFrom', { version: entry.revertedFrom })}</Tag>
              ) : null}
            </Space>
          ),
          extra:
            entry.version === latest ? null : (
              <Popconfirm
                title={t('revertConfirm', { version: entry.version })}
                onConfirm={() => void revert(entry.version)}
                okButtonProps={{ 'data-testid': 'confirm-revert' } as never}
              >
                <Button
                  size="small"
                  data-testid={`revert-${entry.version}`}
                  onClick={(event) => event.stopPropagation()}
                >
                  {t('revertTo', { version: entry.version })}
                </Button>
              </Popconfirm>
            ),
          children: <DiffList kind={props.kind} name={props.name} entry={entry} />,
        }))}
      />
    </Drawer>
  );
}
