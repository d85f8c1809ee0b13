import type { FieldDef, ObjectDoc, RoleDoc } from '@tangram/schema';
import { describe, expect, it } from 'vitest';
import { createFieldVisibility } from './field-visibility.js';
import { objectAccessOf } from './object-access.js';

const label = (en: string) => ({ en });

function objectDoc(name: string, fields: readonly Record<string, unknown>[]): ObjectDoc {
  return {
    kind: 'object',
    schemaVersion: 1,
    name,
    label: label(name),
    nameField: 'name',
    fields: [
      { name: 'name', type: 'text', label: label('Name') },
      ...fields,
    ] as unknown as FieldDef[],
  } as ObjectDoc;
}

const objects = new Map<string, ObjectDoc>([
  [
    'account',
    objectDoc('account', [
      { name: 'revenue', type: 'currency', label: label('Revenue') },
      { name: 'phone', type: 'phone', label: label('Phone'), sensitive: true },
      {
        name: 'paid',
        type: 'rollup',
        label: label('Paid'),
        childObject: 'deal',
        relationField: 'account',
        function: 'sum',
        field: 'amount',
      },
      {
        name: 'deals',
        type: 'rollup',
        label: label('Deals'),
        childObject: 'deal',
        relationField: 'account',
        function: 'count',
      },
    ]),
  ],
  [
    'deal',
    objectDoc('deal', [
      { name: 'account', type: 'lookup', label: label('Account'), target: 'account' },
      { name: 'amount', type: 'currency', label: label('Amount') },
      { name: 'probability', type: 'percent', label: label('Probability') },
      {
        name: 'weighted',
        type: 'formula',
        label: label('Weighted'),
        resultType: 'number',
        expression: { '*': [{ var: 'amount' }, { var: 'probability' }] },
      },
      {
        name: 'weighted_twice',
        type: 'formula',
        label: label('Weighted twice'),
        resultType: 'number',
        expression: { '*': [{ var: 'weighted' }, 2] },
      },
      {
        name: 'chance',
        type: 'formula',
        label: label('Chance'),
        resultType: 'number',
        expression: { '*': [{ var: 'probability' }, 100] },
      },
      {
        name: 'account_size',
        type: 'formula',
        label: label('Account size'),
        resultType: 'number',
        expression: { var: 'account.revenue' },
      },
      {
        name: 'account_phone',
        type: 'formula',
        label: label('Account phone'),
        resultType: 'text',
        expression: { var: 'account.phone' },
      },
    ]),
  ],
]);

function role(grants: RoleDoc['objects']): RoleDoc {
  return { kind: 'role', schemaVersion: 1, name: 'rep', label: label('Rep'), objects: grants };
}

function visibilityFor(grants: RoleDoc['objects']) {
  const roles = [role(grants)];
  return createFieldVisibility({
    objectOf: (name) => objects.get(name),
    accessOf: (name) => objectAccessOf(roles, name),
  });
}

describe('field visibility', () => {
  it('hides a formula computed from a field the role hides, and formulas built on it', () => {
    const seen = visibilityFor({
      deal: { read: true, fields: { amount: 'none' } },
      account: { read: true },
    });
    expect(seen('deal', 'amount')).toBe('none');
    expect(seen('deal', 'weighted')).toBe('none');
    expect(seen('deal', 'weighted_twice')).toBe('none');
    expect(seen('deal', 'chance')).toBe('read');
    expect(seen('deal', 'probability')).toBe('read');
  });

  it('hides a formula reading through a lookup a field the role hides on the target', () => {
    const seen = visibilityFor({
      deal: { read: true },
      account: { read: true, fields: { revenue: 'none' } },
    });
    expect(seen('deal', 'account_size')).toBe('none');
    expect(seen('deal', 'account')).toBe('read');
  });

  it('hides a formula reading an object the user cannot read at all', () => {
    const seen = visibilityFor({ deal: { read: true } });
    expect(seen('deal', 'account_size')).toBe('none');
    expect(seen('deal', 'weighted')).toBe('read');
  });

  it('hides a formula that copies a masked value, but keeps the masked field itself masked', () => {
    const seen = visibilityFor({ deal: { read: true }, account: { read: true } });
    expect(seen('account', 'phone')).toBe('masked');
    expect(seen('deal', 'account_phone')).toBe('none');
    const unmasked = visibilityFor({
      deal: { read: true },
      account: { read: true, unmask: ['phone'] },
    });
    expect(unmasked('deal', 'account_phone')).toBe('read');
  });

  it('hides a rollup over a child field the role hides, and a count of unreadable children', () => {
    const hiddenAmount = visibilityFor({
      deal: { read: true, fields: { amount: 'none' } },
      account: { read: true },
    });
    expect(hiddenAmount('account', 'paid')).toBe('none');
    expect(hiddenAmount('account', 'deals')).toBe('read');
    const noDeals = visibilityFor({ account: { read: true } });
    expect(noDeals('account', 'deals')).toBe('none');
    expect(noDeals('account', 'revenue')).toBe('read');
  });

  it('shows everything to a role that reads every field', () => {
    const seen = visibilityFor({
      deal: { read: true },
      account: { read: true, unmask: ['phone'] },
    });
    for (const field of objects.get('deal')?.fields ?? []) {
      expect([field.name, seen('deal', field.name)]).toEqual([field.name, 'read']);
    }
    expect(seen('deal', 'id')).toBe('read');
  });
});
