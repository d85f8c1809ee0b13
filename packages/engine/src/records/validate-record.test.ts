import type { FieldDef, ObjectDoc } from '@tangram/schema';
import { describe, expect, it } from 'vitest';
import { allocateSlots } from './allocate-slots.js';
import { compileRecordValidator, validateRecord } from './validate-record.js';

function field(name: string, type: string, options: Record<string, unknown> = {}): FieldDef {
  return { name, type, label: { en: name }, ...options } as FieldDef;
}

function opportunity(extraFields: FieldDef[] = [], extra: Partial<ObjectDoc> = {}): ObjectDoc {
  return allocateSlots(
    {
      kind: 'object',
      schemaVersion: 1,
      name: 'opportunity',
      label: { en: 'Opportunity' },
      nameField: 'name',
      fields: [
        field('name', 'text', { required: true, maxLength: 20 }),
        field('amount', 'currency', { currency: 'CNY', min: 0 }),
        field('stage', 'single_select', {
          options: [
            { value: 'open', label: { en: 'Open' } },
            { value: 'won', label: { en: 'Won' } },
          ],
          default: { value: 'open' },
        }),
        field('close_date', 'date'),
        field('number', 'autonumber', { pattern: 'OPP-{0000}' }),
        ...extraFields,
      ],
      ...extra,
    },
    [],
  );
}

const now = new Date('2026-03-15T04:00:00Z');

function create(object: ObjectDoc, input: unknown) {
  return validateRecord(object, input, { mode: 'create', now, timeZone: 'Asia/Shanghai' });
}

function issuesOf(result: ReturnType<typeof validateRecord>) {
  return result.ok ? [] : result.issues.map((i) => [i.field ?? i.path, i.code]);
}

