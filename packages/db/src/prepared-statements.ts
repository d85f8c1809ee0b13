import { createHash } from 'node:crypto';
import { type RawBuilder, sql } from 'kysely';
import type pg from 'pg';

/**
 * Named prepared statements for the hot single-row statements of the record runtime. PostgreSQL
 * spends more time parsing and planning a statement over the 200-column `records` table, with its
 * many partial indexes, than running it (planning a get by id: 0.7 ms, running it: 0.3 ms;
 * docs/benchmarks.md). A statement whose text starts with `PREPARED` is sent by the pool's
 * clients as a named statement (`pg`'s `{ name, text, values }`): each connection parses it
 * once, and PostgreSQL's plan cache plans it once it sees that a generic plan costs no more.
 *
 * A generic plan cannot use a partial index whose predicate names a bound parameter, so a
 * statement marked here must carry such values (the object id) as literals. On PGlite the mark
 * is only a comment.
 */
export const PREPARED_MARK = '/* prepared */ ';

/** Put first in a statement: it is sent as a named prepared statement on PostgreSQL. */
export const PREPARED: RawBuilder<unknown> = sql.raw(PREPARED_MARK);

/**
 * Marks a statement whose rows `pg` should return as arrays of column values in select-list
 * order (`rowMode: 'array'`) rather than as objects keyed by column name: building a 30-key
 * object per row, key by key, was a good part of decoding a page. PGlite ignores the mark (it is
 * a comment there), so a reader of such a statement must accept both forms. Never combined with
 * `PREPARED`.
 */
export const ROWS_AS_ARRAYS_MARK = '/* rows as arrays */ ';

/** Put first in a statement: `pg` returns its rows as arrays (see ROWS_AS_ARRAYS_MARK). */
export const ROWS_AS_ARRAYS: RawBuilder<unknown> = sql.raw(ROWS_AS_ARRAYS_MARK);

/** Most named statements one connection keeps; later texts are sent unnamed. */
export const MAX_PREPARED_PER_CONNECTION = 500;

/** Texts longer than this are sent unnamed: they are batch statements, not hot single rows. */
const MAX_PREPARED_TEXT = 16_000;

const patched = new WeakSet<pg.PoolClient>();

function statementName(text: string): string {
  return `tg_${createHash('sha1').update(text).digest('base64url').slice(0, 22)}`;
}

/**
 * Makes `client` send statements marked PREPARED as named ones and those marked ROWS_AS_ARRAYS
 * with rows as arrays; idempotent. Every other call passes
 * through unchanged.
 */
export function preparingClient(client: pg.PoolClient): pg.PoolClient {
  if (patched.has(client)) return client;
  patched.add(client);
  const names = new Map<string, string>();
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const send = (...args: unknown[]): unknown => {
    const [text, values] = args;
    if (
      typeof text === 'string' &&
      text.startsWith(ROWS_AS_ARRAYS_MARK) &&
      !(args.length > 2 && typeof args[2] === 'function')
    ) {
      return query({ text, values, rowMode: 'array' });
    }
    if (
      typeof text !== 'string' ||
      !text.startsWith(PREPARED_MARK) ||
      text.length > MAX_PREPARED_TEXT ||
      (args.length > 2 && typeof args[2] === 'function')
    ) {
      return query(...args);
    }
    let name = names.get(text);
    if (name === undefined) {
      if (names.size >= MAX_PREPARED_PER_CONNECTION) return query(...args);
      name = statementName(text);
      names.set(text, name);
    }
    return query({ name, text, values });
  };
  (client as { query: unknown }).query = send;
  return client;
}

/** The subset of `pg.Pool` Kysely's PostgreSQL dialect uses. */
export interface PreparingPool {
  readonly options: object;
  connect(): Promise<pg.PoolClient>;
  end(): Promise<void>;
}

/** `pool` whose clients send marked statements as named prepared statements. */
export function preparingPool(pool: pg.Pool): PreparingPool {
  return {
    options: pool.options,
    connect: async () => preparingClient(await pool.connect()),
    end: () => pool.end(),
  };
}
