import type { RoleDoc } from '@tangram/schema';
import { describe, expect, it } from 'vitest';
import { objectAccessOf } from './object-access.js';

function role(name: string, grant: Record<string, unknown>): RoleDoc {
  return {
    kind: 'role',
    schemaVersion: 1,
    name,
    label: { en: name },
    objects: { deal: grant },
  } as RoleDoc;
}

describe('objectAccessOf', () => {
  it('voids update, delete and export granted without read', () => {
    const access = objectAccessOf(
      [role('blind', { create: true, update: true, delete: true, export: true, scope: 'company' })],
      'deal',
    );
    expect(access.actions).toMatchObject({
      create: true,
      read: false,
      update: false,
      delete: false,
      export: false,
    });
    expect(access.defaultLevel).toBe('none');
  });

  it('keeps them when another role of the user grants read', () => {
    const access = objectAccessOf(
      [
        role('writer', { update: true, delete: true, export: true }),
        role('reader', { read: true }),
      ],
      'deal',
    );
    expect(access.actions).toMatchObject({ read: true, update: true, delete: true, export: true });
    expect(access.defaultLevel).toBe('edit');
  });
});
