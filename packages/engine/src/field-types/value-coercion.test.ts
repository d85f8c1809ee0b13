import { describe, expect, it } from 'vitest';
import {
  coerceDate,
  coerceText,
  coerceUuid,
  hasUnstorableCharacter,
  isIsoDate,
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
