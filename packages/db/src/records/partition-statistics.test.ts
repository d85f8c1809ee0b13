import type { NewRecord, RecordStore } from '@tangram/engine';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ambientTransaction } from '../ambient-transaction.js';
import type { Database } from '../database.js';
import { ensureTenant } from '../tenants.js';
import { openTestDatabase, testBackends } from '../testing.js';
import { createPartitionStatistics, type PartitionStatistics } from './partition-statistics.js';
import { recordPartitionOf, recordStatisticsName } from './record-partitions.js';
import { createRecordStore } from './record-store.js';
import { createdAudit, newRecord } from './record-testing.js';

function rowsOf(
  tenantId: string,
  objectId: number,
  count: number,
  width: number,
  slots: NewRecord['slots'] = {},
): NewRecord[] {
  return Array.from({ length: count }, (_, index) =>
    newRecord(tenantId, objectId, { t1: `Deal ${index} ${'x'.repeat(width)}`, ...slots }),
  );
}

describe.each(testBackends())('partition statistics on $name', (backend) => {
  let db: Database;
  let statistics: PartitionStatistics;
  let store: RecordStore;
  let tenantId: string;

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    statistics = createPartitionStatistics(db);
    store = createRecordStore(db, { statistics });
    ({ id: tenantId } = await ensureTenant(db, { slug: 'statistics', name: 'Statistics' }));
  });

  afterAll(async () => {
    await db?.close();
  });

  async function gathered(objectId: number) {
    const result = await sql<{ tuples: number; columns: number }>`
      select c.reltuples::float8 as tuples,
        (select count(*)::int from pg_stats s
          where s.schemaname = current_schema() and s.tablename = c.relname) as columns
      from pg_class c where c.relname = ${recordPartitionOf(objectId)}`.execute(
      // Inside a transaction, through it: PGlite's one connection is the transaction's.
      ambientTransaction(db) ?? db.kysely,
    );
    return result.rows[0];
  }

  async function insert(
    objectId: number,
    count: number,
    width = 60,
    slots: NewRecord['slots'] = {},
  ) {
    // The store's batches are at most a bulk call's 1,000 rows.
    for (let done = 0; done < count; done += 1000) {
      const rows = rowsOf(tenantId, objectId, Math.min(1000, count - done), width, slots);
      await store.insert(rows, rows.map(createdAudit));
    }
    await statistics.settled();
  }

  it('analyzes a partition a bulk load filled, which never had statistics', async () => {
    const objectId = await store.resolveObjectId(tenantId, 'loaded');
    expect(await gathered(objectId)).toEqual({ tuples: -1, columns: 0 });

    await insert(objectId, 2000);

    const after = await gathered(objectId);
    expect(after?.tuples).toBeGreaterThanOrEqual(1000);
    expect(after?.columns).toBeGreaterThan(0);
  });

  it('analyzes the audit log a bulk load filled, which the recent records read by writer', async () => {
    const audit = async () => {
      const result = await sql<{ tuples: number }>`select reltuples::float8 as tuples from pg_class
        where relname = 'record_audit'`.execute(db.kysely);
      return result.rows[0]?.tuples ?? -1;
    };
    const objectId = await store.resolveObjectId(tenantId, 'audited');
    await insert(objectId, 3000);
    // Analyzed at least once by now (this load, or an earlier test's), as autovacuum would later.
    expect(await audit()).toBeGreaterThanOrEqual(1000);
  });

  it('looks at a partition only once the transaction that filled it has committed', async () => {
    const objectId = await store.resolveObjectId(tenantId, 'transacted');
    await store.transaction(async (tx) => {
      const rows = rowsOf(tenantId, objectId, 1000, 60);
      await tx.insert(rows, rows.map(createdAudit));
      await statistics.settled();
      expect(await gathered(objectId)).toEqual({ tuples: -1, columns: 0 });
    });
    await statistics.settled();

    // Analyzed before the commit, it would have seen none of the rows and counted 0.
    expect((await gathered(objectId))?.tuples).toBe(1000);
  });

  it('leaves a partition alone while its writes are few', async () => {
    const objectId = await store.resolveObjectId(tenantId, 'quiet');
    await insert(objectId, 200);
    await insert(objectId, 200);

    expect(await gathered(objectId)).toEqual({ tuples: -1, columns: 0 });
  });

  it('analyzes again only once the partition has grown fourfold since', async () => {
    const objectId = await store.resolveObjectId(tenantId, 'growing');
    await insert(objectId, 1000, 600);
    expect((await gathered(objectId))?.tuples).toBe(1000);

    // 1,000 more rows, but short ones: the partition grew by a fifth, not fourfold.
    await insert(objectId, 1000, 0);
    expect((await gathered(objectId))?.tuples).toBe(1000);

    await insert(objectId, 4000, 600);
    expect((await gathered(objectId))?.tuples).toBeGreaterThan(2000);
  });

  /** A column's statistics on the object's partition: its share of nulls and common values. */
  async function columnStatistics(objectId: number, column: string) {
    const result = await sql<{ nulls: number; common: string | null }>`
      select null_frac::float8 as nulls, most_common_vals::text as common from pg_stats
      where schemaname = current_schema() and tablename = ${recordPartitionOf(objectId)}
        and attname = ${column}`.execute(db.kysely);
    return result.rows[0];
  }

  it('analyzes again later the row counts and extended statistics only on PostgreSQL, everything on PGlite', async () => {
    const objectId = await store.resolveObjectId(tenantId, 'focused');
    const partition = recordPartitionOf(objectId);
    await sql
      .raw(
        `create statistics ${recordStatisticsName(objectId, 't2')} (ndistinct, mcv) on tenant_id, object_id, t2 from ${partition}`,
      )
      .execute(db.kysely);
    await insert(objectId, 1000, 600, { t2: 'open' });
    expect(await columnStatistics(objectId, 't1')).toMatchObject({ nulls: 0 });
    expect((await columnStatistics(objectId, 't2'))?.common).toBe('{open}');

    // Four times the rows, none of them named and all of them won.
    await insert(objectId, 4000, 0, { t1: null, t2: 'won', t3: 'x'.repeat(600) });

    expect((await gathered(objectId))?.tuples).toBeGreaterThan(2000);
    expect((await columnStatistics(objectId, 't2'))?.common).toMatch(/won/);
    const extended = await sql<{ common: string | null }>`
      select most_common_vals::text as common from pg_stats_ext
      where statistics_name = ${recordStatisticsName(objectId, 't2')}`.execute(db.kysely);
    expect(extended.rows[0]?.common).toMatch(/won/);
    // The name's statistics are autovacuum's to refresh on PostgreSQL; PGlite runs none.
    const names = await columnStatistics(objectId, 't1');
    if (backend.name === 'postgres') expect(names).toMatchObject({ nulls: 0 });
    else expect(names?.nulls).toBeGreaterThan(0.5);
  });
});
