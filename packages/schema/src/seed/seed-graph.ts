import { isRelationField } from '../field-facts.js';
import type { FieldDef, SeedFile } from '../generated/types.js';
import { isRecordReference } from './seed-references.js';

/** One `{ "$ref" }` of a seed record: the field holding it, the record it names, and whether the field is required. */
export interface SeedReference {
  field: string;
  to: string;
  required: boolean;
}

/** Every record reference of every seed record, by the referencing record's seed key. */
export function seedReferences(
  files: readonly SeedFile[],
  objectFields: ReadonlyMap<string, ReadonlyMap<string, FieldDef>>,
): Map<string, SeedReference[]> {
  const references = new Map<string, SeedReference[]>();
  for (const file of files) {
    const fields = objectFields.get(file.object);
    for (const record of file.records) {
      const found: SeedReference[] = [];
      for (const [key, value] of Object.entries(record)) {
        const field = fields?.get(key);
        if (field === undefined || !isRelationField(field) || !isRecordReference(value)) continue;
        // A detail record cannot exist without its master, flagged required or not.
        const required = field.required === true || field.type === 'master_detail';
        found.push({ field: key, to: value.$ref, required });
      }
      references.set(record.$ref, found);
    }
  }
  return references;
}

/** The seed keys each seed record requires (through required lookups), by seed key. */
export function requiredReferences(
  files: readonly SeedFile[],
  objectFields: ReadonlyMap<string, ReadonlyMap<string, FieldDef>>,
): Map<string, string[]> {
  const required = new Map<string, string[]>();
  for (const [ref, references] of seedReferences(files, objectFields)) {
    required.set(
      ref,
      references.filter((reference) => reference.required).map((reference) => reference.to),
    );
  }
  return required;
}
