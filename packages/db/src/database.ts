import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import { preparingPool } from './prepared-statements.js';
import type { SystemTables } from './system-tables.js';
import { tenantScopedPool } from './tenant-scope.js';
import { valueParsers } from './value-parsers.js';

/** An open database: the Kysely instance over the system tables and which backend it runs on. */
export interface Database {
  readonly kysely: Kysely<SystemTables>;
  readonly backend: 'postgres' | 'pglite';
  /** Closes the pool or the embedded database; the instance is unusable afterwards. */
  close(): Promise<void>;
}

/** Where the data lives: a PostgreSQL server, or an embedded PGlite directory. */
export interface DatabaseOptions {
  /** A `postgres://` URL; when given (and not empty), PostgreSQL is used and `dataDir` ignored. */
  readonly databaseUrl?: string | undefined;
  /** PGlite data directory (default `./data`); `memory://` keeps everything in memory. */
  readonly dataDir?: string | undefined;
  readonly pool?: { readonly max?: number | undefined } | undefined;
  /**
   * PostgreSQL only: every statement runs with `tangram.tenant_id` set to the tenant of its call
   * chain (tenant-scope.ts), as row-level security needs.
   */
  readonly tenantScoped?: boolean | undefined;
}

/** PGlite's data directory when none is configured. */
export const DEFAULT_DATA_DIR = './data';

/**
 * Settings of every pooled PostgreSQL session, sent with the startup packet (no extra round
 * trip). JIT is off: record pages are short OLTP statements that never gain from it, and a plan
 * whose estimate crosses `jit_above_cost` spent tens of milliseconds compiling a page that runs
 * in a few (docs/benchmarks.md). An `options` parameter in the database URL is added after these
 * (see `sessionOptions`), so it can still turn JIT back on explicitly.
 */
const SESSION_OPTIONS = '-c jit=off';

/**
 * The URL without its `options` parameter, and the session options: ours, then the URL's. `pg`
 * lets a URL's `options` replace the pool's, which silently dropped `-c jit=off`.
 */
export function sessionOptions(databaseUrl: string): {
  readonly connectionString: string;
  readonly options: string;
} {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    return { connectionString: databaseUrl, options: SESSION_OPTIONS };
  }
  const own = url.searchParams.get('options');
  if (own === null) return { connectionString: databaseUrl, options: SESSION_OPTIONS };
  url.searchParams.delete('options');
  const options = own.trim() === '' ? SESSION_OPTIONS : `${SESSION_OPTIONS} ${own.trim()}`;
  return { connectionString: url.toString(), options };
}

/** Opens Kysely over `pg` when a database URL is given, over embedded PGlite otherwise. */
export async function createDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl !== undefined && options.databaseUrl !== '') {
    return createPostgresDatabase(options.databaseUrl, options.pool?.max, options.tenantScoped);
  }
  return createPgliteDatabase(options.dataDir ?? DEFAULT_DATA_DIR);
}

async function createPostgresDatabase(
  databaseUrl: string,
  max?: number,
  tenantScoped?: boolean,
): Promise<Database> {
  const types = new pg.TypeOverrides();
  for (const [oid, parse] of Object.entries(valueParsers)) {
    types.setTypeParser(Number(oid), parse);
  }
  const pool = new pg.Pool({
    ...sessionOptions(databaseUrl),
    types,
    ...(max === undefined ? {} : { max }),
  });
  // An idle connection that breaks (server restart, terminated backend) is dropped by the pool
  // and the next query opens a new one; without a listener the error would end the process.
  pool.on('error', () => {});
  // Statements marked PREPARED travel as named prepared statements (prepared-statements.ts).
  const kysely = new Kysely<SystemTables>({
    dialect: new PostgresDialect({
      pool: tenantScoped ? tenantScopedPool(preparingPool(pool)) : preparingPool(pool),
    }),
  });
  return { kysely, backend: 'postgres', close: () => kysely.destroy() };
}

async function createPgliteDatabase(dataDir: string): Promise<Database> {
  const directory = fileSystemPath(dataDir);
  // PGlite creates only the last directory of the path.
  if (directory !== undefined) await mkdir(directory, { recursive: true });
  // pg_trgm backs the trigram indexes of record search; loading it costs little at start.
  const pglite = await PGlite.create(dataDir, {
    parsers: { ...valueParsers },
    extensions: { pg_trgm },
  });
  // Kysely's own PGlite dialect keeps one connection and, because its adapter declares no
  // support for several connections, serialises every query and transaction on it: a
  // transaction holds the connection exclusively until it commits or rolls back.
  const kysely = new Kysely<SystemTables>({ dialect: new PGliteDialect({ pglite }) });
  const close = async (): Promise<void> => {
    await kysely.destroy();
    // Kysely only closes PGlite if a query ever ran through it.
    if (!pglite.closed) await pglite.close();
  };
  return { kysely, backend: 'pglite', close };
}

/** The directory behind a PGlite data dir on disk; undefined for `memory://` and other schemes. */
function fileSystemPath(dataDir: string): string | undefined {
  if (dataDir.startsWith('file://')) return dataDir.slice('file://'.length);
  return dataDir.includes('://') ? undefined : dataDir;
}
