import type { FieldDef } from '@tangram/schema';
import { describe, expect, it } from 'vitest';
import { FIELD_TYPES, fieldTypeOf } from './field-type-registry.js';

function field(type: string, options: Record<string, unknown> = {}): FieldDef {
  return { name: 'f', type, label: { en: 'F' }, ...options } as FieldDef;
}

function coerce(definition: FieldDef, input: unknown) {
  return fieldTypeOf(definition).coerce(definition, input);
}

function codeOf(definition: FieldDef, input: unknown): string | undefined {
  const result = coerce(definition, input);
  return result.ok ? undefined : result.issue.code;
}

function storedOf(definition: FieldDef, input: unknown): unknown {
  const result = coerce(definition, input);
  if (!result.ok) throw new Error(`refused: ${result.issue.code}`);
  return result.value;
}

const stageOptions = [
  { value: 'open', label: { en: 'Open' } },
  { value: 'won', label: { en: 'Won' } },
  { value: 'legacy', label: { en: 'Legacy' }, inactive: true },
];

describe('the field type registry', () => {
  it('has one entry for each of the 25 field types of the schema', () => {
    expect(Object.keys(FIELD_TYPES)).toHaveLength(25);
    for (const [type, entry] of Object.entries(FIELD_TYPES)) expect(entry.type).toBe(type);
  });

  it('marks computed types as not writable', () => {
    const readOnly = Object.values(FIELD_TYPES)
      .filter((t) => !t.writable)
      .map((t) => t.type);
    expect(readOnly.sort()).toEqual(['autonumber', 'formula', 'rollup']);
  });
});

describe('text', () => {
  it('counts length in characters, not bytes', () => {
    expect(storedOf(field('text', { maxLength: 4 }), '客户名称')).toBe('客户名称');
    expect(storedOf(field('text', { maxLength: 2 }), '😀😀')).toBe('😀😀');
    expect(codeOf(field('text', { maxLength: 3 }), '客户名称')).toBe('TOO_LONG');
  });

  it('applies 255 characters when no maxLength is set', () => {
    expect(codeOf(field('text'), 'x'.repeat(256))).toBe('TOO_LONG');
  });

  it('checks minLength and pattern', () => {
    expect(codeOf(field('text', { minLength: 3 }), 'ab')).toBe('TOO_SHORT');
    expect(codeOf(field('text', { pattern: '^[0-9A-Z]{18}$' }), 'abc')).toBe('PATTERN');
  });

  it('refuses non-strings', () => {
    expect(codeOf(field('text'), 12)).toBe('TYPE');
  });
});

describe('numbers', () => {
  it('stores decimals as exact strings within precision and scale', () => {
    const amount = field('currency', { currency: 'CNY' });
    expect(storedOf(amount, 1200.5)).toBe('1200.5');
    expect(storedOf(amount, '0012.50')).toBe('12.5');
    expect(codeOf(amount, 1.005)).toBe('SCALE');
    expect(codeOf(field('number', { precision: 4, scale: 2 }), 123.4)).toBe('PRECISION');
  });

  it('counts the digits of negative numbers and zero without their sign', () => {
    const small = field('number', { precision: 4, scale: 2 });
    expect(storedOf(small, -12.34)).toBe('-12.34');
    expect(codeOf(small, -123.4)).toBe('PRECISION');
    expect(storedOf(small, -0)).toBe('0');
    expect(storedOf(small, -0.5)).toBe('-0.5');
    expect(codeOf(small, 0.1 + 0.2)).toBe('SCALE');
  });

  it('expands exponent notation', () => {
    expect(storedOf(field('number', { scale: 10 }), 1e-7)).toBe('0.0000001');
    expect(storedOf(field('number', { precision: 30 }), 1e21)).toBe('1000000000000000000000');
  });

  it('checks min and max', () => {
    expect(codeOf(field('integer', { min: 0 }), -1)).toBe('TOO_SMALL');
    expect(codeOf(field('percent', { max: 100 }), 101)).toBe('TOO_LARGE');
  });

  it('refuses fractions for integers and text for numbers', () => {
    expect(codeOf(field('integer'), 1.5)).toBe('TYPE');
    expect(codeOf(field('number'), 'abc')).toBe('TYPE');
    expect(codeOf(field('number'), true)).toBe('TYPE');
  });

  it('serves numbers as JSON numbers, and as strings past 15 digits of precision', () => {
    const amount = field('currency', { currency: 'CNY' });
    expect(fieldTypeOf(amount).serialize(amount, '1200.50')).toBe(1200.5);
    const big = field('number', { precision: 30, scale: 2 });
    expect(fieldTypeOf(big).serialize(big, '123456789012345678.25')).toBe('123456789012345678.25');
  });

  it('keeps ratings between 1 and max', () => {
    expect(storedOf(field('rating'), 5)).toBe('5');
    expect(codeOf(field('rating', { max: 3 }), 4)).toBe('TOO_LARGE');
    expect(codeOf(field('rating'), 0)).toBe('TOO_SMALL');
  });
});