describe('validateRecord on create', () => {
  it('coerces values and fills literal defaults', () => {
    const result = create(opportunity(), { name: 'Big deal', amount: 1200.5 });
    expect(result).toMatchObject({
      ok: true,
      values: { name: 'Big deal', amount: '1200.5', stage: 'open' },
    });
  });

  it('lists every issue with its field and code, not just the first', () => {
    const result = create(opportunity(), {
      name: 'x'.repeat(21),
      amount: -1,
      stage: 'lost',
      close_date: '2026-02-30',
      colour: 'red',
    });
    expect(issuesOf(result)).toEqual([
      ['name', 'TOO_LONG'],
      ['amount', 'TOO_SMALL'],
      ['stage', 'UNKNOWN_OPTION'],
      ['close_date', 'TYPE'],
      ['colour', 'UNKNOWN_FIELD'],
    ]);
    expect(!result.ok && result.issues[0]?.path).toBe('/name');
  });

  it('requires required fields, also when sent empty', () => {
    expect(issuesOf(create(opportunity(), {}))).toEqual([['name', 'REQUIRED']]);
    expect(issuesOf(create(opportunity(), { name: '' }))).toEqual([['name', 'REQUIRED']]);
  });

  it('refuses system fields and computed fields', () => {
    const result = create(opportunity(), {
      name: 'A',
      id: 'x',
      version: 3,
      created_by: 'me',
      number: 'OPP-9',
    });
    expect(issuesOf(result)).toEqual([
      ['id', 'SYSTEM_FIELD'],
      ['version', 'SYSTEM_FIELD'],
      ['created_by', 'SYSTEM_FIELD'],
      ['number', 'READ_ONLY_FIELD'],
    ]);
  });

  it('refuses a body that is not an object', () => {
    expect(issuesOf(create(opportunity(), [1]))).toEqual([['', 'TYPE']]);
  });

  it('evaluates rule defaults against the new record and today', () => {
    const object = opportunity([
      field('follow_up', 'date', { default: { rule: { today: [] } } }),
      field('title', 'text', { default: { rule: { cat: ['Deal: ', { var: 'name' }] } } }),
    ]);
    const result = create(object, { name: 'Acme' });
    expect(result).toMatchObject({
      ok: true,
      values: { follow_up: '2026-03-15', title: 'Deal: Acme' },
    });
  });

  it('computes formulas in dependency order and stores them', () => {
    const object = opportunity([
      field('total', 'formula', {
        resultType: 'currency',
        expression: { '+': [{ var: 'net' }, 10] },
      }),
      field('net', 'formula', {
        resultType: 'currency',
        expression: { '*': [{ var: 'amount' }, 2] },
      }),
    ]);
    const result = create(object, { name: 'A', amount: 5 });
    expect(result).toMatchObject({ ok: true, values: { net: '10', total: '20' } });
  });

  it('stores no value for a formula that cannot be computed', () => {
    const object = opportunity([
      field('ratio', 'formula', {
        resultType: 'number',
        expression: { '/': [1, { var: 'amount' }] },
      }),
    ]);
    expect(create(object, { name: 'A', amount: 0 })).toMatchObject({
      ok: true,
      values: { ratio: null },
    });
  });

  it('applies validation rules with their localized message on the field or the record', () => {
    const object = opportunity([], {
      validationRules: [
        {
          name: 'won_needs_amount',
          errorWhen: { and: [{ '==': [{ var: 'stage' }, 'won'] }, { '!': [{ var: 'amount' }] }] },
          message: { 'zh-CN': '赢单必须填写金额', en: 'A won deal needs an amount.' },
          field: 'amount',
        },
        { name: 'never_b', errorWhen: { '==': [{ var: 'name' }, 'B'] }, message: { en: 'Not B.' } },
      ],
    });
    const result = create(object, { name: 'B', stage: 'won' });
    expect(!result.ok && result.issues).toEqual([
      {
        path: '/amount',
        field: 'amount',
        code: 'VALIDATION_RULE',
        message: '赢单必须填写金额',
        params: { rule: 'won_needs_amount' },
      },
      { path: '', code: 'VALIDATION_RULE', message: 'Not B.', params: { rule: 'never_b' } },
    ]);
    expect(create(object, { name: 'A', stage: 'won', amount: 1 }).ok).toBe(true);
  });

  it('checks dependent options against the controlling field', () => {
    const object = opportunity([
      field('city', 'single_select', {
        dependsOn: 'stage',
        options: [{ value: 'bj', label: { en: 'Beijing' }, parents: ['won'] }],
      }),
    ]);
    expect(issuesOf(create(object, { name: 'A', stage: 'open', city: 'bj' }))).toEqual([
      ['city', 'DEPENDENT_OPTION'],
    ]);
    expect(create(object, { name: 'A', stage: 'won', city: 'bj' }).ok).toBe(true);
  });
});

describe('validateRecord on update', () => {
  const existing = {
    name: 'Acme',
    amount: 100,
    stage: 'open',
    close_date: null,
    number: 'OPP-0001',
  };

  it('returns only what the patch changes, and reads the rest from the stored record', () => {
    const object = opportunity([
      field('double', 'formula', {
        resultType: 'currency',
        expression: { '*': [{ var: 'amount' }, 2] },
      }),
    ]);
    const result = validateRecord(
      object,
      { amount: 300 },
      { mode: 'update', existing: { ...existing, double: 200 } },
    );
    expect(result).toMatchObject({ ok: true });
    expect(result.ok && result.values).toEqual({ amount: '300', double: '600' });
  });

  it('applies no defaults and lets unrelated required fields be', () => {
    const result = validateRecord(
      opportunity(),
      { close_date: '2026-04-01' },
      { mode: 'update', existing },
    );
    expect(result.ok && result.values).toEqual({ close_date: '2026-04-01' });
  });

  it('refuses clearing a required field', () => {
    const result = validateRecord(opportunity(), { name: null }, { mode: 'update', existing });
    expect(issuesOf(result)).toEqual([['name', 'REQUIRED']]);
  });

  it('refuses changing a read-only field', () => {
    const object = opportunity([field('source', 'text', { readOnly: true })]);
    const result = validateRecord(object, { source: 'web' }, { mode: 'update', existing });
    expect(issuesOf(result)).toEqual([['source', 'READ_ONLY_FIELD']]);
  });
});

