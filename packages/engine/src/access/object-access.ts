import { type ObjectPermission, type RoleDoc, SYSTEM_FIELD_NAMES } from '@tangram/schema';
import { AUDITOR_ROLE, SYSTEM_ADMIN_ROLE } from '../identity/principal.js';

/** The object-level actions a role grants. */
export type ObjectAction = 'create' | 'read' | 'update' | 'delete' | 'export' | 'import';

/** The object actions in the order they are listed. */
export const OBJECT_ACTIONS: readonly ObjectAction[] = Object.freeze([
  'create',
  'read',
  'update',
  'delete',
  'export',
  'import',
]);

/** Which records of an object a role reaches, narrowest first. */
export type DataScope = 'own' | 'department' | 'department_tree' | 'company';

const SCOPE_ORDER: readonly DataScope[] = ['own', 'department', 'department_tree', 'company'];

/** A field's level for a user: hidden, readable, or editable. */
export type FieldLevel = 'none' | 'read' | 'edit';

const LEVEL_ORDER: readonly FieldLevel[] = ['none', 'read', 'edit'];

/** What a set of roles grants on one object, merged: the widest of each. */
export interface ObjectAccess {
  readonly actions: Readonly<Record<ObjectAction, boolean>>;
  readonly scope: DataScope;
  /** Levels of the fields a role names; others follow `defaultLevel`. */
  readonly fields: Readonly<Record<string, FieldLevel>>;
  /** The level of a field no role names: edit with update, read with read, else none. */
  readonly defaultLevel: FieldLevel;
  /** Sensitive fields shown unmasked; '*' for all. */
  readonly unmask: ReadonlySet<string> | '*';
}

const ALL_TRUE = Object.freeze({
  create: true,
  read: true,
  update: true,
  delete: true,
  export: true,
  import: true,
});

/** Built-in roles that need no metadata document. */
export const BUILT_IN_ROLES: Readonly<Record<string, RoleDoc>> = Object.freeze({
  [SYSTEM_ADMIN_ROLE]: {
    kind: 'role',
    schemaVersion: 1,
    name: SYSTEM_ADMIN_ROLE,
    label: { 'zh-CN': '系统管理员', en: 'System administrator' },
    objects: {},
    permissions: ['system.admin'],
  },
  [AUDITOR_ROLE]: {
    kind: 'role',
    schemaVersion: 1,
    name: AUDITOR_ROLE,
    label: { 'zh-CN': '审计员', en: 'Auditor' },
    objects: {},
    permissions: ['audit.read'],
  },
});

/** The access of an administrator: everything, unmasked. */
export const FULL_ACCESS: ObjectAccess = Object.freeze({
  actions: ALL_TRUE,
  scope: 'company',
  fields: Object.freeze({}),
  defaultLevel: 'edit',
  unmask: '*',
});

function wider<T>(order: readonly T[], a: T, b: T): T {
  return order.indexOf(b) > order.indexOf(a) ? b : a;
}

/**
 * Merges what `roles` grant on `objectName`: an action is allowed when any role allows it, the
 * data scope and each field's level are the widest granted. A role holding `system.admin` gives
 * full access.
 */
export function objectAccessOf(roles: readonly RoleDoc[], objectName: string): ObjectAccess {
  if (roles.some((role) => role.permissions?.includes('system.admin'))) return FULL_ACCESS;
  const actions: Record<ObjectAction, boolean> = {
    create: false,
    read: false,
    update: false,
    delete: false,
    export: false,
    import: false,
  };
  let scope: DataScope = 'own';
  const fields: Record<string, FieldLevel> = Object.create(null);
  const unmask = new Set<string>();
  for (const role of roles) {
    const grant: ObjectPermission | undefined = Object.hasOwn(role.objects, objectName)
      ? role.objects[objectName]
      : undefined;
    if (!grant) continue;
    for (const action of OBJECT_ACTIONS) if (grant[action] === true) actions[action] = true;
    if (grant.scope) scope = wider(SCOPE_ORDER, scope, grant.scope);
    for (const [field, level] of Object.entries(grant.fields ?? {})) {
      fields[field] = wider(LEVEL_ORDER, fields[field] ?? 'none', level);
    }
    for (const field of grant.unmask ?? []) unmask.add(field);
  }
  // Changing, deleting and exporting records act on what one reads: without read they are void
  // (a role granting export alone exported ids and owners of records it could not read).
  if (!actions.read) {
    actions.update = false;
    actions.delete = false;
    actions.export = false;
  }
  const defaultLevel: FieldLevel = actions.update ? 'edit' : actions.read ? 'read' : 'none';
  return Object.freeze({ actions: Object.freeze(actions), scope, fields, defaultLevel, unmask });
}

/**
 * The names among `names` that a write under `access` may not set: fields below the edit level
 * (system fields are refused elsewhere, as 422). The one rule of API writes and imports alike.
 */
export function uneditableFields(access: ObjectAccess, names: Iterable<string>): string[] {
  return [...names].filter(
    (name) => !SYSTEM_FIELD_NAMES.has(name) && fieldLevelOf(access, name) !== 'edit',
  );
}

/** The level of one field under an object access. */
export function fieldLevelOf(access: ObjectAccess, field: string): FieldLevel {
  return Object.hasOwn(access.fields, field)
    ? (access.fields[field] as FieldLevel)
    : access.defaultLevel;
}

/** The roles of a hierarchy strictly below `roles` (their children, grandchildren, …). */
export function subordinateRoles(all: readonly RoleDoc[], roles: readonly string[]): string[] {
  const children = new Map<string, string[]>();
  for (const role of all) {
    if (role.parent === undefined) continue;
    const list = children.get(role.parent) ?? [];
    list.push(role.name);
    children.set(role.parent, list);
  }
  const found = new Set<string>();
  const queue = [...roles];
  while (queue.length > 0) {
    const next = queue.pop() as string;
    for (const child of children.get(next) ?? []) {
      if (!found.has(child) && !roles.includes(child)) {
        found.add(child);
        queue.push(child);
      }
    }
  }
  return [...found];
}
