import type { FieldDef } from '@tangram/schema';
import { fieldTypeOf } from '../field-types/field-type-registry.js';
import type { ColumnRef, SlotKind } from './record-plan.js';

/** The slot columns of each kind in `records` (ADR 0006): prefix and how many there are. */
export const SLOT_CAPACITY: Readonly<
  Record<SlotKind, { readonly prefix: string; readonly count: number }>
> = Object.freeze({
  text: { prefix: 't', count: 60 },
  numeric: { prefix: 'n', count: 40 },
  date: { prefix: 'd', count: 15 },
  timestamptz: { prefix: 'ts', count: 15 },
  boolean: { prefix: 'b', count: 20 },
  uuid: { prefix: 'u', count: 30 },
});

/** The slot name of values kept in the `extra` jsonb column, keyed by field name. */
export const EXTRA_SLOT = 'extra';

const SLOT_NAME = /^(ts|t|n|d|b|u)([1-9]\d*)$/;
const KIND_BY_PREFIX: Readonly<Record<string, SlotKind>> = Object.freeze(
  Object.fromEntries(
    Object.entries(SLOT_CAPACITY).map(([kind, { prefix }]) => [prefix, kind as SlotKind]),
  ),
);

/** The kind of a slot column (`n3` → numeric), or undefined for a name that is no slot. */
export function slotKindOfSlot(slot: string): SlotKind | undefined {
  const match = SLOT_NAME.exec(slot);
  const kind = match ? KIND_BY_PREFIX[match[1] ?? ''] : undefined;
  if (kind === undefined) return undefined;
  return Number(match?.[2]) <= SLOT_CAPACITY[kind].count ? kind : undefined;
}

/** Where a field of this definition must live: a slot kind, or 'extra' for extra-only values. */
export function storageKindOf(field: FieldDef): SlotKind | typeof EXTRA_SLOT {
  const type = fieldTypeOf(field);
  return type.slotted(field) ? (type.valueKind(field) as SlotKind) : EXTRA_SLOT;
}

/** Columns of field definitions already asked about: definitions are never changed in place. */
const columns = new WeakMap<FieldDef, ColumnRef | null>();

/**
 * The column a field with an allocated slot is read from; undefined when it has no slot yet.
 * Asked for every field of every row a page decodes, so the answer is kept per definition.
 */
export function columnOfField(field: FieldDef): ColumnRef | undefined {
  const known = columns.get(field);
  if (known !== undefined) return known ?? undefined;
  const column = computeColumn(field);
  columns.set(field, column ?? null);
  return column;
}

function computeColumn(field: FieldDef): ColumnRef | undefined {
  const slot = field.storage?.slot;
  if (slot === undefined) return undefined;
  const valueKind = fieldTypeOf(field).valueKind(field);
  if (slot === EXTRA_SLOT) return { kind: 'extra', key: field.name, type: valueKind };
  const kind = slotKindOfSlot(slot);
  return kind === undefined ? undefined : { kind: 'slot', slot, type: kind };
}
