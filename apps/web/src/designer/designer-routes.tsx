import { Route, Routes } from 'react-router';
import { ObjectListPage } from './object-list-page';

/** The designer area under /designer/*. */
export function DesignerRoutes() {
  return (
    <Routes>
      <Route index element={<ObjectListPage />} />
    </Routes>
  );
}
