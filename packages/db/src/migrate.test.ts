import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { migrateTo, migrateToLatest } from './migrate.js';
import {
  RECORD_OWN_PARTITIONS,
  recordPartitionOf,
  recordStatisticsName,
} from './records/record-partitions.js';
import { ensureTenant } from './tenants.js';
import { openTestDatabase, testBackends } from './testing.js';

/** The names of the statistics objects on object `objectId`'s partition, sorted. */
async function statisticsNamesOf(db: Database, objectId: number): Promise<string[]> {
  const found = await sql<{ name: string }>`select stxname as name from pg_statistic_ext
    where stxrelid = ${recordPartitionOf(objectId)}::regclass order by stxname`.execute(db.kysely);
  return found.rows.map((row) => row.name);
}

describe.each(testBackends())('migrateToLatest on $name', (backend) => {
  let db: Database | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('runs every migration once on an empty database', async () => {
    db = await openTestDatabase(backend, { migrate: false });
    expect(await migrateToLatest(db)).toEqual([
      '0001_metadata',
      '0002_records',
      '0003_identity',
      '0004_attachments',
      '0005_saved_views',
      '0006_records_fillfactor',
      '0007_records_partitioned',
      '0008_trigram_on_lower',
      '0009_records_without_tenant_keys',
      '0010_sparse_filter_indexes',
      '0011_select_statistics_only',
      '0012_statistics_without_dependencies',
      '0013_deleted_records_index',
      '0014_attachments_attached_at',
      '0015_idempotency_by_age',
      '0016_records_by_creation',
      '0017_audit_by_actor',
    ]);
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables
      where table_schema = 'public' and table_name not like 'kysely_%'
        and table_name not like 'records\\_o%'
      order by table_name`.execute(db.kysely);
    expect(tables.rows.map((row) => row.table_name)).toEqual([
      'api_tokens',
      'attachments',
      'audit_log',
      'departments',
      'metadata_heads',
      'metadata_versions',
      'record_audit',
      'record_counters',
      'record_idempotency',
      'record_objects',
      'record_shares',
      'records',
      'saved_views',
      'sessions',
      'sharing_rules',
      'tenants',
      'user_roles',
      'users',
    ]);
    // records is partitioned by object id (ADR 0010), every partition at fillfactor 85.
    const partitions = await sql<{ name: string; bound: string; reloptions: string[] | null }>`
      select c.relname as name, pg_get_expr(c.relpartbound, c.oid) as bound, c.reloptions
      from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = 'records'::regclass order by c.relname`.execute(db.kysely);
    const expected = [
      ...Array.from({ length: RECORD_OWN_PARTITIONS }, (_, index) => ({
        name: recordPartitionOf(index + 1),
        bound: `FOR VALUES FROM (${index + 1}) TO (${index + 2})`,
      })),
      {
        name: recordPartitionOf(RECORD_OWN_PARTITIONS + 1),
        bound: `FOR VALUES FROM (${RECORD_OWN_PARTITIONS + 1}) TO (MAXVALUE)`,
      },
    ].sort((a, b) => (a.name < b.name ? -1 : 1));
    expect(partitions.rows.map(({ name, bound }) => ({ name, bound }))).toEqual(expected);
    expect(new Set(partitions.rows.map((row) => row.reloptions?.join()))).toEqual(
      new Set(['fillfactor=85']),
    );
  });

  it('moves the records of an unpartitioned table into their object partitions', async () => {
    db = await openTestDatabase(backend, { migrate: false });
    await migrateTo(db, '0006_records_fillfactor');
    const { id: tenantId } = await ensureTenant(db, { slug: 'partition-upgrade', name: 'Upgrade' });
    const row = (objectId: number, name: string) => sql`(${tenantId}::uuid, ${objectId},
      ${randomUUID()}::uuid, 'u', 'u', now(), now(), ${name})`;
    await sql`insert into records
      (tenant_id, object_id, id, created_by, updated_by, created_at, updated_at, t1)
      values ${sql.join([row(3, 'deal'), row(3, 'other deal'), row(40, 'custom')])}`.execute(
      db.kysely,
    );
    await sql`create index rx_o3_t1 on records (tenant_id, t1, id) where object_id = 3`.execute(
      db.kysely,
    );

    expect(await migrateTo(db, '0007_records_partitioned')).toEqual(['0007_records_partitioned']);
    const moved = await sql<{ partition: string; t1: string }>`
      select tableoid::regclass::text as partition, t1 from records order by t1`.execute(db.kysely);
    expect(moved.rows).toEqual([
      { partition: recordPartitionOf(40), t1: 'custom' },
      { partition: recordPartitionOf(3), t1: 'deal' },
      { partition: recordPartitionOf(3), t1: 'other deal' },
    ]);
    // The old table went with its runtime indexes; the runtime builds them again on the partition.
    const leftovers = await sql<{ relname: string }>`select relname from pg_class
      where relname in ('records_unpartitioned', 'rx_o3_t1')`.execute(db.kysely);
    expect(leftovers.rows).toEqual([]);
    const duplicate = await sql<{ id: string }>`select id from records where t1 = 'deal'`.execute(
      db.kysely,
    );
    await expect(
      sql`insert into records (tenant_id, object_id, id, created_by, updated_by, created_at, updated_at)
        values (${tenantId}::uuid, 3, ${duplicate.rows[0]?.id}::uuid, 'u', 'u', now(), now())`.execute(
        db.kysely,
      ),
    ).rejects.toMatchObject({ code: '23505' });
    await expect(
      sql`insert into records (tenant_id, object_id, id, created_by, updated_by, created_at, updated_at)
        values (${randomUUID()}::uuid, 3, ${randomUUID()}::uuid, 'u', 'u', now(), now())`.execute(
        db.kysely,
      ),
    ).rejects.toMatchObject({ code: '23503' });

    // And back: one plain table again, holding the same rows.
    expect(await migrateTo(db, '0006_records_fillfactor')).toEqual(['0007_records_partitioned']);
    const plain = await sql<{ relkind: string; rows: number }>`
      select c.relkind, (select count(*)::int from records) as rows
      from pg_class c where c.relname = 'records'`.execute(db.kysely);
    expect(plain.rows).toEqual([{ relkind: 'r', rows: 3 }]);
  });

  it('drops the trigram indexes over plain columns, leaving the runtime to build them on lower()', async () => {
    db = await openTestDatabase(backend, { migrate: false });
    await migrateTo(db, '0007_records_partitioned');
    const { id: tenantId } = await ensureTenant(db, { slug: 'trigram-upgrade', name: 'Upgrade' });
    const key = tenantId.replaceAll('-', '');
    const partition = recordPartitionOf(3);
    const predicate = sql.raw(`tenant_id = '${tenantId}' and object_id = 3`);
    await sql`create index ${sql.ref(`rx_${key}_3_t1_trgm`)} on ${sql.table(partition)}
      using gin (t1 gin_trgm_ops) where ${predicate}`.execute(db.kysely);
    await sql`create index ${sql.ref(`rx_${key}_3_t2_trgm`)} on ${sql.table(partition)}
      using gin (lower(t2) gin_trgm_ops) where ${predicate}`.execute(db.kysely);
    await sql`create index ${sql.ref(`rx_o3_t1`)} on ${sql.table(partition)} (tenant_id, t1, id)
      where object_id = 3`.execute(db.kysely);

    expect(await migrateTo(db, '0008_trigram_on_lower')).toEqual(['0008_trigram_on_lower']);
    const left = await sql<{ name: string }>`select indexname as name from pg_indexes
      where tablename = ${partition} and indexname like 'rx%' order by indexname`.execute(
      db.kysely,
    );
    expect(left.rows.map((row) => row.name)).toEqual([`rx_${key}_3_t2_trgm`, 'rx_o3_t1']);
  });

  it('lets records and their audit entries name a tenant without a foreign-key check, and back', async () => {
    const opened = await openTestDatabase(backend, { migrate: false });
    db = opened;
    await migrateTo(opened, '0008_trigram_on_lower');
    const insert = (tenantId: string) =>
      Promise.all([
        sql`insert into records (tenant_id, object_id, id, created_by, updated_by, created_at, updated_at)
          values (${tenantId}::uuid, 3, ${randomUUID()}::uuid, 'u', 'u', now(), now())`.execute(
          opened.kysely,
        ),
        sql`insert into record_audit (tenant_id, object_id, record_id, version, action, actor, at, changes)
          values (${tenantId}::uuid, 3, ${randomUUID()}::uuid, 1, 'create', 'u', now(), '{}')`.execute(
          opened.kysely,
        ),
      ]);
    await expect(insert(randomUUID())).rejects.toMatchObject({ code: '23503' });

    expect(await migrateTo(opened, '0009_records_without_tenant_keys')).toEqual([
      '0009_records_without_tenant_keys',
    ]);
    const keys = await sql<{ name: string }>`select conname as name from pg_constraint
      where contype = 'f' and conrelid in ('records'::regclass, 'record_audit'::regclass)`.execute(
      opened.kysely,
    );
    expect(keys.rows).toEqual([]);
    await insert(randomUUID());

    await sql`delete from records`.execute(opened.kysely);
    await sql`alter table record_audit disable trigger record_audit_append_only`.execute(
      opened.kysely,
    );
    await sql`delete from record_audit`.execute(opened.kysely);
    await sql`alter table record_audit enable trigger record_audit_append_only`.execute(
      opened.kysely,
    );
    expect(await migrateTo(opened, '0008_trigram_on_lower')).toEqual([
      '0009_records_without_tenant_keys',
    ]);
    await expect(insert(randomUUID())).rejects.toMatchObject({ code: '23503' });
  });

  it('drops the full filter and trigram indexes for the runtime to build sparse, and back', async () => {
    const opened = await openTestDatabase(backend, { migrate: false });
    db = opened;
    await migrateTo(opened, '0009_records_without_tenant_keys');
    const { id: tenantId } = await ensureTenant(opened, {
      slug: 'sparse-upgrade',
      name: 'Upgrade',
    });
    const key = tenantId.replaceAll('-', '');
    const partition = sql.table(recordPartitionOf(3));
    const live = sql.raw(`object_id = 3 and deleted_at is null`);
    const perTenant = sql.raw(`tenant_id = '${tenantId}' and object_id = 3 and deleted_at is null`);
    const index = (name: string, definition: ReturnType<typeof sql>) =>
      sql`create ${sql.raw(name.endsWith('unique') ? 'unique ' : '')}index ${sql.ref(name)}
        on ${partition} ${definition}`.execute(opened.kysely);
    await index('rx_o3_t1', sql`(tenant_id, t1, id) where ${live}`);
    await index(`rx_${key}_3_t1_trgm`, sql`using gin (lower(t1) gin_trgm_ops) where ${perTenant}`);
    await index(`rx_${key}_3_t2_unique`, sql`(tenant_id, t2) where ${perTenant}`);
    await sql`create index records_o3_elsewhere on ${partition} (t3)`.execute(opened.kysely);
    const names = async () =>
      (
        await sql<{ name: string }>`select indexname as name from pg_indexes
          where tablename = ${recordPartitionOf(3)} and indexname <> 'records_o3_pkey'
          order by indexname`.execute(opened.kysely)
      ).rows.map((row) => row.name);

    expect(await migrateTo(opened, '0010_sparse_filter_indexes')).toEqual([
      '0010_sparse_filter_indexes',
    ]);
    // The unique index stays: uniqueness is never unenforced. Indexes of other origins stay too.
    expect(await names()).toEqual(['records_o3_elsewhere', `rx_${key}_3_t2_unique`]);

    // Down, the sparse indexes the runtime built since go; the older runtime builds full ones.
    await index('rx_o3_t4_nn', sql`(tenant_id, t4, id) where ${live} and t4 is not null`);
    await index(
      `rx_${key}_3_t6_trgm`,
      sql`using gin (lower(t6) gin_trgm_ops) where ${perTenant} and t6 is not null`,
    );
    await index('rx_o3_n1', sql`(tenant_id, n1, id) where ${live}`);
    expect(await migrateTo(opened, '0009_records_without_tenant_keys')).toEqual([
      '0010_sparse_filter_indexes',
    ]);
    expect(await names()).toEqual(['records_o3_elsewhere', `rx_${key}_3_t2_unique`, 'rx_o3_n1']);
  });

  it("drops the runtime's statistics objects for the runtime to make those of selects again", async () => {
    const opened = await openTestDatabase(backend, { migrate: false });
    db = opened;
    await migrateTo(opened, '0010_sparse_filter_indexes');
    const partition = sql.table(recordPartitionOf(3));
    await sql`create statistics ${sql.ref(recordStatisticsName(3, 't1'))} (ndistinct, dependencies, mcv)
      on tenant_id, object_id, t1 from ${partition}`.execute(opened.kysely);
    await sql`create statistics records_o3_elsewhere (ndistinct) on tenant_id, t2 from ${partition}`.execute(
      opened.kysely,
    );
    const names = () => statisticsNamesOf(opened, 3);
    expect(await names()).toEqual(['records_o3_elsewhere', recordStatisticsName(3, 't1')]);

    expect(await migrateTo(opened, '0011_select_statistics_only')).toEqual([
      '0011_select_statistics_only',
    ]);
    // Statistics objects of other origins stay.
    expect(await names()).toEqual(['records_o3_elsewhere']);
  });

  it("drops the runtime's statistics objects with dependencies for the runtime to make them again without", async () => {
    const opened = await openTestDatabase(backend, { migrate: false });
    db = opened;
    await migrateTo(opened, '0011_select_statistics_only');
    const partition = sql.table(recordPartitionOf(3));
    await sql`create statistics ${sql.ref(recordStatisticsName(3, 't2'))} (ndistinct, dependencies, mcv)
      on tenant_id, object_id, t2 from ${partition}`.execute(opened.kysely);
    await sql`create statistics ${sql.ref(recordStatisticsName(3, 't3'))} (ndistinct, mcv)
      on tenant_id, object_id, t3 from ${partition}`.execute(opened.kysely);
    await sql`create statistics records_o3_elsewhere (dependencies) on tenant_id, t2 from ${partition}`.execute(
      opened.kysely,
    );
    const names = () => statisticsNamesOf(opened, 3);

    expect(await migrateTo(opened, '0012_statistics_without_dependencies')).toEqual([
      '0012_statistics_without_dependencies',
    ]);
    // The runtime's object of the new kinds and objects of other origins stay.
    expect(await names()).toEqual(['records_o3_elsewhere', recordStatisticsName(3, 't3')]);
  });

  it('marks as attached the files a record lists, deleted records and other tenants apart', async () => {
    const opened = await openTestDatabase(backend, { migrate: false });
    db = opened;
    await migrateTo(opened, '0013_deleted_records_index');
    const here = (await ensureTenant(opened, { slug: 'attach-here', name: 'Here' })).id;
    const there = (await ensureTenant(opened, { slug: 'attach-there', name: 'There' })).id;
    const file = async (tenantId: string) => {
      const id = randomUUID();
      await sql`insert into attachments
        (tenant_id, id, name, content_type, size, sha256, bytes, created_by, created_at)
        values (${tenantId}::uuid, ${id}::uuid, 'a.txt', 'text/plain', 1, '', '\\x61', 'u',
          '2026-03-15T04:00:00Z')`.execute(opened.kysely);
      return id;
    };
    const [live, binned, free, elsewhere] = [
      await file(here),
      await file(here),
      await file(here),
      await file(here),
    ];
    const record = (tenantId: string, files: string, deleted: boolean) =>
      sql`insert into records
      (tenant_id, object_id, id, created_by, updated_by, created_at, updated_at, deleted_at, extra)
      values (${tenantId}::uuid, 3, ${randomUUID()}::uuid, 'u', 'u', now(), now(),
        ${deleted ? sql`now()` : sql`null`}, ${files}::jsonb)`.execute(opened.kysely);
    const listing = (id: string | undefined) =>
      JSON.stringify({ files: [{ id, name: 'a.txt', size: 1 }], note: 'long text' });
    await record(here, listing(live), false);
    await record(here, listing(binned), true);
    await record(there, listing(elsewhere), false);

    expect(await migrateTo(opened, '0014_attachments_attached_at')).toEqual([
      '0014_attachments_attached_at',
    ]);
    const marked = await sql<{ id: string; attached: boolean }>`
      select id::text, attached_at is not null as attached from attachments`.execute(opened.kysely);
    expect(Object.fromEntries(marked.rows.map((row) => [row.id, row.attached]))).toEqual({
      [live as string]: true,
      [binned as string]: true,
      [free as string]: false,
      [elsewhere as string]: false,
    });
  });

  it('runs nothing when already up to date', async () => {
    db = await openTestDatabase(backend, { migrate: false });
    await migrateToLatest(db);
    expect(await migrateToLatest(db)).toEqual([]);
  });

  it('leads every key and index of every tenant-owned table with tenant_id', async () => {
    db = await openTestDatabase(backend);
    const indexes = await sql<{ table_name: string; first_column: string }>`
      select t.relname as table_name, a.attname as first_column
      from pg_index i
      join pg_class t on t.oid = i.indrelid
      join pg_namespace n on n.oid = t.relnamespace
      join pg_attribute a on a.attrelid = t.oid and a.attnum = i.indkey[0]
      where n.nspname = 'public'
        and t.relkind in ('r', 'p')
        and t.relname <> 'tenants'
        and t.relname not like 'kysely\\_%'`.execute(db.kysely);
    expect(indexes.rows.length).toBeGreaterThan(0);
    expect(indexes.rows.filter((index) => index.first_column !== 'tenant_id')).toEqual([]);
  });
});
