import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from './database.js';
import { migrateToLatest } from './migrate.js';
import { ensureTenant, findTenantBySlug, type Tenant } from './tenants.js';
import { openTestDatabase, testBackends } from './testing.js';

describe.each(testBackends())('createDatabase on $name', (backend) => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase(backend);
  });
  afterAll(async () => {
    await db.close();
  });

  it('reports its backend', () => {
    expect(db.backend).toBe(backend.name);
  });

  it('returns values with the same JavaScript types on every backend', async () => {
    const { rows } = await sql<Record<string, unknown>>`
      select
        '2026-03-04 05:06:07.089+00'::timestamptz as instant,
        '2026-03-04'::date as day,
        42::int8 as small_int8,
        9007199254740993::int8 as big_int8,
        12.30::numeric(12, 2) as amount,
        '{"label": {"zh-CN": "客户"}, "list": [1, 2]}'::jsonb as document`.execute(db.kysely);
    expect(rows[0]).toEqual({
      instant: new Date('2026-03-04T05:06:07.089Z'),
      day: '2026-03-04',
      small_int8: 42,
      big_int8: 9007199254740993n,
      amount: '12.30',
      document: { label: { 'zh-CN': '客户' }, list: [1, 2] },
    });
  });

  it.runIf(backend.name === 'postgres')('turns JIT off on every pooled connection', async () => {
    const jitOf = async (): Promise<unknown> => {
      const { rows } = await sql<{ jit: string }>`show jit`.execute(db.kysely);
      return rows[0]?.jit;
    };
    // Two transactions held open at once run on two different connections of the pool.
    const settings = await Promise.all(
      [1, 2].map((n) =>
        db.kysely.transaction().execute(async (trx) => {
          const { rows } = await sql<{
            jit: string;
            pid: number;
          }>`select current_setting('jit') as jit, pg_backend_pid() as pid, pg_sleep(${n / 20})`.execute(
            trx,
          );
          return rows[0];
        }),
      ),
    );
    expect(settings.map((row) => row?.jit)).toEqual(['off', 'off']);
    expect(new Set(settings.map((row) => row?.pid)).size).toBe(2);
    expect(await jitOf()).toBe('off');
  });

  it('keeps uncommitted writes of a transaction from queries outside it', async () => {
    const slug = `t_${randomUUID().slice(0, 8)}`;
    const failure = new Error('roll back');
    let outside: Promise<Tenant | undefined> | undefined;
    await expect(
      db.kysely.transaction().execute(async (trx) => {
        await trx.insertInto('tenants').values({ slug, name: 'Inside' }).execute();
        // Not awaited here: PGlite queues it until the transaction ends (awaiting would
        // deadlock), PostgreSQL runs it at once on another connection.
        outside = findTenantBySlug(db, slug);
        await new Promise((resolve) => setTimeout(resolve, 50));
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await outside).toBeUndefined();
    expect(await findTenantBySlug(db, slug)).toBeUndefined();
  });
});

describe('createDatabase on a PGlite data directory', () => {
  let parentDir: string;
  beforeAll(async () => {
    parentDir = await mkdtemp(join(tmpdir(), 'tangram-pglite-'));
  });
  afterAll(async () => {
    await rm(parentDir, { recursive: true, force: true });
  });

  it('keeps data across close and reopen', async () => {
    const dataDir = join(parentDir, 'nested', 'data');
    const first = await createDatabase({ dataDir });
    const ran = await migrateToLatest(first);
    expect(ran.slice(0, 2)).toEqual(['0001_metadata', '0002_records']);
    expect(ran).toEqual([...ran].sort());
    const tenant = await ensureTenant(first, { slug: 'acme', name: 'Acme' });
    await first.close();

    const second = await createDatabase({ dataDir });
    try {
      expect(await migrateToLatest(second)).toEqual([]);
      expect(await findTenantBySlug(second, 'acme')).toEqual(tenant);
    } finally {
      await second.close();
    }
  });
});
