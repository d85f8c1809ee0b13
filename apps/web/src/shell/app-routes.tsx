import { Button, Result, Spin } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Route, Routes } from 'react-router';
import { AppsArea } from '../apps/apps-area';
import { useSession } from '../auth/session-store';
import { AppLayout } from './app-layout';

// The designer (dnd-kit, monaco) is its own chunk: end users never download it.
const DesignerRoutes = lazy(() =>
  import('../designer/designer-routes').then((m) => ({ default: m.DesignerRoutes })),
);

function NotFound() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title={t('notFound')}
      extra={
        <Link to="/">
          <Button>{t('backHome')}</Button>
        </Link>
      }
    />
  );
}

/** Every route of the signed-in app: /designer/* for administrators, /apps/* for everyone. */
export function AppRoutes() {
  const isAdmin = useSession((s) => s.isAdmin);
  return (
    <Routes>
      <Route element={<AppLayout />}>
        <Route index element={<Navigate to={isAdmin ? '/designer' : '/apps'} replace />} />
        {isAdmin ? (
          <Route
            path="designer/*"
            element={
              <Suspense fallback={<Spin />}>
                <DesignerRoutes />
              </Suspense>
            }
          />
        ) : null}
        <Route path="apps/*" element={<AppsArea />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