describe('dates and datetimes', () => {
  it('accepts real calendar dates written YYYY-MM-DD', () => {
    expect(storedOf(field('date'), '2024-02-29')).toBe('2024-02-29');
    expect(codeOf(field('date'), '2023-02-29')).toBe('TYPE');
    expect(codeOf(field('date'), '2024/01/01')).toBe('TYPE');
    expect(codeOf(field('date', { min: '2000-01-01' }), '1999-12-31')).toBe('TOO_SMALL');
  });

  it('stores datetimes as ISO UTC and needs a zone', () => {
    expect(storedOf(field('datetime'), '2024-01-31T08:00:00+08:00')).toBe(
      '2024-01-31T00:00:00.000Z',
    );
    expect(codeOf(field('datetime'), '2024-01-31T08:00:00')).toBe('TYPE');
    expect(codeOf(field('datetime'), '2024-13-31T08:00:00Z')).toBe('TYPE');
  });
});

describe('selects', () => {
  it('accepts active options and refuses unknown or inactive ones on write', () => {
    const stage = field('single_select', { options: stageOptions });
    expect(storedOf(stage, 'won')).toBe('won');
    expect(codeOf(stage, 'lost')).toBe('UNKNOWN_OPTION');
    expect(codeOf(stage, 'legacy')).toBe('INACTIVE_OPTION');
  });

  it('lets filters name inactive options', () => {
    const stage = field('single_select', { options: stageOptions });
    expect(fieldTypeOf(stage).filterValue(stage, 'legacy')).toEqual({ ok: true, value: 'legacy' });
  });

  it('stores multi-selects as distinct arrays within maxSelected', () => {
    const tags = field('multi_select', { options: stageOptions, maxSelected: 2 });
    expect(storedOf(tags, ['open', 'won', 'open'])).toEqual(['open', 'won']);
    expect(codeOf(tags, ['open', 'nope'])).toBe('UNKNOWN_OPTION');
    expect(codeOf(tags, 'open')).toBe('TYPE');
    const many = field('multi_select', { options: stageOptions, maxSelected: 1 });
    expect(codeOf(many, ['open', 'won'])).toBe('TOO_MANY');
  });
});

describe('contact fields', () => {
  it('checks e-mail addresses and lower-cases the domain', () => {
    expect(storedOf(field('email'), ' Li.Lei@Example.COM ')).toBe('Li.Lei@example.com');
    expect(codeOf(field('email'), 'li.lei@')).toBe('FORMAT');
  });

  it('stores mainland mobile numbers as 11 digits', () => {
    const mobile = field('phone', { format: 'cn_mobile' });
    expect(storedOf(mobile, '+86 138-0013-8000')).toBe('13800138000');
    expect(codeOf(mobile, '12800138000')).toBe('FORMAT');
    expect(codeOf(field('phone', { format: 'e164' }), '13800138000')).toBe('FORMAT');
  });

  it('accepts only http and https addresses', () => {
    expect(storedOf(field('url'), 'https://example.com/a')).toBe('https://example.com/a');
    expect(codeOf(field('url'), 'javascript:alert(1)')).toBe('FORMAT');
    expect(codeOf(field('url'), 'not a url')).toBe('FORMAT');
  });
});

