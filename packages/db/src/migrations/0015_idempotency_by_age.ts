import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Idempotency responses by age within their tenant, for the puts that delete expired ones. A key
 * expires after 24 hours but stays until it is sent again, and integrators send a fresh key with
 * every create: without deleting, the table kept every keyed response ever answered.
 */
export const migration0015IdempotencyByAge: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time, not typed by today's schema
  async up(db: Kysely<any>): Promise<void> {
    await sql`create index record_idempotency_created on record_idempotency (tenant_id, created_at)`.execute(
      db,
    );
  },
  // biome-ignore lint/suspicious/noExplicitAny: see up()
  async down(db: Kysely<any>): Promise<void> {
    await sql`drop index if exists record_idempotency_created`.execute(db);
  },
};
