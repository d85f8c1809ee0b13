import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from './database.js';
import { createIdentityStore } from './identity/identity-store.js';
import { migrateToLatest } from './migrate.js';
import { enableRowLevelSecurity, PrivilegedRoleError } from './row-level-security.js';
import { runInTenant } from './tenant-scope.js';
import { ensureTenant } from './tenants.js';
import { createUnprivilegedDatabase, openTestDatabase } from './testing.js';

const adminUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!adminUrl)('row-level security on PostgreSQL', () => {
  let db: Database;
  let drop: () => Promise<void>;
  let tenantA: string;
  let tenantB: string;

  beforeAll(async () => {
    const created = await createUnprivilegedDatabase(adminUrl as string);
    drop = created.drop;
    db = await createDatabase({ databaseUrl: created.url, tenantScoped: true, pool: { max: 3 } });
    await migrateToLatest(db);
    await enableRowLevelSecurity(db);
    tenantA = (await ensureTenant(db, { slug: 'a', name: 'A' })).id;
    tenantB = (await ensureTenant(db, { slug: 'b', name: 'B' })).id;
    const identity = createIdentityStore(db);
    for (const [tenantId, email] of [
      [tenantA, 'one@a.example'],
      [tenantA, 'two@a.example'],
      [tenantB, 'one@b.example'],
    ] as const) {
      await identity.createUser({
        tenantId,
        id: randomUUID(),
        email,
        name: email,
        locale: 'en',
        passwordHash: null,
        departmentId: null,
        roles: ['auditor'],
      });
    }
  }, 60_000);

  afterAll(async () => {
    await db?.close();
    await drop?.();
  });

  const emails = async () =>
    (
      await sql<{ email: string }>`select email from users order by email`.execute(db.kysely)
    ).rows.map((r) => r.email);

  it('forces a tenant policy on every table with a tenant_id', async () => {
    const tables = await sql<{ relname: string; forced: boolean; enabled: boolean }>`
      select c.relname, c.relforcerowsecurity as forced, c.relrowsecurity as enabled
      from pg_class c join information_schema.columns col
        on col.table_name = c.relname and col.column_name = 'tenant_id' and col.table_schema = 'public'
      where c.relkind in ('r', 'p')`.execute(db.kysely);
    expect(tables.rows.length).toBeGreaterThanOrEqual(15);
    // The partitioned records table and each partition, which the store reads directly (ADR 0010).
    expect(tables.rows.map((row) => row.relname)).toEqual(
      expect.arrayContaining(['records', 'records_o1', 'records_o31', 'records_orest']),
    );
    for (const row of tables.rows)
      expect([row.relname, row.enabled, row.forced]).toEqual([row.relname, true, true]);
  });

  it('shows a statement only the rows of the tenant in scope, even without a tenant filter', async () => {
    expect(await runInTenant(tenantA, emails)).toEqual(['one@a.example', 'two@a.example']);
    expect(await runInTenant(tenantB, emails)).toEqual(['one@b.example']);
    expect(await emails()).toEqual([]);
  });

  it('refuses writing a row of another tenant than the one in scope', async () => {
    await expect(
      runInTenant(tenantA, () =>
        sql`insert into users (tenant_id, id, email, name) values (${tenantB}, ${randomUUID()}, 'x@b.example', 'x')`.execute(
          db.kysely,
        ),
      ),
    ).rejects.toThrow(/row-level security/);
    const moved = await runInTenant(tenantA, () =>
      sql`update users set tenant_id = ${tenantB} where email = 'one@a.example'`.execute(db.kysely),
    ).catch((error: Error) => error);
    expect(String(moved)).toMatch(/row-level security/);
  });

  it('keeps the scope of concurrent call chains apart on a shared pool', async () => {
    const runs = await Promise.all(
      Array.from({ length: 12 }, (_, i) => {
        const tenant = i % 2 === 0 ? tenantA : tenantB;
        return runInTenant(tenant, async () => [tenant, (await emails()).length] as const);
      }),
    );
    for (const [tenant, count] of runs) expect(count).toBe(tenant === tenantA ? 2 : 1);
  });

  it('is refused for a superuser, for whom policies would mean nothing', async () => {
    const superDb = await openTestDatabase({ name: 'postgres', adminUrl: adminUrl as string });
    try {
      await expect(enableRowLevelSecurity(superDb)).rejects.toBeInstanceOf(PrivilegedRoleError);
    } finally {
      await superDb.close();
    }
  });
});
