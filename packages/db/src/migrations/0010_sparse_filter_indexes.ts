import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * The runtime's indexes that only filters use become sparse (ADR 0015): btrees of fields that are
 * filtered but not sorted, renamed `rx_o<N>_<slot>_nn`, and every trigram index, each leaving out
 * rows whose column is empty. This drops the runtime's non-unique indexes of the old kind, full
 * btrees and trigram indexes alike; the record runtime builds those its objects still want, as
 * now defined, the first time it reads each object (record-store `ensureIndexes`). Full btrees of
 * sorted fields come back unchanged under their names; dropping them too clears those no object
 * wants any more (a btree is shared by the objects of one id in every tenant, so nothing short of
 * every tenant's metadata tells which those are). Unique indexes are left alone: the runtime
 * replaces each by its sparse successor itself, dropping the old one only once the new one is
 * built, so uniqueness is never unenforced.
 */
export const migration0010SparseFilterIndexes: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time, not typed by today's schema
  up: (db: Kysely<any>) => dropRuntimeIndexes(db, { sparse: false }),
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time, not typed by today's schema
  down: (db: Kysely<any>) => dropRuntimeIndexes(db, { sparse: true }),
};

/** Drops the runtime's non-unique indexes on `records` that are (or are not) sparse. */
async function dropRuntimeIndexes(
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time, not typed by today's schema
  db: Kysely<any>,
  { sparse }: { readonly sparse: boolean },
): Promise<void> {
  const notNull = sparse
    ? sql`indexdef like '%IS NOT NULL%'`
    : sql`indexdef not like '%IS NOT NULL%'`;
  const found = await sql<{ name: string }>`select indexname as name from pg_indexes
    where schemaname = current_schema() and tablename like 'records%'
      and (indexname like 'rx\\_o%' or indexname like 'rx\\_%\\_trgm')
      and indexdef not like 'CREATE UNIQUE%' and ${notNull}`.execute(db);
  for (const { name } of found.rows) {
    await sql`drop index if exists ${sql.ref(name)}`.execute(db);
  }
}
