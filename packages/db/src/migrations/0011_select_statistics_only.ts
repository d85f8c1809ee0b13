import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * The runtime keeps extended statistics `(tenant_id, object_id, slot)` only for single selects
 * now (`IndexSpec.statistics`), not for every btree-indexed slot whose name starts with `t`: that
 * rule also took names, free text and timestamps (`ts1`), whose statistics objects teach the
 * planner nothing and made up a third of an ANALYZE of an opportunity partition. This drops
 * every statistics object the runtime made (`rx_s_…`); the record runtime creates those its
 * objects still want the first time it reads each object (record-store `ensureIndexes`). A
 * statistics object is shared by the objects of one id in every tenant, so nothing short of every
 * tenant's metadata tells which ones those are. Down drops nothing: the older runtime creates
 * the ones it wants in the same way.
 */
export const migration0011SelectStatisticsOnly: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time, not typed by today's schema
  async up(db: Kysely<any>): Promise<void> {
    const found = await sql<{ name: string }>`select s.stxname as name
      from pg_statistic_ext s join pg_namespace n on n.oid = s.stxnamespace
      where n.nspname = current_schema() and s.stxname like 'rx\\_s\\_%'`.execute(db);
    for (const { name } of found.rows) {
      await sql`drop statistics if exists ${sql.ref(name)}`.execute(db);
    }
  },
  async down(): Promise<void> {},
};
