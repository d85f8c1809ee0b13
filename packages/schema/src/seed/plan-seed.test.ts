import { describe, expect, it } from 'vitest';
import type { FieldDef, ObjectDoc, SeedFile } from '../generated/types.js';
import { planSeed, resolveSeedValues } from './plan-seed.js';

function objectOf(name: string, fields: FieldDef[]): ObjectDoc {
  return { kind: 'object', schemaVersion: 1, name, label: { en: name }, nameField: 'name', fields };
}

const objects: ObjectDoc[] = [
  objectOf('account', [
    { name: 'name', type: 'text', label: { en: 'Name' } },
    { name: 'parent', type: 'lookup', label: { en: 'Parent' }, target: 'account' },
    { name: 'primary_contact', type: 'lookup', label: { en: 'Primary' }, target: 'contact' },
  ]),
  objectOf('contact', [
    { name: 'name', type: 'text', label: { en: 'Name' } },
    {
      name: 'account',
      type: 'lookup',
      label: { en: 'Account' },
      target: 'account',
      required: true,
    },
  ]),
];

const order = (files: SeedFile[]) =>
  planSeed(files, objects).creates.map((step) => `${step.object}:${step.ref}`);

describe('planSeed', () => {
  it('creates the records a lookup points to first, object by object', () => {
    const files: SeedFile[] = [
      { object: 'contact', records: [{ $ref: 'c1', name: 'Zhou', account: { $ref: 'a1' } }] },
      { object: 'account', records: [{ $ref: 'a1', name: 'Xinghe' }] },
    ];
    expect(order(files)).toEqual(['account:a1', 'contact:c1']);
  });

  it('creates a parent record before its children of the same object', () => {
    const files: SeedFile[] = [
      {
        object: 'account',
        records: [
          { $ref: 'child', name: 'Chengdu', parent: { $ref: 'root' } },
          { $ref: 'root', name: 'Group' },
        ],
      },
    ];
    expect(order(files)).toEqual(['account:root', 'account:child']);
  });

  it('sets an optional lookup closing a cycle after every record exists', () => {
    const files: SeedFile[] = [
      {
        object: 'account',
        records: [{ $ref: 'a1', name: 'Xinghe', primary_contact: { $ref: 'c1' } }],
      },
      { object: 'contact', records: [{ $ref: 'c1', name: 'Zhou', account: { $ref: 'a1' } }] },
    ];
    expect(planSeed(files, objects)).toEqual({
      creates: [
        { object: 'account', ref: 'a1', values: { name: 'Xinghe' } },
        { object: 'contact', ref: 'c1', values: { name: 'Zhou', account: { $ref: 'a1' } } },
      ],
      updates: [{ object: 'account', ref: 'a1', values: { primary_contact: { $ref: 'c1' } } }],
    });
  });

  it('throws on records that require each other', () => {
    const cyclic = [
      objectOf('node', [
        { name: 'name', type: 'text', label: { en: 'Name' } },
        { name: 'next', type: 'lookup', label: { en: 'Next' }, target: 'node', required: true },
      ]),
    ];
    const files: SeedFile[] = [
      {
        object: 'node',
        records: [
          { $ref: 'a', next: { $ref: 'b' } },
          { $ref: 'b', next: { $ref: 'a' } },
        ],
      },
    ];
    expect(() => planSeed(files, cyclic)).toThrow(/cycle/);
  });
});

describe('resolveSeedValues', () => {
  it('replaces seed references by record ids and the user placeholder by the installer', () => {
    const values = {
      name: 'Win',
      account: { $ref: 'a1' },
      owner: { $user: 'installer' as const },
      team: [{ $user: 'installer' as const }],
    };
    expect(resolveSeedValues(values, new Map([['a1', 'id-1']]), 'user-9')).toEqual({
      name: 'Win',
      account: 'id-1',
      owner: 'user-9',
      team: ['user-9'],
    });
  });

  it('throws on a reference to a record not created yet', () => {
    expect(() => resolveSeedValues({ account: { $ref: 'a1' } }, new Map(), 'user-9')).toThrow(/a1/);
  });
});
