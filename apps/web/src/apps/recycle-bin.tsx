import type { FieldDef, ObjectDoc } from '@tangram/schema';
import { formatValue, localize, type RecordRow } from '@tangram/ui';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Button, Empty, Space, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../api/describe-error';
import { useSession } from '../auth/session-store';
import { bulkRestore, listUsers } from './app-api';
import { reportBulk } from './report-bulk';
import { useRecordPages } from './use-records';

/** How the bin shows when a record was deleted: as a date and time field would. */
const DELETED_AT: FieldDef = { name: 'deleted_at', type: 'datetime', label: { en: 'Deleted at' } };

/**
 * An object's recycle bin: the deleted records the user may restore (those their delete
 * permission reaches), last deleted first, with who deleted them and when; a record is restored
 * one at a time or with others selected, and the details its delete took come back with it.
 */
export function RecycleBin(props: { readonly object: ObjectDoc }) {
  const { object } = props;
  const { t, i18n } = useTranslation('apps');
  const { message } = AntApp.useApp();
  const locale = i18n.language;
  const me = useSession((s) => s.user);
  const queryClient = useQueryClient();
  const query = useMemo(() => ({ deleted: true, limit: 50 }), []);
  const pages = useRecordPages(object.name, query);
  const users = useQuery({ queryKey: ['users'], queryFn: listUsers, staleTime: 60_000 });
  const [selected, setSelected] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const nameField = object.fields.find((f) => f.name === object.nameField);

  const deleterOf = (record: RecordRow) => {
    const id = String(record.updated_by ?? '');
    if (id === me?.id) return me.name;
    return users.data?.find((u) => u.id === id)?.name ?? id;
  };

  const restore = async (ids: readonly string[]) => {
    setBusy(true);
    try {
      reportBulk(
        await bulkRestore(object.name, ids),
        { message, t, object, locale },
        { done: 'restored', partial: 'restorePartial' },
      );
      setSelected([]);
      // The bin and the live lists of this object (and the details that came back) change.
      await queryClient.invalidateQueries({ queryKey: ['records'] });
    } catch (error) {
      void message.error(describeError(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="recycle-bin">
      <Typography.Paragraph type="secondary">{t('binHint')}</Typography.Paragraph>
      {selected.length > 0 ? (
        <Space style={{ marginBottom: 8 }}>
          <Button
            type="primary"
            loading={busy}
            onClick={() => void restore(selected)}
            data-testid="restore-selected"
            style={{ minHeight: 40 }}
          >
            {t('restoreSelected', { count: selected.length })}
          </Button>
        </Space>
      ) : null}
      <div style={{ overflowX: 'auto', maxWidth: '100%' }}>
        <Table<RecordRow>
          rowKey="id"
          size="middle"
          pagination={false}
          dataSource={pages.records as RecordRow[]}
          loading={pages.loading && pages.records.length === 0}
          locale={{ emptyText: <Empty description={t('binEmpty')} /> }}
          rowSelection={{
            selectedRowKeys: selected,
            onChange: (keys) => setSelected(keys.map(String)),
          }}
          columns={[
            {
              key: 'name',
              title: nameField ? localize(nameField.label, locale, nameField.name) : '',
              ellipsis: true,
              render: (_: unknown, record: RecordRow) =>
                (nameField ? formatValue(nameField, record, locale) : '') || record.id,
            },
            {
              key: 'deleted_at',
              title: t('deletedAt'),
              render: (_: unknown, record: RecordRow) => formatValue(DELETED_AT, record, locale),
            },
            {
              key: 'deleted_by',
              title: t('deletedBy'),
              ellipsis: true,
              render: (_: unknown, record: RecordRow) => deleterOf(record),
            },
            {
              key: 'restore',
              title: '',
              width: 110,
              render: (_: unknown, record: RecordRow) => (
                <Button
                  size="small"
                  disabled={busy}
                  onClick={() => void restore([record.id])}
                  data-testid="restore-record"
                >
                  {t('restore')}
                </Button>
              ),
            },
          ]}
        />
      </div>
      <div style={{ display: 'flex', justifyContent: 'flex-end', padding: '8px 0' }}>
        {pages.hasMore ? (
          <Button onClick={pages.loadMore} loading={pages.loading} style={{ minHeight: 44 }}>
            {t('views:loadMore')}
          </Button>
        ) : null}
      </div>
    </div>
  );
}
