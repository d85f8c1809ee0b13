import { HomeOutlined } from '@ant-design/icons';
import type { AppDoc, ObjectDoc } from '@tangram/schema';
import { localize } from '@tangram/ui';
import { Grid, Layout, Menu, Result, Skeleton } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes, useLocation, useNavigate, useParams } from 'react-router';
import { AppIcon } from './app-icon';
import { useAppDoc, useAppViews, useObjectDoc, useObjectDocs } from './app-queries';
import { GlobalSearch } from './global-search';
import { HomePage } from './home-page';
import { ObjectPage } from './object-page';

// Record pages load when one is first opened.
const RecordRoute = lazy(() => import('./record-route').then((m) => ({ default: m.RecordRoute })));

function ObjectRoute(props: {
  readonly app: AppDoc;
  readonly basePath: string;
  readonly record?: boolean;
}) {
  const { object, id } = useParams();
  const doc = useObjectDoc(object);
  const { t } = useTranslation('apps');
  if (doc.isLoading) return <Skeleton active />;
  if (!doc.data) return <Result status="404" title={t('objectNotFound')} />;
  if (props.record && id === 'new') {
    return (
      <ObjectPage
        key={`${doc.data.name}-new`}
        app={props.app}
        object={doc.data}
        basePath={props.basePath}
        creating
      />
    );
  }
  return props.record && id ? (
    <RecordRoute key={id} app={props.app} object={doc.data} id={id} basePath={props.basePath} />
  ) : (
    <ObjectPage key={doc.data.name} app={props.app} object={doc.data} basePath={props.basePath} />
  );
}

/** The menu entries of an app's navigation: its objects (and their views) with icons. */
function menuItems(
  app: AppDoc,
  docs: Readonly<Record<string, ObjectDoc>>,
  views: ReturnType<typeof useAppViews>,
  locale: string,
) {
  return (app.navigation ?? []).flatMap((item) => {
    if (item.type === 'object') {
      const object = docs[item.object];
      const label = localize(object?.pluralLabel ?? object?.label, locale, item.object);
      const key = `o/${item.object}${item.view ? `?view=${item.view}` : ''}`;
      return [{ key, icon: <AppIcon name={object?.icon} />, label }];
    }
    if (item.type === 'view') {
      const view = views.find((v) => v.name === item.view);
      if (!view) return [];
      return [
        {
          key: `o/${view.object}?view=${view.name}`,
          icon: <AppIcon name={view.type === 'calendar' ? 'calendar' : docs[view.object]?.icon} />,
          label: localize(view.label, locale, view.name),
        },
      ];
    }
    return [];
  });
}

/** One app: its menu from the manifest, global search, and the home, object and record pages. */
export function AppShell() {
  const { app: name } = useParams();
  const { t, i18n } = useTranslation('apps');
  const locale = i18n.language;
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const [collapsed, setCollapsed] = useState(false);
  const app = useAppDoc(name);
  const docs = useObjectDocs(app.data?.objects ?? []);
  const views = useAppViews(app.data);
  if (app.isLoading) return <Skeleton active />;
  if (!app.data || !name) return <Result status="404" title={t('appNotFound')} />;
  const basePath = `/apps/${name}`;
  const items = [
    { key: '', icon: <HomeOutlined />, label: t('home') },
    ...menuItems(app.data, docs, views, locale),
  ];
  const here = `${location.pathname.slice(basePath.length + 1)}${location.search}`;
  const selected = items
    .map((i) => i.key)
    .filter((key) =>
      key === ''
        ? here === ''
        : here.startsWith(key.split('?')[0] ?? key) && (!key.includes('?') || here === key),
    );
  const narrow = !screens.md;
  return (
    <Layout
      style={{ background: 'transparent', minHeight: 'calc(100vh - 96px)' }}
      data-testid="app-shell"
    >
      <Layout.Sider
        theme="light"
        breakpoint="md"
        collapsedWidth={0}
        collapsed={narrow ? collapsed : false}
        onCollapse={setCollapsed}
        width={200}
        style={{
          background: '#fff',
          borderRadius: 8,
          marginRight: narrow ? 0 : 12,
          ...(narrow && !collapsed ? { position: 'absolute', zIndex: 20, height: '100%' } : {}),
        }}
      >
        <div style={{ padding: '12px 16px', fontWeight: 600 }} data-testid="app-title">
          <AppIcon name={app.data.icon} /> {localize(app.data.label, locale, app.data.name)}
        </div>
        <Menu
          mode="inline"
          selectedKeys={selected}
          items={items}
          data-testid="app-menu"
          style={{ borderInlineEnd: 0 }}
          onClick={({ key }) => {
            navigate(key === '' ? basePath : `${basePath}/${key}`);
            if (narrow) setCollapsed(true);
          }}
        />
      </Layout.Sider>
      <Layout.Content style={{ minWidth: 0 }}>
        <div style={{ marginBottom: 12, paddingLeft: narrow ? 40 : 0 }}>
          <GlobalSearch objects={app.data.objects ?? []} basePath={basePath} />
        </div>
        <Suspense fallback={<Skeleton active />}>
          <Routes>
            <Route index element={<HomePage app={app.data} basePath={basePath} />} />
            <Route path="o/:object" element={<ObjectRoute app={app.data} basePath={basePath} />} />
            <Route
              path="o/:object/:id"
              element={<ObjectRoute app={app.data} basePath={basePath} record />}
            />
          </Routes>
        </Suspense>
      </Layout.Content>
    </Layout>
  );
}
