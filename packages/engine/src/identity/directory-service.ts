import { randomUUID } from 'node:crypto';
import { BAD_REQUEST } from '@tangram/errors';
import type { AccessService } from '../access/access-service.js';
import type { RecordService } from '../records/record-service.js';
import type { AuthService, RequestOrigin } from './auth-service.js';
import { normaliseEmail } from './auth-service.js';
import { bodyWithKeys } from './body-keys.js';
import { IDENTITY_INVALID, IDENTITY_NOT_FOUND, PERMISSION_DENIED } from './identity-errors.js';
import type {
  AuditLogEntry,
  DepartmentInfo,
  IdentityStore,
  RecordShareInfo,
  SharingRuleInfo,
  UserInfo,
  UserPatch,
} from './identity-store.js';
import { isAdmin, isAuditor, type Principal } from './principal.js';

/** What the directory service needs. */
export interface DirectoryServiceDeps {
  readonly store: IdentityStore;
  readonly auth: AuthService;
  readonly access: AccessService;
  /**
   * The secured record service: a record's owner may share it, and who owns a record is read
   * through the caller's own access (a record they cannot see is RECORD_NOT_FOUND).
   */
  readonly records: Pick<RecordService, 'get'>;
}

/** A role as the administration API lists it. */
export interface RoleSummary {
  readonly name: string;
  readonly label: unknown;
  readonly parent: string | null;
  readonly builtIn: boolean;
}

/**
 * Users, departments, role assignments, sharing and the audit log, for administrators and
 * auditors; record shares also for the owner of the record.
 */
export interface DirectoryService {
  listUsers(principal: Principal): Promise<UserInfo[]>;
  getUser(principal: Principal, id: string): Promise<UserInfo>;
  createUser(principal: Principal, input: unknown, origin: RequestOrigin): Promise<UserInfo>;
  /** Changes a profile, department, roles, status or password; deactivation and a new password end every session. */
  updateUser(
    principal: Principal,
    id: string,
    input: unknown,
    origin: RequestOrigin,
  ): Promise<UserInfo>;
  listRoles(principal: Principal): Promise<RoleSummary[]>;
  listDepartments(principal: Principal): Promise<DepartmentInfo[]>;
  createDepartment(
    principal: Principal,
    input: unknown,
    origin: RequestOrigin,
  ): Promise<DepartmentInfo>;
  updateDepartment(
    principal: Principal,
    id: string,
    input: unknown,
    origin: RequestOrigin,
  ): Promise<DepartmentInfo>;
  deleteDepartment(principal: Principal, id: string, origin: RequestOrigin): Promise<void>;
  listSharingRules(principal: Principal, objectName?: string): Promise<SharingRuleInfo[]>;
  createSharingRule(
    principal: Principal,
    input: unknown,
    origin: RequestOrigin,
  ): Promise<SharingRuleInfo>;
  deleteSharingRule(principal: Principal, id: string, origin: RequestOrigin): Promise<void>;
  listRecordShares(
    principal: Principal,
    objectName: string,
    recordId: string,
  ): Promise<RecordShareInfo[]>;
  shareRecord(
    principal: Principal,
    input: unknown,
    origin: RequestOrigin,
  ): Promise<RecordShareInfo>;
  unshareRecord(principal: Principal, input: unknown, origin: RequestOrigin): Promise<void>;
  /** Audit entries, newest first; auditors only. */
  readAudit(
    principal: Principal,
    query: {
      readonly before?: string;
      readonly limit?: number;
      readonly action?: string;
      readonly actorId?: string;
      readonly from?: string;
      readonly to?: string;
    },
  ): Promise<AuditLogEntry[]>;
  /** Records that the principal exported the audit log. */
  auditExport(
    principal: Principal,
    origin: RequestOrigin,
    details: Readonly<Record<string, unknown>>,
  ): Promise<void>;
}

