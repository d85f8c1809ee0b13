/**
 * The query plan: what the record engine asks the store to read, as plain frozen JSON. Field
 * names are already resolved to columns of the `records` table (ADR 0006) and every value is
 * already coerced, so a store compiles a plan to SQL without reading metadata. Identifiers come
 * only from the closed sets below; values are always bound as parameters.
 *
 * Values crossing the record port are JSON: text and uuids as strings, numerics as decimal
 * strings (exact), dates as 'YYYY-MM-DD', timestamps as ISO 8601 UTC strings, booleans as
 * booleans, multi-valued extras as arrays of strings.
 */

/** The type of a typed slot column: `t*` text, `n*` numeric, `d*` date, `ts*` timestamptz, `b*` boolean, `u*` uuid. */
export type SlotKind = 'text' | 'numeric' | 'date' | 'timestamptz' | 'boolean' | 'uuid';

/** How a value held in `extra` is read: as one typed scalar, an array of strings, or opaque JSON. */
export type ExtraKind = SlotKind | 'text_array' | 'json';

/** The system columns of `records` that plans may name (tenant_id and object_id are implied). */
export type SystemColumn =
  | 'id'
  | 'owner_id'
  | 'created_by'
  | 'created_at'
  | 'updated_by'
  | 'updated_at'
  | 'version'
  | 'deleted_at';

/** The SQL type of each system column. */
export const SYSTEM_COLUMN_KINDS: Readonly<Record<SystemColumn, SlotKind>> = Object.freeze({
  id: 'uuid',
  owner_id: 'uuid',
  created_by: 'text',
  created_at: 'timestamptz',
  updated_by: 'text',
  updated_at: 'timestamptz',
  version: 'numeric',
  deleted_at: 'timestamptz',
});

/** A typed slot column such as `n3`. */
export interface SlotColumn {
  readonly kind: 'slot';
  readonly slot: string;
  readonly type: SlotKind;
}

/** A system column such as `created_at`. */
export interface SystemColumnRef {
  readonly kind: 'system';
  readonly column: SystemColumn;
  readonly type: SlotKind;
}

/** A value kept in `extra` under `key` (the field name): `extra->'key'` cast as `type`. */
export interface ExtraColumn {
  readonly kind: 'extra';
  readonly key: string;
  readonly type: ExtraKind;
}

/** One column of the record row. */
export type ColumnRef = SlotColumn | SystemColumnRef | ExtraColumn;

/** A bound value: a string in the column's JSON form (see above) or a boolean. */
export type PlanValue = string | boolean;

/** The comparison operators of `compare`. */
export type CompareOp = 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte';

/**
 * A condition over one record. Two-valued: a comparison with an empty (NULL) column is false,
 * and `not` is the exact complement (compile as `NOT coalesce(c, false)`). An `and` without
 * children is true, an `or` without children is false.
 */
export type PlanCondition =
  | PlanGroup
  | PlanNot
  | PlanCompare
  | PlanIn
  | PlanTextMatch
  | PlanEmpty
  | PlanArrayHas
  | PlanVia;

/** All (and) or any (or) of the children hold. */
export interface PlanGroup {
  readonly kind: 'and' | 'or';
  readonly children: readonly PlanCondition[];
}

/** The child does not hold. */
export interface PlanNot {
  readonly kind: 'not';
  readonly child: PlanCondition;
}

/** `column <op> value`, compared in the column's type. */
export interface PlanCompare {
  readonly kind: 'compare';
  readonly column: ColumnRef;
  readonly op: CompareOp;
  readonly value: PlanValue;
}

/** `column IN (values…)`; `values` is never empty. */
export interface PlanIn {
  readonly kind: 'in';
  readonly column: ColumnRef;
  readonly values: readonly PlanValue[];
}

/**
 * Case-insensitive text match: `column ILIKE '%value%'` (contains) or `'value%'` (starts_with).
 * `value` is the raw text: the store escapes `%`, `_` and `\`.
 */
export interface PlanTextMatch {
  readonly kind: 'text_match';
  readonly column: ColumnRef;
  readonly mode: 'contains' | 'starts_with';
  readonly value: string;
}

/** The column is empty: NULL, or for extras also absent, '' or []. */
export interface PlanEmpty {
  readonly kind: 'empty';
  readonly column: ColumnRef;
}

