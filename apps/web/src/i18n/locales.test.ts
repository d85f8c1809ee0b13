import { describe, expect, it } from 'vitest';
import en from './locales/en.json';
import zhCN from './locales/zh-CN.json';

type Messages = Record<string, string>;

// i18next plural forms: Chinese needs only `_other`, English `_one` and `_other`.
const PLURAL = /_(zero|one|two|few|many|other)$/;

/** The `{{name}}` placeholders of a message, sorted. */
const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

/** Each message by its key without a plural suffix; a plural's `_other` form stands for it. */
function byBaseKey(messages: Messages): Map<string, string> {
  const base = new Map<string, string>();
  for (const [key, text] of Object.entries(messages)) {
    const name = key.replace(PLURAL, '');
    if (!base.has(name) || key.endsWith('_other')) base.set(name, text);
  }
  return base;
}

describe('the shell strings', () => {
  const english = byBaseKey(en as Messages);
  const chinese = byBaseKey(zhCN as Messages);

  it('have the same keys in zh-CN and en, plural forms aside', () => {
    expect([...english.keys()].sort()).toEqual([...chinese.keys()].sort());
  });

  it('name the same placeholders in both languages', () => {
    for (const [key, text] of chinese) {
      expect([key, placeholders(text)]).toEqual([key, placeholders(english.get(key) ?? '')]);
    }
  });

  it('leave no message empty', () => {
    for (const messages of [en, zhCN] as Messages[]) {
      for (const [key, text] of Object.entries(messages)) {
        expect([key, text.trim() !== '']).toEqual([key, true]);
      }
    }
  });
});
