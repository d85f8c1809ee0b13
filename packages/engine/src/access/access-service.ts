import type { ObjectDoc, RoleDoc } from '@tangram/schema';
import type { IdentityStore, SharingRuleInfo } from '../identity/identity-store.js';
import type { Principal } from '../identity/principal.js';
import type { MetadataService } from '../metadata/metadata-service.js';
import type { FieldVisibility } from '../records/plan-query.js';
import type { PlanCondition } from '../records/record-plan.js';
import { createFieldVisibility } from './field-visibility.js';
import {
  BUILT_IN_ROLES,
  fieldLevelOf,
  OBJECT_ACTIONS,
  type ObjectAccess,
  type ObjectAction,
  objectAccessOf,
} from './object-access.js';
import { type Organisation, ownersInScope, type RecordReach } from './plan-record-access.js';

/** What the access service reads: role documents from metadata, the organisation from identity. */
export interface AccessServiceDeps {
  readonly metadata: MetadataService;
  readonly identity: IdentityStore;
  /** How long a tenant's roles and tree are used before reading them again (5 s). */
  readonly ttlMs?: number;
}

/** A tenant's roles and organisation, as the access planner needs them. */
export interface TenantDirectory {
  /** Every role of the tenant: built in and published `role` documents. */
  readonly roles: ReadonlyMap<string, RoleDoc>;
  /** Department id → its children's ids. */
  readonly children: ReadonlyMap<string, readonly string[]>;
  /** The organisation as the record-access planner reads it. */
  readonly organisation: Organisation;
  readonly sharingRules: readonly SharingRuleInfo[];
  /** Records shared by hand, per `user\0object`, read on first use. */
  readonly shares: Map<string, Promise<readonly { recordId: string; access: 'read' | 'edit' }[]>>;
  readonly loadedAt: number;
}

/** Roles, object permissions and the organisation tree per tenant, cached briefly. */
export interface AccessService {
  directory(tenantId: string): Promise<TenantDirectory>;
  /** The role documents a principal holds (unknown role names are ignored). */
  rolesOf(principal: Principal): Promise<RoleDoc[]>;
  /** What the principal's roles grant on one object, narrowed by an API token's scopes. */
  objectAccess(principal: Principal, objectName: string): Promise<ObjectAccess>;
  /**
   * Which records of an object the principal reaches for reading or editing: owners by data scope
   * and role hierarchy, records shared by hand, and the sharing rules that apply (their criteria
   * planned by `planCriteria`; a rule whose criteria do not plan is skipped).
   */
  reach(
    principal: Principal,
    objectName: string,
    scope: ObjectAccess['scope'],
    mode: 'read' | 'edit',
    planCriteria: (criteria: unknown) => PlanCondition | undefined,
  ): Promise<RecordReach>;
  /** The object-level actions on every published object, for `GET /auth/me`. */
  permissions(principal: Principal): Promise<Record<string, Record<ObjectAction, boolean>>>;
  /**
   * Per published object the fields the principal may not read, sees masked, or may only read,
   * for `GET /auth/me`: the same levels the secured record service applies.
   */
  fieldAccess(principal: Principal): Promise<Record<string, FieldAccess>>;
  /**
   * The published objects and how the principal sees each of their fields, under the levels
   * `fieldAccess` lists: for checking field paths that follow lookups.
   */
  fieldSight(principal: Principal): Promise<FieldSight>;
  /** Forgets a tenant's cached roles and tree (after a publish or an organisation change). */
  invalidate(tenantId?: string): void;
}

/** One object's field restrictions for a user; fields not listed are readable (and editable). */
export interface FieldAccess {
  readonly hidden: string[];
  readonly masked: string[];
  readonly readOnly: string[];
}

/** The published objects of a tenant and how one principal sees each field of them. */
export interface FieldSight {
  readonly objects: ReadonlyMap<string, ObjectDoc>;
  /** Hidden ('none'), masked or readable; a field of an object the user may not read is hidden. */
  readonly visibility: (objectName: string, field: string) => FieldVisibility;
}

/** Narrows an access to what a token's scopes allow on the object. */
function scoped(principal: Principal, objectName: string, access: ObjectAccess): ObjectAccess {
  return narrowToScopes(principal.scopes, objectName, access);
}

/** What `access` leaves of an object to an API token's scopes (all of it for a session). */
export function narrowToScopes(
  scopes: Principal['scopes'],
  objectName: string,
  access: ObjectAccess,
): ObjectAccess {
  if (scopes === null) return access;
  const reaches = scopes.objects === '*' || scopes.objects.includes(objectName);
  const actions = Object.fromEntries(
    OBJECT_ACTIONS.map((a) => [a, access.actions[a] && reaches && scopes.actions.includes(a)]),
  ) as Record<ObjectAction, boolean>;
  return Object.freeze({ ...access, actions: Object.freeze(actions) });
}

