import { Spin } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import type { MonacoJsonEditorProps } from './monaco-json-editor.js';

const LazyMonaco = lazy(() =>
  import('./monaco-json-editor.js').then((m) => ({ default: m.MonacoJsonEditor })),
);

/** A JSON editor that loads monaco-editor on first use (its own chunk). */
export function JsonCodeEditor(props: MonacoJsonEditorProps) {
  const { t } = useTranslation('designer');
  return (
    <Suspense
      fallback={
        <Spin tip={t('loadingEditor')}>{<div style={{ height: props.height ?? 360 }} />}</Spin>
      }
    >
      <LazyMonaco {...props} />
    </Suspense>
  );
}
