import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * An index of the soft-deleted records only, for the recycle bin (`deleted: true` queries, last
 * deleted first) and for a restore finding the children deleted with their master. Partial on
 * `deleted_at IS NOT NULL`, it holds only deleted rows: writes of live rows never touch it, and an
 * update that leaves `deleted_at` alone stays heap-only as before. Created on the partitioned
 * table, so every partition gets its own, and partitions made later too.
 */
export const migration0013DeletedRecordsIndex: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time, not typed by today's schema
  async up(db: Kysely<any>): Promise<void> {
    await sql`create index records_deleted on records (tenant_id, object_id, deleted_at, id)
      where deleted_at is not null`.execute(db);
  },
  // biome-ignore lint/suspicious/noExplicitAny: see up()
  async down(db: Kysely<any>): Promise<void> {
    await sql`drop index if exists records_deleted`.execute(db);
  },
};
