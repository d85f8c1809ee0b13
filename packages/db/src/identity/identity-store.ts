import {
  type ApiTokenInfo,
  type AuditLogEntry,
  type DepartmentInfo,
  type IdentityStore,
  type RecordShareInfo,
  type SessionRow,
  type SharingRuleInfo,
  type TokenScopes,
  USER_EMAIL_TAKEN,
  type UserInfo,
} from '@tangram/engine';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../database.js';
import type { SystemTables } from '../system-tables.js';
import { scopeByTenant } from '../tenant-scope.js';

type Db = Kysely<SystemTables>;

interface UserRow {
  tenant_id: string;
  id: string;
  email: string;
  name: string;
  locale: string;
  department_id: string | null;
  status: 'active' | 'deactivated';
  created_at: Date;
  roles: string[] | null;
}

const USER_COLUMNS = [
  'users.tenant_id',
  'users.id',
  'users.email',
  'users.name',
  'users.locale',
  'users.department_id',
  'users.status',
  'users.created_at',
] as const;

// The user's role names as one array, read with the user (no second query per request).
const ROLES = sql<string[] | null>`(select array_agg(r.role_name order by r.role_name)
  from user_roles r where r.tenant_id = users.tenant_id and r.user_id = users.id)`;

function selectUsers(db: Db) {
  return db.selectFrom('users').select(USER_COLUMNS).select(ROLES.as('roles'));
}

function toUser(row: UserRow): UserInfo {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    email: row.email,
    name: row.name,
    locale: row.locale,
    departmentId: row.department_id,
    status: row.status,
    roles: row.roles ?? [],
    createdAt: row.created_at.toISOString(),
  };
}

function iso(value: Date | null): string | null {
  return value === null ? null : value.toISOString();
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '23505';
}

/**
 * The identity store over the system tables of migration 0003. Each call runs in the scope of
 * the tenant it names, so that sign-in, before any route knows the tenant, meets row-level
 * security with the right setting.
 */
export function createIdentityStore(database: Database): IdentityStore {
  return scopeByTenant(unscopedIdentityStore(database));
}

