import { fieldsByName } from '../field-facts.js';
import type { ObjectDoc, SeedFile, SeedValue } from '../generated/types.js';
import { type SeedReference, seedReferences } from './seed-graph.js';
import { isRecordReference, isUserReference } from './seed-references.js';

/** One record to write while installing a seed: its object, its seed key and field values. */
export interface SeedStep {
  object: string;
  ref: string;
  /** Field name → value; `{ "$ref" }` and `{ "$user" }` are resolved by `resolveSeedValues`. */
  values: Record<string, SeedValue>;
}

/**
 * The order to install a seed in. Creating `creates` in order, each `{ "$ref" }` names a record
 * created before it; `updates` then set the optional lookups that had to wait because records
 * point to each other in a cycle.
 */
export interface SeedPlan {
  creates: SeedStep[];
  updates: SeedStep[];
}

/**
 * Orders the records of seed files that passed `validateSeed` for installation: objects in the
 * order their lookups require (a record's lookup targets first, grouped by object when the objects
 * do not reference each other in a cycle), records of one object in file order unless one needs
 * another of the same object first. Throws when records require each other in a cycle, which
 * `validateSeed` reports as REFERENCE_CYCLE.
 */
export function planSeed(files: readonly SeedFile[], objects: readonly ObjectDoc[]): SeedPlan {
  const objectFields = new Map(objects.map((object) => [object.name, fieldsByName(object)]));
  const references = seedReferences(files, objectFields);
  const records = new Map(
    files.flatMap((file) =>
      file.records.map((record) => [record.$ref, { object: file.object, record }] as const),
    ),
  );
  const creates: SeedStep[] = [];
  const deferred = new Map<string, SeedReference[]>();
  const state = new Map<string, 'open' | 'done'>();

  const visit = (ref: string): void => {
    const found = records.get(ref);
    if (found === undefined) return;
    state.set(ref, 'open');
    const waiting: SeedReference[] = [];
    for (const reference of references.get(ref) ?? []) {
      const targetState = state.get(reference.to);
      if (targetState === 'done' || !records.has(reference.to)) continue;
      if (targetState === undefined) {
        visit(reference.to);
        continue;
      }
      if (reference.required)
        throw new Error(`seed records require each other in a cycle at ${ref}`);
      waiting.push(reference);
    }
    const { $ref: _ref, ...values } = found.record;
    for (const reference of waiting) delete values[reference.field];
    if (waiting.length > 0) deferred.set(ref, waiting);
    creates.push({ object: found.object, ref, values });
    state.set(ref, 'done');
  };

  for (const object of objectOrder(files, references, records)) {
    const file = files.find((candidate) => candidate.object === object);
    for (const record of file?.records ?? [])
      if (state.get(record.$ref) === undefined) visit(record.$ref);
  }

  const updates = [...deferred].map(([ref, waiting]) => ({
    object: records.get(ref)?.object ?? '',
    ref,
    values: Object.fromEntries(
      waiting.map((reference) => [reference.field, { $ref: reference.to }]),
    ),
  }));
  return { creates, updates };
}

/** Object names, each after the objects its records point to (cycles broken where found). */
function objectOrder(
  files: readonly SeedFile[],
  references: ReadonlyMap<string, readonly SeedReference[]>,
  records: ReadonlyMap<string, { object: string }>,
): string[] {
  const dependsOn = new Map<string, Set<string>>(files.map((file) => [file.object, new Set()]));
  for (const file of files) {
    for (const record of file.records) {
      for (const reference of references.get(record.$ref) ?? []) {
        const target = records.get(reference.to)?.object;
        if (target !== undefined && target !== file.object) dependsOn.get(file.object)?.add(target);
      }
    }
  }
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (object: string): void => {
    seen.add(object);
    for (const target of dependsOn.get(object) ?? []) if (!seen.has(target)) visit(target);
    order.push(object);
  };
  for (const file of files) if (!seen.has(file.object)) visit(file.object);
  return order;
}

/**
 * The record input of one step: every `{ "$ref" }` replaced by the id the installer gave that seed
 * record, every `{ "$user": "installer" }` by the installing user's id. Throws on a seed key with
 * no id yet, which means the plan was not followed.
 */
export function resolveSeedValues(
  values: Readonly<Record<string, SeedValue>>,
  ids: ReadonlyMap<string, string>,
  installerId: string,
): Record<string, unknown> {
  const resolve = (value: unknown): unknown => {
    if (isUserReference(value)) return installerId;
    if (isRecordReference(value)) {
      const id = ids.get(value.$ref);
      if (id === undefined) throw new Error(`seed record ${value.$ref} has no id yet`);
      return id;
    }
    return Array.isArray(value) ? value.map(resolve) : value;
  };
  return Object.fromEntries(
    Object.entries(values).map(([field, value]) => [field, resolve(value)]),
  );
}
