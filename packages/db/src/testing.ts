import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createDatabase, type Database } from './database.js';
import { migrateToLatest } from './migrate.js';

/** A database backend the storage tests run against. */
export type TestBackend =
  | { readonly name: 'pglite' }
  | { readonly name: 'postgres'; readonly adminUrl: string };

/**
 * The backends storage tests must pass on: PGlite in memory always, plus the PostgreSQL server
 * at `TEST_DATABASE_URL` (an admin URL) when set. With `TANGRAM_REQUIRE_POSTGRES=1` a missing
 * `TEST_DATABASE_URL` is an error, so CI cannot silently skip PostgreSQL.
 */
export function testBackends(env: NodeJS.ProcessEnv = process.env): TestBackend[] {
  const adminUrl = env.TEST_DATABASE_URL;
  if (adminUrl === undefined || adminUrl === '') {
    if (env.TANGRAM_REQUIRE_POSTGRES === '1') {
      throw new Error('TANGRAM_REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set');
    }
    return [{ name: 'pglite' }];
  }
  return [{ name: 'pglite' }, { name: 'postgres', adminUrl }];
}

/**
 * A fresh database on `backend`, migrated unless `migrate: false`: an in-memory PGlite, or a
 * new uniquely named PostgreSQL database that is dropped again by `close()`.
 */
export async function openTestDatabase(
  backend: TestBackend,
  options: { readonly migrate?: boolean } = {},
): Promise<Database> {
  const migrate = options.migrate ?? true;
  if (backend.name === 'pglite') {
    const db = await createDatabase({ dataDir: 'memory://' });
    if (migrate) await migrateToLatest(db);
    return db;
  }
  const databaseName = `tangram_test_${randomUUID().replaceAll('-', '')}`;
  await runAdminStatement(backend.adminUrl, `create database ${databaseName}`);
  const databaseUrl = new URL(backend.adminUrl);
  databaseUrl.pathname = `/${databaseName}`;
  const db = await createDatabase({ databaseUrl: databaseUrl.toString(), pool: { max: 4 } });
  if (migrate) await migrateToLatest(db);
  return {
    kysely: db.kysely,
    backend: db.backend,
    async close() {
      await db.close();
      await runAdminStatement(
        backend.adminUrl,
        `drop database if exists ${databaseName} with (force)`,
      );
    },
  };
}

async function runAdminStatement(adminUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * A fresh PostgreSQL database owned by a new login role that is neither superuser nor BYPASSRLS,
 * as row-level security needs: its URL (connecting as that role) and `drop()` to remove both.
 */
export async function createUnprivilegedDatabase(
  adminUrl: string,
): Promise<{ readonly url: string; drop(): Promise<void> }> {
  const suffix = randomUUID().replaceAll('-', '').slice(0, 12);
  const role = `tangram_app_${suffix}`;
  const name = `tangram_rls_${suffix}`;
  await runAdminStatement(
    adminUrl,
    `create role ${role} login password 'app-password' nosuperuser nobypassrls nocreatedb nocreaterole`,
  );
  await runAdminStatement(adminUrl, `create database ${name} owner ${role}`);
  const url = new URL(adminUrl);
  url.username = role;
  url.password = 'app-password';
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await runAdminStatement(adminUrl, `drop database if exists ${name} with (force)`);
      await runAdminStatement(adminUrl, `drop role if exists ${role}`);
    },
  };
}

/** A one-time signal between concurrent steps of a test: `wait` settles once `give` is called. */
export function createSignal(): { readonly wait: Promise<void>; readonly give: () => void } {
  let give = () => {};
  const wait = new Promise<void>((resolve) => {
    give = resolve;
  });
  return { wait, give };
}
