import { RestOutlined } from '@ant-design/icons';
import type { AppDoc, ObjectDoc, ViewDoc } from '@tangram/schema';
import { localize, type RecordRow } from '@tangram/ui';
import { useQuery } from '@tanstack/react-query';
import { Button, Select, Skeleton, Space, Typography } from 'antd';
import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { listSavedViews } from './app-api';
import { useAppViews, useFormOf } from './app-queries';
import { ListPage } from './list-page';
import { usePermissions } from './object-access';
import { RecordFormDrawer } from './record-form-drawer';
import { RecycleBin } from './recycle-bin';

// Boards and calendars (dnd-kit) load when first opened, not with the apps area.
const KanbanPage = lazy(() => import('./kanban-page').then((m) => ({ default: m.KanbanPage })));
const CalendarPage = lazy(() =>
  import('./calendar-page').then((m) => ({ default: m.CalendarPage })),
);

/** A list view of an object made from its fields when the app ships none. */
function defaultView(object: ObjectDoc): ViewDoc {
  return {
    kind: 'view',
    schemaVersion: 1,
    name: `${object.name}_all`,
    label: object.pluralLabel ?? object.label,
    object: object.name,
    type: 'list',
    columns: object.fields.slice(0, 6).map((f) => ({ field: f.name })),
  };
}

/**
 * An object's page in an app: its views (list, kanban, calendar) and the user's saved views in
 * one picker (`?view=name` or `?view=saved:<id>`), a "new" button opening the form, and for
 * users who may delete, the object's recycle bin (`?bin=1`). Objects of no app are reached
 * under the app name `_`.
 */
export function ObjectPage(props: {
  readonly app: AppDoc;
  readonly object: ObjectDoc;
  readonly basePath: string;
  /** Opens the create form at once (`/apps/<app>/o/<object>/new`). */
  readonly creating?: boolean;
}) {
  const { app, object, basePath } = props;
  const { t, i18n } = useTranslation('apps');
  const locale = i18n.language;
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const permissions = usePermissions(object.name);
  const [creating, setCreating] = useState(props.creating === true && permissions.create);
  const form = useFormOf(app, object.name);
  const appViews = useAppViews(app).filter((v) => v.object === object.name);
  const saved = useQuery({
    queryKey: ['saved-views', object.name],
    queryFn: () => listSavedViews(object.name),
  });
  const navView = app.navigation?.find((n) => n.type === 'object' && n.object === object.name);
  const wanted = params.get('view') ?? (navView && 'view' in navView ? navView.view : undefined);
  const savedView = wanted?.startsWith('saved:')
    ? saved.data?.find((v) => `saved:${v.id}` === wanted)
    : undefined;
  const view = useMemo(() => {
    if (savedView) return appViews.find((v) => v.type === 'list') ?? defaultView(object);
    return (
      appViews.find((v) => v.name === wanted) ??
      appViews.find((v) => v.default) ??
      appViews[0] ??
      defaultView(object)
    );
  }, [savedView, appViews, wanted, object]);
  const inBin = params.get('bin') === '1' && permissions.delete;
  // The bin is a layer over the page: the view chosen stays in the address to come back to.
  const showBin = (shown: boolean) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (shown) next.set('bin', '1');
      else next.delete('bin');
      return next;
    });
  const open = useCallback(
    (record: RecordRow) => navigate(`${basePath}/o/${object.name}/${record.id}`),
    [navigate, basePath, object.name],
  );

  const choices = [
    ...appViews.map((v) => ({ value: v.name, label: localize(v.label, locale, v.name) })),
    ...(saved.data ?? []).map((v) => ({
      value: `saved:${v.id}`,
      label: `${v.label} · ${t(v.visibility === 'shared' ? 'shared' : 'personal')}`,
    })),
  ];
  const title = localize(object.pluralLabel ?? object.label, locale, object.name);
  if (inBin) {
    return (
      <div data-testid="object-page">
        <Space wrap style={{ marginBottom: 12, justifyContent: 'space-between', width: '100%' }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {title} · {t('recycleBin')}
          </Typography.Title>
          <Button onClick={() => showBin(false)} data-testid="leave-recycle-bin">
            {t('backToList')}
          </Button>
        </Space>
        <RecycleBin object={object} />
      </div>
    );
  }
  return (
    <div data-testid="object-page">
      <Space wrap style={{ marginBottom: 12, justifyContent: 'space-between', width: '100%' }}>
        <Space wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {title}
          </Typography.Title>
          <Select
            style={{ minWidth: 180 }}
            value={savedView ? `saved:${savedView.id}` : view.name}
            options={choices}
            onChange={(value: string) => setParams({ view: value })}
            data-testid="view-picker"
          />
        </Space>
        <Space wrap>
          {permissions.delete ? (
            <Button
              icon={<RestOutlined />}
              onClick={() => showBin(true)}
              data-testid="open-recycle-bin"
              style={{ minHeight: 40 }}
            >
              {t('recycleBin')}
            </Button>
          ) : null}
          {permissions.create ? (
            <Button
              type="primary"
              onClick={() => setCreating(true)}
              data-testid="new-record"
              style={{ minHeight: 40 }}
            >
              {t('new')}
            </Button>
          ) : null}
        </Space>
      </Space>
      <Suspense fallback={<Skeleton active />}>
        {view.type === 'kanban' && !savedView ? (
          <KanbanPage object={object} view={view} onOpen={open} />
        ) : view.type === 'calendar' && !savedView ? (
          <CalendarPage object={object} view={view} onOpen={open} />
        ) : (
          <ListPage
            object={object}
            view={view}
            saved={savedView}
            onOpen={open}
            onSavedViewChange={(entry) => setParams(entry ? { view: `saved:${entry.id}` } : {})}
          />
        )}
      </Suspense>
      <RecordFormDrawer
        object={object}
        form={form}
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(record) => {
          setCreating(false);
          open(record);
        }}
      />
    </div>
  );
}
