import type { FieldDef, ObjectDoc } from '@tangram/schema';
import { describe, expect, it } from 'vitest';
import { allocateSlots } from './allocate-slots.js';
import { type PlanQueryContext, planQuery, type RecordQueryRequest } from './plan-query.js';
import { cursorAfter, decodeCursor, encodeCursor, sortSignature } from './record-cursor.js';
import { systemColumn } from './record-plan.js';

function field(name: string, type: string, options: Record<string, unknown> = {}): FieldDef {
  return { name, type, label: { en: name }, ...options } as FieldDef;
}

function objectDoc(name: string, fields: FieldDef[]): ObjectDoc {
  return allocateSlots(
    {
      kind: 'object',
      schemaVersion: 1,
      name,
      label: { en: name },
      nameField: fields[0]?.name ?? 'name',
      fields,
    },
    [],
  );
}

const options = (values: string[]) => values.map((value) => ({ value, label: { en: value } }));

// slots: name t1, stage t2, amount n1, close_date d1, account u1, tags extra, notes extra, closed_at ts1
const opportunity = objectDoc('opportunity', [
  field('name', 'text', { searchable: true }),
  field('stage', 'single_select', { options: options(['open', 'won', 'lost']) }),
  field('amount', 'currency', { currency: 'CNY' }),
  field('close_date', 'date'),
  field('account', 'lookup', { target: 'account' }),
  field('tags', 'multi_select', { options: options(['hot', 'cold']) }),
  field('notes', 'long_text'),
  field('closed_at', 'datetime'),
]);
// slots: name t1, industry t2, parent u1
const account = objectDoc('account', [
  field('name', 'text'),
  field('industry', 'single_select', { options: options(['government', 'retail']) }),
  field('parent', 'lookup', { target: 'account' }),
]);

const context: PlanQueryContext = {
  tenantId: 'tenant-a',
  objectId: 7,
  objects: (name) => (name === 'account' ? { object: account, objectId: 3 } : undefined),
  // 2026-03-15 12:00 in Shanghai.
  clock: { now: () => new Date('2026-03-15T04:00:00Z') },
  timeZone: 'Asia/Shanghai',
};

function plan(request: RecordQueryRequest) {
  const result = planQuery(opportunity, request, context);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.plan;
}

function codes(request: RecordQueryRequest) {
  const result = planQuery(opportunity, request, context);
  return result.ok ? [] : result.issues.map((i) => [i.path, i.code]);
}

const condition = (fieldName: string, op: string, value?: unknown) => ({
  kind: 'condition',
  field: fieldName,
  op,
  ...(value === undefined ? {} : { value }),
});

const slot = (name: string, type: string) => ({ kind: 'slot', slot: name, type });

