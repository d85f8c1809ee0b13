import { defineError } from '@tangram/errors';
import { isMetadataKind, METADATA_KINDS, type MetadataKind } from './metadata-kinds.js';

/** A document was written for a schemaVersion newer than this build supports. */
export const SCHEMA_VERSION_UNSUPPORTED = defineError<{
  kind: MetadataKind;
  name?: unknown;
  schemaVersion: number;
  supported: number;
}>(
  'SCHEMA_VERSION_UNSUPPORTED',
  422,
  'The document has a schemaVersion newer than this version of Tangram supports.',
);

/** One step of a kind's format history: turns a document at `from` into one at `to` (= from + 1). */
export interface Migration {
  readonly kind: MetadataKind;
  readonly from: number;
  readonly to: number;
  /** Receives a private copy of the document; returns the document in the new format. */
  readonly migrate: (document: Record<string, unknown>) => Record<string, unknown>;
}

/** The ordered migrations of every kind and the version each kind is at. */
export interface MigrationRegistry {
  readonly currentVersions: Readonly<Record<MetadataKind, number>>;
  /**
   * Brings a document up to its kind's current schemaVersion, never changing `input`. Anything
   * that is not a document of a known kind with an integer schemaVersion is returned as it is, for
   * validation to report.
   */
  migrate(input: unknown): unknown;
}

/** Builds a registry, refusing one whose migrations do not chain 1 → 2 → … → current per kind. */
export function createMigrationRegistry(
  currentVersions: Readonly<Record<MetadataKind, number>>,
  migrations: readonly Migration[],
): MigrationRegistry {
  const steps = new Map<string, Migration>();
  for (const migration of migrations) {
    const key = `${migration.kind}@${migration.from}`;
    if (migration.to !== migration.from + 1 || migration.from < 1) {
      throw new TypeError(`migration ${key} must go from one version to the next`);
    }
    if (migration.to > currentVersions[migration.kind]) {
      throw new TypeError(`migration ${key} goes past the current version`);
    }
    if (steps.has(key)) throw new TypeError(`migration ${key} is defined twice`);
    steps.set(key, migration);
  }
  for (const kind of METADATA_KINDS) {
    for (let version = 1; version < currentVersions[kind]; version++) {
      if (!steps.has(`${kind}@${version}`)) {
        throw new TypeError(`no migration of ${kind} from version ${version}`);
      }
    }
  }

  return {
    currentVersions,
    migrate(input) {
      if (input === null || typeof input !== 'object' || Array.isArray(input)) return input;
      const { kind, schemaVersion } = input as Record<string, unknown>;
      if (!isMetadataKind(kind) || !Number.isInteger(schemaVersion)) return input;
      const current = currentVersions[kind];
      let version = schemaVersion as number;
      if (version > current) {
        throw SCHEMA_VERSION_UNSUPPORTED({
          kind,
          name: (input as Record<string, unknown>).name,
          schemaVersion: version,
          supported: current,
        });
      }
      if (version < 1 || version === current) return input;
      let document = structuredClone(input) as Record<string, unknown>;
      while (version < current) {
        const step = steps.get(`${kind}@${version}`)!;
        document = { ...step.migrate(document), schemaVersion: step.to };
        version = step.to;
      }
      return document;
    },
  };
}

/** The schemaVersion every kind is at in this build. */
export const CURRENT_SCHEMA_VERSIONS: Readonly<Record<MetadataKind, number>> = Object.freeze({
  app: 1,
  object: 1,
  form: 1,
  view: 1,
  workflow: 1,
  report: 1,
  dashboard: 1,
  role: 1,
});

/** The format history of every kind, oldest first. Empty while every kind is at version 1. */
const MIGRATIONS: readonly Migration[] = [];

const registry = createMigrationRegistry(CURRENT_SCHEMA_VERSIONS, MIGRATIONS);

/**
 * Applies the ordered per-kind migrations up to the current schemaVersion. Throws
 * SCHEMA_VERSION_UNSUPPORTED (422) for a schemaVersion newer than this build supports.
 */
export function migrateDocument(input: unknown): unknown {
  return registry.migrate(input);
}