const NAME = /^[a-z][a-z0-9_]{0,62}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function requireAdmin(principal: Principal): void {
  if (!isAdmin(principal) || principal.via !== 'session') {
    throw PERMISSION_DENIED({ reason: 'administrators only' });
  }
}

function text(value: unknown, path: string, max: number): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > max) {
    throw BAD_REQUEST({
      issues: [
        { path: `/body/${path}`, code: 'type', message: `must be text up to ${max} characters` },
      ],
    });
  }
  return value.trim();
}

function uuidOrNull(value: unknown, path: string): string | null {
  if (value === null) return null;
  if (typeof value !== 'string' || !UUID.test(value)) {
    throw BAD_REQUEST({
      issues: [{ path: `/body/${path}`, code: 'format', message: 'must be an id or null' }],
    });
  }
  return value;
}

function oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw BAD_REQUEST({
      issues: [
        { path: `/body/${path}`, code: 'enum', message: `must be one of ${allowed.join(', ')}` },
      ],
    });
  }
  return value as T;
}

/** Creates the directory service. */
export function createDirectoryService(deps: DirectoryServiceDeps): DirectoryService {
  const { store, auth, access, records } = deps;

  /** The record and grantee a share or unshare body names, once the caller may share it. */
  async function shareTarget(
    principal: Principal,
    b: Readonly<Record<string, unknown>>,
  ): Promise<Pick<RecordShareInfo, 'objectName' | 'recordId' | 'granteeKind' | 'grantee'>> {
    const objectName = text(b.objectName, 'objectName', 63);
    const recordId = uuidOrNull(b.recordId, 'recordId');
    if (!NAME.test(objectName) || recordId === null)
      throw BAD_REQUEST({ reason: 'objectName and recordId are required' });
    await requireShareRight(principal, objectName, recordId);
    const grantee = checkGrantee(b.granteeKind, b.grantee, ['user', 'role', 'department'] as const);
    return {
      objectName,
      recordId,
      granteeKind: grantee.granteeKind as RecordShareInfo['granteeKind'],
      grantee: grantee.grantee,
    };
  }

  // Administrators share any record; anyone else only a record they can see and own.
  async function requireShareRight(
    principal: Principal,
    objectName: string,
    recordId: string,
  ): Promise<void> {
    if (isAdmin(principal) && principal.via === 'session') return;
    if (principal.via !== 'session') {
      throw PERMISSION_DENIED({ reason: 'records are shared when signed in' });
    }
    const ctx = {
      tenantId: principal.tenant.id,
      actorId: principal.user.id,
      locale: principal.user.locale,
      principal,
    };
    // No field is read, so nothing is unmasked: the owner is a system field.
    const record = await records.get(ctx, objectName, recordId, { fields: [] });
    if (record.owner_id !== principal.user.id) {
      throw PERMISSION_DENIED({
        reason: 'only the owner of a record or an administrator shares it',
        object: objectName,
      });
    }
  }

  async function audit(
    principal: Principal,
    action: string,
    origin: RequestOrigin,
    target: string,
    details?: Record<string, unknown>,
  ) {
    await auth.audit({
      tenantId: principal.tenant.id,
      actorId: principal.user.id,
      action,
      ip: origin.ip,
      target,
      ...(details === undefined ? {} : { details }),
    });
  }

  async function checkRoles(tenantId: string, value: unknown): Promise<string[]> {
    if (
      !Array.isArray(value) ||
      value.length > 50 ||
      !value.every((r) => typeof r === 'string' && NAME.test(r))
    ) {
      throw BAD_REQUEST({
        issues: [{ path: '/body/roles', code: 'type', message: 'must list role names' }],
      });
    }
    const { roles } = await access.directory(tenantId);
    const unknown = value.filter((role) => !roles.has(role));
    if (unknown.length > 0)
      throw IDENTITY_INVALID({ reason: `unknown roles: ${unknown.join(', ')}` });
    return [...new Set(value as string[])];
  }

  async function checkDepartment(tenantId: string, id: string | null): Promise<void> {
    if (id === null) return;
    const departments = await store.listDepartments(tenantId);
    if (!departments.some((d) => d.id === id))
      throw IDENTITY_INVALID({ reason: 'unknown department' });
  }

  async function existingUser(tenantId: string, id: string): Promise<UserInfo> {
    const user = UUID.test(id) ? await store.getUser(tenantId, id) : undefined;
    if (!user) throw IDENTITY_NOT_FOUND({ kind: 'user', id });
    return user;
  }

  function checkGrantee(kind: unknown, grantee: unknown, kinds: readonly string[]) {
    const granteeKind = oneOf(kind, 'granteeKind', kinds);
    const value =
      granteeKind === 'role' ? text(grantee, 'grantee', 63) : uuidOrNull(grantee, 'grantee');
    if (value === null || (granteeKind === 'role' && !NAME.test(value))) {
      throw BAD_REQUEST({
        issues: [{ path: '/body/grantee', code: 'format', message: 'is not valid' }],
      });
    }
    return { granteeKind, grantee: value };
  }

  return {
    async listUsers(principal) {
      requireAdmin(principal);
      return store.listUsers(principal.tenant.id);
    },

    async getUser(principal, id) {
      requireAdmin(principal);
      return existingUser(principal.tenant.id, id);
    },

    async createUser(principal, input, origin) {
      requireAdmin(principal);
      const b = bodyWithKeys(input, [
        'email',
        'name',
        'password',
        'locale',
        'departmentId',
        'roles',
      ]);
      const tenantId = principal.tenant.id;
      const departmentId =
        b.departmentId === undefined ? null : uuidOrNull(b.departmentId, 'departmentId');
      await checkDepartment(tenantId, departmentId);
      const roles = b.roles === undefined ? [] : await checkRoles(tenantId, b.roles);
      const user = await store.createUser({
        tenantId,
        id: randomUUID(),
        email: normaliseEmail(text(b.email, 'email', 254)),
        name: text(b.name, 'name', 200),
        locale: b.locale === undefined ? 'zh-CN' : oneOf(b.locale, 'locale', ['zh-CN', 'en']),
        passwordHash: b.password === undefined ? null : await auth.hashPassword(b.password),
        departmentId,
        roles,
      });
      access.invalidate(tenantId);
      await audit(principal, 'user.created', origin, user.id, { email: user.email, roles });
      return user;
    },

    async updateUser(principal, id, input, origin) {
      requireAdmin(principal);
      const b = bodyWithKeys(input, [
        'name',
        'locale',
        'departmentId',
        'roles',
        'status',
        'password',
      ]);
      const tenantId = principal.tenant.id;
      const before = await existingUser(tenantId, id);
      const patch: { -readonly [K in keyof UserPatch]: UserPatch[K] } = {};
      if (b.name !== undefined) patch.name = text(b.name, 'name', 200);
      if (b.locale !== undefined) patch.locale = oneOf(b.locale, 'locale', ['zh-CN', 'en']);
      if (b.departmentId !== undefined) {
        patch.departmentId = uuidOrNull(b.departmentId, 'departmentId');
        await checkDepartment(tenantId, patch.departmentId);
      }
      if (b.status !== undefined)
        patch.status = oneOf(b.status, 'status', ['active', 'deactivated']);
      if (b.password !== undefined) patch.passwordHash = await auth.hashPassword(b.password);
      const roles = b.roles === undefined ? undefined : await checkRoles(tenantId, b.roles);
      if (
        id === principal.user.id &&
        (patch.status === 'deactivated' || (roles && !roles.includes('system_admin')))
      ) {
        throw IDENTITY_INVALID({
          reason: 'administrators cannot deactivate themselves or drop their own admin role',
        });
      }
      if (Object.keys(patch).length > 0) await store.updateUser(tenantId, id, patch);
      if (roles !== undefined) {
        await store.setRoles(tenantId, id, roles);
        await audit(principal, 'role.assignment_changed', origin, id, {
          before: before.roles,
          after: roles,
        });
      }
      // Departments and roles decide who reaches whose records.
      if (roles !== undefined || patch.departmentId !== undefined) access.invalidate(tenantId);
      if (patch.status === 'deactivated' || patch.passwordHash !== undefined) {
        await auth.revokeUser(tenantId, id);
      } else {
        auth.forgetUser(tenantId, id);
      }
      const changed = Object.keys(b).filter((key) => key !== 'password' && key !== 'roles');
      if (changed.length > 0 || patch.passwordHash !== undefined) {
        const action =
          patch.status === 'deactivated'
            ? 'user.deactivated'
            : patch.status === 'active' && before.status !== 'active'
              ? 'user.reactivated'
              : 'user.updated';
        await audit(principal, action, origin, id, {
          fields: changed,
          ...(patch.passwordHash === undefined ? {} : { passwordReset: true }),
        });
      }
      return existingUser(tenantId, id);
    },

    async listRoles(principal) {
      requireAdmin(principal);
      const { roles } = await access.directory(principal.tenant.id);
      return [...roles.values()].map((role) => ({
        name: role.name,
        label: role.label,
        parent: role.parent ?? null,
        builtIn: role.name === 'system_admin' || role.name === 'auditor',
      }));
    },

    async listDepartments(principal) {
      requireAdmin(principal);
      return store.listDepartments(principal.tenant.id);
    },

    async createDepartment(principal, input, origin) {
      requireAdmin(principal);
      const b = bodyWithKeys(input, ['name', 'parentId']);
      const parentId = b.parentId === undefined ? null : uuidOrNull(b.parentId, 'parentId');
      await checkDepartment(principal.tenant.id, parentId);
      const department = await store.createDepartment(principal.tenant.id, {
        id: randomUUID(),
        name: text(b.name, 'name', 200),
        parentId,
      });
      access.invalidate(principal.tenant.id);
      await audit(principal, 'department.created', origin, department.id, {
        name: department.name,
        parentId,
      });
      return department;
    },

    async updateDepartment(principal, id, input, origin) {
      requireAdmin(principal);
      const b = bodyWithKeys(input, ['name', 'parentId']);
      const tenantId = principal.tenant.id;
      const departments = await store.listDepartments(tenantId);
      if (!departments.some((d) => d.id === id))
        throw IDENTITY_NOT_FOUND({ kind: 'department', id });
      const patch: { name?: string; parentId?: string | null } = {};
      if (b.name !== undefined) patch.name = text(b.name, 'name', 200);
      if (b.parentId !== undefined) {
        const parentId = uuidOrNull(b.parentId, 'parentId');
        // Walk up from the new parent: meeting the department itself would close a cycle.
        const parents = new Map(departments.map((d) => [d.id, d.parentId]));
        for (let at = parentId; at !== null; at = parents.get(at) ?? null) {
          if (at === id) throw IDENTITY_INVALID({ reason: 'a department cannot sit under itself' });
          if (!parents.has(at)) throw IDENTITY_INVALID({ reason: 'unknown department' });
        }
        patch.parentId = parentId;
      }
      const updated = await store.updateDepartment(tenantId, id, patch);
      if (!updated) throw IDENTITY_NOT_FOUND({ kind: 'department', id });
      access.invalidate(tenantId);
      await audit(principal, 'department.updated', origin, id, patch);
      return updated;
    },

    async deleteDepartment(principal, id, origin) {
      requireAdmin(principal);
      const tenantId = principal.tenant.id;
      const departments = await store.listDepartments(tenantId);
      if (!UUID.test(id) || !departments.some((d) => d.id === id)) {
        throw IDENTITY_NOT_FOUND({ kind: 'department', id });
      }
      if (!(await store.deleteDepartment(tenantId, id))) {
        throw IDENTITY_INVALID({ reason: 'the department still has sub-departments or users' });
      }
      access.invalidate(tenantId);
      await audit(principal, 'department.deleted', origin, id);
    },

    async listSharingRules(principal, objectName) {
      requireAdmin(principal);
      return store.listSharingRules(principal.tenant.id, objectName);
    },

    async createSharingRule(principal, input, origin) {
      requireAdmin(principal);
      const b = bodyWithKeys(input, [
        'objectName',
        'name',
        'criteria',
        'granteeKind',
        'grantee',
        'access',
      ]);
      const objectName = text(b.objectName, 'objectName', 63);
      if (!NAME.test(objectName)) throw BAD_REQUEST({ reason: 'objectName is not a machine name' });
      if (
        b.criteria === null ||
        typeof b.criteria !== 'object' ||
        JSON.stringify(b.criteria).length > 20_000
      ) {
        throw BAD_REQUEST({
          issues: [{ path: '/body/criteria', code: 'type', message: 'must be a filter tree' }],
        });
      }
      const grantee = checkGrantee(b.granteeKind, b.grantee, ['role', 'department'] as const);
      const rule: SharingRuleInfo = {
        id: randomUUID(),
        objectName,
        name: text(b.name, 'name', 200),
        criteria: b.criteria,
        granteeKind: grantee.granteeKind as 'role' | 'department',
        grantee: grantee.grantee,
        access: oneOf(b.access, 'access', ['read', 'edit']),
      };
      await store.createSharingRule(principal.tenant.id, rule);
      access.invalidate(principal.tenant.id);
      await audit(principal, 'sharing_rule.created', origin, rule.id, { ...rule });
      return rule;
    },

    async deleteSharingRule(principal, id, origin) {
      requireAdmin(principal);
      if (!UUID.test(id) || !(await store.deleteSharingRule(principal.tenant.id, id))) {
        throw IDENTITY_NOT_FOUND({ kind: 'sharing_rule', id });
      }
      access.invalidate(principal.tenant.id);
      await audit(principal, 'sharing_rule.deleted', origin, id);
    },

    async listRecordShares(principal, objectName, recordId) {
      if (!NAME.test(objectName) || !UUID.test(recordId)) {
        throw BAD_REQUEST({ reason: 'object and record are required' });
      }
      await requireShareRight(principal, objectName, recordId);
      return store.listRecordShares(principal.tenant.id, objectName, recordId);
    },

    async shareRecord(principal, input, origin) {
      const b = bodyWithKeys(input, ['objectName', 'recordId', 'granteeKind', 'grantee', 'access']);
      const { objectName, recordId, granteeKind, grantee } = await shareTarget(principal, b);
      const share: RecordShareInfo = {
        objectName,
        recordId,
        granteeKind,
        grantee,
        access: oneOf(b.access, 'access', ['read', 'edit']),
        createdBy: principal.user.id,
      };
      await store.addRecordShare(principal.tenant.id, share);
      access.invalidate(principal.tenant.id);
      await audit(principal, 'record.shared', origin, `${objectName}/${recordId}`, { ...share });
      return share;
    },

    async unshareRecord(principal, input, origin) {
      const b = bodyWithKeys(input, ['objectName', 'recordId', 'granteeKind', 'grantee']);
      const target = await shareTarget(principal, b);
      const { objectName, recordId, granteeKind, grantee } = target;
      const removed = await store.removeRecordShare(principal.tenant.id, target);
      if (!removed)
        throw IDENTITY_NOT_FOUND({ kind: 'record_share', id: `${objectName}/${recordId}` });
      access.invalidate(principal.tenant.id);
      await audit(principal, 'record.unshared', origin, `${objectName}/${recordId}`, {
        granteeKind,
        grantee,
      });
    },

    async readAudit(principal, query) {
      if (!isAuditor(principal) || principal.via !== 'session') {
        throw PERMISSION_DENIED({ reason: 'auditors only' });
      }
      const limit = Math.min(Math.max(query.limit ?? 100, 1), 1001);
      return store.listAudit(principal.tenant.id, { ...query, limit });
    },

    async auditExport(principal, origin, details) {
      await audit(principal, 'audit.exported', origin, 'audit_log', { ...details });
    },
  };
}
