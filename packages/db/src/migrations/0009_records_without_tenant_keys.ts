import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * `records` and `record_audit`, the two tables every record write inserts into, lose their
 * foreign keys to `tenants` (ADR 0014). Each inserted row checked its tenant with a `FOR KEY
 * SHARE` read of the tenant's row: ~10 and ~4 ms of PostgreSQL per 1,000 rows of a bulk create,
 * and every concurrent writer of a tenant share-locking that one row, which PostgreSQL turns into
 * a multixact as soon as two hold it. Tenants are never deleted, and the server writes only the
 * tenant it resolved for the request; the smaller tenant-owned tables keep their keys.
 */
export const migration0009RecordsWithoutTenantKeys: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time, not typed by today's schema
  async up(db: Kysely<any>) {
    await sql`alter table records drop constraint if exists records_tenant_id_fkey`.execute(db);
    await sql`alter table record_audit drop constraint if exists record_audit_tenant_id_fkey`.execute(
      db,
    );
  },
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time, not typed by today's schema
  async down(db: Kysely<any>) {
    await sql`alter table records
      add constraint records_tenant_id_fkey foreign key (tenant_id) references tenants (id)`.execute(
      db,
    );
    await sql`alter table record_audit
      add constraint record_audit_tenant_id_fkey foreign key (tenant_id) references tenants (id)`.execute(
      db,
    );
  },
};
