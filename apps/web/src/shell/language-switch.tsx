import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { type Locale, switchLocale } from '../i18n/i18n';

const NAMES: Record<Locale, string> = { 'zh-CN': '中文', en: 'English' };

/** Switches the UI language between zh-CN and en in one click. */
export function LanguageSwitch() {
  const { i18n, t } = useTranslation();
  return (
    <Segmented
      aria-label={t('language')}
      data-testid="language-switch"
      size="small"
      value={i18n.language as Locale}
      onChange={(locale) => void switchLocale(locale as Locale)}
      options={(Object.keys(NAMES) as Locale[]).map((value) => ({ value, label: NAMES[value] }))}
    />
  );
}
