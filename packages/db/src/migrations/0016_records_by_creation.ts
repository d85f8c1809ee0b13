import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Live records by creation time within their tenant and object: the order of a list that names
 * no sort (newest first), of related lists and of `created_at` sorts. Without it such a page
 * read and sorted every live record of the object: 620 ms for the first 50 of 300,000
 * opportunities. `created_at` never changes, so updates stay heap-only; new rows go to the last
 * page of the index. Created on the partitioned table, so every partition gets its own.
 */
export const migration0016RecordsByCreation: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time, not typed by today's schema
  async up(db: Kysely<any>): Promise<void> {
    await sql`create index records_created on records (tenant_id, object_id, created_at, id)
      where deleted_at is null`.execute(db);
  },
  // biome-ignore lint/suspicious/noExplicitAny: see up()
  async down(db: Kysely<any>): Promise<void> {
    await sql`drop index if exists records_created`.execute(db);
  },
};
