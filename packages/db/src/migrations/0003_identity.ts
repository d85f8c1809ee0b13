import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Identity and access: departments (a tree), users, role assignments (roles themselves are
 * `role` metadata documents or built in), sessions and API tokens (stored as SHA-256 hashes
 * only), the append-only security audit log, criteria sharing rules and manual record shares.
 * `tenant_id` leads every key, and every foreign key stays inside one tenant.
 */
export const migration0003Identity: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time, not typed by today's schema
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('departments')
      .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id'))
      .addColumn('id', 'uuid', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('parent_id', 'uuid')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('departments_pkey', ['tenant_id', 'id'])
      .addForeignKeyConstraint(
        'departments_parent_fkey',
        ['tenant_id', 'parent_id'],
        'departments',
        ['tenant_id', 'id'],
      )
      .addCheckConstraint('departments_not_own_parent', sql`parent_id is null or parent_id <> id`)
      .execute();

    await db.schema
      .createTable('users')
      .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id'))
      .addColumn('id', 'uuid', (c) => c.notNull())
      // Stored lower-cased and trimmed, so lookups and the unique key ignore case.
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('locale', 'text', (c) => c.notNull().defaultTo('zh-CN'))
      .addColumn('password_hash', 'text')
      .addColumn('department_id', 'uuid')
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('users_pkey', ['tenant_id', 'id'])
      .addUniqueConstraint('users_email_key', ['tenant_id', 'email'])
      .addForeignKeyConstraint(
        'users_department_fkey',
        ['tenant_id', 'department_id'],
        'departments',
        ['tenant_id', 'id'],
      )
      .addCheckConstraint('users_status_check', sql`status in ('active', 'deactivated')`)
      .execute();
    await sql`create index users_department on users (tenant_id, department_id)`.execute(db);

    await db.schema
      .createTable('user_roles')
      .addColumn('tenant_id', 'uuid', (c) => c.notNull())
      .addColumn('user_id', 'uuid', (c) => c.notNull())
      .addColumn('role_name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('user_roles_pkey', ['tenant_id', 'user_id', 'role_name'])
      .addForeignKeyConstraint('user_roles_user_fkey', ['tenant_id', 'user_id'], 'users', [
        'tenant_id',
        'id',
      ])
      .execute();
    await sql`create index user_roles_role on user_roles (tenant_id, role_name)`.execute(db);

    await db.schema
      .createTable('sessions')
      .addColumn('tenant_id', 'uuid', (c) => c.notNull())
      // SHA-256 of the random session secret, hex; the secret itself is never stored.
      .addColumn('id_hash', 'text', (c) => c.notNull())
      .addColumn('user_id', 'uuid', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull())
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .addColumn('revoked_at', 'timestamptz')
      .addColumn('ip', 'text')
      .addColumn('user_agent', 'text')
      .addPrimaryKeyConstraint('sessions_pkey', ['tenant_id', 'id_hash'])
      .addForeignKeyConstraint('sessions_user_fkey', ['tenant_id', 'user_id'], 'users', [
        'tenant_id',
        'id',
      ])
      .execute();
    await sql`create index sessions_user on sessions (tenant_id, user_id)`.execute(db);

    await db.schema
      .createTable('api_tokens')
      .addColumn('tenant_id', 'uuid', (c) => c.notNull())
      .addColumn('id', 'uuid', (c) => c.notNull())
      .addColumn('user_id', 'uuid', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull())
      // { objects: string[] | '*', actions: string[] }
      .addColumn('scopes', 'jsonb', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addColumn('expires_at', 'timestamptz')
      .addColumn('last_used_at', 'timestamptz')
      .addColumn('revoked_at', 'timestamptz')
      .addPrimaryKeyConstraint('api_tokens_pkey', ['tenant_id', 'id'])
      .addUniqueConstraint('api_tokens_hash_key', ['tenant_id', 'token_hash'])
      .addForeignKeyConstraint('api_tokens_user_fkey', ['tenant_id', 'user_id'], 'users', [
        'tenant_id',
        'id',
      ])
      .execute();

    await db.schema
      .createTable('audit_log')
      .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id'))
      .addColumn('seq', 'bigserial', (c) => c.notNull())
      .addColumn('at', 'timestamptz', (c) => c.notNull())
      .addColumn('actor_id', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('ip', 'text')
      .addColumn('target', 'text')
      .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
      .addPrimaryKeyConstraint('audit_log_pkey', ['tenant_id', 'seq'])
      .execute();
    await sql`create index audit_log_at on audit_log (tenant_id, at)`.execute(db);
    // No API, and no role, may change or delete an entry.
    await sql`
      create function audit_log_refuse_change() returns trigger language plpgsql as $$
      begin
        raise exception 'audit_log is append-only' using errcode = 'insufficient_privilege';
      end
      $$`.execute(db);
    await sql`
      create trigger audit_log_append_only before update or delete on audit_log
      for each row execute function audit_log_refuse_change()`.execute(db);
    await sql`
      create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function audit_log_refuse_change()`.execute(db);

    await db.schema
      .createTable('sharing_rules')
      .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id'))
      .addColumn('id', 'uuid', (c) => c.notNull())
      .addColumn('object_name', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      // A record filter tree (the records API's filter language) selecting the shared records.
      .addColumn('criteria', 'jsonb', (c) => c.notNull())
      .addColumn('grantee_kind', 'text', (c) => c.notNull())
      .addColumn('grantee', 'text', (c) => c.notNull())
      .addColumn('access', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('sharing_rules_pkey', ['tenant_id', 'id'])
      .addCheckConstraint(
        'sharing_rules_grantee_check',
        sql`grantee_kind in ('role', 'department')`,
      )
      .addCheckConstraint('sharing_rules_access_check', sql`access in ('read', 'edit')`)
      .execute();

    await db.schema
      .createTable('record_shares')
      .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id'))
      .addColumn('object_name', 'text', (c) => c.notNull())
      .addColumn('record_id', 'uuid', (c) => c.notNull())
      .addColumn('grantee_kind', 'text', (c) => c.notNull())
      .addColumn('grantee', 'text', (c) => c.notNull())
      .addColumn('access', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('record_shares_pkey', [
        'tenant_id',
        'object_name',
        'record_id',
        'grantee_kind',
        'grantee',
      ])
      .addCheckConstraint(
        'record_shares_grantee_check',
        sql`grantee_kind in ('user', 'role', 'department')`,
      )
      .addCheckConstraint('record_shares_access_check', sql`access in ('read', 'edit')`)
      .execute();
    await sql`create index record_shares_grantee on record_shares
      (tenant_id, object_name, grantee_kind, grantee)`.execute(db);
  },

  // biome-ignore lint/suspicious/noExplicitAny: see up()
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('record_shares').execute();
    await db.schema.dropTable('sharing_rules').execute();
    await db.schema.dropTable('audit_log').execute();
    await sql`drop function audit_log_refuse_change()`.execute(db);
    await db.schema.dropTable('api_tokens').execute();
    await db.schema.dropTable('sessions').execute();
    await db.schema.dropTable('user_roles').execute();
    await db.schema.dropTable('users').execute();
    await db.schema.dropTable('departments').execute();
  },
};
