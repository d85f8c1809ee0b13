// Raw SQL over an open `@tangram/db` Database, on PostgreSQL and on PGlite alike.
import { createRequire } from 'node:module';

// bench/ is no workspace package, so kysely is resolved where @tangram/db resolves it.
const requireFromDb = createRequire(new URL('../../packages/db/package.json', import.meta.url));
const { CompiledQuery } = requireFromDb('kysely');

/**
 * A minimal executor the benchmark talks to: one statement per call, values always bound.
 * @param {{ kysely: { executeQuery(query: unknown): Promise<{ rows: unknown[] }> } }} db
 */
export function createSqlExecutor(db) {
  return {
    /** Runs one statement and returns its rows. */
    async query(text, parameters = []) {
      const result = await db.kysely.executeQuery(CompiledQuery.raw(text, parameters));
      return result.rows;
    },
  };
}

/**
 * An executor over a single `pg` client that also runs named prepared statements (parsed and
 * planned once per connection), which Kysely does not offer. PostgreSQL only.
 * @param {{ query(config: unknown, values?: unknown[]): Promise<{ rows: unknown[] }> }} client
 */
export function createPreparedSqlExecutor(client) {
  return {
    async query(text, parameters = []) {
      return (await client.query(text, parameters)).rows;
    },
    async queryPrepared(name, text, parameters = []) {
      return (await client.query({ name, text, values: parameters })).rows;
    },
  };
}