function unscopedIdentityStore(database: Database): IdentityStore {
  const db = database.kysely;

  async function getUser(tenantId: string, id: string): Promise<UserInfo | undefined> {
    const row = await selectUsers(db)
      .where('users.tenant_id', '=', tenantId)
      .where('users.id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : toUser(row as UserRow);
  }

  async function insertUser(tx: Db, user: Parameters<IdentityStore['createUser']>[0]) {
    await tx
      .insertInto('users')
      .values({
        tenant_id: user.tenantId,
        id: user.id,
        email: user.email,
        name: user.name,
        locale: user.locale,
        password_hash: user.passwordHash,
        department_id: user.departmentId,
      })
      .execute();
    if (user.roles.length > 0) {
      await tx
        .insertInto('user_roles')
        .values(
          user.roles.map((role) => ({
            tenant_id: user.tenantId,
            user_id: user.id,
            role_name: role,
          })),
        )
        .execute();
    }
  }

  function toToken(row: {
    tenant_id: string;
    id: string;
    user_id: string;
    name: string;
    scopes: { objects: string[] | '*'; actions: string[] };
    created_at: Date;
    expires_at: Date | null;
    last_used_at: Date | null;
    revoked_at: Date | null;
  }): ApiTokenInfo {
    return {
      id: row.id,
      tenantId: row.tenant_id,
      userId: row.user_id,
      name: row.name,
      scopes: row.scopes as TokenScopes,
      createdAt: row.created_at.toISOString(),
      expiresAt: iso(row.expires_at),
      lastUsedAt: iso(row.last_used_at),
      revokedAt: iso(row.revoked_at),
    };
  }

  return {
    async findTenant(slug) {
      return db
        .selectFrom('tenants')
        .select(['id', 'slug', 'name'])
        .where('slug', '=', slug)
        .executeTakeFirst();
    },

    async getTenant(id) {
      return db
        .selectFrom('tenants')
        .select(['id', 'slug', 'name'])
        .where('id', '=', id)
        .executeTakeFirst();
    },

    async countUsers(tenantId) {
      const row = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('tenant_id', '=', tenantId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async createFirstUser(user) {
      return db.transaction().execute(async (tx) => {
        // Two setups at once: the advisory lock lets one see the other's user.
        await sql`select pg_advisory_xact_lock(hashtext(${`tangram.setup.${user.tenantId}`}))`.execute(
          tx,
        );
        const existing = await tx
          .selectFrom('users')
          .select('id')
          .where('tenant_id', '=', user.tenantId)
          .limit(1)
          .executeTakeFirst();
        if (existing !== undefined) return null;
        await insertUser(tx, user);
        const row = await selectUsers(tx)
          .where('users.tenant_id', '=', user.tenantId)
          .where('users.id', '=', user.id)
          .executeTakeFirstOrThrow();
        return toUser(row as UserRow);
      });
    },

    async createUser(user) {
      try {
        await db.transaction().execute((tx) => insertUser(tx, user));
      } catch (error) {
        if (isUniqueViolation(error)) throw USER_EMAIL_TAKEN({ email: user.email });
        throw error;
      }
      const created = await getUser(user.tenantId, user.id);
      if (!created) throw new Error('a created user cannot be read');
      return created;
    },

    getUser,

    async findCredentials(tenantId, email) {
      const row = await selectUsers(db)
        .select('users.password_hash')
        .where('users.tenant_id', '=', tenantId)
        .where('users.email', '=', email)
        .executeTakeFirst();
      if (row === undefined) return undefined;
      return { user: toUser(row as UserRow), passwordHash: row.password_hash };
    },

    async passwordHashOf(tenantId, userId) {
      const row = await db
        .selectFrom('users')
        .select('password_hash')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', userId)
        .executeTakeFirst();
      return row?.password_hash;
    },

    async listUsers(tenantId) {
      const rows = await selectUsers(db)
        .where('users.tenant_id', '=', tenantId)
        .orderBy('users.email')
        .execute();
      return rows.map((row) => toUser(row as UserRow));
    },

    async updateUser(tenantId, id, patch) {
      const values: Record<string, unknown> = { updated_at: new Date() };
      if (patch.name !== undefined) values.name = patch.name;
      if (patch.locale !== undefined) values.locale = patch.locale;
      if (patch.departmentId !== undefined) values.department_id = patch.departmentId;
      if (patch.status !== undefined) values.status = patch.status;
      if (patch.passwordHash !== undefined) values.password_hash = patch.passwordHash;
      const result = await db
        .updateTable('users')
        .set(values)
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) return undefined;
      return getUser(tenantId, id);
    },

    async setRoles(tenantId, userId, roles) {
      await db.transaction().execute(async (tx) => {
        await tx
          .deleteFrom('user_roles')
          .where('tenant_id', '=', tenantId)
          .where('user_id', '=', userId)
          .execute();
        if (roles.length > 0) {
          await tx
            .insertInto('user_roles')
            .values(
              roles.map((role) => ({ tenant_id: tenantId, user_id: userId, role_name: role })),
            )
            .execute();
        }
      });
    },

    async usersInDepartments(tenantId, departmentIds) {
      if (departmentIds.length === 0) return [];
      const rows = await db
        .selectFrom('users')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('department_id', 'in', departmentIds)
        .execute();
      return rows.map((row) => row.id);
    },

    async usersWithRoles(tenantId, roles) {
      if (roles.length === 0) return [];
      const rows = await db
        .selectFrom('user_roles')
        .select('user_id')
        .distinct()
        .where('tenant_id', '=', tenantId)
        .where('role_name', 'in', roles)
        .execute();
      return rows.map((row) => row.user_id);
    },

    async createSession(session: SessionRow) {
      await db
        // A session past its end is never read again: signing in deletes the user's own.
        .with('expired', (trx) =>
          trx
            .deleteFrom('sessions')
            .where('tenant_id', '=', session.tenantId)
            .where('user_id', '=', session.userId)
            .where('expires_at', '<', session.createdAt)
            .returning('id_hash'),
        )
        .insertInto('sessions')
        .values({
          tenant_id: session.tenantId,
          id_hash: session.idHash,
          user_id: session.userId,
          created_at: session.createdAt,
          last_seen_at: session.lastSeenAt,
          expires_at: session.expiresAt,
          revoked_at: session.revokedAt,
          ip: session.ip,
          user_agent: session.userAgent,
        })
        .execute();
    },

    async findSession(tenantId, idHash) {
      const row = await db
        .selectFrom('sessions')
        .innerJoin('users', (join) =>
          join
            .onRef('users.tenant_id', '=', 'sessions.tenant_id')
            .onRef('users.id', '=', 'sessions.user_id'),
        )
        .select(USER_COLUMNS)
        .select(ROLES.as('roles'))
        .select([
          'sessions.id_hash',
          'sessions.created_at as s_created_at',
          'sessions.last_seen_at',
          'sessions.expires_at',
          'sessions.revoked_at',
          'sessions.ip',
          'sessions.user_agent',
        ])
        .where('sessions.tenant_id', '=', tenantId)
        .where('sessions.id_hash', '=', idHash)
        .executeTakeFirst();
      if (row === undefined) return undefined;
      return {
        user: toUser(row as UserRow),
        session: {
          tenantId,
          idHash,
          userId: row.id,
          createdAt: row.s_created_at,
          lastSeenAt: row.last_seen_at,
          expiresAt: row.expires_at,
          revokedAt: row.revoked_at,
          ip: row.ip,
          userAgent: row.user_agent,
        },
      };
    },

    async touchSession(tenantId, idHash, at) {
      await db
        .updateTable('sessions')
        .set({ last_seen_at: at })
        .where('tenant_id', '=', tenantId)
        .where('id_hash', '=', idHash)
        .execute();
    },

    async revokeSession(tenantId, idHash, at) {
      await db
        .updateTable('sessions')
        .set({ revoked_at: at })
        .where('tenant_id', '=', tenantId)
        .where('id_hash', '=', idHash)
        .where('revoked_at', 'is', null)
        .execute();
    },

    async revokeUserSessions(tenantId, userId, at, exceptIdHash) {
      let query = db
        .updateTable('sessions')
        .set({ revoked_at: at })
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null);
      if (exceptIdHash !== undefined) query = query.where('id_hash', '<>', exceptIdHash);
      const rows = await query.returning('id_hash').execute();
      return rows.map((row) => row.id_hash);
    },

    async createToken(token) {
      await db
        .insertInto('api_tokens')
        .values({
          tenant_id: token.tenantId,
          id: token.id,
          user_id: token.userId,
          name: token.name,
          token_hash: token.tokenHash,
          scopes: JSON.stringify(token.scopes),
          created_at: new Date(token.createdAt),
          expires_at: token.expiresAt === null ? null : new Date(token.expiresAt),
          last_used_at: null,
          revoked_at: null,
        })
        .execute();
    },

    async findToken(tenantId, tokenHash) {
      const row = await db
        .selectFrom('api_tokens')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      if (row === undefined) return undefined;
      const user = await getUser(tenantId, row.user_id);
      if (!user) return undefined;
      return { token: toToken(row), user };
    },

    async listTokens(tenantId, userId) {
      let query = db.selectFrom('api_tokens').selectAll().where('tenant_id', '=', tenantId);
      if (userId !== undefined) query = query.where('user_id', '=', userId);
      const rows = await query.orderBy('created_at', 'desc').execute();
      return rows.map(toToken);
    },

    async revokeToken(tenantId, id, at) {
      const row = await db
        .updateTable('api_tokens')
        .set({ revoked_at: at })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .returning('token_hash')
        .executeTakeFirst();
      return row?.token_hash;
    },

    async touchToken(tenantId, id, at) {
      await db
        .updateTable('api_tokens')
        .set({ last_used_at: at })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .execute();
    },

    async listDepartments(tenantId) {
      const rows = await db
        .selectFrom('departments')
        .select(['id', 'name', 'parent_id'])
        .where('tenant_id', '=', tenantId)
        .orderBy('name')
        .execute();
      return rows.map(
        (row): DepartmentInfo => ({ id: row.id, name: row.name, parentId: row.parent_id }),
      );
    },

    async createDepartment(tenantId, department) {
      await db
        .insertInto('departments')
        .values({
          tenant_id: tenantId,
          id: department.id,
          name: department.name,
          parent_id: department.parentId,
        })
        .execute();
      return department;
    },

    async updateDepartment(tenantId, id, patch) {
      const values: { name?: string; parent_id?: string | null } = {};
      if (patch.name !== undefined) values.name = patch.name;
      if (patch.parentId !== undefined) values.parent_id = patch.parentId;
      const row = await db
        .updateTable('departments')
        .set(values)
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .returning(['id', 'name', 'parent_id'])
        .executeTakeFirst();
      return row === undefined
        ? undefined
        : { id: row.id, name: row.name, parentId: row.parent_id };
    },

    async deleteDepartment(tenantId, id) {
      const result = await db
        .deleteFrom('departments')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .where((eb) =>
          eb.not(
            eb.or([
              eb.exists(
                eb
                  .selectFrom('departments as c')
                  .select('c.id')
                  .where('c.tenant_id', '=', tenantId)
                  .where('c.parent_id', '=', id),
              ),
              eb.exists(
                eb
                  .selectFrom('users as u')
                  .select('u.id')
                  .where('u.tenant_id', '=', tenantId)
                  .where('u.department_id', '=', id),
              ),
            ]),
          ),
        )
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async appendAudit(event, at) {
      await db
        .insertInto('audit_log')
        .values({
          tenant_id: event.tenantId,
          at,
          actor_id: event.actorId,
          action: event.action,
          ip: event.ip ?? null,
          target: event.target ?? null,
          details: JSON.stringify(event.details ?? {}),
        })
        .execute();
    },

    async listAudit(tenantId, query) {
      let select = db
        .selectFrom('audit_log')
        .select([
          sql<string>`seq::text`.as('seq'),
          'at',
          'actor_id',
          'action',
          'ip',
          'target',
          'details',
        ])
        .where('tenant_id', '=', tenantId);
      if (query.before !== undefined) select = select.where('seq', '<', query.before);
      if (query.action !== undefined) select = select.where('action', '=', query.action);
      if (query.actorId !== undefined) select = select.where('actor_id', '=', query.actorId);
      if (query.from !== undefined) select = select.where('at', '>=', new Date(query.from));
      if (query.to !== undefined) select = select.where('at', '<', new Date(query.to));
      const rows = await select.orderBy('seq', 'desc').limit(query.limit).execute();
      return rows.map(
        (row): AuditLogEntry => ({
          seq: row.seq,
          at: row.at.toISOString(),
          actorId: row.actor_id,
          action: row.action,
          ip: row.ip,
          target: row.target,
          details: row.details,
        }),
      );
    },

    async listSharingRules(tenantId, objectName) {
      let query = db.selectFrom('sharing_rules').selectAll().where('tenant_id', '=', tenantId);
      if (objectName !== undefined) query = query.where('object_name', '=', objectName);
      const rows = await query.orderBy('created_at').execute();
      return rows.map(
        (row): SharingRuleInfo => ({
          id: row.id,
          objectName: row.object_name,
          name: row.name,
          criteria: row.criteria,
          granteeKind: row.grantee_kind,
          grantee: row.grantee,
          access: row.access,
        }),
      );
    },

    async createSharingRule(tenantId, rule) {
      await db
        .insertInto('sharing_rules')
        .values({
          tenant_id: tenantId,
          id: rule.id,
          object_name: rule.objectName,
          name: rule.name,
          criteria: JSON.stringify(rule.criteria),
          grantee_kind: rule.granteeKind,
          grantee: rule.grantee,
          access: rule.access,
        })
        .execute();
    },

    async deleteSharingRule(tenantId, id) {
      const result = await db
        .deleteFrom('sharing_rules')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async listRecordShares(tenantId, objectName, recordId) {
      const rows = await db
        .selectFrom('record_shares')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('object_name', '=', objectName)
        .where('record_id', '=', recordId)
        .execute();
      return rows.map(
        (row): RecordShareInfo => ({
          objectName: row.object_name,
          recordId: row.record_id,
          granteeKind: row.grantee_kind,
          grantee: row.grantee,
          access: row.access,
          createdBy: row.created_by,
        }),
      );
    },

    async addRecordShare(tenantId, share) {
      await db
        .insertInto('record_shares')
        .values({
          tenant_id: tenantId,
          object_name: share.objectName,
          record_id: share.recordId,
          grantee_kind: share.granteeKind,
          grantee: share.grantee,
          access: share.access,
          created_by: share.createdBy,
        })
        .onConflict((c) =>
          c
            .columns(['tenant_id', 'object_name', 'record_id', 'grantee_kind', 'grantee'])
            .doUpdateSet({ access: share.access }),
        )
        .execute();
    },

    async removeRecordShare(tenantId, share) {
      const result = await db
        .deleteFrom('record_shares')
        .where('tenant_id', '=', tenantId)
        .where('object_name', '=', share.objectName)
        .where('record_id', '=', share.recordId)
        .where('grantee_kind', '=', share.granteeKind)
        .where('grantee', '=', share.grantee)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async sharedRecords(tenantId, objectName, grantees) {
      const rows = await db
        .selectFrom('record_shares')
        .select(['record_id', 'access'])
        .where('tenant_id', '=', tenantId)
        .where('object_name', '=', objectName)
        .where((eb) =>
          eb.or([
            eb.and([eb('grantee_kind', '=', 'user'), eb('grantee', '=', grantees.userId)]),
            ...(grantees.roles.length > 0
              ? [
                  eb.and([
                    eb('grantee_kind', '=', 'role'),
                    eb('grantee', 'in', [...grantees.roles]),
                  ]),
                ]
              : []),
            ...(grantees.departmentId !== null
              ? [
                  eb.and([
                    eb('grantee_kind', '=', 'department'),
                    eb('grantee', '=', grantees.departmentId),
                  ]),
                ]
              : []),
          ]),
        )
        .execute();
      return rows.map((row) => ({ recordId: row.record_id, access: row.access }));
    },
  };
}
