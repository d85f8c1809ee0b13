import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Uploaded files, kept in the database (ADR 0008): the bytes in `bytea` beside their facts, so
 * that a backup of the database holds them and PGlite and PostgreSQL behave alike.
 */
export const migration0004Attachments: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time, not typed by today's schema
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('attachments')
      .addColumn('tenant_id', 'uuid', (column) => column.notNull().references('tenants.id'))
      .addColumn('id', 'uuid', (column) => column.notNull())
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('content_type', 'text', (column) => column.notNull())
      .addColumn('size', 'integer', (column) => column.notNull())
      .addColumn('sha256', 'text', (column) => column.notNull())
      .addColumn('bytes', 'bytea', (column) => column.notNull())
      .addColumn('created_by', 'text', (column) => column.notNull())
      .addColumn('created_at', 'timestamptz', (column) => column.notNull())
      .addPrimaryKeyConstraint('attachments_pkey', ['tenant_id', 'id'])
      .addCheckConstraint('attachments_size_check', sql`size = octet_length(bytes)`)
      .execute();
  },

  // biome-ignore lint/suspicious/noExplicitAny: see up()
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('attachments').execute();
  },
};
