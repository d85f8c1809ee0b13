import { randomUUID } from 'node:crypto';
import type {
  AuditEntry,
  ColumnRef,
  ExtraColumn,
  NewRecord,
  PlanCondition,
  PlanSortKey,
  PlanValue,
  RecordQueryPlan,
  RecordStore,
  SlotColumn,
  SlotKind,
  StoredRecord,
  SystemColumn,
} from '@tangram/engine';
import {
  LIMIT_EXCEEDED,
  MATCH_ALL,
  MAX_INDEXES_PER_OBJECT,
  RECORD_DUPLICATE,
  systemColumn,
} from '@tangram/engine';
import { type RawBuilder, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInTransaction } from '../ambient-transaction.js';
import type { Database } from '../database.js';
import { ensureTenant } from '../tenants.js';
import { createSignal, openTestDatabase, testBackends } from '../testing.js';
import { recordPartitionOf, recordStatisticsName } from './record-partitions.js';
import { orderBySql, rowValueAfterSql, searchSql } from './record-sql.js';
import { createRecordStore } from './record-store.js';
import { AT, createdAudit, newRecord } from './record-testing.js';

const NAME = slot('t1', 'text');
const STAGE = slot('t2', 'text');
const AMOUNT = slot('n1', 'numeric');
const CLOSE = slot('d1', 'date');
const WON = slot('b1', 'boolean');
const ACCOUNT = slot('u1', 'uuid');
/** A column of every slot kind and of extra, as a large batch insert writes them. */
const BATCH_COLUMNS: readonly ColumnRef[] = [
  NAME,
  AMOUNT,
  CLOSE,
  slot('ts1', 'timestamptz'),
  WON,
  ACCOUNT,
  { kind: 'extra', key: 'notes', type: 'text' },
  { kind: 'extra', key: 'tags', type: 'text_array' },
  { kind: 'extra', key: 'gone', type: 'text' },
];
const INDUSTRY = slot('t1', 'text');
const TAGS: ExtraColumn = { kind: 'extra', key: 'tags', type: 'text_array' };
const NOTES: ExtraColumn = { kind: 'extra', key: 'notes', type: 'text' };

function slot(name: string, type: SlotKind): SlotColumn {
  return { kind: 'slot', slot: name, type };
}

function compare(
  column: ColumnRef,
  op: 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte',
  value: PlanValue,
) {
  return { kind: 'compare', column, op, value } as const;
}

function auditOf(
  row: { tenantId: string; objectId: number; id: string },
  action: AuditEntry['action'],
  version: number,
): AuditEntry {
  return { ...row, action, actorId: 'user-2', at: AT, version, changes: { t1: ['a', 'b'] } };
}

function plan(
  tenantId: string,
  objectId: number,
  overrides: Partial<RecordQueryPlan> = {},
): RecordQueryPlan {
  return {
    kind: 'query',
    tenantId,
    objectId,
    where: MATCH_ALL,
    access: null,
    search: null,
    sort: [{ column: systemColumn('id'), direction: 'asc' }],
    after: null,
    select: [NAME, STAGE, AMOUNT, CLOSE, WON, ACCOUNT, TAGS, NOTES],
    limit: 1000,
    count: 'none',
    deleted: false,
    ...overrides,
  };
}

const SYSTEM_FIELDS: Record<SystemColumn, keyof StoredRecord> = {
  id: 'id',
  owner_id: 'ownerId',
  created_by: 'createdBy',
  created_at: 'createdAt',
  updated_by: 'updatedBy',
  updated_at: 'updatedAt',
  version: 'version',
  deleted_at: 'deletedAt',
};

function sortValue(record: StoredRecord, key: PlanSortKey): PlanValue | null {
  if (key.column.kind === 'slot') return record.slots[key.column.slot] ?? null;
  const value = record[SYSTEM_FIELDS[key.column.column]];
  return value === null ? null : String(value);
}

/** The order of the API computed in JavaScript: empty values last both ways, numbers numerically. */
function expectedOrder(records: readonly StoredRecord[], sort: readonly PlanSortKey[]): string[] {
  return [...records]
    .sort((left, right) => {
      for (const key of sort) {
        const [a, b] = [sortValue(left, key), sortValue(right, key)];
        if (a === b) continue;
        if (a === null) return 1;
        if (b === null) return -1;
        const order = key.column.type === 'numeric' ? Number(a) - Number(b) : a < b ? -1 : 1;
        if (order !== 0) return key.direction === 'asc' ? order : -order;
      }
      return 0;
    })
    .map((record) => record.id);
}

