import { fieldsByName, isRelationField, SYSTEM_FIELD_NAMES } from '../field-facts.js';
import type { FieldDef, ObjectDoc, SeedFile } from '../generated/types.js';
import { type MetadataIssue, pointer } from '../metadata-issue.js';
import { validateAgainstSchemaFile } from '../schema-validators.js';
import { requiredReferences } from './seed-graph.js';
import { isRecordReference } from './seed-references.js';
import { checkSeedValue, unwritableReason } from './seed-value.js';

/** Where a seed record was found. */
interface SeedRecordSite {
  object: string;
  fileIndex: number;
  recordIndex: number;
}

/**
 * Checks the seed files of a template against its objects, before anything is installed: each file
 * against schemas/seed.schema.json, then every key names a writable field, every value fits its
 * field, required fields are given, unique fields are unique within the seed, `$ref` keys are unique
 * and every `{ "$ref" }` names a seed record of the lookup's target, and no records reference each
 * other in a cycle through required lookups. Validation rules are left to the record service that
 * the installer writes through. Returns every issue, [] when the seed installs.
 */
export function validateSeed(
  seedFiles: readonly unknown[],
  objects: readonly ObjectDoc[],
): MetadataIssue[] {
  const issues: MetadataIssue[] = [];
  const objectFields = new Map(objects.map((object) => [object.name, fieldsByName(object)]));
  const files: { index: number; file: SeedFile }[] = [];
  const seenObjects = new Set<string>();

  seedFiles.forEach((file, index) => {
    const schemaIssues = validateAgainstSchemaFile('seed.schema.json', file);
    const name = nameOf(file, index);
    if (schemaIssues.length > 0) {
      issues.push(...schemaIssues.map((issue) => inSeed(name, issue)));
      return;
    }
    const seed = file as SeedFile;
    if (!objectFields.has(seed.object)) {
      issues.push(
        inSeed(name, {
          path: '/object',
          code: 'UNKNOWN_OBJECT',
          message: `The template has no object ${JSON.stringify(seed.object)}.`,
          params: { object: seed.object },
        }),
      );
      return;
    }
    if (seenObjects.has(seed.object)) {
      issues.push(
        inSeed(name, {
          path: '/object',
          code: 'DUPLICATE_NAME',
          message: `Another seed file already holds the records of ${seed.object}.`,
          params: { object: seed.object },
        }),
      );
      return;
    }
    seenObjects.add(seed.object);
    files.push({ index, file: seed });
  });

  const sites = new Map<string, SeedRecordSite>();
  for (const { index, file } of files) {
    file.records.forEach((record, recordIndex) => {
      if (sites.has(record.$ref)) {
        issues.push(
          inSeed(file.object, {
            path: pointer('records', recordIndex, '$ref'),
            code: 'DUPLICATE_ID',
            message: `Seed key ${JSON.stringify(record.$ref)} is used by another record.`,
            params: { ref: record.$ref },
          }),
        );
        return;
      }
      sites.set(record.$ref, { object: file.object, fileIndex: index, recordIndex });
    });
  }

  for (const { file } of files) {
    const fields = objectFields.get(file.object) ?? new Map<string, FieldDef>();
    file.records.forEach((record, recordIndex) => {
      const found = recordIssues(file.object, fields, record, recordIndex, sites);
      issues.push(...found.map((issue) => inSeed(file.object, issue)));
    });
    issues.push(...uniquenessIssues(file, fields));
  }

  issues.push(
    ...cycleIssues(
      files.map(({ file }) => file),
      objectFields,
      sites,
    ),
  );
  return issues;
}

function nameOf(file: unknown, index: number): string {
  const object = (file as { object?: unknown } | null)?.object;
  return typeof object === 'string' ? object : `#${index}`;
}

function inSeed(object: string, issue: MetadataIssue): MetadataIssue {
  return { ...issue, document: { kind: 'seed', name: object } };
}

