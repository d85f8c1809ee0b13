import {
  defaultWidgetRegistry,
  localize,
  registerRichWidgets,
  viewsMessages,
  WidgetServicesProvider,
} from '@tangram/ui';
import { useQuery } from '@tanstack/react-query';
import { Card, Empty, List, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Route, Routes } from 'react-router';
import { addMessages } from '../i18n/i18n';
import { listApps } from './app-api';
import { AppShell } from './app-shell';
import { appsMessages } from './apps-messages';
import { widgetServices } from './widget-services';

let setUp = false;

// Once, on the area's first render (i18next is initialised by then): widgets and strings.
function setUpArea(): void {
  if (setUp) return;
  setUp = true;
  registerRichWidgets(defaultWidgetRegistry);
  addMessages('apps', appsMessages);
  addMessages('views', viewsMessages);
}

function AppPicker() {
  const { t, i18n } = useTranslation('apps');
  const apps = useQuery({ queryKey: ['apps'], queryFn: listApps });
  if (apps.isLoading) return <Skeleton active />;
  const list = apps.data ?? [];
  if (list.length === 1 && list[0]) return <Navigate to={list[0].name} replace />;
  return (
    <Card title={t('chooseApp')}>
      {list.length === 0 ? (
        <Empty description={t('noApps')} />
      ) : (
        <List
          dataSource={list}
          renderItem={(app) => (
            <List.Item>
              <Link to={app.name}>{localize(app.label, i18n.language, app.name)}</Link>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

/**
 * The end-user area under /apps/*: the published apps, each with its menu, home, lists,
 * kanban boards, calendars, record pages and forms generated from its metadata.
 */
export function AppsArea() {
  setUpArea();
  return (
    <WidgetServicesProvider services={widgetServices}>
      <Routes>
        <Route index element={<AppPicker />} />
        <Route path=":app/*" element={<AppShell />} />
      </Routes>
    </WidgetServicesProvider>
  );
}