describe.each(testBackends())('record store on $name', (backend) => {
  let db: Database;
  let store: RecordStore;
  beforeAll(async () => {
    db = await openTestDatabase(backend);
    store = createRecordStore(db);
  });
  afterAll(async () => {
    await db.close();
  });

  async function newTenantId(): Promise<string> {
    const slug = `t_${randomUUID().slice(0, 8)}`;
    return (await ensureTenant(db, { slug, name: slug })).id;
  }

  async function insert(rows: NewRecord[]): Promise<NewRecord[]> {
    await store.insert(rows, rows.map(createdAudit));
    return rows;
  }

  /** Inserts a batch of one object and reads it back by id with every column kind. */
  async function insertAndRead(rows: NewRecord[]): Promise<Map<string, StoredRecord>> {
    await insert(rows);
    const [{ tenantId, objectId }] = rows as [NewRecord];
    const ids = rows.map((row) => row.id);
    const read = await store.getByIds(tenantId, objectId, ids, { columns: BATCH_COLUMNS });
    return new Map(read.map((stored) => [stored.id, stored]));
  }

  /** A tenant with accounts and opportunities to filter. */
  async function salesData() {
    const tenantId = await newTenantId();
    const accountsId = await store.resolveObjectId(tenantId, 'account');
    const opportunitiesId = await store.resolveObjectId(tenantId, 'opportunity');
    const [bank, shop] = await insert([
      newRecord(tenantId, accountsId, { t1: 'banking' }),
      newRecord(tenantId, accountsId, { t1: 'retail' }),
    ]);
    const row = (slots: NewRecord['slots'], extra: NewRecord['extra'] = {}) =>
      newRecord(tenantId, opportunitiesId, slots, extra);
    await insert([
      row(
        { t1: 'alpha', t2: 'won', n1: '100', d1: '2026-01-15', b1: true, u1: bank?.id ?? null },
        { tags: ['vip', 'new'], notes: 'Call 50% off' },
      ),
      row(
        { t1: 'beta', t2: 'lost', n1: '250.5', d1: '2026-02-01', b1: false, u1: shop?.id ?? null },
        { tags: ['new'] },
      ),
      row(
        { t1: 'gamma_x', t2: 'open', n1: null, d1: '2026-03-10', b1: null, u1: bank?.id ?? null },
        { notes: '' },
      ),
      row({ t1: 'Delta', t2: 'open', n1: '-3', d1: null, b1: true, u1: null }, { tags: [] }),
    ]);
    const names = async (where: PlanCondition, overrides: Partial<RecordQueryPlan> = {}) => {
      const page = await store.query(plan(tenantId, opportunitiesId, { where, ...overrides }));
      return page.rows.map((record) => record.slots.t1).sort();
    };
    return { tenantId, accountsId, opportunitiesId, names, bank, shop };
  }

  describe('resolveObjectId', () => {
    it('gives each object of a tenant its own stable small id', async () => {
      const tenantId = await newTenantId();
      const ids = await Promise.all(
        ['a', 'b', 'c', 'd', 'e'].map((name) => store.resolveObjectId(tenantId, name)),
      );
      expect([...ids].sort()).toEqual([1, 2, 3, 4, 5]);
      expect(await store.resolveObjectId(tenantId, 'c')).toBe(ids[2]);
    });
  });

  describe('filters', () => {
    it('compares with eq, ne, lt, lte, gt and gte in the column type', async () => {
      const { names } = await salesData();
      expect(await names(compare(STAGE, 'eq', 'open'))).toEqual(['Delta', 'gamma_x']);
      expect(await names(compare(STAGE, 'ne', 'open'))).toEqual(['alpha', 'beta']);
      // Numerically, not as text: '-3' < '100' < '250.5'.
      expect(await names(compare(AMOUNT, 'lt', '100'))).toEqual(['Delta']);
      expect(await names(compare(AMOUNT, 'lte', '100'))).toEqual(['Delta', 'alpha']);
      expect(await names(compare(AMOUNT, 'gt', '99.99'))).toEqual(['alpha', 'beta']);
      expect(await names(compare(AMOUNT, 'gte', '250.5'))).toEqual(['beta']);
      expect(await names(compare(CLOSE, 'gte', '2026-02-01'))).toEqual(['beta', 'gamma_x']);
      expect(await names(compare(WON, 'eq', true))).toEqual(['Delta', 'alpha']);
    });

    it('treats a comparison with an empty value as false and not as its exact complement', async () => {
      const { names } = await salesData();
      expect(await names(compare(AMOUNT, 'ne', '100'))).toEqual(['Delta', 'beta']);
      expect(await names({ kind: 'not', child: compare(AMOUNT, 'eq', '100') })).toEqual([
        'Delta',
        'beta',
        'gamma_x',
      ]);
    });

    it('expresses between as and, and combines with or and not', async () => {
      const { names } = await salesData();
      const between: PlanCondition = {
        kind: 'and',
        children: [compare(CLOSE, 'gte', '2026-01-01'), compare(CLOSE, 'lte', '2026-02-28')],
      };
      expect(await names(between)).toEqual(['alpha', 'beta']);
      const either: PlanCondition = {
        kind: 'or',
        children: [compare(STAGE, 'eq', 'won'), compare(STAGE, 'eq', 'lost')],
      };
      expect(await names(either)).toEqual(['alpha', 'beta']);
      expect(await names({ kind: 'or', children: [] })).toEqual([]);
      expect(await names({ kind: 'not', child: either })).toEqual(['Delta', 'gamma_x']);
    });

    it('matches in and not in', async () => {
      const { names } = await salesData();
      const inList: PlanCondition = { kind: 'in', column: STAGE, values: ['won', 'open'] };
      expect(await names(inList)).toEqual(['Delta', 'alpha', 'gamma_x']);
      expect(await names({ kind: 'not', child: inList })).toEqual(['beta']);
      expect(await names({ kind: 'in', column: AMOUNT, values: ['100.00', '-3'] })).toEqual([
        'Delta',
        'alpha',
      ]);
    });

    it('matches contains and starts_with case-insensitively with % and _ taken literally', async () => {
      const { names } = await salesData();
      const match = (column: ColumnRef, mode: 'contains' | 'starts_with', value: string) =>
        ({ kind: 'text_match', column, mode, value }) as const;
      expect(await names(match(NAME, 'contains', 'ELT'))).toEqual(['Delta']);
      expect(await names(match(NAME, 'starts_with', 'd'))).toEqual(['Delta']);
      expect(await names(match(NAME, 'starts_with', 'elt'))).toEqual([]);
      expect(await names(match(NAME, 'contains', '_'))).toEqual(['gamma_x']);
      expect(await names(match(NAME, 'contains', 'a_x'))).toEqual(['gamma_x']);
      expect(await names(match(NAME, 'contains', '%'))).toEqual([]);
      expect(await names(match(NOTES, 'contains', '50%'))).toEqual(['alpha']);
    });

    it('finds empty and non-empty values in slots and in extra', async () => {
      const { names } = await salesData();
      expect(await names({ kind: 'empty', column: AMOUNT })).toEqual(['gamma_x']);
      expect(await names({ kind: 'not', child: { kind: 'empty', column: CLOSE } })).toEqual([
        'alpha',
        'beta',
        'gamma_x',
      ]);
      // Absent, '' and [] are all empty in extra.
      expect(await names({ kind: 'empty', column: NOTES })).toEqual(['Delta', 'beta', 'gamma_x']);
      expect(await names({ kind: 'empty', column: TAGS })).toEqual(['Delta', 'gamma_x']);
    });

    it('matches arrays in extra holding any or all of the values', async () => {
      const { names } = await salesData();
      expect(
        await names({ kind: 'array_has', column: TAGS, match: 'any', values: ['vip', 'x'] }),
      ).toEqual(['alpha']);
      expect(
        await names({ kind: 'array_has', column: TAGS, match: 'all', values: ['new'] }),
      ).toEqual(['alpha', 'beta']);
      expect(
        await names({ kind: 'array_has', column: TAGS, match: 'all', values: ['new', 'vip'] }),
      ).toEqual(['alpha']);
    });

    it('filters through a lookup to live records of the target object', async () => {
      const { names, accountsId, tenantId, bank } = await salesData();
      const via = (condition: PlanCondition): PlanCondition => ({
        kind: 'via',
        source: ACCOUNT,
        targetObject: 'account',
        targetObjectId: accountsId,
        condition,
      });
      expect(await names(via(compare(INDUSTRY, 'eq', 'banking')))).toEqual(['alpha', 'gamma_x']);
      expect(await names({ kind: 'not', child: via(compare(INDUSTRY, 'eq', 'banking')) })).toEqual([
        'Delta',
        'beta',
      ]);
      if (bank === undefined) throw new Error('no bank');
      await store.softDelete(
        {
          tenantId,
          objectId: accountsId,
          id: bank.id,
          expectedVersion: null,
          actorId: 'u',
          at: AT,
        },
        auditOf(bank, 'delete', 2),
      );
      expect(await names(via(compare(INDUSTRY, 'eq', 'banking')))).toEqual([]);
    });

    it('reads a path through a missing or deleted target as empty', async () => {
      const { names, accountsId, tenantId, shop } = await salesData();
      const via = (condition: PlanCondition): PlanCondition => ({
        kind: 'via',
        source: ACCOUNT,
        targetObject: 'account',
        targetObjectId: accountsId,
        condition,
      });
      if (shop === undefined) throw new Error('no shop');
      await store.softDelete(
        {
          tenantId,
          objectId: accountsId,
          id: shop.id,
          expectedVersion: null,
          actorId: 'u',
          at: AT,
        },
        auditOf(shop, 'delete', 2),
      );
      // beta's account is deleted and Delta has none: neither matches a comparison…
      expect(await names(via(compare(INDUSTRY, 'eq', 'retail')))).toEqual([]);
      expect(
        await names(via({ kind: 'in', column: INDUSTRY, values: ['retail', 'banking'] })),
      ).toEqual(['alpha', 'gamma_x']);
      expect(
        await names(via({ kind: 'text_match', column: INDUSTRY, mode: 'starts_with', value: 'r' })),
      ).toEqual([]);
      // …their account's industry is empty…
      expect(await names(via({ kind: 'empty', column: INDUSTRY }))).toEqual(['Delta', 'beta']);
      expect(await names(via({ kind: 'not', child: { kind: 'empty', column: INDUSTRY } }))).toEqual(
        ['alpha', 'gamma_x'],
      );
      // …and `not` stays the exact complement, outside the path or inside it.
      expect(await names({ kind: 'not', child: via(compare(INDUSTRY, 'eq', 'retail')) })).toEqual([
        'Delta',
        'alpha',
        'beta',
        'gamma_x',
      ]);
      expect(await names(via({ kind: 'not', child: compare(INDUSTRY, 'eq', 'banking') }))).toEqual([
        'Delta',
        'beta',
      ]);
    });

    it('follows a path of two lookups, probing each target in turn', async () => {
      const { names, accountsId, tenantId, bank, shop } = await salesData();
      const regionsId = await store.resolveObjectId(tenantId, 'region');
      const [north] = await insert([newRecord(tenantId, regionsId, { t1: 'north' })]);
      if (bank === undefined || shop === undefined || north === undefined) {
        throw new Error('no data');
      }
      // The bank is in the north; the shop has no region.
      await store.update(
        {
          tenantId,
          objectId: accountsId,
          id: bank.id,
          expectedVersion: null,
          updatedBy: 'u',
          updatedAt: AT,
          slots: { u2: north.id },
          extra: {},
        },
        auditOf(bank, 'update', 2),
      );
      const path = (condition: PlanCondition): PlanCondition => ({
        kind: 'via',
        source: ACCOUNT,
        targetObject: 'account',
        targetObjectId: accountsId,
        condition: {
          kind: 'via',
          source: slot('u2', 'uuid'),
          targetObject: 'region',
          targetObjectId: regionsId,
          condition,
        },
      });
      const REGION_NAME = slot('t1', 'text');
      expect(await names(path(compare(REGION_NAME, 'eq', 'north')))).toEqual(['alpha', 'gamma_x']);
      expect(await names(path({ kind: 'empty', column: REGION_NAME }))).toEqual(['Delta', 'beta']);
      await store.softDelete(
        {
          tenantId,
          objectId: regionsId,
          id: north.id,
          expectedVersion: null,
          actorId: 'u',
          at: AT,
        },
        auditOf(north, 'delete', 2),
      );
      expect(await names(path(compare(REGION_NAME, 'eq', 'north')))).toEqual([]);
      expect(await names(path({ kind: 'empty', column: REGION_NAME }))).toEqual([
        'Delta',
        'alpha',
        'beta',
        'gamma_x',
      ]);
    });

    it('ANDs the access predicate into reads, updates and deletes', async () => {
      const { tenantId, opportunitiesId, names } = await salesData();
      const access = compare(STAGE, 'eq', 'open');
      expect(await names(MATCH_ALL, { access })).toEqual(['Delta', 'gamma_x']);
      const page = await store.query(plan(tenantId, opportunitiesId));
      const won = page.rows.find((record) => record.slots.t2 === 'won');
      if (won === undefined) throw new Error('no won record');
      expect(await store.getById(won, { access })).toBeUndefined();
      const change = {
        ...won,
        expectedVersion: null,
        updatedBy: 'u',
        updatedAt: AT,
        slots: { t1: 'x' },
        extra: {},
        access,
      };
      expect(await store.update(change, auditOf(won, 'update', 2))).toBe(false);
      expect(
        await store.softDelete(
          { ...won, expectedVersion: null, actorId: 'u', at: AT, access },
          auditOf(won, 'delete', 2),
        ),
      ).toBe(false);
      expect((await store.getById(won))?.slots.t1).toBe('alpha');
    });

    it('searches the given columns for the text, case-insensitively', async () => {
      const { names } = await salesData();
      expect(await names(MATCH_ALL, { search: { text: 'AMM', columns: [NAME, NOTES] } })).toEqual([
        'gamma_x',
      ]);
      expect(await names(MATCH_ALL, { search: { text: 'call', columns: [NAME, NOTES] } })).toEqual([
        'alpha',
      ]);
      expect(await names(MATCH_ALL, { search: { text: '%', columns: [NAME] } })).toEqual([]);
    });

    it('counts exactly, and estimates only when the set is large', async () => {
      const { tenantId, opportunitiesId } = await salesData();
      const where = compare(STAGE, 'eq', 'open');
      const exact = await store.query(
        plan(tenantId, opportunitiesId, { where, count: 'exact', limit: 1 }),
      );
      expect(exact.rows).toHaveLength(1);
      expect(exact.count).toEqual({ value: 2, exact: true });
      const estimate = await store.query(
        plan(tenantId, opportunitiesId, { where, count: 'estimate', limit: 1 }),
      );
      expect(estimate.count).toEqual({ value: 2, exact: true });
    });

    it('estimates a large count from the planner instead of counting', async () => {
      const tenantId = await newTenantId();
      const objectId = await store.resolveObjectId(tenantId, 'many');
      await insert(
        Array.from({ length: 3000 }, (_, index) =>
          newRecord(tenantId, objectId, { n1: String(index) }),
        ),
      );
      await sql`analyze records`.execute(db.kysely);
      const page = await store.query(plan(tenantId, objectId, { count: 'estimate', limit: 1 }));
      expect(page.count?.exact).toBe(false);
      expect(page.count?.value).toBeGreaterThan(1000);
      const exact = await store.query(plan(tenantId, objectId, { count: 'exact', limit: 1 }));
      expect(exact.count).toEqual({ value: 3000, exact: true });
    });

    it('aggregates a column over the matching records', async () => {
      const { tenantId, opportunitiesId } = await salesData();
      const base = {
        kind: 'aggregate',
        tenantId,
        objectId: opportunitiesId,
        where: MATCH_ALL,
      } as const;
      expect(await store.aggregate({ ...base, function: 'count', column: null })).toBe('4');
      expect(Number(await store.aggregate({ ...base, function: 'sum', column: AMOUNT }))).toBe(
        347.5,
      );
      expect(await store.aggregate({ ...base, function: 'max', column: CLOSE })).toBe('2026-03-10');
      const none = { ...base, where: compare(STAGE, 'eq', 'none') };
      expect(await store.aggregate({ ...none, function: 'sum', column: AMOUNT })).toBeNull();
    });
  });

  describe('keyset pagination', () => {
    async function tiedData() {
      const tenantId = await newTenantId();
      const objectId = await store.resolveObjectId(tenantId, 'deal');
      const amounts = [null, '1', '2', '2', '10', null, '-5'];
      const names = ['aa', 'bb', null, 'aa'];
      const instants = ['2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z'];
      const rows = Array.from({ length: 45 }, (_, index) =>
        newRecord(
          tenantId,
          objectId,
          { n1: amounts[index % amounts.length] ?? null, t1: names[index % names.length] ?? null },
          {},
          { createdAt: instants[index % instants.length] ?? AT },
        ),
      );
      await insert(rows);
      const all = await store.query(plan(tenantId, objectId));
      return { tenantId, objectId, all: all.rows };
    }

    const sorts: Record<string, PlanSortKey[]> = {
      'a nullable number ascending': [
        { column: AMOUNT, direction: 'asc' },
        { column: systemColumn('id'), direction: 'asc' },
      ],
      'a nullable number descending': [
        { column: AMOUNT, direction: 'desc' },
        { column: systemColumn('id'), direction: 'asc' },
      ],
      'a nullable number descending, ties by id descending': [
        { column: AMOUNT, direction: 'desc' },
        { column: systemColumn('id'), direction: 'desc' },
      ],
      'mixed directions over two nullable keys': [
        { column: NAME, direction: 'desc' },
        { column: AMOUNT, direction: 'asc' },
        { column: systemColumn('id'), direction: 'desc' },
      ],
      'non-null system keys ascending (row values)': [
        { column: systemColumn('created_at'), direction: 'asc' },
        { column: systemColumn('id'), direction: 'asc' },
      ],
      'non-null system keys descending (row values)': [
        { column: systemColumn('created_at'), direction: 'desc' },
        { column: systemColumn('id'), direction: 'desc' },
      ],
    };

    it('pages after a non-empty value of a nullable key with one row-value comparison', () => {
      const sort: PlanSortKey[] = [
        { column: AMOUNT, direction: 'desc' },
        { column: systemColumn('id'), direction: 'desc' },
      ];
      const cursor = ['12.5', '00000000-0000-4000-8000-000000000001'];
      // Only once the caller excludes empty amounts: `(n1, id) < (…)` would drop the NULL rows.
      expect(rowValueAfterSql(sort, cursor, 'r')).toBeUndefined();
      const compiled = rowValueAfterSql(sort, cursor, 'r', { firstNotNull: true })?.compile(
        db.kysely,
      );
      expect(compiled?.sql).toBe('((r.n1, r.id) < ($1::numeric, $2::uuid))');
      expect(compiled?.parameters).toEqual(cursor);
      expect(rowValueAfterSql(sort, [null, cursor[1] ?? ''], 'r', { firstNotNull: true })).toBe(
        undefined,
      );
      const mixed: PlanSortKey[] = [
        { column: AMOUNT, direction: 'desc' },
        { column: systemColumn('id'), direction: 'asc' },
      ];
      expect(rowValueAfterSql(mixed, cursor, 'r', { firstNotNull: true })).toBeUndefined();
    });

    it('puts empty values last in both directions', async () => {
      const { tenantId, objectId } = await tiedData();
      for (const direction of ['asc', 'desc'] as const) {
        const sort: PlanSortKey[] = [
          { column: AMOUNT, direction },
          { column: systemColumn('id'), direction },
        ];
        const page = await store.query(plan(tenantId, objectId, { sort, limit: 45 }));
        const amounts = page.rows.map((record) => record.slots.n1 ?? null);
        const filled = amounts.filter((amount) => amount !== null).map(Number);
        expect(amounts.slice(filled.length)).toEqual(Array(45 - filled.length).fill(null));
        expect(filled).toEqual([...filled].sort((a, b) => (direction === 'asc' ? a - b : b - a)));
        expect(filled.length).toBeGreaterThan(0);
        expect(filled.length).toBeLessThan(45);
      }
    });

    it.each(Object.entries(sorts))(
      'pages %s without skipping or repeating a row',
      async (_, sort) => {
        const { tenantId, objectId, all } = await tiedData();
        const seen: string[] = [];
        let after: (PlanValue | null)[] | null = null;
        for (let pages = 0; pages < 20; pages++) {
          const page = await store.query(plan(tenantId, objectId, { sort, after, limit: 7 }));
          seen.push(...page.rows.map((record) => record.id));
          const last = page.rows.at(-1);
          if (page.rows.length < 7 || last === undefined) break;
          after = sort.map((key) => sortValue(last, key));
        }
        expect(seen).toEqual(expectedOrder(all, sort));
      },
    );
  });

  describe('search pages', () => {
    const newestFirst: PlanSortKey[] = [
      { column: systemColumn('created_at'), direction: 'desc' },
      { column: systemColumn('id'), direction: 'desc' },
    ];

    /** Every page of a search of `text`, newest first, as the ids in the order read. */
    async function searchPages(tenantId: string, objectId: number, text: string) {
      const seen: string[] = [];
      let after: (PlanValue | null)[] | null = null;
      for (let pages = 0; pages < 30; pages++) {
        const search = { text, columns: [NAME] };
        const page = await store.query(
          plan(tenantId, objectId, { sort: newestFirst, after, limit: 100, search }),
        );
        seen.push(...page.rows.map((record) => record.id));
        const last = page.rows.at(-1);
        if (page.rows.length < 100 || last === undefined) break;
        after = newestFirst.map((key) => sortValue(last, key));
      }
      return seen;
    }

    it('pages a text most records hold and one few hold alike, in the order asked', async () => {
      const tenantId = await newTenantId();
      const objectId = await store.resolveObjectId(tenantId, 'searched');
      // 620 deals and 20 others, one second apart: past the count from which a search walks the
      // order's index instead of sorting its matches.
      const rows = Array.from({ length: 640 }, (_, index) =>
        newRecord(
          tenantId,
          objectId,
          { t1: index % 32 === 31 ? `Other ${index}` : `Deal ${index}` },
          {},
          { createdAt: new Date(Date.parse(AT) + index * 1000).toISOString() },
        ),
      );
      await insert(rows);
      const newest = (match: (name: string) => boolean) =>
        rows
          .filter((row) => match(String(row.slots.t1)))
          .reverse()
          .map((row) => row.id);
      expect(await searchPages(tenantId, objectId, 'deal')).toEqual(
        newest((name) => name.startsWith('Deal')),
      );
      expect(await searchPages(tenantId, objectId, 'OTHER')).toEqual(
        newest((name) => name.startsWith('Other')),
      );
      expect(await searchPages(tenantId, objectId, 'nobody')).toEqual([]);
    });
  });

  describe('tenant isolation', () => {
    it('never shows, changes or deletes another tenant’s records', async () => {
      const mine = await newTenantId();
      const theirs = await newTenantId();
      const myObject = await store.resolveObjectId(mine, 'deal');
      const theirObject = await store.resolveObjectId(theirs, 'deal');
      expect(theirObject).toBe(myObject);
      const [their] = await insert([newRecord(theirs, theirObject, { t1: 'secret' })]);
      if (their === undefined) throw new Error('no record');
      const asMine = { tenantId: mine, objectId: myObject, id: their.id };
      expect(await store.getById(asMine)).toBeUndefined();
      expect((await store.query(plan(mine, myObject))).rows).toEqual([]);
      const change = {
        ...asMine,
        expectedVersion: null,
        updatedBy: 'u',
        updatedAt: AT,
        slots: { t1: 'x' },
        extra: {},
      };
      expect(await store.update(change, auditOf(asMine, 'update', 2))).toBe(false);
      expect(
        await store.softDelete(
          { ...asMine, expectedVersion: null, actorId: 'u', at: AT },
          auditOf(asMine, 'delete', 2),
        ),
      ).toBe(false);
      expect(await store.history(mine, myObject, their.id)).toEqual([]);
      expect((await store.getById(their))?.slots.t1).toBe('secret');
    });
  });

  describe('batch reads and writes of many parents', () => {
    async function parentsAndChildren() {
      const tenantId = await newTenantId();
      const parentsId = await store.resolveObjectId(tenantId, 'contract');
      const childrenId = await store.resolveObjectId(tenantId, 'payment');
      const parents = await insert([
        newRecord(tenantId, parentsId, { t1: 'A', n1: '0' }, { notes: 'a' }),
        newRecord(tenantId, parentsId, { t1: 'B', n1: '0' }),
        newRecord(tenantId, parentsId, { t1: 'C', n1: '0' }),
      ]);
      const [a, b, c] = parents.map((row) => row.id);
      if (a === undefined || b === undefined || c === undefined) throw new Error('no parents');
      await insert([
        newRecord(tenantId, childrenId, { u1: a, n1: '10', t2: 'confirmed' }),
        newRecord(tenantId, childrenId, { u1: a, n1: '5.5', t2: 'confirmed' }),
        newRecord(tenantId, childrenId, { u1: a, n1: '100', t2: 'draft' }),
        newRecord(tenantId, childrenId, { u1: b, n1: '7', t2: 'confirmed' }),
      ]);
      return { tenantId, parentsId, childrenId, parents, a, b, c };
    }

    it('aggregates per group in one statement, leaving out groups without rows', async () => {
      const { tenantId, childrenId, a, b, c } = await parentsAndChildren();
      const base = { kind: 'aggregate', tenantId, objectId: childrenId } as const;
      const confirmed = compare(STAGE, 'eq', 'confirmed');
      const sums = await store.aggregateGroups(
        [{ ...base, where: confirmed, function: 'sum', column: AMOUNT }],
        ACCOUNT,
        [a, b, c, 'not-a-uuid'],
      );
      expect(Object.fromEntries(sums)).toEqual({ [a]: ['15.5'], [b]: ['7'] });
      const counts = await store.aggregateGroups(
        [{ ...base, where: MATCH_ALL, function: 'count', column: null }],
        ACCOUNT,
        [a, c],
      );
      expect(Object.fromEntries(counts)).toEqual({ [a]: ['3'] });
    });

    it('computes several aggregates, each over its own filter, in one grouped statement', async () => {
      const { tenantId, childrenId, a, b, c } = await parentsAndChildren();
      const base = { kind: 'aggregate', tenantId, objectId: childrenId } as const;
      const values = await store.aggregateGroups(
        [
          { ...base, where: compare(STAGE, 'eq', 'draft'), function: 'sum', column: AMOUNT },
          { ...base, where: compare(STAGE, 'eq', 'confirmed'), function: 'count', column: null },
          { ...base, where: compare(STAGE, 'eq', 'confirmed'), function: 'max', column: AMOUNT },
        ],
        ACCOUNT,
        [a, b, c],
      );
      expect(Object.fromEntries(values)).toEqual({
        [a]: ['100', '2', '10'],
        [b]: [null, '1', '7'],
      });
    });

    it('reads many rows in id order with only the columns asked, live ones only', async () => {
      const { tenantId, parentsId, parents, a, b, c } = await parentsAndChildren();
      const deleted = {
        tenantId,
        objectId: parentsId,
        id: c,
        expectedVersion: 1,
        actorId: 'u',
        at: AT,
      };
      await store.softDelete(deleted, auditOf(deleted, 'delete', 2));
      const read = await store.transaction((tx) =>
        tx.getByIds(tenantId, parentsId, [c, b, a, b], { columns: [NAME], lock: 'update' }),
      );
      expect(read.map((row) => row.id)).toEqual([a, b].sort());
      expect(read.map((row) => row.slots)).toEqual(
        [a, b].sort().map((id) => ({ t1: parents.find((row) => row.id === id)?.slots.t1 })),
      );
      expect(read[0]?.extra).toEqual({});
    });

    it('writes a batch of changes and their audit rows in one call, skipping stale rows', async () => {
      const { tenantId, parentsId, a, b, c } = await parentsAndChildren();
      const written = await store.updateMany({
        tenantId,
        objectId: parentsId,
        updatedBy: 'user-2',
        updatedAt: '2026-06-01T00:00:00.000Z',
        rows: [
          {
            id: a,
            expectedVersion: 1,
            slots: { n1: '15.5' },
            extra: { notes: null, more: 'x' },
            changes: { paid: [0, 15.5] },
          },
          {
            id: b,
            expectedVersion: 1,
            slots: { n1: '7', ts1: '2026-02-03T04:05:06.123987Z' },
            extra: {},
            changes: { paid: [0, 7] },
          },
          { id: c, expectedVersion: 4, slots: { n1: '1' }, extra: {}, changes: { paid: [0, 1] } },
        ],
      });
      expect(written.sort()).toEqual([a, b].sort());
      const ref = { tenantId, objectId: parentsId };
      expect(await store.getById({ ...ref, id: a })).toMatchObject({
        version: 2,
        updatedBy: 'user-2',
        slots: { t1: 'A', n1: '15.5', ts1: null },
        extra: { more: 'x' },
      });
      expect((await store.getById({ ...ref, id: b }))?.slots).toMatchObject({
        t1: 'B',
        n1: '7',
        ts1: '2026-02-03T04:05:06.123Z',
      });
      expect(await store.getById({ ...ref, id: c })).toMatchObject({
        version: 1,
        slots: { n1: '0' },
      });
      expect(await store.history(tenantId, parentsId, a)).toMatchObject([
        { action: 'update', version: 2, actorId: 'user-2', changes: { paid: [0, 15.5] } },
        { action: 'create', version: 1 },
      ]);
      expect(await store.history(tenantId, parentsId, c)).toHaveLength(1);
    });
  });

  describe('writes', () => {
    it('inserts a large batch with every slot kind and its audit rows in one statement', async () => {
      const tenantId = await newTenantId();
      const objectId = await store.resolveObjectId(tenantId, 'deal');
      const rows = Array.from({ length: 120 }, (_, index) =>
        newRecord(
          tenantId,
          objectId,
          index % 7 === 0
            ? { t1: `only name ${index}` }
            : {
                t1: `deal ${index}`,
                n1: `${index}.25`,
                d1: '2026-02-28',
                ts1: '2026-02-28T10:11:12.345Z',
                b1: index % 2 === 0,
                u1: randomUUID(),
              },
          index % 3 === 0 ? { notes: `note ${index}`, tags: ['a', 'b'], gone: null } : {},
          { ownerId: index % 5 === 0 ? randomUUID() : null },
        ),
      );
      const read = await insertAndRead(rows);
      expect(read.size).toBe(120);
      for (const row of rows) {
        const stored = read.get(row.id);
        const { gone: _, ...extra } = row.extra;
        expect(stored?.extra).toEqual(extra);
        expect(stored?.ownerId).toBe(row.ownerId);
        expect(stored?.createdAt).toBe(AT);
        for (const slot of ['t1', 'n1', 'd1', 'ts1', 'b1', 'u1']) {
          expect(stored?.slots[slot]).toEqual(row.slots[slot] ?? null);
        }
      }
      const [last] = rows.slice(-1);
      expect(await store.history(tenantId, objectId, last?.id ?? '')).toEqual([
        expect.objectContaining({
          action: 'create',
          version: 1,
          changes: createdAudit(last as NewRecord).changes,
        }),
      ]);
    });

    it('inserts a large batch whose rows all share some values, each cast to its column', async () => {
      const tenantId = await newTenantId();
      const objectId = await store.resolveObjectId(tenantId, 'deal');
      const shared = { n1: '12.50', d1: '2026-02-28', ts1: '2026-02-28T10:11:12.345Z', b1: false };
      const rows = Array.from({ length: 60 }, (_, index) =>
        newRecord(
          tenantId,
          objectId,
          { t1: `deal ${index}`, ...shared },
          {},
          {
            ownerId: randomUUID(),
          },
        ),
      );
      const read = await insertAndRead(rows);
      expect(read.size).toBe(60);
      for (const row of rows) {
        const stored = read.get(row.id);
        expect(stored?.ownerId).toBe(row.ownerId);
        expect(stored?.slots).toMatchObject({ t1: row.slots.t1, ...shared });
      }
    });

    async function oneRecord() {
      const tenantId = await newTenantId();
      const objectId = await store.resolveObjectId(tenantId, 'deal');
      const [row] = await insert([
        newRecord(
          tenantId,
          objectId,
          {
            t1: 'first',
            n1: '12.50',
            d1: '2026-02-03',
            ts1: '2026-02-03T04:05:06.000Z',
            b1: false,
          },
          { notes: 'n', tags: ['a'] },
        ),
      ]);
      if (row === undefined) throw new Error('no record');
      return row;
    }

    it('reads back every value in its JSON form', async () => {
      const row = await oneRecord();
      const stored = await store.getById(row);
      expect(stored).toMatchObject({
        id: row.id,
        version: 1,
        createdAt: AT,
        updatedAt: AT,
        createdBy: 'user-1',
        deletedAt: null,
        extra: { notes: 'n', tags: ['a'] },
      });
      expect(stored?.slots).toMatchObject({
        t1: 'first',
        n1: '12.50',
        d1: '2026-02-03',
        ts1: '2026-02-03T04:05:06.000Z',
        b1: false,
        t2: null,
      });
    });

    it('reads only the columns asked, with the system columns, when given columns', async () => {
      const row = await oneRecord();
      const stored = await store.getById(row, { columns: [NAME, AMOUNT, NOTES] });
      expect(stored).toMatchObject({ id: row.id, version: 1, createdAt: AT, deletedAt: null });
      expect(stored?.slots).toEqual({ t1: 'first', n1: '12.50' });
      expect(stored?.extra).toEqual({ notes: 'n' });
    });

    it('reads the selected slots and the sort keys of a page, and no other slot', async () => {
      const row = await oneRecord();
      const page = await store.query(
        plan(row.tenantId, row.objectId, {
          select: [NAME],
          sort: [
            { column: AMOUNT, direction: 'desc' },
            { column: systemColumn('id'), direction: 'desc' },
          ],
        }),
      );
      expect(page.rows.map((stored) => stored.slots)).toEqual([{ t1: 'first', n1: '12.50' }]);
      expect(page.rows[0]?.extra).toEqual({});
    });

    it('keeps instants to the millisecond so that cursors built from them match exactly', async () => {
      const row = await oneRecord();
      const change = {
        ...row,
        expectedVersion: 1,
        updatedBy: 'u',
        updatedAt: AT,
        slots: { ts1: '2026-02-03T04:05:06.123987Z' },
        extra: {},
      };
      expect(await store.update(change, auditOf(row, 'update', 2))).toBe(true);
      expect((await store.getById(row))?.slots.ts1).toBe('2026-02-03T04:05:06.123Z');
      const where = compare(slot('ts1', 'timestamptz'), 'eq', '2026-02-03T04:05:06.123Z');
      expect((await store.query(plan(row.tenantId, row.objectId, { where }))).rows).toHaveLength(1);
    });

    it('serves every instant of a read as an ISO UTC string, whatever the session time zone', async () => {
      const row = await oneRecord();
      const change = {
        ...row,
        expectedVersion: 1,
        updatedBy: 'u',
        updatedAt: '2026-06-01T08:30:00.250Z',
        slots: { ts1: '2026-02-03T04:05:06.5Z' },
        extra: {},
      };
      expect(await store.update(change, auditOf(row, 'update', 2))).toBe(true);
      const deleted = { ...row, expectedVersion: 2, actorId: 'u', at: '2026-07-01T00:00:00.000Z' };
      expect(await store.softDelete(deleted, auditOf(row, 'delete', 3))).toBe(true);
      const ts1 = slot('ts1', 'timestamptz');
      const reads = async () => {
        const options = { columns: [ts1], includeDeleted: true };
        const [queried] = (
          await store.query(plan(row.tenantId, row.objectId, { select: [ts1], deleted: true }))
        ).rows;
        const [byIds] = await store.getByIds(row.tenantId, row.objectId, [row.id], options);
        return [
          queried,
          byIds,
          await store.getById(row, options),
          await store.getById(row, { includeDeleted: true }),
        ].map((read) => ({
          createdAt: read?.createdAt,
          updatedAt: read?.updatedAt,
          deletedAt: read?.deletedAt,
          ts1: read?.slots.ts1,
        }));
      };
      const served = await reads();
      expect(served[0]).toEqual({
        createdAt: AT,
        updatedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
        deletedAt: '2026-07-01T00:00:00.000Z',
        ts1: '2026-02-03T04:05:06.500Z',
      });
      for (const read of served) expect(read).toEqual(served[0]);
      // A session in another zone sends instants with an offset: the same ISO strings come out.
      const zoned = await runInTransaction(db, async (trx) => {
        await sql`set local time zone 'Asia/Kolkata'`.execute(trx);
        return reads();
      });
      expect(zoned).toEqual(served);
    });

    it('updates only when the expected version is current, and merges extra', async () => {
      const row = await oneRecord();
      const change = {
        ...row,
        expectedVersion: 1,
        updatedBy: 'user-2',
        updatedAt: '2026-06-01T00:00:00.000Z',
        slots: { t1: 'second', n1: null },
        extra: { notes: null, more: 'yes' },
      };
      expect(await store.update(change, auditOf(row, 'update', 2))).toBe(true);
      expect(
        await store.update({ ...change, slots: { t1: 'third' } }, auditOf(row, 'update', 3)),
      ).toBe(false);
      const stored = await store.getById(row);
      expect(stored).toMatchObject({
        version: 2,
        updatedBy: 'user-2',
        updatedAt: '2026-06-01T00:00:00.000Z',
        extra: { tags: ['a'], more: 'yes' },
      });
      expect(stored?.slots).toMatchObject({ t1: 'second', n1: null, d1: '2026-02-03' });
      expect(stored?.extra).not.toHaveProperty('notes');
    });

    it('soft deletes and restores with version checks', async () => {
      const row = await oneRecord();
      const lifecycle = (expectedVersion: number | null) => ({
        ...row,
        expectedVersion,
        actorId: 'user-2',
        at: AT,
      });
      expect(await store.softDelete(lifecycle(5), auditOf(row, 'delete', 2))).toBe(false);
      expect(await store.restore(lifecycle(null), auditOf(row, 'restore', 2))).toBe(false);
      expect(await store.softDelete(lifecycle(1), auditOf(row, 'delete', 2))).toBe(true);
      expect(await store.getById(row)).toBeUndefined();
      expect((await store.getById(row, { includeDeleted: true }))?.deletedAt).toBe(AT);
      expect((await store.query(plan(row.tenantId, row.objectId))).rows).toEqual([]);
      expect(await store.softDelete(lifecycle(null), auditOf(row, 'delete', 3))).toBe(false);
      expect(await store.restore(lifecycle(2), auditOf(row, 'restore', 3))).toBe(true);
      expect(await store.getById(row)).toMatchObject({ version: 3, deletedAt: null });
    });

    it('reads the deleted rows only when asked, last deleted first, in keyset pages', async () => {
      const tenantId = await newTenantId();
      const objectId = await store.resolveObjectId(tenantId, 'binned');
      const rows = await insert(
        Array.from({ length: 7 }, (_, index) => newRecord(tenantId, objectId, { t1: `r${index}` })),
      );
      const instants = ['2026-03-01T00:00:00.000Z', '2026-03-02T00:00:00.000Z'];
      // Five deleted, two at each instant but the last; two stay live.
      for (const [index, row] of rows.slice(0, 5).entries()) {
        const at = instants[index % 2] ?? AT;
        const change = { ...row, expectedVersion: 1, actorId: 'user-2', at };
        expect(await store.softDelete(change, auditOf(row, 'delete', 2))).toBe(true);
      }
      const sort: PlanSortKey[] = [
        { column: systemColumn('deleted_at'), direction: 'desc' },
        { column: systemColumn('id'), direction: 'desc' },
      ];
      const read: string[] = [];
      let after: RecordQueryPlan['after'] = null;
      for (let pages = 0; pages < 5; pages += 1) {
        const page = await store.query(
          plan(tenantId, objectId, { deleted: true, sort, after, limit: 2 }),
        );
        read.push(...page.rows.map((row) => String(row.slots.t1)));
        const last = page.rows[page.rows.length - 1];
        if (page.rows.length < 2 || !last) break;
        after = [last.deletedAt, last.id];
      }
      const deleted = rows.slice(0, 5).map((row, index) => ({
        name: String(row.slots.t1),
        at: instants[index % 2] ?? AT,
        id: row.id,
      }));
      const expected = deleted
        .sort((a, b) => (a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1))
        .map((row) => row.name);
      expect(read).toEqual(expected);
      const live = await store.query(plan(tenantId, objectId));
      expect(live.rows.map((row) => row.slots.t1).sort()).toEqual(['r5', 'r6']);
    });

    it('tells which ids are live records within reach, reading ids only', async () => {
      const tenantId = await newTenantId();
      const objectId = await store.resolveObjectId(tenantId, 'pointed');
      const [kept, gone, foreign] = await insert([
        newRecord(tenantId, objectId, { t1: 'kept' }),
        newRecord(tenantId, objectId, { t1: 'gone' }),
        newRecord(tenantId, objectId, { t1: 'foreign' }),
      ]);
      if (!kept || !gone || !foreign) throw new Error('three rows');
      const change = { ...gone, expectedVersion: 1, actorId: 'user-2', at: AT };
      expect(await store.softDelete(change, auditOf(gone, 'delete', 2))).toBe(true);
      const ids = [kept.id, gone.id, foreign.id, randomUUID(), 'not-a-uuid'];
      expect([...(await store.liveIds(tenantId, objectId, ids, null))].sort()).toEqual(
        [kept.id, foreign.id].sort(),
      );
      const reach = compare(NAME, 'eq', 'kept');
      expect([...(await store.liveIds(tenantId, objectId, ids, reach))]).toEqual([kept.id]);
      const other = await newTenantId();
      expect((await store.liveIds(other, objectId, ids, null)).size).toBe(0);
    });

    it('finds the deleted rows of an object through the index of deleted rows', async () => {
      const tenantId = await newTenantId();
      const objectId = await store.resolveObjectId(tenantId, 'binned_plan');
      const result = await db.kysely.transaction().execute(async (trx) => {
        await sql`set local enable_seqscan = off`.execute(trx);
        return sql<Record<string, string>>`explain select id
          from ${sql.table(recordPartitionOf(objectId))} as r
          where r.tenant_id = ${tenantId}::uuid and r.object_id = ${objectId}
            and r.deleted_at is not null
          order by r.deleted_at desc, r.id desc limit 51`.execute(trx);
      });
      const text = result.rows.map((row) => Object.values(row).join()).join('\n');
      expect(text).toMatch(/Index (Only )?Scan Backward using \S*deleted\S*/);
    });

    it('lets exactly one of concurrent updates from the same version win', async () => {
      const row = await oneRecord();
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, index) =>
          store.update(
            {
              ...row,
              expectedVersion: 1,
              updatedBy: 'u',
              updatedAt: AT,
              slots: { t1: `v${index}` },
              extra: {},
            },
            auditOf(row, 'update', 2),
          ),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.getById(row)).toMatchObject({ version: 2 });
      expect(await store.history(row.tenantId, row.objectId, row.id)).toHaveLength(2);
    });

    it('joins an open transaction when called through the store itself', async () => {
      const row = await oneRecord();
      const change = {
        ...row,
        expectedVersion: 1,
        updatedBy: 'u',
        updatedAt: AT,
        slots: { t1: 'inside' },
        extra: {},
      };
      await expect(
        store.transaction(async (tx) => {
          expect(await store.update(change, auditOf(row, 'update', 2))).toBe(true);
          expect((await tx.getById(row, { lock: 'update' }))?.slots.t1).toBe('inside');
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(await store.getById(row)).toMatchObject({ version: 1, slots: { t1: 'first' } });
    });

    it.runIf(backend.name === 'postgres')(
      'holds a record named under key share live: a delete lock waits for it, an update lock does not',
      async () => {
        const row = await oneRecord();
        const held = createSignal();
        const named = createSignal();
        const naming = store.transaction(async (tx) => {
          const live = await tx.liveIds(row.tenantId, row.objectId, [row.id], null, {
            lock: 'key share',
          });
          named.give();
          await held.wait;
          return live;
        });
        await named.wait;
        const order: string[] = [];
        const deleting = store.transaction(async (tx) => {
          await tx.getById(row, { lock: 'delete' });
          order.push('delete lock');
        });
        const updating = store.transaction(async (tx) => {
          await tx.getById(row, { lock: 'update' });
          order.push('update lock');
        });
        await updating;
        // Give the delete lock time to be granted, were it not waiting.
        await new Promise((resolve) => setTimeout(resolve, 100));
        order.push('named committed');
        held.give();
        expect(await naming).toEqual(new Set([row.id]));
        await deleting;
        expect(order).toEqual(['update lock', 'named committed', 'delete lock']);
      },
    );

    it('answers not found for an id that is not a uuid', async () => {
      const row = await oneRecord();
      expect(await store.getById({ ...row, id: 'nope' })).toBeUndefined();
    });

    it('writes nothing of a transaction that throws', async () => {
      const row = await oneRecord();
      await expect(
        store.transaction(async (tx) => {
          await tx.update(
            {
              ...row,
              expectedVersion: 1,
              updatedBy: 'u',
              updatedAt: AT,
              slots: { t1: 'changed' },
              extra: {},
            },
            auditOf(row, 'update', 2),
          );
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await store.getById(row)).toMatchObject({ version: 1, slots: { t1: 'first' } });
      expect(await store.history(row.tenantId, row.objectId, row.id)).toHaveLength(1);
    });
  });

  describe('audit', () => {
    it('keeps every write in order, newest first, with the new version', async () => {
      const tenantId = await newTenantId();
      const objectId = await store.resolveObjectId(tenantId, 'deal');
      const [row] = await insert([newRecord(tenantId, objectId, { t1: 'a' })]);
      if (row === undefined) throw new Error('no record');
      await store.update(
        {
          ...row,
          expectedVersion: 1,
          updatedBy: 'user-2',
          updatedAt: AT,
          slots: { t1: 'b' },
          extra: {},
        },
        auditOf(row, 'update', 2),
      );
      await store.softDelete(
        { ...row, expectedVersion: null, actorId: 'user-2', at: AT },
        auditOf(row, 'delete', 3),
      );
      const history = await store.history(tenantId, objectId, row.id);
      expect(history.map((entry) => [entry.action, entry.version])).toEqual([
        ['delete', 3],
        ['update', 2],
        ['create', 1],
      ]);
      expect(history[2]).toMatchObject({ actorId: 'user-1', at: AT, changes: { t1: [null, 'a'] } });
    });

    it('refuses to change or delete audit entries', async () => {
      const tenantId = await newTenantId();
      const objectId = await store.resolveObjectId(tenantId, 'deal');
      await insert([newRecord(tenantId, objectId, { t1: 'a' })]);
      await expect(
        sql`update record_audit set actor = 'x' where tenant_id = ${tenantId}`.execute(db.kysely),
      ).rejects.toThrow(/append-only/);
      await expect(
        sql`delete from record_audit where tenant_id = ${tenantId}`.execute(db.kysely),
      ).rejects.toThrow(/append-only/);
    });
  });

  describe('autonumbers', () => {
    it('hands out 1 … 50 exactly once under 50 concurrent calls', async () => {
      const tenantId = await newTenantId();
      const values = await Promise.all(
        Array.from({ length: 50 }, () => store.nextAutonumber(tenantId, 1, 'number', '')),
      );
      expect([...values].sort((a, b) => a - b)).toEqual(
        Array.from({ length: 50 }, (_, i) => i + 1),
      );
      expect(await store.nextAutonumber(tenantId, 1, 'number', '2027')).toBe(1);
      expect(await store.nextAutonumber(tenantId, 1, 'number', '')).toBe(51);
    });
  });

  describe('idempotency keys', () => {
    it('keeps the first response under a key and refuses a second', async () => {
      const tenantId = await newTenantId();
      const first = {
        tenantId,
        key: 'k-1',
        requestHash: 'h1',
        status: 201,
        body: { id: 'a', items: [1] },
        createdAt: AT,
      };
      const before = '2000-01-01T00:00:00.000Z';
      expect(await store.getIdempotent(tenantId, 'k-1', before)).toBeUndefined();
      expect(await store.putIdempotent(first, before)).toBe(true);
      expect(
        await store.putIdempotent({ ...first, requestHash: 'h2', body: { id: 'b' } }, before),
      ).toBe(false);
      expect(await store.getIdempotent(tenantId, 'k-1', before)).toEqual(first);
      expect(await store.getIdempotent(await newTenantId(), 'k-1', before)).toBeUndefined();
    });

    it('forgets a response once it has expired, and lets the key be used again', async () => {
      const tenantId = await newTenantId();
      const first = {
        tenantId,
        key: 'k-2',
        requestHash: 'h1',
        status: 201,
        body: { id: 'a' },
        createdAt: '2026-01-01T00:00:00.000Z',
      };
      expect(await store.putIdempotent(first, '2025-12-31T00:00:00.000Z')).toBe(true);
      const later = '2026-01-01T00:00:00.001Z';
      expect(await store.getIdempotent(tenantId, 'k-2', later)).toBeUndefined();
      const second = { ...first, requestHash: 'h2', body: { id: 'b' }, createdAt: AT };
      expect(await store.putIdempotent(second, later)).toBe(true);
      expect(await store.getIdempotent(tenantId, 'k-2', later)).toEqual(second);
    });

    it('deletes two expired responses of the tenant with each put, oldest first', async () => {
      const tenantId = await newTenantId();
      const elsewhere = await newTenantId();
      const response = (owner: string, key: string, day: number) => ({
        tenantId: owner,
        key,
        requestHash: 'h',
        status: 201,
        body: { id: key },
        createdAt: `2026-01-0${day}T00:00:00.000Z`,
      });
      const never = '2000-01-01T00:00:00.000Z';
      for (const [key, day] of [
        ['old-3', 3],
        ['old-1', 1],
        ['old-2', 2],
        ['old-4', 4],
        ['live', 8],
      ] as const) {
        await store.putIdempotent(response(tenantId, key, day), never);
      }
      await store.putIdempotent(response(elsewhere, 'old-1', 1), never);
      const kept = async (owner: string, keys: readonly string[]) => {
        const found = await Promise.all(keys.map((key) => store.getIdempotent(owner, key, never)));
        return keys.filter((_, index) => found[index] !== undefined);
      };
      const keys = ['old-1', 'old-2', 'old-3', 'old-4', 'live', 'new-1', 'new-2'];
      const expiredBefore = '2026-01-07T00:00:00.000Z';

      await store.putIdempotent(response(tenantId, 'new-1', 9), expiredBefore);
      expect(await kept(tenantId, keys)).toEqual(['old-3', 'old-4', 'live', 'new-1']);
      await store.putIdempotent(response(tenantId, 'new-2', 9), expiredBefore);
      expect(await kept(tenantId, keys)).toEqual(['live', 'new-1', 'new-2']);
      expect(await kept(elsewhere, ['old-1'])).toEqual(['old-1']);
    });

    it('replaces an expired response under its own key while deleting others', async () => {
      const tenantId = await newTenantId();
      const never = '2000-01-01T00:00:00.000Z';
      const response = (key: string, createdAt: string, hash: string) => ({
        tenantId,
        key,
        requestHash: hash,
        status: 201,
        body: { id: key },
        createdAt,
      });
      await store.putIdempotent(response('again', '2026-01-01T00:00:00.000Z', 'h1'), never);
      await store.putIdempotent(response('other', '2026-01-02T00:00:00.000Z', 'h1'), never);
      const fresh = response('again', AT, 'h2');
      expect(await store.putIdempotent(fresh, '2026-01-07T00:00:00.000Z')).toBe(true);
      expect(await store.getIdempotent(tenantId, 'again', never)).toEqual(fresh);
      expect(await store.getIdempotent(tenantId, 'other', never)).toBeUndefined();
    });
  });

  describe('indexes', () => {
    /**
     * The plan of `select id` from one object's live rows under each condition, as text, with the
     * planner `settings` named turned off.
     */
    async function plansOf<K extends string>(
      tenantId: string,
      objectId: number,
      settings: readonly ('enable_seqscan' | 'enable_indexscan')[],
      conditions: Record<K, RawBuilder<unknown>>,
    ): Promise<Record<K, string>> {
      return db.kysely.transaction().execute(async (trx) => {
        for (const setting of settings) await sql`set local ${sql.raw(setting)} = off`.execute(trx);
        const plans = {} as Record<K, string>;
        for (const [name, condition] of Object.entries(conditions) as [K, RawBuilder<unknown>][]) {
          const result = await sql<Record<string, string>>`explain select id
            from ${sql.table(recordPartitionOf(objectId))} as r
            where r.tenant_id = ${tenantId}::uuid and r.object_id = ${objectId}
              and r.deleted_at is null and ${condition}`.execute(trx);
          plans[name] = result.rows.map((row) => Object.values(row).join()).join('\n');
        }
        return plans;
      });
    }

    async function indexNames(): Promise<string[]> {
      const result = await sql<{ indexname: string }>`select indexname from pg_indexes
        where tablename like 'records\\_%' and indexname like 'rx\\_%' order by indexname`.execute(
        db.kysely,
      );
      return result.rows.map((row) => row.indexname);
    }

    it('creates partial indexes leading with tenant_id once, and enforces unique ones', async () => {
      const tenantId = await newTenantId();
      const objectId = await store.resolveObjectId(tenantId, 'indexed');
      const specs = [
        { name: 'n1', columns: [AMOUNT], method: 'btree', unique: false },
        {
          name: 't2_unique',
          columns: [STAGE],
          method: 'btree',
          unique: true,
          statistics: true,
        },
        { name: 't1', columns: [NAME], method: 'btree', unique: false },
        { name: 't1_trgm', columns: [NAME], method: 'trgm', unique: false },
      ] as const;
      await store.ensureIndexes(tenantId, objectId, specs);
      const before = await indexNames();
      await store.ensureIndexes(tenantId, objectId, specs);
      expect(await indexNames()).toEqual(before);
      const key = tenantId.replaceAll('-', '');
      expect(before).toEqual(
        expect.arrayContaining([
          `rx_o${objectId}_n1`,
          `rx_${key}_${objectId}_t2_unique`,
          `rx_${key}_${objectId}_t1_trgm`,
        ]),
      );
      // Every index is on the object's own partition (ADR 0010), none on another one.
      const own = [
        `rx_o${objectId}_n1`,
        `rx_${key}_${objectId}_t1_trgm`,
        `rx_${key}_${objectId}_t2_unique`,
      ];
      const definitions = await sql<{ indexname: string; tablename: string; indexdef: string }>`
        select indexname, tablename, indexdef from pg_indexes
        where indexname = any(${own}::text[]) order by indexname`.execute(db.kysely);
      expect(definitions.rows.map((row) => row.tablename)).toEqual(
        own.map(() => recordPartitionOf(objectId)),
      );
      expect(
        definitions.rows.find((row) => row.indexname === `rx_o${objectId}_n1`)?.indexdef,
      ).toMatch(/\(tenant_id, n1, id\) WHERE \(\(object_id = \d+\) AND \(deleted_at IS NULL\)\)/);

      // The trigram index holds lower(name): it serves search, never an equality on the name.
      const trigram = `rx_${key}_${objectId}_t1_trgm`;
      expect(definitions.rows.find((row) => row.indexname === trigram)?.indexdef).toMatch(
        /USING gin \(lower\(t1\) gin_trgm_ops\)/,
      );
      await insert(
        Array.from({ length: 300 }, (_, index) =>
          newRecord(tenantId, objectId, { t1: `name ${index}`, t2: `code ${index}` }),
        ),
      );
      await sql`analyze ${sql.table(recordPartitionOf(objectId))}`.execute(db.kysely);
      // Only bitmap scans left: the ones a trigram index can serve.
      const plans = await plansOf(tenantId, objectId, ['enable_seqscan', 'enable_indexscan'], {
        equal: sql`r.t1 in ('name 1', 'name 2')`,
        search: searchSql({ text: 'ME 1', columns: [NAME] }, 'r'),
      });
      expect(plans.equal).not.toContain('_trgm');
      // The search reads lower(t1), the indexed expression (which index serves it is the planner's).
      expect(plans.search).toContain("lower(t1) ~~ '%me 1%'::text");

      // Statistics of the select asking for them, none of the name's btree: distinct counts and
      // most common values, no functional dependencies (ADR 0018).
      const statistics = await sql<{ stxname: string; table: string; kinds: string[] }>`
        select s.stxname, c.relname as table, s.stxkind::text[] as kinds from pg_statistic_ext s
        join pg_class c on c.oid = s.stxrelid
        where c.relname = ${recordPartitionOf(objectId)}`.execute(db.kysely);
      expect(statistics.rows).toEqual([
        {
          stxname: recordStatisticsName(objectId, 't2'),
          table: recordPartitionOf(objectId),
          kinds: ['d', 'm'],
        },
      ]);

      await insert([newRecord(tenantId, objectId, { t2: 'same' })]);
      await expect(insert([newRecord(tenantId, objectId, { t2: 'same' })])).rejects.toMatchObject({
        code: RECORD_DUPLICATE.code,
      });
      // A batch with one duplicate writes nothing, neither rows nor audit entries.
      const batch = [
        newRecord(tenantId, objectId, { t2: 'fresh' }),
        newRecord(tenantId, objectId, { t2: 'same' }),
      ];
      await expect(insert(batch)).rejects.toMatchObject({ code: RECORD_DUPLICATE.code });
      expect(await store.getById({ tenantId, objectId, id: batch[0]?.id ?? '' })).toBeUndefined();
      expect(await store.history(tenantId, objectId, batch[0]?.id ?? '')).toEqual([]);
      // Uniqueness is per tenant.
      const otherTenant = await newTenantId();
      const otherObject = await store.resolveObjectId(otherTenant, 'indexed');
      expect(otherObject).toBe(objectId);
      await insert([newRecord(otherTenant, otherObject, { t2: 'same' })]);
    });

    it('reads a page in creation order, newest first, from an index and not a sort', async () => {
      const tenantId = await newTenantId();
      const objectId = await store.resolveObjectId(tenantId, 'by_creation');
      await insert(Array.from({ length: 300 }, () => newRecord(tenantId, objectId, {})));
      await sql`analyze ${sql.table(recordPartitionOf(objectId))}`.execute(db.kysely);
      const newestFirst: PlanSortKey[] = [
        { column: systemColumn('created_at'), direction: 'desc' },
        { column: systemColumn('id'), direction: 'desc' },
      ];
      const plan = await db.kysely.transaction().execute(async (trx) => {
        await sql`set local enable_seqscan = off`.execute(trx);
        await sql`set local enable_bitmapscan = off`.execute(trx);
        const result = await sql<Record<string, string>>`explain select id
          from ${sql.table(recordPartitionOf(objectId))} as r
          where r.tenant_id = ${tenantId}::uuid and r.object_id = ${objectId}
            and r.deleted_at is null
          order by ${orderBySql(newestFirst, 'r')} limit 50`.execute(trx);
        return result.rows.map((row) => Object.values(row).join()).join('\n');
      });
      expect(plan).toMatch(/Scan Backward using \S*created_at/);
      expect(plan).not.toContain('Sort');
    });

    it('leaves empty values out of sparse indexes, which filters and search still use', async () => {
      const tenantId = await newTenantId();
      const objectId = await store.resolveObjectId(tenantId, 'sparse');
      const SCORE = slot('n2', 'numeric');
      const NOTE = slot('t3', 'text');
      await store.ensureIndexes(tenantId, objectId, [
        { name: 'n2_nn', columns: [SCORE], method: 'btree', unique: false, sparse: true },
        { name: 't3_trgm', columns: [NOTE], method: 'trgm', unique: false, sparse: true },
      ]);
      const key = tenantId.replaceAll('-', '');
      const definitions = await sql<{ indexname: string; indexdef: string }>`
        select indexname, indexdef from pg_indexes
        where indexname = any(${[`rx_o${objectId}_n2_nn`, `rx_${key}_${objectId}_t3_trgm`]}::text[])
        order by indexname`.execute(db.kysely);
      expect(definitions.rows.map((row) => row.indexdef)).toEqual([
        // Ordered by name: the tenant's hex key sorts before `o`.
        expect.stringMatching(/\(deleted_at IS NULL\) AND \(t3 IS NOT NULL\)\)$/),
        expect.stringMatching(/\(deleted_at IS NULL\) AND \(n2 IS NOT NULL\)\)$/),
      ]);

      // One record in ten has a score and a note.
      const rows = Array.from({ length: 300 }, (_, index) =>
        newRecord(
          tenantId,
          objectId,
          index % 10 === 0 ? { n2: String(index), t3: `note ${index}` } : { t1: `plain ${index}` },
        ),
      );
      await insert(rows);
      await sql`analyze ${sql.table(recordPartitionOf(objectId))}`.execute(db.kysely);
      const plans = await plansOf(tenantId, objectId, ['enable_seqscan'], {
        equal: sql`r.n2 = 50`,
        among: sql`r.n2 = any(${[50, 60]}::numeric[])`,
        range: sql`r.n2 between 10 and 90`,
        empty: sql`r.n2 is null`,
        search: searchSql({ text: 'NOTE 1', columns: [NOTE] }, 'r'),
      });
      // The filter itself proves the column is not null, so the sparse index serves it...
      expect(plans.equal).toContain(`rx_o${objectId}_n2_nn`);
      expect(plans.among).toContain(`rx_o${objectId}_n2_nn`);
      expect(plans.range).toContain(`rx_o${objectId}_n2_nn`);
      expect(plans.search).toContain(`rx_${key}_${objectId}_t3_trgm`);
      // ...and it holds no empty value: a full index would serve `is null`.
      expect(plans.empty).not.toContain(`rx_o${objectId}_n2_nn`);

      const found = await store.query(
        plan(tenantId, objectId, { where: compare(SCORE, 'eq', '50'), select: [SCORE] }),
      );
      expect(found.rows.map((row) => row.id)).toEqual([rows[50]?.id]);
    });

    it('replaces a full unique index by a sparse one, enforcing uniqueness throughout', async () => {
      const tenantId = await newTenantId();
      const objectId = await store.resolveObjectId(tenantId, 'keyed');
      const CODE = slot('t2', 'text');
      await store.ensureIndexes(tenantId, objectId, [
        { name: 't2_unique', columns: [CODE], method: 'btree', unique: true },
      ]);
      await insert([newRecord(tenantId, objectId, { t2: 'same' })]);
      const key = tenantId.replaceAll('-', '');
      await store.ensureIndexes(tenantId, objectId, [
        {
          name: 't2_key',
          columns: [CODE],
          method: 'btree',
          unique: true,
          sparse: true,
          replaces: 't2_unique',
        },
      ]);
      const left = await sql<{ indexname: string; indexdef: string }>`
        select indexname, indexdef from pg_indexes
        where indexname like ${`rx_${key}_${objectId}_%`}`.execute(db.kysely);
      expect(left.rows).toEqual([
        {
          indexname: `rx_${key}_${objectId}_t2_key`,
          indexdef: expect.stringMatching(/^CREATE UNIQUE INDEX .* AND \(t2 IS NOT NULL\)\)$/),
        },
      ]);
      await expect(insert([newRecord(tenantId, objectId, { t2: 'same' })])).rejects.toMatchObject({
        code: RECORD_DUPLICATE.code,
      });
      // Empty values never conflict, as before.
      await insert([newRecord(tenantId, objectId, {}), newRecord(tenantId, objectId, {})]);
    });

    it('refuses to replace an index that other tenants share', async () => {
      const tenantId = await newTenantId();
      const spec = {
        name: 'n1_nn',
        columns: [AMOUNT],
        method: 'btree',
        unique: false,
        sparse: true,
        replaces: 'n1',
      } as const;
      await expect(store.ensureIndexes(tenantId, 1, [spec])).rejects.toThrow(TypeError);
    });

    it('refuses statistics for an index other than a one-column btree', async () => {
      const tenantId = await newTenantId();
      const spec = {
        name: 't1_trgm',
        columns: [NAME],
        method: 'trgm',
        unique: false,
        statistics: true,
      } as const;
      await expect(store.ensureIndexes(tenantId, 1, [spec])).rejects.toThrow(TypeError);
      expect(await indexNames()).not.toContain(`rx_${tenantId.replaceAll('-', '')}_1_t1_trgm`);
    });

    it('refuses more indexes per object than the cap', async () => {
      const tenantId = await newTenantId();
      const specs = Array.from({ length: MAX_INDEXES_PER_OBJECT + 1 }, (_, index) => ({
        name: `t${index + 1}`,
        columns: [slot(`t${index + 1}`, 'text')],
        method: 'btree' as const,
        unique: false,
      }));
      await expect(store.ensureIndexes(tenantId, 1, specs)).rejects.toMatchObject({
        code: LIMIT_EXCEEDED.code,
      });
    });

    it('refuses slot names outside the records table', async () => {
      const tenantId = await newTenantId();
      const spec = {
        name: 'bad',
        columns: [slot('t1; drop table records', 'text')],
        method: 'btree',
        unique: false,
      } as const;
      await expect(store.ensureIndexes(tenantId, 1, [spec])).rejects.toThrow(TypeError);
      await expect(
        store.query(plan(tenantId, 1, { where: compare(slot('t99', 'text'), 'eq', 'x') })),
      ).rejects.toThrow(TypeError);
      await expect(
        store.query(plan(tenantId, 1, { where: compare(slot('n1', 'text'), 'eq', 'x') })),
      ).rejects.toThrow(TypeError);
    });
  });
});