describe('compileRecordValidator', () => {
  const rules = () =>
    opportunity(
      [
        field('probability', 'percent', {
          default: { rule: { if: [{ '==': [{ var: 'stage' }, 'won'] }, 100, 10] } },
        }),
        field('weighted', 'formula', {
          resultType: 'currency',
          expression: { '*': [{ var: 'amount' }, { '/': [{ var: 'probability' }, 100] }] },
        }),
      ],
      {
        validationRules: [
          {
            name: 'won_needs_amount',
            errorWhen: { and: [{ '==': [{ var: 'stage' }, 'won'] }, { '!': [{ var: 'amount' }] }] },
            message: { en: 'A won deal needs an amount.' },
            field: 'amount',
          },
        ],
      },
    );
  const options = { mode: 'create', now, timeZone: 'Asia/Shanghai', locale: 'en' } as const;

  it('validates many records as validateRecord does', () => {
    const object = rules();
    const validator = compileRecordValidator(object);
    const inputs = [
      { name: 'A', amount: 200 },
      { name: 'B', stage: 'won', amount: 50 },
      { name: 'C', stage: 'won' },
      { name: '', amount: -1 },
      { name: 'D', ghost: 1, id: 'x' },
    ];
    for (const input of inputs) {
      expect(validator.validate(input, options)).toEqual(validateRecord(object, input, options));
    }
    expect(validator.validate(inputs[1], options)).toMatchObject({
      ok: true,
      values: { probability: '100', weighted: '50' },
      record: { probability: 100, weighted: 50, stage: 'won' },
    });
    expect(issuesOf(validator.validate(inputs[2], options))).toEqual([
      ['amount', 'VALIDATION_RULE'],
    ]);
  });

  it('keeps the rules of the version it was compiled from', () => {
    const object = rules();
    const validator = compileRecordValidator(object);
    const [rule] = object.validationRules ?? [];
    (rule as { errorWhen: unknown }).errorWhen = { '==': [1, 1] };
    expect(validator.validate({ name: 'A', stage: 'won', amount: 5 }, options).ok).toBe(true);
    expect(validateRecord(object, { name: 'A', stage: 'won', amount: 5 }, options).ok).toBe(false);
  });

  it('can lay the record out with the system keys first, unseen by rules', () => {
    const object = opportunity([
      field('keys', 'formula', {
        resultType: 'text',
        expression: { cat: [{ var: ['id', 'no id'] }, ' ', { missing: ['id', 'name'] }] },
      }),
    ]);
    const validator = compileRecordValidator(object);
    const plain = validator.validate({ name: 'A' }, options);
    const laidOut = validator.validate({ name: 'A' }, { ...options, systemKeys: true });
    expect(plain).toMatchObject({ ok: true, values: { keys: 'no id id' } });
    expect(laidOut.ok && laidOut.values).toEqual(plain.ok && plain.values);
    expect(
      Object.keys(laidOut.ok ? laidOut.record : {})
        .slice(0, 8)
        .join(' '),
    ).toBe('id version owner_id created_by created_at updated_by updated_at name');
  });

  it('treats a rule that does not compile as one that fails on every record', () => {
    const object = opportunity(
      [field('weird', 'formula', { resultType: 'number', expression: { log: 1 } })],
      { validationRules: [{ name: 'bad', errorWhen: { log: 1 }, message: { en: 'x' } }] },
    );
    const result = compileRecordValidator(object).validate({ name: 'A' }, options);
    expect(result).toMatchObject({ ok: true, values: { weird: null } });
  });
});
