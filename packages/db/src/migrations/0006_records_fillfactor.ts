import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * `records` pages keep 15 % free, so that an update changing no indexed slot stays on its page
 * as a heap-only tuple (HOT) and writes no index entry: an opportunity has some 18 runtime
 * indexes, two of them trigram GIN, and on full pages every update of `next_step` wrote all of
 * them (single-row updates 0.49 -> 0.20 ms in PostgreSQL at 20k records, docs/benchmarks.md).
 * Applies to pages written from now on; existing pages follow as they are rewritten.
 */
export const migration0006RecordsFillfactor: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time, not typed by today's schema
  async up(db: Kysely<any>): Promise<void> {
    await sql`alter table records set (fillfactor = 85)`.execute(db);
  },

  // biome-ignore lint/suspicious/noExplicitAny: see up()
  async down(db: Kysely<any>): Promise<void> {
    await sql`alter table records reset (fillfactor)`.execute(db);
  },
};