function recordIssues(
  object: string,
  fields: ReadonlyMap<string, FieldDef>,
  record: Readonly<Record<string, unknown>>,
  recordIndex: number,
  sites: ReadonlyMap<string, SeedRecordSite>,
): MetadataIssue[] {
  const issues: MetadataIssue[] = [];
  const at = (...segments: string[]) => pointer('records', recordIndex, ...segments);
  for (const [key, value] of Object.entries(record)) {
    if (key === '$ref') continue;
    const field = fields.get(key);
    if (SYSTEM_FIELD_NAMES.has(key)) {
      issues.push({
        path: at(key),
        code: 'RESERVED_NAME',
        message: `${key} is set by the runtime.`,
      });
      continue;
    }
    if (field === undefined) {
      issues.push({
        path: at(key),
        code: 'UNKNOWN_FIELD',
        message: `${object} has no field ${JSON.stringify(key)}.`,
        params: { field: key },
      });
      continue;
    }
    const reason = unwritableReason(field);
    if (reason !== undefined) {
      issues.push({
        path: at(key),
        code: 'NOT_WRITABLE',
        message: `${key} cannot be given in a seed (${reason.replace('_', ' ')}).`,
        params: { field: key, reason },
      });
      continue;
    }
    for (const problem of checkSeedValue(field, value, record)) {
      const { at: inner = '', ...rest } = problem;
      issues.push({ path: at(key) + inner, ...rest });
    }
    if (isRelationField(field) && isRecordReference(value)) {
      const target = sites.get(value.$ref);
      if (target === undefined) {
        issues.push({
          path: at(key, '$ref'),
          code: 'UNKNOWN_RECORD',
          message: `No seed record has the key ${JSON.stringify(value.$ref)}.`,
          params: { ref: value.$ref },
        });
      } else if (target.object !== field.target) {
        issues.push({
          path: at(key, '$ref'),
          code: 'INVALID_RELATION',
          message: `${value.$ref} is a record of ${target.object}, not of ${field.target}.`,
          params: { ref: value.$ref, expected: field.target, actual: target.object },
        });
      }
    }
  }
  for (const field of fields.values()) {
    if (field.required !== true || field.name in record) continue;
    if (field.default !== undefined || unwritableReason(field) !== undefined) continue;
    issues.push({
      path: at(field.name),
      code: 'REQUIRED',
      message: `'${field.name}' is required.`,
    });
  }
  return issues;
}

function uniquenessIssues(file: SeedFile, fields: ReadonlyMap<string, FieldDef>): MetadataIssue[] {
  const issues: MetadataIssue[] = [];
  for (const field of fields.values()) {
    if (field.unique !== true && field.externalId !== true) continue;
    const seen = new Set<unknown>();
    file.records.forEach((record, recordIndex) => {
      const value = record[field.name];
      if (value === undefined || typeof value === 'object') return;
      if (seen.has(value)) {
        issues.push(
          inSeed(file.object, {
            path: pointer('records', recordIndex, field.name),
            code: 'DUPLICATE_VALUE',
            message: `${field.name} is unique and another seed record has ${JSON.stringify(value)}.`,
            params: { field: field.name, value },
          }),
        );
      }
      seen.add(value);
    });
  }
  return issues;
}

// A record can only be created once every record it requires exists, so a cycle of required
// references can never be installed.
function cycleIssues(
  files: readonly SeedFile[],
  objectFields: ReadonlyMap<string, ReadonlyMap<string, FieldDef>>,
  sites: ReadonlyMap<string, SeedRecordSite>,
): MetadataIssue[] {
  const edges = requiredReferences(files, objectFields);
  const state = new Map<string, 'open' | 'done'>();
  const issues: MetadataIssue[] = [];
  // `trail` is the chain of records being visited, ending with `ref`.
  const visit = (ref: string, trail: string[]): void => {
    state.set(ref, 'open');
    for (const next of edges.get(ref) ?? []) {
      if (!sites.has(next)) continue;
      if (state.get(next) === 'open') {
        const cycle = [...trail.slice(trail.indexOf(next)), next];
        const site = sites.get(ref);
        if (site !== undefined) {
          issues.push(
            inSeed(site.object, {
              path: pointer('records', site.recordIndex),
              code: 'REFERENCE_CYCLE',
              message: `Records require each other in a cycle: ${cycle.join(' → ')}.`,
              params: { cycle },
            }),
          );
        }
      } else if (state.get(next) === undefined) {
        visit(next, [...trail, next]);
      }
    }
    state.set(ref, 'done');
  };
  for (const ref of edges.keys()) if (state.get(ref) === undefined) visit(ref, [ref]);
  return issues;
}
