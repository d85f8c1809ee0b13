import type { FieldDef } from '@tangram/schema';
import { describe, expect, it } from 'vitest';
import { formatValue } from './format-value.js';
import { maskValue } from './mask-value.js';

const field = (def: Record<string, unknown>) =>
  ({ name: 'v', label: { en: 'V' }, ...def }) as unknown as FieldDef;
const row = (value: unknown) => ({ id: 'r', version: 1, v: value });

describe('formatting values for lists and record pages', () => {
  it('formats currency, percent and numbers per locale', () => {
    const amount = field({ type: 'currency', currency: 'CNY' });
    expect(formatValue(amount, row(1234.5), 'zh-CN')).toBe('¥1,234.50');
    expect(formatValue(amount, row(1234.5), 'en')).toBe('CN¥1,234.50');
    expect(formatValue(field({ type: 'percent', scale: 0 }), row(40), 'en')).toBe('40%');
    expect(formatValue(field({ type: 'integer' }), row(1200000), 'de')).toBe('1.200.000');
  });

  it('names options, expanded lookups, people and regions, and leaves empty values empty', () => {
    const stage = field({
      type: 'single_select',
      options: [{ value: 'won', label: { 'zh-CN': '赢单', en: 'Won' } }],
    });
    expect(formatValue(stage, row('won'), 'zh-CN')).toBe('赢单');
    const account = field({ type: 'lookup', target: 'account' });
    expect(
      formatValue(account, { ...row('a1'), $expanded: { v: { id: 'a1', name: 'Acme' } } }, 'en'),
    ).toBe('Acme');
    expect(formatValue(field({ type: 'user' }), row('u1'), 'en', { user: () => 'Ada' })).toBe(
      'Ada',
    );
    expect(
      formatValue(field({ type: 'region', level: 'district' }), row('320506'), 'en', {
        region: () => '江苏省 / 苏州市 / 吴中区',
      }),
    ).toBe('江苏省 / 苏州市 / 吴中区');
    expect(formatValue(stage, row(null), 'en')).toBe('');
  });

  it('masks sensitive values by their mask', () => {
    expect(maskValue(field({ type: 'phone', sensitive: { mask: 'phone' } }), '13812345678')).toBe(
      '138****5678',
    );
    expect(
      maskValue(field({ type: 'email', sensitive: { mask: 'email' } }), 'alice@example.com'),
    ).toBe('a****@example.com');
    expect(
      maskValue(field({ type: 'text', sensitive: { mask: 'custom', pattern: '2*2' } }), 'ABCDEFG'),
    ).toBe('AB***FG');
    expect(maskValue(field({ type: 'text' }), 'plain')).toBe('plain');
  });
});
