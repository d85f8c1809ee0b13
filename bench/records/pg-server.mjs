// The benchmark's throw-away PostgreSQL 15 server and fresh databases on any server.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../scripts/pg-test-server.sh', import.meta.url));
const requireFromDb = createRequire(new URL('../../packages/db/package.json', import.meta.url));
const pg = requireFromDb('pg');

/** Where the benchmark's own server listens and keeps its files. */
export const BENCH_SERVER_ENV = Object.freeze({
  PG_PORT: '54400',
  PG_DIR: '/tmp/tangram-bench-pg',
});

/**
 * Starts the throw-away server (scripts/pg-test-server.sh) and returns its admin URL; `settings`
 * name another port and directory (and PG_PRELOAD) for a server of different settings.
 */
export function startBenchServer(settings = BENCH_SERVER_ENV) {
  const output = execFileSync('bash', [script, 'start'], {
    env: { ...process.env, ...settings },
    encoding: 'utf8',
  });
  return output.trim().split('\n').at(-1);
}

/** Stops the throw-away server (the one of `settings`). */
export function stopBenchServer(settings = BENCH_SERVER_ENV) {
  execFileSync('bash', [script, 'stop'], { env: { ...process.env, ...settings } });
}

async function adminStatement(adminUrl, statement) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A connected `pg` client on `url`; the caller ends it. */
export async function connectClient(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/** Creates a uniquely named database on the server at `adminUrl`; returns its URL and a dropper. */
export async function createFreshDatabase(adminUrl, prefix = 'tangram_bench') {
  const name = `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  await adminStatement(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => adminStatement(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** The server's version string, e.g. "PostgreSQL 15.14 (Debian …)". */
export async function serverVersion(adminUrl) {
  const { rows } = await adminStatement(adminUrl, 'SELECT version() AS version');
  return rows[0].version;
}
