import type { RoleDoc } from '@tangram/schema';
import { MATCH_ALL, type PlanCondition, systemColumn } from '../records/record-plan.js';
import { type DataScope, subordinateRoles } from './object-access.js';

/** A user as the record-access planner sees the organisation. */
export interface OrgMember {
  readonly departmentId: string | null;
  readonly roles: readonly string[];
}

/** The organisation of a tenant: members by id, department children by id, role documents. */
export interface Organisation {
  readonly members: ReadonlyMap<string, OrgMember>;
  readonly children: ReadonlyMap<string, readonly string[]>;
  readonly roles: readonly RoleDoc[];
}

/** The departments at and below `root`. */
export function departmentSubtree(org: Organisation, root: string): Set<string> {
  const found = new Set<string>([root]);
  const queue = [root];
  while (queue.length > 0) {
    for (const child of org.children.get(queue.pop() as string) ?? []) {
      if (!found.has(child)) {
        found.add(child);
        queue.push(child);
      }
    }
  }
  return found;
}

/**
 * The users whose records a user reaches by data scope and role hierarchy: `own` is the user,
 * `department` everyone in their department, `department_tree` everyone in it and below, and in
 * every case also the users holding a role below one of theirs (a manager sees what their
 * subordinates see). Null for `company`: every record.
 */
export function ownersInScope(
  org: Organisation,
  userId: string,
  scope: DataScope,
): ReadonlySet<string> | null {
  if (scope === 'company') return null;
  const me = org.members.get(userId);
  const owners = new Set<string>([userId]);
  const departmentId = me?.departmentId ?? null;
  if (departmentId !== null && scope !== 'own') {
    const departments =
      scope === 'department' ? new Set([departmentId]) : departmentSubtree(org, departmentId);
    for (const [id, member] of org.members) {
      if (member.departmentId !== null && departments.has(member.departmentId)) owners.add(id);
    }
  }
  const below = new Set(subordinateRoles(org.roles, me?.roles ?? []));
  if (below.size > 0) {
    for (const [id, member] of org.members) {
      if (member.roles.some((role) => below.has(role))) owners.add(id);
    }
  }
  return owners;
}

/** The parts of a record predicate, each an alternative way to reach a record. */
export interface RecordReach {
  /** Owners whose records are reached; null for every record (company scope). */
  readonly owners: ReadonlySet<string> | null;
  /** Records shared by hand with the user, their roles or department. */
  readonly sharedIds: readonly string[];
  /** Conditions of the sharing rules that apply to the user. */
  readonly rules: readonly PlanCondition[];
}

/**
 * The record predicate of a reach, as a plan condition ANDed into every statement: null (no
 * restriction) for company scope, otherwise `owner_id IN owners OR id IN shared OR rule₁ OR …`.
 */
export function recordPredicate(reach: RecordReach): PlanCondition | null {
  if (reach.owners === null) return null;
  const any: PlanCondition[] = [];
  if (reach.owners.size > 0) {
    any.push({ kind: 'in', column: systemColumn('owner_id'), values: [...reach.owners].sort() });
  }
  if (reach.sharedIds.length > 0) {
    any.push({
      kind: 'in',
      column: systemColumn('id'),
      values: [...new Set(reach.sharedIds)].sort(),
    });
  }
  any.push(...reach.rules);
  if (any.length === 0) return { kind: 'not', child: MATCH_ALL };
  return any.length === 1 ? (any[0] as PlanCondition) : { kind: 'or', children: any };
}
