import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Tenants and the metadata store (heads and versions). `tenant_id` leads every key so that the
 * tables can later be distributed by tenant; `tenants` itself would be a reference table.
 */
export const migration0001Metadata: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time, not typed by today's schema
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('tenants')
      .addColumn('id', 'uuid', (column) => column.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn('slug', 'text', (column) => column.notNull().unique())
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
      .execute();

    await db.schema
      .createTable('metadata_heads')
      .addColumn('tenant_id', 'uuid', (column) => column.notNull().references('tenants.id'))
      .addColumn('kind', 'text', (column) => column.notNull())
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('revision', 'integer', (column) => column.notNull())
      .addColumn('draft', 'jsonb')
      .addColumn('published_version', 'integer')
      .addColumn('published', 'jsonb')
      .addColumn('updated_at', 'timestamptz', (column) => column.notNull())
      .addColumn('updated_by', 'text', (column) => column.notNull())
      .addPrimaryKeyConstraint('metadata_heads_pkey', ['tenant_id', 'kind', 'name'])
      .addCheckConstraint('metadata_heads_revision_check', sql`revision >= 0`)
      .addCheckConstraint(
        'metadata_heads_published_check',
        sql`(published_version is null) = (published is null)`,
      )
      .execute();

    await db.schema
      .createTable('metadata_versions')
      .addColumn('tenant_id', 'uuid', (column) => column.notNull().references('tenants.id'))
      .addColumn('kind', 'text', (column) => column.notNull())
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('version', 'integer', (column) => column.notNull())
      .addColumn('document', 'jsonb', (column) => column.notNull())
      .addColumn('diff', 'jsonb', (column) => column.notNull())
      .addColumn('author_id', 'text', (column) => column.notNull())
      .addColumn('created_at', 'timestamptz', (column) => column.notNull())
      .addColumn('message', 'text')
      .addColumn('reverted_from', 'integer')
      .addPrimaryKeyConstraint('metadata_versions_pkey', ['tenant_id', 'kind', 'name', 'version'])
      .addCheckConstraint('metadata_versions_version_check', sql`version >= 1`)
      .execute();
  },

  // biome-ignore lint/suspicious/noExplicitAny: see up()
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('metadata_versions').execute();
    await db.schema.dropTable('metadata_heads').execute();
    await db.schema.dropTable('tenants').execute();
  },
};
