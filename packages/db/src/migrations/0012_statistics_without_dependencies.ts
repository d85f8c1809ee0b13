import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * The runtime's extended statistics hold distinct counts and most common values, no functional
 * dependencies any more (ADR 0018): for the equalities and `in` lists on a select that they
 * serve, the most-common-values list answers first, and the dependencies were more than half of
 * what building each object cost in every analysis. PostgreSQL cannot change the kinds of a
 * statistics object, so this drops the runtime's objects (`rx_s_…`) that have dependencies; the
 * record runtime creates them again, without, the first time it reads each object (record-store
 * `ensureIndexes`). Down drops nothing: the older runtime is served by these objects as well.
 */
export const migration0012StatisticsWithoutDependencies: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time, not typed by today's schema
  async up(db: Kysely<any>): Promise<void> {
    const found = await sql<{ name: string }>`select s.stxname as name
      from pg_statistic_ext s join pg_namespace n on n.oid = s.stxnamespace
      where n.nspname = current_schema() and s.stxname like 'rx\\_s\\_%'
        and 'f' = any(s.stxkind)`.execute(db);
    for (const { name } of found.rows) {
      await sql`drop statistics if exists ${sql.ref(name)}`.execute(db);
    }
  },
  async down(): Promise<void> {},
};