describe('planQuery', () => {
  it('plans a first page: no filter, newest first, id tiebreak, page size + 1', () => {
    const result = plan({});
    expect(result).toMatchObject({
      kind: 'query',
      tenantId: 'tenant-a',
      objectId: 7,
      where: { kind: 'and', children: [] },
      sort: [
        { column: systemColumn('created_at'), direction: 'desc' },
        { column: systemColumn('id'), direction: 'desc' },
      ],
      after: null,
      limit: 51,
      count: 'none',
      access: null,
      deleted: false,
    });
    expect(Object.isFrozen(result.sort)).toBe(true);
  });

  it('resolves fields to slots and coerces values', () => {
    const filter = {
      kind: 'and',
      children: [condition('stage', 'in', ['open', 'won']), condition('amount', 'gte', 1000.5)],
    };
    expect(plan({ filter }).where).toEqual({
      kind: 'and',
      children: [
        { kind: 'in', column: slot('t2', 'text'), values: ['open', 'won'] },
        { kind: 'compare', column: slot('n1', 'numeric'), op: 'gte', value: '1000.5' },
      ],
    });
  });

  it('keeps records with an empty field for ne and not_in', () => {
    expect(plan({ filter: condition('stage', 'ne', 'won') }).where).toEqual({
      kind: 'not',
      child: { kind: 'compare', column: slot('t2', 'text'), op: 'eq', value: 'won' },
    });
  });

  it('turns eq null into is_empty and between into an inclusive range', () => {
    expect(plan({ filter: condition('close_date', 'eq', null) }).where).toEqual({
      kind: 'empty',
      column: slot('d1', 'date'),
    });
    expect(plan({ filter: condition('amount', 'between', [1, 2]) }).where).toEqual({
      kind: 'and',
      children: [
        { kind: 'compare', column: slot('n1', 'numeric'), op: 'gte', value: '1' },
        { kind: 'compare', column: slot('n1', 'numeric'), op: 'lte', value: '2' },
      ],
    });
  });

  it('resolves relative dates in the tenant time zone', () => {
    const range = (op: string, value: unknown, column = 'close_date') => {
      const where = plan({ filter: condition(column, op, value) }).where;
      return where.kind === 'and'
        ? where.children.map((c) => (c.kind === 'compare' ? c.value : null))
        : where;
    };
    expect(range('on_relative', { unit: 'month', offset: 0 })).toEqual([
      '2026-03-01',
      '2026-04-01',
    ]);
    expect(range('on_relative', { unit: 'quarter', offset: -1 })).toEqual([
      '2025-10-01',
      '2026-01-01',
    ]);
    expect(range('in_last', { unit: 'day', amount: 7 })).toEqual(['2026-03-09', '2026-03-16']);
    expect(range('in_next', { unit: 'week', amount: 1 })).toEqual(['2026-03-09', '2026-03-16']);
    // Midnight in Shanghai is 16:00 UTC the day before.
    expect(range('on_relative', { unit: 'day', offset: 0 }, 'closed_at')).toEqual([
      '2026-03-14T16:00:00.000Z',
      '2026-03-15T16:00:00.000Z',
    ]);
  });

  it('filters through a lookup path with a semi-join on the target object', () => {
    expect(plan({ filter: condition('account.industry', 'eq', 'government') }).where).toEqual({
      kind: 'via',
      source: slot('u1', 'uuid'),
      targetObject: 'account',
      targetObjectId: 3,
      condition: { kind: 'compare', column: slot('t2', 'text'), op: 'eq', value: 'government' },
    });
  });

  it('nests semi-joins for paths of several lookups', () => {
    const where = plan({ filter: condition('account.parent.name', 'starts_with', 'Acme') }).where;
    expect(where).toMatchObject({
      kind: 'via',
      targetObjectId: 3,
      condition: {
        kind: 'via',
        source: slot('u1', 'uuid'),
        condition: {
          kind: 'text_match',
          column: slot('t1', 'text'),
          mode: 'starts_with',
          value: 'Acme',
        },
      },
    });
  });

  it('filters multi-selects held in extra with array operators', () => {
    expect(plan({ filter: condition('tags', 'in', ['hot']) }).where).toEqual({
      kind: 'array_has',
      column: { kind: 'extra', key: 'tags', type: 'text_array' },
      match: 'any',
      values: ['hot'],
    });
  });

  it('lets filters and sorts name system fields', () => {
    const result = plan({
      filter: condition('created_at', 'gte', '2026-01-01T00:00:00Z'),
      sort: [{ field: 'updated_at', direction: 'asc' }],
    });
    expect(result.where).toEqual({
      kind: 'compare',
      column: systemColumn('created_at'),
      op: 'gte',
      value: '2026-01-01T00:00:00.000Z',
    });
    expect(result.sort.map((s) => [s.column, s.direction])).toEqual([
      [systemColumn('updated_at'), 'asc'],
      [systemColumn('id'), 'asc'],
    ]);
  });

  it('answers every problem of a bad query with its path and code', () => {
    const filter = {
      kind: 'and',
      children: [
        condition('colour', 'eq', 'red'),
        condition('stage', 'resembles', 'won'),
        condition('stage', 'gt', 'won'),
        condition('amount', 'eq', 'lots'),
        condition('stage', 'eq', 'pending'),
        condition('name.first', 'eq', 'x'),
        condition('close_date', 'is_empty', 3),
        { kind: 'xor' },
      ],
    };
    expect(codes({ filter, limit: 500, count: 'maybe' })).toEqual([
      ['/filter/children/0/field', 'UNKNOWN_FIELD'],
      ['/filter/children/1/op', 'UNKNOWN_OPERATOR'],
      ['/filter/children/2/op', 'OPERATOR_NOT_SUPPORTED'],
      ['/filter/children/3/value', 'INVALID_VALUE'],
      ['/filter/children/4/value', 'INVALID_VALUE'],
      ['/filter/children/5/field', 'NOT_A_LOOKUP'],
      ['/filter/children/6/value', 'INVALID_VALUE'],
      ['/filter/children/7/kind', 'INVALID_FILTER'],
      ['/limit', 'PAGE_SIZE'],
      ['/count', 'INVALID_COUNT'],
    ]);
  });

  it('refuses filters nested deeper than 8 levels', () => {
    let filter: unknown = condition('name', 'eq', 'x');
    for (let i = 0; i < 8; i += 1) filter = { kind: 'not', child: filter };
    expect(codes({ filter })).toEqual([
      [expect.stringMatching(/^\/filter(\/child)+$/), 'FILTER_TOO_DEEP'],
    ]);
  });

  it('refuses more than 100 conditions', () => {
    const children = Array.from({ length: 101 }, () => condition('name', 'eq', 'x'));
    expect(codes({ filter: { kind: 'or', children } })).toEqual([
      ['/filter/children/100', 'TOO_MANY_CONDITIONS'],
    ]);
  });

  it('refuses sorting on fields kept in extra and through lookups', () => {
    expect(
      codes({ sort: [{ field: 'notes' }, { field: 'account.name' }, { field: 'nope' }] }),
    ).toEqual([
      ['/sort/0/field', 'SORT_NOT_SUPPORTED'],
      ['/sort/1/field', 'SORT_NOT_SUPPORTED'],
      ['/sort/2/field', 'UNKNOWN_FIELD'],
    ]);
  });

  it('selects the columns of the asked fields', () => {
    expect(plan({ fields: ['name', 'notes'] }).select).toEqual([
      slot('t1', 'text'),
      { kind: 'extra', key: 'notes', type: 'text' },
    ]);
    expect(codes({ fields: ['name', 'ghost'] })).toEqual([['/fields', 'UNKNOWN_FIELD']]);
  });

  it('searches the name and searchable text fields', () => {
    expect(plan({ search: ' acme ' }).search).toEqual({
      text: 'acme',
      columns: [slot('t1', 'text')],
    });
  });

  it('refuses search text and filter values holding U+0000 or an unpaired surrogate', () => {
    for (const text of ['a\u0000b', '\ud800', 'x\udc00']) {
      expect(codes({ search: text })).toEqual([['/search', 'UNSUPPORTED_CHARACTER']]);
      const filtered = planQuery(opportunity, { filter: condition('name', 'eq', text) }, context);
      expect(filtered.ok ? [] : filtered.issues).toMatchObject([
        {
          path: '/filter/value',
          code: 'INVALID_VALUE',
          params: { cause: 'UNSUPPORTED_CHARACTER' },
        },
      ]);
    }
    expect(plan({ search: '😀 𠮷' }).search?.text).toBe('😀 𠮷');
  });

  it('passes the access predicate through', () => {
    const access = {
      kind: 'compare',
      column: systemColumn('owner_id'),
      op: 'eq',
      value: 'u-1',
    } as const;
    const result = planQuery(opportunity, {}, { ...context, access });
    expect(result.ok && result.plan.access).toEqual(access);
  });
});

