import { DeleteOutlined, EditOutlined } from '@ant-design/icons';
import type { AppDoc, ObjectDoc } from '@tangram/schema';
import {
  RecordDetails,
  RecordPage,
  type RecordRow,
  RecordTimeline,
  RelatedList,
} from '@tangram/ui';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Button, Result, Skeleton } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { describeError } from '../api/describe-error';
import { deleteRecord, getRecord, queryRecords, timeline } from './app-api';
import { relationFields, useFormOf, useObjectDocs } from './app-queries';
import { usePermissions } from './object-access';
import { RecordFormDrawer } from './record-form-drawer';
import { useValueNames } from './use-value-names';
import { attachmentUrl } from './widget-services';

/** The child objects of the app pointing at `object`, with the field that points. */
function relationsTo(object: string, docs: Readonly<Record<string, ObjectDoc>>) {
  return Object.values(docs).flatMap((child) =>
    child.fields.flatMap((f) =>
      (f.type === 'lookup' || f.type === 'master_detail') && f.target === object
        ? [{ child, via: f.name }]
        : [],
    ),
  );
}

function RelatedSection(props: {
  readonly app: AppDoc;
  readonly child: ObjectDoc;
  readonly via: string;
  readonly parentId: string;
  readonly basePath: string;
}) {
  const { child, via, parentId } = props;
  const { i18n } = useTranslation();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const canCreate = usePermissions(child.name).create;
  const form = useFormOf(props.app, child.name);
  const list = useQuery({
    queryKey: ['records', child.name, 'related', via, parentId],
    queryFn: () =>
      queryRecords(child.name, {
        filter: { kind: 'condition', field: via, op: 'eq', value: parentId },
        sort: [{ field: 'created_at', direction: 'desc' }],
        limit: 5,
        count: 'exact',
        expand: relationFields(child),
      }),
  });
  const fields = child.fields
    .filter(
      (f) =>
        f.name !== child.nameField &&
        f.name !== via &&
        !['long_text', 'rich_text', 'attachment'].includes(f.type),
    )
    .slice(0, 3)
    .map((f) => f.name);
  const defaults = useMemo(() => ({ [via]: parentId }), [via, parentId]);
  return (
    <>
      <RelatedList
        object={child}
        via={via}
        records={list.data?.records ?? []}
        total={list.data?.count?.value}
        fields={fields}
        locale={i18n.language}
        onOpen={(record) => navigate(`${props.basePath}/o/${child.name}/${record.id}`)}
        {...(canCreate ? { onCreate: () => setCreating(true) } : {})}
      />
      <RecordFormDrawer
        object={child}
        form={form}
        defaults={defaults}
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={() => setCreating(false)}
      />
    </>
  );
}

/** The record page of one record: header, details by form, related lists, timeline. */
export function RecordRoute(props: {
  readonly app: AppDoc;
  readonly object: ObjectDoc;
  readonly id: string;
  readonly basePath: string;
}) {
  const { app, object, id, basePath } = props;
  const { t, i18n } = useTranslation('apps');
  const locale = i18n.language;
  const { modal, message } = AntApp.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const permissions = usePermissions(object.name);
  const docs = useObjectDocs(app.objects ?? []);
  const form = useFormOf(app, object.name);
  const record = useQuery({
    queryKey: ['records', object.name, 'one', id],
    queryFn: () => getRecord(object.name, id, relationFields(object)),
  });
  const events = useInfiniteQuery({
    queryKey: ['records', object.name, 'timeline', id],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => timeline(object.name, id, pageParam),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const relations = relationsTo(object.name, docs);
  const names = useValueNames(object, record.data ? [record.data] : []);
  if (record.isLoading) return <Skeleton active />;
  if (!record.data) return <Result status="404" title={t('recordNotFound')} />;
  const row = record.data;
  const keyFields = object.fields
    .filter((f) =>
      ['single_select', 'currency', 'user', 'lookup', 'date', 'phone'].includes(f.type),
    )
    .slice(0, 5)
    .map((f) => f.name);
  return (
    <>
      <RecordPage
        object={object}
        record={row}
        locale={locale}
        names={names}
        keyFields={keyFields}
        actions={
          <>
            {permissions.update ? (
              <Button
                icon={<EditOutlined />}
                onClick={() => setEditing(true)}
                data-testid="record-edit"
                style={{ minHeight: 40 }}
              >
                {t('edit')}
              </Button>
            ) : null}
            <Button
              hidden={!permissions.delete}
              danger
              icon={<DeleteOutlined />}
              style={{ minHeight: 40 }}
              onClick={() =>
                modal.confirm({
                  title: t('deleteConfirm'),
                  okButtonProps: { danger: true },
                  onOk: async () => {
                    try {
                      await deleteRecord(object.name, row.id, row.version);
                      await queryClient.invalidateQueries({ queryKey: ['records', object.name] });
                      navigate(`${basePath}/o/${object.name}`);
                    } catch (error) {
                      void message.error(describeError(error));
                    }
                  },
                })
              }
            >
              {t('delete')}
            </Button>
          </>
        }
        details={
          <RecordDetails
            object={object}
            form={form}
            record={row}
            locale={locale}
            names={names}
            renderValue={(field, value) =>
              field.type === 'attachment' && Array.isArray(value[field.name]) ? (
                <span>
                  {(value[field.name] as { id: string; name: string }[]).map((file) => (
                    <a
                      key={file.id}
                      href={attachmentUrl(file.id, {
                        object: object.name,
                        record: id,
                        field: field.name,
                      })}
                      target="_blank"
                      rel="noopener noreferrer"
                      style={{ marginRight: 8 }}
                    >
                      {file.name}
                    </a>
                  ))}
                </span>
              ) : undefined
            }
          />
        }
        related={relations.map(({ child, via }) => (
          <RelatedSection
            key={`${child.name}.${via}`}
            app={app}
            child={child}
            via={via}
            parentId={row.id}
            basePath={basePath}
          />
        ))}
        timeline={
          <RecordTimeline
            object={object}
            objects={docs}
            items={(events.data?.pages ?? []).flatMap((p) => p.items)}
            locale={locale}
            names={names}
            hasMore={events.hasNextPage}
            onLoadMore={() => void events.fetchNextPage()}
            onOpen={(child, related: RecordRow) => navigate(`${basePath}/o/${child}/${related.id}`)}
          />
        }
      />
      <RecordFormDrawer
        object={object}
        form={form}
        record={row}
        open={editing}
        onClose={() => setEditing(false)}
        onSaved={() => setEditing(false)}
      />
    </>
  );
}
