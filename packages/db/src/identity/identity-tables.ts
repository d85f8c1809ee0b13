import type { ColumnType, Generated, JSONColumnType } from 'kysely';

/** Row of `departments`: one node of a tenant's department tree. */
export interface DepartmentsTable {
  tenant_id: string;
  id: string;
  name: string;
  parent_id: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
}

/** Row of `users`: a person who signs in to one tenant. */
export interface UsersTable {
  tenant_id: string;
  id: string;
  email: string;
  name: string;
  locale: ColumnType<string, string | undefined, string>;
  password_hash: string | null;
  department_id: string | null;
  status: ColumnType<'active' | 'deactivated', 'active' | 'deactivated' | undefined>;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/** Row of `user_roles`: a role assigned to a user. */
export interface UserRolesTable {
  tenant_id: string;
  user_id: string;
  role_name: string;
  created_at: ColumnType<Date, Date | undefined, never>;
}

/** Row of `sessions`: a signed-in browser, by the hash of its secret. */
export interface SessionsTable {
  tenant_id: string;
  id_hash: string;
  user_id: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  ip: string | null;
  user_agent: string | null;
}

/** Row of `api_tokens`: a scoped API token, by the hash of its secret. */
export interface ApiTokensTable {
  tenant_id: string;
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  scopes: JSONColumnType<{ objects: string[] | '*'; actions: string[] }, string, string>;
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

/** Row of `audit_log`: one security event, never changed (a trigger refuses it). */
export interface AuditLogTable {
  tenant_id: string;
  seq: Generated<string>;
  at: Date;
  actor_id: string;
  action: string;
  ip: string | null;
  target: string | null;
  details: JSONColumnType<Record<string, unknown>, string, never>;
}

/** Row of `sharing_rules`: records matching a filter shared with a role or department. */
export interface SharingRulesTable {
  tenant_id: string;
  id: string;
  object_name: string;
  name: string;
  criteria: JSONColumnType<object, string, string>;
  grantee_kind: 'role' | 'department';
  grantee: string;
  access: 'read' | 'edit';
  created_at: ColumnType<Date, Date | undefined, never>;
}

/** Row of `record_shares`: one record shared by hand. */
export interface RecordSharesTable {
  tenant_id: string;
  object_name: string;
  record_id: string;
  grantee_kind: 'user' | 'role' | 'department';
  grantee: string;
  access: 'read' | 'edit';
  created_by: string;
  created_at: ColumnType<Date, Date | undefined, never>;
}

/** The identity tables created by migration 0003. */
export interface IdentityTables {
  departments: DepartmentsTable;
  users: UsersTable;
  user_roles: UserRolesTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  sharing_rules: SharingRulesTable;
  record_shares: RecordSharesTable;
}
