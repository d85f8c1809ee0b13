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
  up: (db: Kysely<any>) => dropTrigramIndexes(db, { overLower: false }),
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time, not typed by today's schema
  down: (db: Kysely<any>) => dropTrigramIndexes(db, { overLower: true }),
};

/** Drops the runtime's trigram indexes on `records` that are (or are not) over lower(slot). */
async function dropTrigramIndexes(
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time, not typed by today's schema
  db: Kysely<any>,
  { overLower }: { readonly overLower: boolean },
): Promise<void> {
  const lowered = overLower ? sql`indexdef like '%lower(%'` : sql`indexdef not like '%lower(%'`;
  const found = await sql<{ name: string }>`select indexname as name from pg_indexes
    where schemaname = current_schema() and tablename like 'records%'
      and indexname like 'rx\\_%\\_trgm' and indexdef like '%gin_trgm_ops%' and ${lowered}`.execute(
    db,
  );
  for (const { name } of found.rows) {
    await sql`drop index if exists ${sql.ref(name)}`.execute(db);
  }
}
