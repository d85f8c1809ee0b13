import { Button, Result, Spin } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Route, Routes } from 'react-router';
import { useSession } from '../auth/session-store';
import { AppLayout } from './app-layout';

// Each area is its own chunk: end users never download the designer (dnd-kit forms, monaco),
// and the sign-in page loads neither area.
const DesignerRoutes = lazy(() =>
  import('../designer/designer-routes').then((m) => ({ default: m.DesignerRoutes })),
);
const AppsArea = lazy(() => import('../apps/apps-area').then((m) => ({ default: m.AppsArea })));

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
        <Route
          path="apps/*"
          element={
            <Suspense fallback={<Spin />}>
              <AppsArea />
            </Suspense>
          }
        />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
