import { describe, expect, it } from 'vitest';
import { isoInstant } from './iso-instant.js';

describe('isoInstant', () => {
  it('serves a Date as its ISO string', () => {
    expect(isoInstant(new Date('2026-12-01T08:30:00.250Z'))).toBe('2026-12-01T08:30:00.250Z');
  });

  it('rearranges the UTC text form without changing the instant', () => {
    expect(isoInstant('2026-12-01 08:30:00+00')).toBe('2026-12-01T08:30:00.000Z');
    expect(isoInstant('2026-12-01 08:30:00.2+00')).toBe('2026-12-01T08:30:00.200Z');
    expect(isoInstant('2026-12-01 08:30:00.25+00')).toBe('2026-12-01T08:30:00.250Z');
    expect(isoInstant('2026-12-01 08:30:00.123+00')).toBe('2026-12-01T08:30:00.123Z');
  });

  it('drops sub-millisecond digits as a Date does', () => {
    expect(isoInstant('2026-12-01 08:30:00.123999+00')).toBe('2026-12-01T08:30:00.123Z');
    expect(isoInstant('2026-12-01 08:30:00.0005+00')).toBe('2026-12-01T08:30:00.000Z');
  });

  it('agrees with the driver for every millisecond value', () => {
    for (let ms = 0; ms < 1000; ms += 7) {
      const digits = String(ms).padStart(3, '0');
      const text = `2025-02-28 23:59:59.${digits}+00`;
      expect(isoInstant(text)).toBe(new Date(`2025-02-28T23:59:59.${digits}Z`).toISOString());
    }
  });

  it('converts text in another zone to UTC', () => {
    expect(isoInstant('2026-12-01 16:30:00.25+08')).toBe('2026-12-01T08:30:00.250Z');
    expect(isoInstant('2026-12-01 14:00:00+05:30')).toBe('2026-12-01T08:30:00.000Z');
  });

  it('keeps years past 9999 in the extended ISO form', () => {
    expect(isoInstant('12026-12-01 08:30:00+00')).toBe('+012026-12-01T08:30:00.000Z');
  });
});
