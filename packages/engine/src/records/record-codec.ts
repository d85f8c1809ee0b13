import type { FieldDef, ObjectDoc } from '@tangram/schema';
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
  readonly name: string;
  readonly column: ColumnRef | undefined;
  readonly serialize: (value: NonNullable<FieldValue>) => unknown;
}

/** The fields a read serves and an empty record with exactly its keys, in serving order. */
interface RecordShape {
  readonly decoders: readonly FieldDecoder[];
  readonly live: Readonly<Record<string, null>>;
  readonly deleted: Readonly<Record<string, null>>;
}

interface ObjectShapes {
  readonly all: RecordShape;
  /** Shapes of `fields` sets: a page passes the same set for each of its rows. */
  readonly some: WeakMap<ReadonlySet<string>, RecordShape>;
}

const SYSTEM_KEYS = ['id', 'version', 'owner_id', 'created_by', 'created_at', 'updated_by'];

/** Shapes per object definition: definitions are never changed in place. */
const shapes = new WeakMap<ObjectDoc, ObjectShapes>();

function shapeOf(decoders: readonly FieldDecoder[]): RecordShape {
  // An object built key by key from a literal of seven keys ends in V8's dictionary mode, which
  // was slower both to build and to serialise; a copy of a template made by JSON.parse keeps
  // fast properties. JSON.parse also keeps the key order of the text.
  const template = (keys: readonly string[]) =>
    JSON.parse(JSON.stringify(Object.fromEntries(keys.map((key) => [key, null])))) as Record<
      string,
      null
    >;
  const fields = decoders.map((d) => d.name);
  return {
    decoders,
    live: template([...SYSTEM_KEYS, 'updated_at', ...fields]),
    deleted: template([...SYSTEM_KEYS, 'updated_at', 'deleted_at', ...fields]),
  };
}

/**
 * The fields of `object` with their column and serializer, worked out once per definition: a
 * page decodes every field of every row, and finding column and type again each time cost more
 * than reading the value.
 */
function shapesOf(object: ObjectDoc): ObjectShapes {
  let known = shapes.get(object);
  if (known === undefined) {
    const decoders = object.fields.map((field): FieldDecoder => {
      const type = fieldTypeOf(field);
      return {
        name: field.name,
        column: columnOfField(field),
        serialize: (value) => type.serialize(field, value),
      };
    });
    known = { all: shapeOf(decoders), some: new WeakMap() };
    shapes.set(object, known);
  }
  return known;
}

function recordShape(object: ObjectDoc, fields: ReadonlySet<string> | undefined): RecordShape {
  const known = shapesOf(object);
  if (fields === undefined) return known.all;
  let shape = known.some.get(fields);
  if (shape === undefined) {
    shape = shapeOf(known.all.decoders.filter((d) => fields.has(d.name)));
    known.some.set(fields, shape);
  }
  return shape;
}

/** A stored row as API JSON; `fields` limits the fields served (system fields always are). */
export function toApiRecord(
  object: ObjectDoc,
  row: StoredRecord,
  fields?: ReadonlySet<string>,
): ApiRecord {
  const shape = recordShape(object, fields);
  const record: { id: string; version: number; [field: string]: unknown } = {
    ...(row.deletedAt === null ? shape.live : shape.deleted),
    id: row.id,
    version: row.version,
  };
  record.owner_id = row.ownerId;
  record.created_by = row.createdBy;
  record.created_at = row.createdAt;
  record.updated_by = row.updatedBy;
  record.updated_at = row.updatedAt;
  if (row.deletedAt !== null) record.deleted_at = row.deletedAt;
  const { slots, extra } = row;
  for (const { name, column, serialize } of shape.decoders) {
    const value =
      column === undefined
        ? null
        : column.kind === 'slot'
          ? (slots[column.slot] ?? null)
          : column.kind === 'extra'
            ? (extra[name] ?? null)
            : null;
    record[name] = value === null ? null : serialize(value);
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
