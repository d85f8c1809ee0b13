import { type SlotKind, SYSTEM_COLUMN_KINDS, type SystemColumn } from '@tangram/engine';

/**
 * The typed slot columns of `records` (ADR 0006) and the closed set of column names the record
 * store ever writes into SQL as identifiers. A name outside this set never becomes SQL text, so
 * nothing a client or a metadata author types can reach a statement except as a bound value.
 */
const SLOT_COUNTS: readonly (readonly [prefix: string, kind: SlotKind, count: number])[] = [
  ['t', 'text', 60],
  ['n', 'numeric', 40],
  ['d', 'date', 15],
  ['ts', 'timestamptz', 15],
  ['b', 'boolean', 20],
  ['u', 'uuid', 30],
];

const SLOT_KINDS: ReadonlyMap<string, SlotKind> = new Map(
  SLOT_COUNTS.flatMap(([prefix, kind, count]) =>
    Array.from({ length: count }, (_, index): [string, SlotKind] => [
      `${prefix}${index + 1}`,
      kind,
    ]),
  ),
);

/** Every typed slot column name, `t1` … `u30`, in table order. */
export const SLOT_NAMES: readonly string[] = [...SLOT_KINDS.keys()];

/** The SQL type name of each slot kind, for casts of bound parameters. */
export const SQL_TYPES: Readonly<Record<SlotKind, string>> = {
  text: 'text',
  numeric: 'numeric',
  date: 'date',
  timestamptz: 'timestamptz',
  boolean: 'boolean',
  uuid: 'uuid',
};

/** The kind of a slot column, or undefined when `name` is not one. */
export function slotKind(name: string): SlotKind | undefined {
  return SLOT_KINDS.get(name);
}

/**
 * `slot` itself when it is a slot column of kind `kind`; throws otherwise, because a plan naming
 * anything else is a bug upstream, never something to run.
 */
export function checkedSlot(slot: string, kind?: SlotKind): string {
  const actual = SLOT_KINDS.get(slot);
  if (actual === undefined || (kind !== undefined && actual !== kind)) {
    throw new TypeError(`not a ${kind ?? ''} slot of records: ${JSON.stringify(slot)}`);
  }
  return slot;
}

/** `column` itself when it is a system column plans may name; throws otherwise. */
export function checkedSystemColumn(column: string): SystemColumn {
  if (!Object.hasOwn(SYSTEM_COLUMN_KINDS, column)) {
    throw new TypeError(`not a system column of records: ${JSON.stringify(column)}`);
  }
  return column as SystemColumn;
}

/** System columns that are never NULL, so row-value comparisons over them are exact. */
export const NOT_NULL_SYSTEM_COLUMNS: ReadonlySet<SystemColumn> = new Set<SystemColumn>([
  'id',
  'created_by',
  'created_at',
  'updated_by',
  'updated_at',
  'version',
]);
