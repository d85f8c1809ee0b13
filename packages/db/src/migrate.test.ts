import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { migrateToLatest } from './migrate.js';
import { openTestDatabase, testBackends } from './testing.js';

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
    ]);
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables
      where table_schema = 'public' and table_name not like 'kysely_%'
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
    const options = await sql<{ reloptions: string[] | null }>`
      select reloptions from pg_class where relname = 'records'`.execute(db.kysely);
    expect(options.rows[0]?.reloptions).toEqual(['fillfactor=85']);
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
