import { sql } from 'kysely';
import type { Database } from './database.js';
import { TENANT_SETTING } from './tenant-scope.js';

/** The policy every tenant-owned table gets. */
export const TENANT_POLICY = 'tenant_isolation';

/** Thrown when row-level security is asked for but the connected role would bypass it. */
export class PrivilegedRoleError extends Error {}

/**
 * Turns on row-level security for every table with a `tenant_id` column (defence in depth
 * behind the application's own scoping): RLS enabled and forced, so the owning role is held to
 * it too, with one policy letting a statement see and write only the rows of the tenant in the
 * `tangram.tenant_id` setting (none when it is empty). The registry `tenants` stays readable.
 * Refuses to run for a superuser or a BYPASSRLS role, for which policies would mean nothing.
 * Idempotent; run it as the owner of the tables after migrating.
 */
export async function enableRowLevelSecurity(db: Database): Promise<string[]> {
  if (db.backend !== 'postgres') throw new Error('row-level security needs a PostgreSQL server');
  const role = await sql<{ rolname: string; rolsuper: boolean; rolbypassrls: boolean }>`
    select rolname, rolsuper, rolbypassrls from pg_roles where rolname = current_user`.execute(
    db.kysely,
  );
  const me = role.rows[0];
  if (!me || me.rolsuper || me.rolbypassrls) {
    throw new PrivilegedRoleError(
      `row-level security needs an unprivileged role; ${me?.rolname ?? 'this role'} is a superuser or BYPASSRLS`,
    );
  }
  const tables = await sql<{ table_name: string }>`
    select c.table_name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = current_schema() and c.column_name = 'tenant_id' and t.table_type = 'BASE TABLE'
    order by c.table_name`.execute(db.kysely);
  const names = tables.rows.map((row) => row.table_name);
  const condition = sql`tenant_id = nullif(current_setting(${sql.lit(TENANT_SETTING)}, true), '')::uuid`;
  for (const name of names) {
    const table = sql.id(name);
    await sql`alter table ${table} enable row level security`.execute(db.kysely);
    await sql`alter table ${table} force row level security`.execute(db.kysely);
    await sql`drop policy if exists ${sql.id(TENANT_POLICY)} on ${table}`.execute(db.kysely);
    await sql`create policy ${sql.id(TENANT_POLICY)} on ${table}
      using (${condition}) with check (${condition})`.execute(db.kysely);
  }
  return names;
}
