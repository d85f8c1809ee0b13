import type { LocalizedText } from '@tangram/schema';

/**
 * The text of a localized label in `locale`, falling back to its language (zh for zh-CN), then to
 * English, then to any locale it has, then to `fallback`.
 */
export function localize(text: LocalizedText | undefined, locale: string, fallback = ''): string {
  if (text === undefined) return fallback;
  const exact = text[locale];
  if (exact !== undefined) return exact;
  const language = locale.split('-')[0] ?? locale;
  for (const [key, value] of Object.entries(text)) {
    if (key.split('-')[0] === language) return value;
  }
  return text.en ?? Object.values(text)[0] ?? fallback;
}
