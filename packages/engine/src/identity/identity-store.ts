/** What an API token may do: the objects it reaches ('*' for all) and the record actions on them. */
export interface TokenScopes {
  readonly objects: readonly string[] | '*';
  readonly actions: readonly TokenAction[];
}

/** A record action a token scope can grant. */
export type TokenAction = 'read' | 'create' | 'update' | 'delete' | 'export' | 'import';

/** The record actions, in the order permissions are listed. */
export const TOKEN_ACTIONS: readonly TokenAction[] = Object.freeze([
  'read',
  'create',
  'update',
  'delete',
  'export',
  'import',
]);

/** A tenant as sign-in sees it. */
export interface TenantInfo {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
}

/** A person who signs in to one tenant. */
export interface UserInfo {
  readonly id: string;
  readonly tenantId: string;
  /** Lower-cased. */
  readonly email: string;
  readonly name: string;
  readonly locale: string;
  readonly departmentId: string | null;
  readonly status: 'active' | 'deactivated';
  /** Names of the roles assigned (metadata `role` documents or built-in roles). */
  readonly roles: readonly string[];
  readonly createdAt: string;
}

/** A new user as stored; `passwordHash` is already hashed (never a password). */
export interface NewUser {
  readonly tenantId: string;
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly locale: string;
  readonly passwordHash: string | null;
  readonly departmentId: string | null;
  readonly roles: readonly string[];
}

/** A change to a user's profile or status. */
export interface UserPatch {
  readonly name?: string;
  readonly locale?: string;
  readonly departmentId?: string | null;
  readonly status?: 'active' | 'deactivated';
  readonly passwordHash?: string;
}

/** A stored session: the hash of its secret, never the secret. */
export interface SessionRow {
  readonly tenantId: string;
  readonly idHash: string;
  readonly userId: string;
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
  readonly expiresAt: Date;
  readonly revokedAt: Date | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
}

/** A stored API token, without its secret. */
export interface ApiTokenInfo {
  readonly id: string;
  readonly tenantId: string;
  readonly userId: string;
  readonly name: string;
  readonly scopes: TokenScopes;
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

/** A department of the tenant's tree. */
export interface DepartmentInfo {
  readonly id: string;
  readonly name: string;
  readonly parentId: string | null;
}

/** One entry for the security audit log. */
export interface AuditEvent {
  readonly tenantId: string;
  readonly actorId: string;
  /** What happened, e.g. `auth.login`, `auth.login_failed`, `user.deactivated`, `record.unmasked`. */
  readonly action: string;
  readonly ip?: string | null;
  /** What it happened to, e.g. a user id or `opportunity/…id`. */
  readonly target?: string | null;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** An audit entry as read back. */
export interface AuditLogEntry {
  readonly seq: string;
  readonly at: string;
  readonly actorId: string;
  readonly action: string;
  readonly ip: string | null;
  readonly target: string | null;
  readonly details: Readonly<Record<string, unknown>>;
}

/** Which audit entries to read, newest first. */
export interface AuditQuery {
  /** Entries with a sequence number below this one (the cursor of the next page). */
  readonly before?: string;
  readonly limit: number;
  readonly action?: string;
  readonly actorId?: string;
  readonly from?: string;
  readonly to?: string;
}

/** A criteria sharing rule: records of `objectName` matching `criteria` are shared with a role or department. */
export interface SharingRuleInfo {
  readonly id: string;
  readonly objectName: string;
  readonly name: string;
  /** A filter tree of the records API. */
  readonly criteria: unknown;
  readonly granteeKind: 'role' | 'department';
  readonly grantee: string;
  readonly access: 'read' | 'edit';
}

/** One record shared by hand with a user, role or department. */
export interface RecordShareInfo {
  readonly objectName: string;
  readonly recordId: string;
  readonly granteeKind: 'user' | 'role' | 'department';
  readonly grantee: string;
  readonly access: 'read' | 'edit';
  readonly createdBy: string;
}

/** Whom record shares are looked up for: the user, their roles and their department. */
export interface ShareGrantees {
  readonly userId: string;
  readonly roles: readonly string[];
  readonly departmentId: string | null;
}

/** The storage port of identity and access; every method is scoped to one tenant. */
export interface IdentityStore {
  findTenant(slug: string): Promise<TenantInfo | undefined>;
  getTenant(id: string): Promise<TenantInfo | undefined>;
  countUsers(tenantId: string): Promise<number>;
  /** Creates the tenant's first user; null (and nothing written) when it already has one. */
  createFirstUser(user: NewUser): Promise<UserInfo | null>;
  /** Creates a user; throws USER_EMAIL_TAKEN when the email is in use in the tenant. */
  createUser(user: NewUser): Promise<UserInfo>;
  getUser(tenantId: string, id: string): Promise<UserInfo | undefined>;
  /** The user with this (lower-cased) email and their password hash. */
  findCredentials(
    tenantId: string,
    email: string,
  ): Promise<{ readonly user: UserInfo; readonly passwordHash: string | null } | undefined>;
  passwordHashOf(tenantId: string, userId: string): Promise<string | null | undefined>;
  listUsers(tenantId: string): Promise<UserInfo[]>;
  updateUser(tenantId: string, id: string, patch: UserPatch): Promise<UserInfo | undefined>;
  setRoles(tenantId: string, userId: string, roles: readonly string[]): Promise<void>;
  /** Users whose department is one of `departmentIds`. */
  usersInDepartments(tenantId: string, departmentIds: readonly string[]): Promise<string[]>;
  /** Users holding one of `roles`. */
  usersWithRoles(tenantId: string, roles: readonly string[]): Promise<string[]>;

