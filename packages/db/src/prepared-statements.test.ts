import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database, sessionOptions } from './database.js';
import { PREPARED, ROWS_AS_ARRAYS } from './prepared-statements.js';
import { openTestDatabase, testBackends } from './testing.js';

describe('sessionOptions', () => {
  it('keeps JIT off and adds the options a URL carries after it', () => {
    expect(sessionOptions('postgres://u@127.0.0.1:5432/db')).toEqual({
      connectionString: 'postgres://u@127.0.0.1:5432/db',
      options: '-c jit=off',
    });
    const own = sessionOptions(
      'postgres://u@127.0.0.1:5432/db?sslmode=disable&options=-c%20statement_timeout%3D5000',
    );
    expect(own.options).toBe('-c jit=off -c statement_timeout=5000');
    expect(own.connectionString).toBe('postgres://u@127.0.0.1:5432/db?sslmode=disable');
  });
});

describe.each(testBackends())('prepared statements on $name', (backend) => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase(backend);
  });
  afterAll(async () => {
    await db.close();
  });

  it('runs marked statements with their bound values and the same results', async () => {
    for (const n of [1, 2, 3]) {
      const { rows } = await sql<{
        doubled: number;
      }>`${PREPARED}select ${n}::int * 2 as doubled`.execute(db.kysely);
      expect(rows).toEqual([{ doubled: n * 2 }]);
    }
  });

  it('returns the rows of a ROWS_AS_ARRAYS statement as arrays on PostgreSQL, objects on PGlite', async () => {
    const { rows } = await sql<unknown>`${ROWS_AS_ARRAYS}select ${2}::int as a, 'x' as b`.execute(
      db.kysely,
    );
    expect(rows).toEqual(backend.name === 'postgres' ? [[2, 'x']] : [{ a: 2, b: 'x' }]);
    // Within a transaction too: the marked statement goes through the same client.
    const inside = await db.kysely
      .transaction()
      .execute(
        async (trx) => (await sql<unknown>`${ROWS_AS_ARRAYS}select 1 as one`.execute(trx)).rows,
      );
    expect(inside).toEqual(backend.name === 'postgres' ? [[1]] : [{ one: 1 }]);
  });

  it.runIf(backend.name === 'postgres')(
    'sends a marked statement as one named statement per connection, others unnamed',
    async () => {
      const names = await db.kysely.transaction().execute(async (trx) => {
        for (const n of [1, 2, 3]) {
          await sql`${PREPARED}select ${n}::int as marked`.execute(trx);
          await sql`select ${n}::int as unmarked`.execute(trx);
        }
        const { rows } = await sql<{ name: string; statement: string }>`
          select name, statement from pg_prepared_statements
          where statement like '%marked%' order by name`.execute(trx);
        return rows;
      });
      expect(names).toHaveLength(1);
      expect(names[0]?.name).toMatch(/^tg_/);
      expect(names[0]?.statement).toContain('as marked');
    },
  );

  it.runIf(backend.name === 'postgres')(
    'keeps JIT off when the database URL carries its own options',
    async () => {
      if (backend.name !== 'postgres') return;
      const url = new URL(backend.adminUrl);
      url.searchParams.set('options', '-c statement_timeout=4321');
      const own = await createDatabase({ databaseUrl: url.toString(), pool: { max: 1 } });
      try {
        const { rows } = await sql<{ jit: string; timeout: string }>`
          select current_setting('jit') as jit,
            current_setting('statement_timeout') as timeout`.execute(own.kysely);
        expect(rows[0]).toEqual({ jit: 'off', timeout: '4321ms' });
      } finally {
        await own.close();
      }
    },
  );
});
