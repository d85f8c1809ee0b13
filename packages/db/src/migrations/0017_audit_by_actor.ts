import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Record audit entries by writer and time within their tenant: what a user changed last (the
 * home page's recent records) is then a short walk of one index. Before it, the home page sorted
 * every record of each object by `updated_at`, an index on which would cost every update its
 * heap-only write. Audit entries are only ever appended, at the index's end.
 */
export const migration0017AuditByActor: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time, not typed by today's schema
  async up(db: Kysely<any>): Promise<void> {
    await sql`create index record_audit_actor on record_audit (tenant_id, actor, at)`.execute(db);
  },
  // biome-ignore lint/suspicious/noExplicitAny: see up()
  async down(db: Kysely<any>): Promise<void> {
    await sql`drop index if exists record_audit_actor`.execute(db);
  },
};