describe('references', () => {
  const id = '0b6f3c3e-1d2a-4c1e-9f5e-2a7d1c9b8e10';

  it('stores lookups as lower-case uuids', () => {
    expect(storedOf(field('lookup', { target: 'account' }), id.toUpperCase())).toBe(id);
    expect(codeOf(field('master_detail', { target: 'contract' }), 'abc')).toBe('TYPE');
  });

  it('keeps multiple users as a list in extra', () => {
    const team = field('user', { multiple: true });
    expect(fieldTypeOf(team).slotted(team)).toBe(false);
    expect(storedOf(team, [id, id])).toEqual([id]);
    expect(fieldTypeOf(field('user')).valueKind(field('user'))).toBe('uuid');
  });
});

describe('computed and other types', () => {
  it('refuses client values for autonumbers', () => {
    expect(codeOf(field('autonumber', { pattern: 'HT-{0000}' }), 'HT-0001')).toBe(
      'READ_ONLY_FIELD',
    );
  });

  it('stores a formula result in the kind of its result type, rounded to its scale', () => {
    const formula = field('formula', { resultType: 'currency', expression: 1 });
    expect(fieldTypeOf(formula).valueKind(formula)).toBe('numeric');
    expect(storedOf(formula, 10 / 3)).toBe('3.33');
    const flag = field('formula', { resultType: 'boolean', expression: true });
    expect(fieldTypeOf(flag).operators(flag)).not.toContain('gt');
  });

  it('checks region codes', () => {
    expect(storedOf(field('region', { level: 'province' }), '11')).toBe('11');
    expect(storedOf(field('region', { level: 'city' }), '1101')).toBe('1101');
    expect(storedOf(field('region', { level: 'district' }), '110105')).toBe('110105');
    expect(codeOf(field('region', { level: 'city' }), '110105')).toBe('FORMAT');
    expect(codeOf(field('region', { level: 'city' }), 'Beijing')).toBe('FORMAT');
    expect(codeOf(field('region', { level: 'district' }), '110199')).toBe('UNKNOWN_REGION');
  });

  it('checks attachments against maxFiles, size and accepted kinds', () => {
    const scan = field('attachment', { maxFiles: 1, maxSizeMb: 1, accept: ['.pdf', 'image/*'] });
    const pdf = { id: 'f1', name: 'contract.PDF', size: 1000 };
    expect(storedOf(scan, [pdf])).toEqual([pdf]);
    expect(codeOf(scan, [pdf, pdf])).toBe('TOO_MANY');
    expect(codeOf(scan, [{ ...pdf, size: 2 * 1024 * 1024 }])).toBe('TOO_LARGE');
    expect(codeOf(scan, [{ id: 'f2', name: 'a.exe', size: 1 }])).toBe('FORMAT');
    expect(
      storedOf(scan, [{ id: 'f3', name: 'photo', size: 1, contentType: 'image/png' }]),
    ).toHaveLength(1);
    expect(codeOf(scan, [{ id: 'f4' }])).toBe('TYPE');
  });

  it('offers relative-date operators on dates only', () => {
    expect(fieldTypeOf(field('date')).operators(field('date'))).toContain('in_last');
    expect(fieldTypeOf(field('integer')).operators(field('integer'))).not.toContain('in_last');
    expect(fieldTypeOf(field('long_text')).operators(field('long_text'))).not.toContain('eq');
  });
});
