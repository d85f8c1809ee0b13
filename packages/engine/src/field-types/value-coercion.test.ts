import { metadataSchemas } from '@tangram/schema';
import { describe, expect, it } from 'vitest';
import {
  coerceDate,
  coerceDecimal,
  coerceText,
  coerceUuid,
  hasUnstorableCharacter,
  isIsoDate,
  MAX_DECIMAL_PRECISION,
  MAX_DECIMAL_SCALE,
  numericOperand,
  textOperand,
  toDecimalString,
} from './value-coercion.js';

describe('toDecimalString', () => {
  it('keeps a canonical decimal string as it is', () => {
    for (const text of ['0', '7', '-7', '10', '12.5', '-0.5', '0.001', '123456789012345678.25']) {
      expect(toDecimalString(text)).toBe(text);
    }
  });

  it('writes any other decimal string canonically', () => {
    expect(toDecimalString(' 12.50 ')).toBe('12.5');
    expect(toDecimalString('007')).toBe('7');
    expect(toDecimalString('+5')).toBe('5');
    expect(toDecimalString('-0')).toBe('0');
    expect(toDecimalString('-0.00')).toBe('0');
    expect(toDecimalString('0.10')).toBe('0.1');
    expect(toDecimalString('1.5e3')).toBe('1500');
    expect(toDecimalString('12e-2')).toBe('0.12');
  });

  it('refuses what is no decimal', () => {
    for (const text of ['', '-', '.5', '1.', '1.2.3', '12a', '0x10', '1,5', '--1']) {
      expect(toDecimalString(text)).toBeUndefined();
    }
  });
});

describe('numbers written with an exponent', () => {
  const amount = { precision: 12, scale: 2 };
  const codeOf = (coerced: ReturnType<typeof coerceDecimal>) =>
    coerced.ok ? coerced.value : coerced.issue;

  it('writes out exponents up to the digits a numeric field can hold', () => {
    expect(toDecimalString(`9.5e${MAX_DECIMAL_PRECISION - 1}`)).toBe(`95${'0'.repeat(36)}`);
    expect(toDecimalString(`1e-${MAX_DECIMAL_SCALE}`)).toBe(`0.${'0'.repeat(17)}1`);
    expect(toDecimalString('0.05e2')).toBe('5');
    expect(toDecimalString('0e999999999')).toBe('0');
    expect(toDecimalString(1e300)).toBe(`1${'0'.repeat(300)}`);
  });

  it('refuses a value too large for every field as too many digits before the point', () => {
    for (const text of ['1e999999999', '1e39', `1e${'9'.repeat(400)}`, '-0.001e42']) {
      expect([text, codeOf(coerceDecimal(text, amount))]).toEqual([
        text,
        expect.objectContaining({ code: 'PRECISION', params: { precision: 12, scale: 2 } }),
      ]);
    }
  });

  it('refuses a value too small for every field as too many digits after the point', () => {
    for (const text of ['1e-999999999', '1e-19', '100e-21']) {
      expect([text, codeOf(coerceDecimal(text, amount))]).toEqual([
        text,
        expect.objectContaining({ code: 'SCALE', params: { scale: 2 } }),
      ]);
    }
  });

  it('refuses such a value as a filter operand', () => {
    expect(numericOperand('1e999999999')).toMatchObject({
      ok: false,
      issue: { code: 'PRECISION' },
    });
    expect(numericOperand('1e-999999999')).toMatchObject({ ok: false, issue: { code: 'SCALE' } });
    expect(toDecimalString('1e999999999')).toBeUndefined();
  });

  it('bounds the digits by the caps field.schema.json sets on precision and scale', () => {
    const caps = { precision: new Set<number>(), scale: new Set<number>() };
    const visit = (node: unknown): void => {
      if (node === null || typeof node !== 'object') return;
      for (const [key, child] of Object.entries(node)) {
        const maximum = (child as { maximum?: unknown } | null)?.maximum;
        if ((key === 'precision' || key === 'scale') && typeof maximum === 'number') {
          caps[key].add(maximum);
        }
        visit(child);
      }
    };
    visit(metadataSchemas['field.schema.json']);
    expect([...caps.precision]).toEqual([MAX_DECIMAL_PRECISION]);
    expect([...caps.scale]).toEqual([MAX_DECIMAL_SCALE]);
  });
});

describe('coerceUuid', () => {
  it('accepts a uuid, lower-cased', () => {
    const id = '01a23715-a5b7-721d-bf37-fb2199b03acd';
    expect(coerceUuid(id)).toEqual({ ok: true, value: id });
    expect(coerceUuid(id.toUpperCase())).toEqual({ ok: true, value: id });
  });

  it('refuses text that is not 8-4-4-4-12 hex digits', () => {
    for (const text of [
      '01a23715a5b7721dbf37fb2199b03acd',
      '01a23715-a5b7-721d-bf37-fb2199b03ac',
      '01a23715-a5b7-721d-bf37-fb2199b03acdd',
      '01a23715-a5b7-721d-bf37_fb2199b03acd',
      '01a23715-a5b7-721d-bf37-fb2199b03acg',
      '{1a23715-a5b7-721d-bf37-fb2199b03ac}',
    ]) {
      expect(coerceUuid(text)).toMatchObject({ ok: false, issue: { code: 'TYPE' } });
    }
    expect(coerceUuid(42)).toMatchObject({ ok: false });
  });
});

describe('isIsoDate', () => {
  it('accepts real calendar dates, leap days included', () => {
    for (const text of [
      '2026-01-31',
      '2024-02-29',
      '2000-02-29',
      '0001-01-01',
      '0050-06-30',
      '9999-12-31',
    ]) {
      expect(isIsoDate(text)).toBe(true);
    }
  });

  it('refuses dates that do not exist or are written otherwise', () => {
    for (const text of [
      '2026-02-29',
      '0000-01-01',
      '1900-02-29',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-01-00',
      '2026-1-05',
      '2026/01/05',
      '2026-01-05T00:00:00Z',
      '２０２６-01-05',
    ]) {
      expect(isIsoDate(text)).toBe(false);
    }
    expect(coerceDate('2026-02-30')).toMatchObject({ ok: false, issue: { code: 'TYPE' } });
  });
});

describe('text PostgreSQL cannot store', () => {
  const unstorable = [
    '\u0000',
    'a\u0000b',
    '\ud800',
    'a\udbffb',
    '\udc00',
    'x\udfff',
    '\ude00\ud83d',
  ];
  const storable = ['', 'plain', '客户', '😀', '𠮷野家', '\u0001\u001f', '\\u0000', '\ufffd'];

  it('finds U+0000 and surrogates without their pair, and nothing else', () => {
    for (const text of unstorable)
      expect([text, hasUnstorableCharacter(text)]).toEqual([text, true]);
    for (const text of storable)
      expect([text, hasUnstorableCharacter(text)]).toEqual([text, false]);
  });

  it('is refused as a text value and as a filter operand', () => {
    for (const text of unstorable) {
      const value = coerceText(text, { maxLength: 100 });
      expect(value.ok ? 'accepted' : value.issue.code).toBe('UNSUPPORTED_CHARACTER');
      const operand = textOperand(text);
      expect(operand.ok ? 'accepted' : operand.issue.code).toBe('UNSUPPORTED_CHARACTER');
    }
    for (const text of storable) expect(coerceText(text, { maxLength: 100 }).ok).toBe(true);
  });
});