/** An array held in `extra` (a `text_array`) has any / all of `values` (jsonb `?|` / `?&`). */
export interface PlanArrayHas {
  readonly kind: 'array_has';
  readonly column: ExtraColumn;
  readonly match: 'any' | 'all';
  readonly values: readonly string[];
}

/**
 * A condition through a reference (lookup path `account.industry`): `condition` (whose columns
 * are the target's) holds for the live record of `targetObjectId`, in the same tenant, whose `id`
 * equals `source`; a missing or deleted target reads as empty (it matches is_empty, never a
 * comparison), and so does one outside `access`, the caller's record predicate on the target
 * object: a filter through a lookup never reads a record the caller could not read itself. Compiled as a correlated probe of the target row per column, which the planner
 * estimates well (an EXISTS semi-join was 86x slower at 1M rows; docs/benchmarks.md).
 */
export interface PlanVia {
  readonly kind: 'via';
  readonly source: ColumnRef;
  readonly targetObject: string;
  readonly targetObjectId: number;
  readonly condition: PlanCondition;
  /** The caller's record predicate on the target object; absent or null: every live target. */
  readonly access?: PlanCondition | null;
}

/**
 * An access predicate from the access planner, ANDed into every statement the store runs for a
 * caller (reads, counts, updates, deletes). Null means no restriction.
 */
export type RecordAccess = PlanCondition;

/** One sort key. Empty values (NULL) sort last in both directions. */
export interface PlanSortKey {
  readonly column: SlotColumn | SystemColumnRef;
  readonly direction: 'asc' | 'desc';
}

/** Free-text search: any of `columns` contains `text`, case-insensitive (trigram-friendly). */
export interface PlanSearch {
  readonly text: string;
  readonly columns: readonly ColumnRef[];
}

/** How many records match (the filter, access and search, never the cursor). */
export type CountMode = 'exact' | 'estimate' | 'none';

/** One page of records of one object. */
export interface RecordQueryPlan {
  readonly kind: 'query';
  readonly tenantId: string;
  readonly objectId: number;
  /** The filter; `{ kind: 'and', children: [] }` for none. */
  readonly where: PlanCondition;
  readonly access: RecordAccess | null;
  readonly search: PlanSearch | null;
  /** Sort keys, always ending with `id` (the tiebreak) so that the order is total. */
  readonly sort: readonly PlanSortKey[];
  /**
   * Keyset cursor: the sort values of the last row of the previous page, one per sort key (null
   * for an empty value). Rows strictly after it in `sort` order are returned; null for page 1.
   */
  readonly after: readonly (PlanValue | null)[] | null;
  /** The slot and extra columns to read; system columns are always read. */
  readonly select: readonly ColumnRef[];
  /** At most this many rows (the page size + 1, so the caller sees whether a next page exists). */
  readonly limit: number;
  readonly count: CountMode;
  /**
   * Read the soft-deleted records instead of the live ones (`deleted_at IS NOT NULL` against
   * `IS NULL`): the recycle bin, and the children a restore brings back with their parent.
   */
  readonly deleted: boolean;
}

/** An aggregate over the records of one object, used for rollups. */
export interface RecordAggregatePlan {
  readonly kind: 'aggregate';
  readonly tenantId: string;
  readonly objectId: number;
  readonly where: PlanCondition;
  readonly function: 'count' | 'sum' | 'min' | 'max' | 'avg';
  /** The aggregated column; null for `count`. */
  readonly column: ColumnRef | null;
}

/** The condition that always holds. */
export const MATCH_ALL: PlanCondition = Object.freeze({ kind: 'and', children: Object.freeze([]) });

/** The `ColumnRef` of a system column. */
export function systemColumn(column: SystemColumn): SystemColumnRef {
  return Object.freeze({ kind: 'system', column, type: SYSTEM_COLUMN_KINDS[column] });
}

/** Throws on a value a `switch` should have handled: ends every switch over a plan `kind`. */
export function assertNever(value: never, what = 'plan node'): never {
  throw new TypeError(`unexpected ${what}: ${JSON.stringify(value)}`);
}

/** Deep-freezes a plan so that no stage changes it after it was made. */
export function freezePlan<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) freezePlan(child);
    Object.freeze(value);
  }
  return value;
}
