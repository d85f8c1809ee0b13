import type { FieldDef, ObjectDoc } from '@tangram/schema';
import { fieldTypeOf } from '../field-types/field-type-registry.js';
import type { ExtraValue, StoredRecord, StoredValue } from '../ports/record-store.js';
import { columnOfField } from './slots.js';

/** A record as the API serves it: flat, system fields first, then field name → value. */
export interface ApiRecord {
  readonly id: string;
  readonly version: number;
  readonly [field: string]: unknown;
}

/** Field name → value in API JSON: a record body, a patch, or what rules read. */
export type RecordValues = Readonly<Record<string, unknown>>;

/** A field's value in stored form, as validation produces it. */
export type FieldValue = StoredValue | ExtraValue;

/** Stored values split into slot columns and `extra` keys, ready for NewRecord / RecordChange. */
export interface StoredColumns {
  readonly slots: Record<string, StoredValue>;
  readonly extra: Record<string, ExtraValue>;
}

/** A field's stored value read from a row; null when empty or not read. */
export function readStoredValue(field: FieldDef, row: StoredRecord): FieldValue {
  const column = columnOfField(field);
  if (column === undefined) return null;
  if (column.kind === 'extra') return row.extra[field.name] ?? null;
  if (column.kind === 'slot') return row.slots[column.slot] ?? null;
  return null;
}

/** A stored value in API JSON (null stays null). */
export function serializeValue(field: FieldDef, value: FieldValue): unknown {
  return value === null ? null : fieldTypeOf(field).serialize(field, value);
}

/** A stored row as API JSON; `fields` limits the fields served (system fields always are). */
export function toApiRecord(
  object: ObjectDoc,
  row: StoredRecord,
  fields?: ReadonlySet<string>,
): ApiRecord {
  const record: { id: string; version: number; [field: string]: unknown } = {
    id: row.id,
    version: row.version,
    owner_id: row.ownerId,
    created_by: row.createdBy,
    created_at: row.createdAt,
    updated_by: row.updatedBy,
    updated_at: row.updatedAt,
  };
  if (row.deletedAt !== null) record.deleted_at = row.deletedAt;
  for (const field of object.fields) {
    if (fields !== undefined && !fields.has(field.name)) continue;
    record[field.name] = serializeValue(field, readStoredValue(field, row));
  }
  return record;
}

/** Field name → stored value, split into the slot columns and extra keys of the fields. */
export function toStoredColumns(
  object: ObjectDoc,
  values: Readonly<Record<string, FieldValue>>,
): StoredColumns {
  const slots: Record<string, StoredValue> = {};
  const extra: Record<string, ExtraValue> = {};
  for (const field of object.fields) {
    if (!Object.hasOwn(values, field.name)) continue;
    const value = values[field.name] ?? null;
    const column = columnOfField(field);
    if (column?.kind === 'slot') slots[column.slot] = value as StoredValue;
    else if (column?.kind === 'extra') extra[field.name] = value;
    else throw new TypeError(`field ${object.name}.${field.name} has no storage slot`);
  }
  return { slots, extra };
}