/** Creates the access service. */
export function createAccessService(deps: AccessServiceDeps): AccessService {
  const ttl = deps.ttlMs ?? 5_000;
  const directories = new Map<string, Promise<TenantDirectory>>();

  async function loadDirectory(tenantId: string): Promise<TenantDirectory> {
    const ctx = { tenantId, actorId: 'system' };
    const summaries = await deps.metadata.list(ctx, { kind: 'role' });
    const published = await Promise.all(
      summaries
        .filter((s) => s.publishedVersion !== null)
        .map((s) => deps.metadata.get(ctx, 'role', s.name, { state: 'published' })),
    );
    const roles = new Map<string, RoleDoc>();
    for (const entry of published) {
      const role = entry.document as unknown as RoleDoc;
      roles.set(role.name, role);
    }
    // Built-in roles cannot be redefined by a document of the same name.
    for (const [name, role] of Object.entries(BUILT_IN_ROLES)) roles.set(name, role);
    const children = new Map<string, string[]>();
    for (const department of await deps.identity.listDepartments(tenantId)) {
      if (department.parentId === null) continue;
      const list = children.get(department.parentId) ?? [];
      list.push(department.id);
      children.set(department.parentId, list);
    }
    const members = new Map(
      (await deps.identity.listUsers(tenantId)).map((u) => [
        u.id,
        { departmentId: u.departmentId, roles: u.roles },
      ]),
    );
    return {
      roles,
      children,
      organisation: { members, children, roles: [...roles.values()] },
      sharingRules: await deps.identity.listSharingRules(tenantId),
      shares: new Map(),
      loadedAt: Date.now(),
    };
  }

  async function directory(tenantId: string): Promise<TenantDirectory> {
    const cached = directories.get(tenantId);
    if (cached) {
      const loaded = await cached;
      if (Date.now() - loaded.loadedAt < ttl) return loaded;
    }
    const loading = loadDirectory(tenantId);
    loading.catch(() => directories.delete(tenantId));
    directories.set(tenantId, loading);
    return loading;
  }

  async function rolesOf(principal: Principal): Promise<RoleDoc[]> {
    const { roles } = await directory(principal.tenant.id);
    return principal.user.roles.flatMap((name) => roles.get(name) ?? []);
  }

  async function fieldSight(principal: Principal): Promise<FieldSight> {
    const ctx = { tenantId: principal.tenant.id, actorId: principal.user.id };
    const summaries = (await deps.metadata.list(ctx, { kind: 'object' })).filter(
      (s) => s.publishedVersion !== null,
    );
    const roles = await rolesOf(principal);
    const objects = new Map<string, ObjectDoc>();
    for (const { name } of summaries) {
      const entry = await deps.metadata.get(ctx, 'object', name, { state: 'published' });
      objects.set(name, entry.document as unknown as ObjectDoc);
    }
    const grants = new Map<string, ObjectAccess>();
    const grantOf = (name: string): ObjectAccess => {
      let granted = grants.get(name);
      if (!granted) {
        granted = scoped(principal, name, objectAccessOf(roles, name));
        grants.set(name, granted);
      }
      return granted;
    };
    const visibility = createFieldVisibility({
      objectOf: (name) => objects.get(name),
      accessOf: grantOf,
    });
    return { objects, visibility };
  }

  return {
    directory,
    rolesOf,
    async objectAccess(principal, objectName) {
      return scoped(principal, objectName, objectAccessOf(await rolesOf(principal), objectName));
    },
    async reach(principal, objectName, scope, mode, planCriteria) {
      const dir = await directory(principal.tenant.id);
      const owners = ownersInScope(dir.organisation, principal.user.id, scope);
      if (owners === null) return { owners, sharedIds: [], rules: [] };
      const { user } = principal;
      const key = `${user.id}\u0000${objectName}`;
      let shared = dir.shares.get(key);
      if (!shared) {
        shared = deps.identity.sharedRecords(principal.tenant.id, objectName, {
          userId: user.id,
          roles: user.roles,
          departmentId: user.departmentId,
        });
        shared.catch(() => dir.shares.delete(key));
        dir.shares.set(key, shared);
      }
      const sharedIds = (await shared)
        .filter((share) => mode === 'read' || share.access === 'edit')
        .map((share) => share.recordId);
      const rules = dir.sharingRules
        .filter(
          (rule) =>
            rule.objectName === objectName &&
            (mode === 'read' || rule.access === 'edit') &&
            (rule.granteeKind === 'role'
              ? user.roles.includes(rule.grantee)
              : user.departmentId === rule.grantee),
        )
        .flatMap((rule) => planCriteria(rule.criteria) ?? []);
      return { owners, sharedIds, rules };
    },
    async permissions(principal) {
      const ctx = { tenantId: principal.tenant.id, actorId: principal.user.id };
      const objects = (await deps.metadata.list(ctx, { kind: 'object' })).filter(
        (s) => s.publishedVersion !== null,
      );
      const roles = await rolesOf(principal);
      const result: Record<string, Record<ObjectAction, boolean>> = {};
      for (const { name } of objects) {
        result[name] = { ...scoped(principal, name, objectAccessOf(roles, name)).actions };
      }
      return result;
    },
    fieldSight,
    async fieldAccess(principal) {
      const { objects: docs, visibility } = await fieldSight(principal);
      const roles = await rolesOf(principal);
      const result: Record<string, FieldAccess> = {};
      for (const [name, doc] of docs) {
        const granted = scoped(principal, name, objectAccessOf(roles, name));
        const hidden: string[] = [];
        const masked: string[] = [];
        const readOnly: string[] = [];
        for (const field of doc.fields) {
          const seen = visibility(name, field.name);
          if (seen === 'none') {
            hidden.push(field.name);
            continue;
          }
          if (fieldLevelOf(granted, field.name) === 'read') readOnly.push(field.name);
          if (seen === 'masked') masked.push(field.name);
        }
        result[name] = { hidden, masked, readOnly };
      }
      return result;
    },
    invalidate(tenantId) {
      if (tenantId === undefined) directories.clear();
      else directories.delete(tenantId);
    },
  };
}
