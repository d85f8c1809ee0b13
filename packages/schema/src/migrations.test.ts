import { AppError } from '@tangram/errors';
import { describe, expect, it } from 'vitest';
import type { MetadataKind } from './metadata-kinds.js';
import {
  CURRENT_SCHEMA_VERSIONS,
  createMigrationRegistry,
  type Migration,
  migrateDocument,
  SCHEMA_VERSION_UNSUPPORTED,
} from './migrations.js';

const versions = (object: number): Record<MetadataKind, number> => ({
  ...CURRENT_SCHEMA_VERSIONS,
  object,
});

// A made-up history of objects: v1 `title` → v2 `label`; v2 → v3 adds `fields`.
const renameTitle: Migration = {
  kind: 'object',
  from: 1,
  to: 2,
  migrate: ({ title, ...rest }) => ({ ...rest, label: title }),
};
const addFields: Migration = {
  kind: 'object',
  from: 2,
  to: 3,
  migrate: (document) => ({
    ...document,
    fields: [],
    steps: [...((document.steps as string[]) ?? []), 'v3'],
  }),
};

describe('createMigrationRegistry', () => {
  it('applies every migration from the document version up to the current one, in order', () => {
    const registry = createMigrationRegistry(versions(3), [addFields, renameTitle]);
    expect(registry.migrate({ kind: 'object', schemaVersion: 1, name: 'a', title: 'A' })).toEqual({
      kind: 'object',
      schemaVersion: 3,
      name: 'a',
      label: 'A',
      fields: [],
      steps: ['v3'],
    });
  });

  it('starts from the version the document is at', () => {
    const registry = createMigrationRegistry(versions(3), [renameTitle, addFields]);
    const migrated = registry.migrate({ kind: 'object', schemaVersion: 2, title: 'kept' });
    expect(migrated).toEqual({
      kind: 'object',
      schemaVersion: 3,
      title: 'kept',
      fields: [],
      steps: ['v3'],
    });
  });

  it('does not change its input', () => {
    const registry = createMigrationRegistry(versions(2), [renameTitle]);
    const input = { kind: 'object', schemaVersion: 1, title: 'A' };
    registry.migrate(input);
    expect(input).toEqual({ kind: 'object', schemaVersion: 1, title: 'A' });
  });

  it('returns a current document as it is', () => {
    const registry = createMigrationRegistry(versions(2), [renameTitle]);
    const input = { kind: 'object', schemaVersion: 2 };
    expect(registry.migrate(input)).toBe(input);
  });

  it('refuses a document newer than the current version with SCHEMA_VERSION_UNSUPPORTED', () => {
    const registry = createMigrationRegistry(versions(2), [renameTitle]);
    let thrown: unknown;
    try {
      registry.migrate({ kind: 'object', schemaVersion: 3, name: 'a' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect(thrown).toMatchObject({
      code: 'SCHEMA_VERSION_UNSUPPORTED',
      status: 422,
      details: { kind: 'object', name: 'a', schemaVersion: 3, supported: 2 },
    });
  });

  it('leaves input that is not a document of a known kind to validation', () => {
    const registry = createMigrationRegistry(versions(2), [renameTitle]);
    for (const input of [null, 'x', [], { kind: 'widget', schemaVersion: 1 }, { kind: 'object' }]) {
      expect(registry.migrate(input)).toBe(input);
    }
  });

  it('refuses a history with a missing step', () => {
    expect(() => createMigrationRegistry(versions(3), [addFields])).toThrow(/from version 1/);
  });

  it('refuses a migration skipping a version', () => {
    const skip: Migration = { kind: 'object', from: 1, to: 3, migrate: (d) => d };
    expect(() => createMigrationRegistry(versions(3), [skip])).toThrow(TypeError);
  });

  it('refuses a migration defined twice', () => {
    expect(() => createMigrationRegistry(versions(2), [renameTitle, renameTitle])).toThrow(/twice/);
  });

  it('refuses a migration past the current version', () => {
    expect(() => createMigrationRegistry(versions(1), [renameTitle])).toThrow(/past the current/);
  });
});

describe('migrateDocument', () => {
  it('keeps every kind at version 1 today', () => {
    expect(Object.values(CURRENT_SCHEMA_VERSIONS)).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it('refuses a document newer than this build supports', () => {
    expect(() => migrateDocument({ kind: 'view', schemaVersion: 2 })).toThrow(
      expect.objectContaining({ code: SCHEMA_VERSION_UNSUPPORTED.code }),
    );
  });
});
