import { Button, Dropdown, Layout, Menu, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { signOut } from '../auth/auth-api';
import { useSession } from '../auth/session-store';
import { LanguageSwitch } from './language-switch';

/** The frame of every signed-in page: the two areas, tenant and user menus, language switch. */
export function AppLayout() {
  const { t } = useTranslation();
  const location = useLocation();
  const { user, tenant, isAdmin } = useSession();
  const area = location.pathname.startsWith('/apps') ? 'apps' : 'designer';
  const areas = [
    ...(isAdmin ? [{ key: 'designer', label: <Link to="/designer">{t('designer')}</Link> }] : []),
    { key: 'apps', label: <Link to="/apps">{t('apps')}</Link> },
  ];
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, padding: '0 16px' }}>
        <Typography.Text strong style={{ color: '#fff', fontSize: 18 }}>
          {t('appName')}
        </Typography.Text>
        <Menu
          theme="dark"
          mode="horizontal"
          selectedKeys={[area]}
          items={areas}
          style={{ flex: 1, minWidth: 0 }}
        />
        <Space>
          <Typography.Text style={{ color: '#bbb' }} data-testid="tenant-menu">
            {t('tenant')}: {tenant?.name ?? tenant?.slug}
          </Typography.Text>
          <LanguageSwitch />
          <Dropdown
            menu={{
              items: [{ key: 'signout', label: t('signOut'), onClick: () => void signOut() }],
            }}
          >
            <Button size="small" data-testid="user-menu">
              {user?.name}
            </Button>
          </Dropdown>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 16 }}>
        <Outlet />
      </Layout.Content>
    </Layout>
  );
}
