import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * The runtime's trigram indexes move from `gin (slot gin_trgm_ops)` to `gin (lower(slot)
 * gin_trgm_ops)` (ADR 0013). pg_trgm answers `=` too, and with statistics the planner chose such
 * an index for the equality probes of uniqueness checks: one trigram search per value, seconds
 * for a bulk create of 1,000 rows. This drops the old ones; the record runtime builds the new
 * ones, under the same names, the first time it reads each object (record-store `ensureIndexes`).
 */
export const migration0008TrigramOnLower: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time, not typed by today's schema
  async up(db: Kysely<any>) {
    const found = await sql<{ name: string }>`select indexname as name from pg_indexes
      where schemaname = current_schema() and tablename like 'records%'
        and indexname like 'rx\\_%\\_trgm' and indexdef like '%gin_trgm_ops%'
        and indexdef not like '%lower(%'`.execute(db);
    for (const { name } of found.rows) {
      await sql`drop index if exists ${sql.ref(name)}`.execute(db);
    }
  },
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time, not typed by today's schema
  async down(db: Kysely<any>) {
    const found = await sql<{ name: string }>`select indexname as name from pg_indexes
      where schemaname = current_schema() and tablename like 'records%'
        and indexname like 'rx\\_%\\_trgm' and indexdef like '%lower(%'`.execute(db);
    for (const { name } of found.rows) {
      await sql`drop index if exists ${sql.ref(name)}`.execute(db);
    }
  },
};
