import { designerMessages } from '@tangram/designer';
import { Route, Routes } from 'react-router';
import { addMessages } from '../i18n/i18n';
import './monaco-environment';
import { DesignerNav } from './designer-nav';
import { DeveloperPage } from './developer-page';
import { FormDesignerPage } from './form-designer-page';
import { ObjectListPage } from './object-list-page';
import { ObjectPage } from './object-page';
import { RawEditorPage } from './raw-editor-page';

addMessages('designer', designerMessages);

/** The designer area under /designer/*. */
export function DesignerRoutes() {
  return (
    <>
      <DesignerNav />
      <Routes>
        <Route index element={<ObjectListPage />} />
        <Route path="developer" element={<DeveloperPage />} />
        <Route path="objects/:name" element={<ObjectPage />} />
        <Route path="forms/:name" element={<FormDesignerPage />} />
        <Route path="raw/:kind/:name" element={<RawEditorPage />} />
      </Routes>
    </>
  );
}