  /** Stores a new session, deleting the user's sessions that ended before it began. */
  createSession(session: SessionRow): Promise<void>;
  findSession(
    tenantId: string,
    idHash: string,
  ): Promise<{ readonly session: SessionRow; readonly user: UserInfo } | undefined>;
  touchSession(tenantId: string, idHash: string, at: Date): Promise<void>;
  revokeSession(tenantId: string, idHash: string, at: Date): Promise<void>;
  /** Revokes every live session of a user but `exceptIdHash`; returns the revoked hashes. */
  revokeUserSessions(
    tenantId: string,
    userId: string,
    at: Date,
    exceptIdHash?: string,
  ): Promise<string[]>;

  createToken(token: ApiTokenInfo & { readonly tokenHash: string }): Promise<void>;
  findToken(
    tenantId: string,
    tokenHash: string,
  ): Promise<{ readonly token: ApiTokenInfo; readonly user: UserInfo } | undefined>;
  listTokens(tenantId: string, userId?: string): Promise<ApiTokenInfo[]>;
  /** Revokes a token; returns its hash (for cache eviction), undefined when there is none. */
  revokeToken(tenantId: string, id: string, at: Date): Promise<string | undefined>;
  touchToken(tenantId: string, id: string, at: Date): Promise<void>;

  listDepartments(tenantId: string): Promise<DepartmentInfo[]>;
  createDepartment(tenantId: string, department: DepartmentInfo): Promise<DepartmentInfo>;
  updateDepartment(
    tenantId: string,
    id: string,
    patch: { readonly name?: string; readonly parentId?: string | null },
  ): Promise<DepartmentInfo | undefined>;
  /** Deletes a department with no children and no users; false when it has either. */
  deleteDepartment(tenantId: string, id: string): Promise<boolean>;

  appendAudit(event: AuditEvent, at: Date): Promise<void>;
  listAudit(tenantId: string, query: AuditQuery): Promise<AuditLogEntry[]>;

  listSharingRules(tenantId: string, objectName?: string): Promise<SharingRuleInfo[]>;
  createSharingRule(tenantId: string, rule: SharingRuleInfo): Promise<void>;
  deleteSharingRule(tenantId: string, id: string): Promise<boolean>;
  listRecordShares(
    tenantId: string,
    objectName: string,
    recordId: string,
  ): Promise<RecordShareInfo[]>;
  addRecordShare(tenantId: string, share: RecordShareInfo): Promise<void>;
  removeRecordShare(
    tenantId: string,
    share: Pick<RecordShareInfo, 'objectName' | 'recordId' | 'granteeKind' | 'grantee'>,
  ): Promise<boolean>;
  /** Ids of records of `objectName` shared by hand with any of `grantees`, with the access. */
  sharedRecords(
    tenantId: string,
    objectName: string,
    grantees: ShareGrantees,
  ): Promise<{ readonly recordId: string; readonly access: 'read' | 'edit' }[]>;
}
