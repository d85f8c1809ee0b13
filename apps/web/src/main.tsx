import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initI18n } from './i18n/i18n';
import { AppRoot } from './shell/app-root';

initI18n();
document.documentElement.lang = initialLang();

function initialLang(): string {
  return globalThis.localStorage?.getItem('tangram.locale') ?? 'zh-CN';
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppRoot />
  </StrictMode>,
);
