import type { FieldDef, ObjectDoc } from '@tangram/schema';
import type { FieldType } from '../field-types/field-type.js';
import { fieldTypeOf } from '../field-types/field-type-registry.js';
import type { ExtraValue, StoredRecord, StoredValue } from '../ports/record-store.js';
import type { ColumnRef } from './record-plan.js';
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

/** How one field of an object is read from a stored row and served. */
interface FieldDecoder {
  readonly field: FieldDef;
  readonly column: ColumnRef | undefined;
  readonly type: FieldType;
}

/** A stored row as API JSON, generated for one object definition and set of fields. */
type RecordEncoder = (row: StoredRecord) => ApiRecord;

interface ObjectEncoders {
  readonly decoders: readonly FieldDecoder[];
  readonly all: RecordEncoder;
  /** Encoders of `fields` sets: a page passes the same set for each of its rows. */
  readonly some: WeakMap<ReadonlySet<string>, RecordEncoder>;
  /** Encoders by the names of the fields they serve, comma-separated in definition order. */
  readonly byNames: Map<string, RecordEncoder>;
}

/** Most field sets whose encoders one object keeps; past it the cache starts again. */
const MAX_FIELD_SETS = 200;

/** A name safe as a plain key of an object literal (the schema's field names all are). */
const PLAIN_KEY = /^[a-z][a-z0-9_]{0,62}$/;

/** Encoders per object definition: definitions are never changed in place. */
const encoders = new WeakMap<ObjectDoc, ObjectEncoders>();

/**
 * The encoder of `decoders`, generated once: its body reads fixed slot names and returns object
 * literals with fixed keys (system fields, then the fields in definition order), so that V8 sees
 * monomorphic property accesses and builds each record in fast mode from a boilerplate, where a
 * loop over the fields made every read and store megamorphic. Each field's serializer is called
 * from its own call site. Field and slot names are embedded as JSON string literals. A field
 * named like a system key takes its place and value, as the assignment after the system keys did.
 */
function encoderOf(decoders: readonly FieldDecoder[]): RecordEncoder {
  const fieldEntries = decoders.map(({ field, column }, i) => {
    // Any other name goes in as a computed key, which never sets the prototype (`__proto__`).
    const key = PLAIN_KEY.test(field.name)
      ? JSON.stringify(field.name)
      : `[${JSON.stringify(field.name)}]`;
    if (column === undefined || (column.kind !== 'slot' && column.kind !== 'extra')) {
      return `${key}: null`;
    }
    const read =
      column.kind === 'slot'
        ? `slots[${JSON.stringify(column.slot)}]`
        : `extra[${JSON.stringify(field.name)}]`;
    return `${key}: (v = ${read}) === null || v === undefined ? null : t${i}.serialize(f${i}, v)`;
  });
  const system = (deleted: boolean) =>
    [
      'id: row.id',
      'version: row.version',
      'owner_id: row.ownerId',
      'created_by: row.createdBy',
      'created_at: row.createdAt',
      'updated_by: row.updatedBy',
      'updated_at: row.updatedAt',
      ...(deleted ? ['deleted_at: row.deletedAt'] : []),
    ].join(', ');
  const fields = fieldEntries.join(',\n      ');
  const captured = decoders.map((_, i) => `t${i} = types[${i}], f${i} = defs[${i}]`);
  const body = `${captured.length > 0 ? `const ${captured.join(', ')};` : ''}
return function toApiRecord(row) {
  const slots = row.slots, extra = row.extra;
  let v;
  if (row.deletedAt === null) {
    return {${system(false)}${fields === '' ? '' : `,\n      ${fields}`}};
  }
  return {${system(true)}${fields === '' ? '' : `,\n      ${fields}`}};
};`;
  return new Function('types', 'defs', body)(
    decoders.map((d) => d.type),
    decoders.map((d) => d.field),
  ) as RecordEncoder;
}

/**
 * The fields of `object` with their column and type, worked out once per definition: a page
 * decodes every field of every row, and finding column and type again each time cost more than
 * reading the value.
 */
function encodersOf(object: ObjectDoc): ObjectEncoders {
  let known = encoders.get(object);
  if (known === undefined) {
    const decoders = object.fields.map(
      (field): FieldDecoder => ({ field, column: columnOfField(field), type: fieldTypeOf(field) }),
    );
    known = { decoders, all: encoderOf(decoders), some: new WeakMap(), byNames: new Map() };
    encoders.set(object, known);
  }
  return known;
}

function recordEncoder(object: ObjectDoc, fields: ReadonlySet<string> | undefined): RecordEncoder {
  const known = encodersOf(object);
  if (fields === undefined) return known.all;
  let encoder = known.some.get(fields);
  if (encoder === undefined) {
    // A request builds its own set: encoders are kept by the fields they serve as well, so that
    // the same `fields=` asked again reuses the function instead of generating one per request.
    const decoders = known.decoders.filter((d) => fields.has(d.field.name));
    const key = decoders.map((d) => d.field.name).join(',');
    encoder = known.byNames.get(key);
    if (encoder === undefined) {
      if (known.byNames.size >= MAX_FIELD_SETS) known.byNames.clear();
      encoder = encoderOf(decoders);
      known.byNames.set(key, encoder);
    }
    known.some.set(fields, encoder);
  }
  return encoder;
}

/** A stored row as API JSON; `fields` limits the fields served (system fields always are). */
export function toApiRecord(
  object: ObjectDoc,
  row: StoredRecord,
  fields?: ReadonlySet<string>,
): ApiRecord {
  return recordEncoder(object, fields)(row);
}

/** Field name → stored value, split into the slot columns and extra keys of the fields. */
export function toStoredColumns(
  object: ObjectDoc,
  values: Readonly<Record<string, FieldValue>>,
): StoredColumns {
  const slots: Record<string, StoredValue> = {};
  const extra: Record<string, ExtraValue> = {};
  for (const { name, slot } of storedLayoutOf(object)) {
    if (!Object.hasOwn(values, name)) continue;
    const value = values[name] ?? null;
    if (slot === undefined) throw new TypeError(`field ${object.name}.${name} has no storage slot`);
    if (slot === null) extra[name] = value;
    else slots[slot] = value as StoredValue;
  }
  return { slots, extra };
}

/** Each field's slot (null: an `extra` key, undefined: none), once per definition. */
const storedLayouts = new WeakMap<
  ObjectDoc,
  readonly { readonly name: string; readonly slot: string | null | undefined }[]
>();

function storedLayoutOf(object: ObjectDoc) {
  let layout = storedLayouts.get(object);
  if (layout === undefined) {
    layout = object.fields.map((field) => {
      const column = columnOfField(field);
      const slot =
        column?.kind === 'slot' ? column.slot : column?.kind === 'extra' ? null : undefined;
      return { name: field.name, slot };
    });
    storedLayouts.set(object, layout);
  }
  return layout;
}
