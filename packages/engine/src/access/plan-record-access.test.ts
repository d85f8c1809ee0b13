import type { RoleDoc } from '@tangram/schema';
import { describe, expect, it } from 'vitest';
import { type Organisation, ownersInScope, recordPredicate } from './plan-record-access.js';

function roleDoc(name: string, parent?: string): RoleDoc {
  return {
    kind: 'role',
    schemaVersion: 1,
    name,
    label: { en: name },
    objects: {},
    ...(parent === undefined ? {} : { parent }),
  };
}

// hq ─┬─ east ── shanghai
//     └─ west
const org: Organisation = {
  members: new Map([
    ['boss', { departmentId: 'hq', roles: ['director'] }],
    ['lead', { departmentId: 'east', roles: ['manager'] }],
    ['rep', { departmentId: 'east', roles: ['rep'] }],
    ['sh', { departmentId: 'shanghai', roles: ['rep'] }],
    ['w', { departmentId: 'west', roles: [] }],
  ]),
  children: new Map([
    ['hq', ['east', 'west']],
    ['east', ['shanghai']],
  ]),
  roles: [roleDoc('director'), roleDoc('manager', 'director'), roleDoc('rep', 'manager')],
};

const sorted = (owners: ReadonlySet<string> | null) =>
  owners === null ? null : [...owners].sort();

describe('ownersInScope', () => {
  it('reaches only the user for own scope without subordinates', () => {
    expect(sorted(ownersInScope(org, 'w', 'own'))).toEqual(['w']);
  });

  it('reaches the department, or the department and below', () => {
    expect(sorted(ownersInScope({ ...org, roles: [] }, 'rep', 'department'))).toEqual([
      'lead',
      'rep',
    ]);
    expect(sorted(ownersInScope({ ...org, roles: [] }, 'rep', 'department_tree'))).toEqual([
      'lead',
      'rep',
      'sh',
    ]);
  });

  it('adds everyone holding a role below the user’s, at any depth', () => {
    expect(sorted(ownersInScope(org, 'boss', 'own'))).toEqual(['boss', 'lead', 'rep', 'sh']);
    expect(sorted(ownersInScope(org, 'lead', 'own'))).toEqual(['lead', 'rep', 'sh']);
  });

  it('reaches every record for company scope', () => {
    expect(ownersInScope(org, 'w', 'company')).toBeNull();
  });
});

describe('recordPredicate', () => {
  it('is no restriction for company scope', () => {
    expect(recordPredicate({ owners: null, sharedIds: ['x'], rules: [] })).toBeNull();
  });

  it('ORs owners, shared ids and rule conditions', () => {
    const rule = { kind: 'empty', column: { kind: 'slot', slot: 't1', type: 'text' } } as const;
    const predicate = recordPredicate({
      owners: new Set(['u2', 'u1']),
      sharedIds: ['r1'],
      rules: [rule],
    });
    expect(predicate).toEqual({
      kind: 'or',
      children: [
        {
          kind: 'in',
          column: { kind: 'system', column: 'owner_id', type: 'uuid' },
          values: ['u1', 'u2'],
        },
        { kind: 'in', column: { kind: 'system', column: 'id', type: 'uuid' }, values: ['r1'] },
        rule,
      ],
    });
  });
});