describe('keyset cursors', () => {
  const row = {
    tenantId: 'tenant-a',
    objectId: 7,
    id: '0b6f3c3e-1d2a-4c1e-9f5e-2a7d1c9b8e10',
    ownerId: null,
    createdBy: 'u',
    createdAt: '2026-03-01T00:00:00.000Z',
    updatedBy: 'u',
    updatedAt: '2026-03-01T00:00:00.000Z',
    version: 1,
    deletedAt: null,
    slots: { n1: '1200.5' },
    extra: {},
  };

  it('carries the last row’s sort values into the next page', () => {
    const first = plan({ sort: [{ field: 'amount', direction: 'desc' }] });
    const cursor = cursorAfter(first.sort, row);
    const next = plan({ sort: [{ field: 'amount', direction: 'desc' }], cursor });
    expect(next.after).toEqual(['1200.5', row.id]);
  });

  it('refuses a cursor made for another sort', () => {
    const cursor = cursorAfter(plan({}).sort, row);
    expect(codes({ sort: [{ field: 'amount' }], cursor })).toEqual([
      ['/cursor', 'CURSOR_MISMATCH'],
    ]);
  });

  it('refuses a cursor that is not one the API made', () => {
    expect(codes({ cursor: 'not a cursor!' })).toEqual([['/cursor', 'INVALID_CURSOR']]);
    expect(codes({ cursor: encodeCursor({ sort: 'x', after: [] }).slice(3) })).toEqual([
      ['/cursor', 'INVALID_CURSOR'],
    ]);
  });

  it('refuses a cursor whose values do not fit the columns of its sort', () => {
    const sortedBy = (field: string, after: readonly (string | boolean | null)[]) => {
      const sort = plan({ sort: [{ field, direction: 'asc' }] }).sort;
      return codes({
        sort: [{ field, direction: 'asc' }],
        cursor: encodeCursor({ sort: sortSignature(sort), after }),
      });
    };
    const bad = [['/cursor', 'INVALID_CURSOR']];
    expect(sortedBy('amount', ['12.5', row.id])).toEqual([]);
    expect(sortedBy('amount', ['', row.id])).toEqual(bad);
    expect(sortedBy('amount', ['NaN', row.id])).toEqual(bad);
    expect(sortedBy('amount', [true, row.id])).toEqual(bad);
    expect(sortedBy('amount', [null, row.id])).toEqual([]);
    expect(sortedBy('amount', ['12.5', 'not-a-uuid'])).toEqual(bad);
    expect(sortedBy('amount', ['12.5', null])).toEqual(bad);
    expect(sortedBy('close_date', ['2026-02-30', row.id])).toEqual(bad);
    expect(sortedBy('closed_at', ['2026-01-01T25:00:00Z', row.id])).toEqual(bad);
    expect(sortedBy('closed_at', ['2026-01-01T08:00:00.000Z', row.id])).toEqual([]);
    expect(sortedBy('name', ['a\u0000', row.id])).toEqual(bad);
    expect(sortedBy('account', ['x', row.id])).toEqual(bad);
  });

  it('round-trips non-ASCII values', () => {
    const cursor = encodeCursor({ sort: 't1:asc,id:asc', after: ['客户', null] });
    expect(decodeCursor(cursor)).toEqual({ sort: 't1:asc,id:asc', after: ['客户', null] });
  });
});
