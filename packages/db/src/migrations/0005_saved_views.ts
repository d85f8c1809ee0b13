import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';

/** Views users save from list, kanban and calendar pages: personal or shared in the tenant. */
export const migration0005SavedViews: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time, not typed by today's schema
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('saved_views')
      .addColumn('tenant_id', 'uuid', (column) => column.notNull().references('tenants.id'))
      .addColumn('id', 'uuid', (column) => column.notNull())
      .addColumn('object', 'text', (column) => column.notNull())
      .addColumn('label', 'text', (column) => column.notNull())
      .addColumn('visibility', 'text', (column) => column.notNull())
      .addColumn('owner_id', 'text', (column) => column.notNull())
      .addColumn('definition', 'jsonb', (column) => column.notNull())
      .addColumn('version', 'integer', (column) => column.notNull())
      .addColumn('created_at', 'timestamptz', (column) => column.notNull())
      .addColumn('updated_at', 'timestamptz', (column) => column.notNull())
      .addPrimaryKeyConstraint('saved_views_pkey', ['tenant_id', 'id'])
      .addCheckConstraint('saved_views_visibility_check', sql`visibility in ('personal', 'shared')`)
      .execute();
    await db.schema
      .createIndex('saved_views_object_idx')
      .on('saved_views')
      .columns(['tenant_id', 'object', 'owner_id'])
      .execute();
  },

  // biome-ignore lint/suspicious/noExplicitAny: see up()
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('saved_views').execute();
  },
};
