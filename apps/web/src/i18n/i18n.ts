import { uiMessages } from '@tangram/ui';
import i18next, { type Resource } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { errorMessages } from '../api/error-messages';
import en from './locales/en.json';
import zhCN from './locales/zh-CN.json';

/** The UI languages, the first being the default. */
export const LOCALES = ['zh-CN', 'en'] as const;
/** One UI language. */
export type Locale = (typeof LOCALES)[number];

const STORAGE_KEY = 'tangram.locale';

/**
 * The i18next resources by locale and namespace: 'shell' for the app frame and designer pages,
 * 'ui' from its package, 'errors' for what the API refuses. A lazily loaded area adds its own namespace with addMessages (the
 * designer adds 'designer' when its chunk loads).
 */
export const resources: Resource = {
  'zh-CN': { shell: zhCN, ui: uiMessages['zh-CN'], errors: errorMessages['zh-CN'] },
  en: { shell: en, ui: uiMessages.en, errors: errorMessages.en },
};

/** The language chosen before (kept in localStorage), else zh-CN. */
export function initialLocale(): Locale {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
  return (LOCALES as readonly string[]).includes(stored ?? '') ? (stored as Locale) : 'zh-CN';
}

/** Remembers the chosen language and switches i18next to it. */
export async function switchLocale(locale: Locale): Promise<void> {
  globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale;
  await i18next.changeLanguage(locale);
}

/** Adds the strings of one namespace in both languages (an area calls this at start-up). */
export function addMessages(namespace: string, messages: Record<Locale, Record<string, unknown>>) {
  for (const locale of LOCALES)
    i18next.addResourceBundle(locale, namespace, messages[locale], true, true);
}

/** Starts i18next with every namespace; 'shell' is the default one. */
export function initI18n(): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources,
    lng: initialLocale(),
    fallbackLng: 'zh-CN',
    defaultNS: 'shell',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return i18next;
}
