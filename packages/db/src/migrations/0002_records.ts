import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Typed slot columns of `records` as ADR 0006 fixed them when this migration was written: prefix,
 * SQL type and how many. Kept here, not imported, because a migration never changes once released.
 */
const SLOT_COLUMNS = [
  { prefix: 't', type: 'text', count: 60 },
  { prefix: 'n', type: 'numeric', count: 40 },
  { prefix: 'd', type: 'date', count: 15 },
  { prefix: 'ts', type: 'timestamptz', count: 15 },
  { prefix: 'b', type: 'boolean', count: 20 },
  { prefix: 'u', type: 'uuid', count: 30 },
] as const;

/**
 * The record runtime's tables (ADR 0006): object ids per tenant, the generic `records` table with
 * its typed slots, the append-only audit trail, idempotency keys of creates and autonumber
 * counters. `tenant_id` leads every key. pg_trgm is enabled when the server offers it and the
 * role may create it; search falls back to plain ILIKE scans otherwise.
 */
export const migration0002Records: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time, not typed by today's schema
  async up(db: Kysely<any>): Promise<void> {
    await sql`
      do $$
      begin
        if exists (select 1 from pg_available_extensions where name = 'pg_trgm') then
          begin
            create extension if not exists pg_trgm;
          exception when insufficient_privilege then
            null;
          end;
        end if;
      end
      $$`.execute(db);

    await db.schema
      .createTable('record_objects')
      .addColumn('tenant_id', 'uuid', (column) => column.notNull().references('tenants.id'))
      .addColumn('object_name', 'text', (column) => column.notNull())
      .addColumn('object_id', 'integer', (column) => column.notNull())
      .addPrimaryKeyConstraint('record_objects_pkey', ['tenant_id', 'object_name'])
      .addUniqueConstraint('record_objects_object_id_key', ['tenant_id', 'object_id'])
      .execute();

    let records = db.schema
      .createTable('records')
      .addColumn('tenant_id', 'uuid', (column) => column.notNull().references('tenants.id'))
      .addColumn('object_id', 'integer', (column) => column.notNull())
      .addColumn('id', 'uuid', (column) => column.notNull())
      .addColumn('owner_id', 'uuid')
      .addColumn('created_by', 'text', (column) => column.notNull())
      .addColumn('updated_by', 'text', (column) => column.notNull())
      .addColumn('created_at', 'timestamptz', (column) => column.notNull())
      .addColumn('updated_at', 'timestamptz', (column) => column.notNull())
      .addColumn('version', 'integer', (column) => column.notNull().defaultTo(1))
      .addColumn('deleted_at', 'timestamptz');
    for (const { prefix, type, count } of SLOT_COLUMNS) {
      for (let index = 1; index <= count; index++) {
        records = records.addColumn(`${prefix}${index}`, type);
      }
    }
    await records
      .addColumn('extra', 'jsonb', (column) => column.notNull().defaultTo(sql`'{}'::jsonb`))
      .addPrimaryKeyConstraint('records_pkey', ['tenant_id', 'object_id', 'id'])
      .execute();
    await sql`create statistics records_tenant_object (ndistinct, dependencies)
      on tenant_id, object_id from records`.execute(db);

    await db.schema
      .createTable('record_audit')
      .addColumn('tenant_id', 'uuid', (column) => column.notNull().references('tenants.id'))
      .addColumn('object_id', 'integer', (column) => column.notNull())
      .addColumn('record_id', 'uuid', (column) => column.notNull())
      .addColumn('seq', 'bigserial', (column) => column.notNull())
      .addColumn('version', 'integer', (column) => column.notNull())
      .addColumn('action', 'text', (column) => column.notNull())
      .addColumn('actor', 'text', (column) => column.notNull())
      .addColumn('at', 'timestamptz', (column) => column.notNull())
      .addColumn('changes', 'jsonb', (column) => column.notNull())
      .addPrimaryKeyConstraint('record_audit_pkey', ['tenant_id', 'object_id', 'record_id', 'seq'])
      .addCheckConstraint(
        'record_audit_action_check',
        sql`action in ('create', 'update', 'delete', 'restore')`,
      )
      .execute();
    // The trail is append-only for everyone, the application included.
    await sql`
      create function record_audit_refuse_change() returns trigger language plpgsql as $$
      begin
        raise exception 'record_audit is append-only' using errcode = 'insufficient_privilege';
      end
      $$`.execute(db);
    await sql`
      create trigger record_audit_append_only before update or delete on record_audit
      for each row execute function record_audit_refuse_change()`.execute(db);

    await db.schema
      .createTable('record_idempotency')
      .addColumn('tenant_id', 'uuid', (column) => column.notNull().references('tenants.id'))
      .addColumn('key', 'text', (column) => column.notNull())
      .addColumn('request_hash', 'text', (column) => column.notNull())
      .addColumn('status', 'integer', (column) => column.notNull())
      .addColumn('body', 'jsonb', (column) => column.notNull())
      .addColumn('created_at', 'timestamptz', (column) => column.notNull())
      .addPrimaryKeyConstraint('record_idempotency_pkey', ['tenant_id', 'key'])
      .execute();

    await db.schema
      .createTable('record_counters')
      .addColumn('tenant_id', 'uuid', (column) => column.notNull().references('tenants.id'))
      .addColumn('object_id', 'integer', (column) => column.notNull())
      .addColumn('field', 'text', (column) => column.notNull())
      // '' when the counter never resets; otherwise the period it counts in, e.g. '2026'.
      .addColumn('period', 'text', (column) => column.notNull().defaultTo(''))
      .addColumn('value', 'bigint', (column) => column.notNull())
      .addPrimaryKeyConstraint('record_counters_pkey', [
        'tenant_id',
        'object_id',
        'field',
        'period',
      ])
      .execute();
  },

  // biome-ignore lint/suspicious/noExplicitAny: see up()
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('record_counters').execute();
    await db.schema.dropTable('record_idempotency').execute();
    await db.schema.dropTable('record_audit').execute();
    await sql`drop function record_audit_refuse_change()`.execute(db);
    await db.schema.dropTable('records').execute();
    await db.schema.dropTable('record_objects').execute();
  },
};
