import { Menu } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';

/** The designer's sections: the objects (with their forms) and the developer page. */
export function DesignerNav() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const section = pathname.startsWith('/designer/developer') ? 'developer' : 'objects';
  return (
    <Menu
      mode="horizontal"
      selectedKeys={[section]}
      style={{ marginBottom: 16 }}
      data-testid="designer-nav"
      items={[
        { key: 'objects', label: <Link to="/designer">{t('objects')}</Link> },
        {
          key: 'developer',
          label: (
            <Link to="/designer/developer" data-testid="nav-developer">
              {t('developer')}
            </Link>
          ),
        },
      ]}
    />
  );
}
