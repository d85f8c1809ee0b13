import {
  assertNever,
  type ColumnRef,
  type CompareOp,
  type ExtraColumn,
  type PlanCondition,
  type PlanSearch,
  type PlanSortKey,
  type PlanValue,
  type PlanVia,
  type SlotKind,
} from '@tangram/engine';
import { type RawBuilder, sql } from 'kysely';
import { recordPartitionOf } from './record-partitions.js';
import {
  checkedSlot,
  checkedSystemColumn,
  NOT_NULL_SYSTEM_COLUMNS,
  SQL_TYPES,
} from './record-slots.js';

/**
 * Compiles the plan nodes of `@tangram/engine` to SQL fragments over `records`. Identifiers come
 * only from the checked slot and system column sets and from the fixed table aliases used here;
 * every value, `extra` key included, is a bound parameter.
 */

/** Table alias of the record being read at the top of a statement. */
export const ROW = 'r';

/** What a fragment needs beyond the node: the tenant (for subqueries) and the table alias. */
export interface SqlScope {
  readonly tenantId: string;
  readonly alias: string;
  /** Nesting depth of `via` subqueries, to give each its own alias. */
  readonly depth: number;
  /**
   * Inside a `via`: turns an expression over `alias` (the target record) into one over the row
   * being read, by probing the target through the lookup. Absent at the top of a statement.
   */
  readonly probe?: ((expression: RawBuilder<unknown>) => RawBuilder<unknown>) | undefined;
}

const COMPARE_OPERATORS: Readonly<Record<CompareOp, string>> = {
  eq: '=',
  ne: '<>',
  lt: '<',
  lte: '<=',
  gt: '>',
  gte: '>=',
};

/**
 * An object id as an SQL literal, checked to be a positive safe integer. Runtime indexes are
 * partial per object (`WHERE object_id = N`); a bound object id would keep the generic plan of a
 * prepared statement from using them.
 */
/**
 * The partition of `records` holding object `objectId` (ADR 0010), for reads planned per
 * statement: naming it spares the planner expanding and pruning the partitioned table.
 */
export function recordsTableSql(objectId: number): RawBuilder<unknown> {
  return sql.table(recordPartitionOf(objectId));
}

export function objectIdSql(objectId: number): RawBuilder<unknown> {
  if (!Number.isSafeInteger(objectId) || objectId < 1) {
    throw new TypeError(`not an object id: ${objectId}`);
  }
  return sql.lit(objectId);
}

/**
 * `alias.column` as SQL text, one builder per pair: both parts are checked identifiers (a fixed
 * alias, a slot or system column), and a raw fragment costs kysely's compiler one append where a
 * reference costs a visit per part, on every statement.
 */
const qualifiedColumns = new Map<string, RawBuilder<unknown>>();

export function qualifiedSql(alias: string, column: string): RawBuilder<unknown> {
  const key = `${alias}.${column}`;
  let known = qualifiedColumns.get(key);
  if (known === undefined) {
    if (!/^[a-z][a-z0-9_]*$/.test(alias)) throw new TypeError(`not a table alias: ${alias}`);
    known = sql.raw(key);
    qualifiedColumns.set(key, known);
  }
  return known;
}

/** A column of `alias` as an SQL expression of its type. */
export function columnSql(column: ColumnRef, alias: string): RawBuilder<unknown> {
  switch (column.kind) {
    case 'slot':
      return qualifiedSql(alias, checkedSlot(column.slot, column.type));
    case 'system':
      return qualifiedSql(alias, checkedSystemColumn(column.column));
    case 'extra':
      return extraSql(column, alias);
    default:
      return assertNever(column, 'column');
  }
}

function extraSql(column: ExtraColumn, alias: string): RawBuilder<unknown> {
  const extra = qualifiedSql(alias, 'extra');
  switch (column.type) {
    case 'json':
    case 'text_array':
      return sql`(${extra} -> ${column.key}::text)`;
    case 'text':
      return sql`(${extra} ->> ${column.key}::text)`;
    default:
      return sql`((${extra} ->> ${column.key}::text)::${sql.raw(scalarType(column.type))})`;
  }
}

/** A bound value cast to the SQL type of the column it is compared with. */
export function valueSql(value: PlanValue | null, type: SlotKind): RawBuilder<unknown> {
  return sql`${value}::${sql.raw(SQL_TYPES[type])}`;
}

function scalarType(type: string): string {
  if (!Object.hasOwn(SQL_TYPES, type)) throw new TypeError(`not a scalar column type: ${type}`);
  return SQL_TYPES[type as SlotKind];
}

function scalarKind(column: ColumnRef): SlotKind {
  scalarType(column.type);
  return column.type as SlotKind;
}

/** `value` with LIKE's `\`, `%` and `_` escaped, so that it matches only itself. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** A column as text for ILIKE, casting non-text types. */
function textSql(column: ColumnRef, alias: string): RawBuilder<unknown> {
  return asText(column, columnSql(column, alias));
}

function asText(column: ColumnRef, expression: RawBuilder<unknown>): RawBuilder<unknown> {
  return column.type === 'text' ? expression : sql`(${expression})::text`;
}

/** A column as read from the row of the statement: directly, or probed through lookups. */
function readSql(column: ColumnRef, scope: SqlScope): RawBuilder<unknown> {
  const expression = columnSql(column, scope.alias);
  return scope.probe === undefined ? expression : scope.probe(expression);
}

/**
 * The scope of a `via` target: each of its columns reads as a correlated scalar probe,
 * `(select <column> from records vN where tenant, object, live and id = <source>)`, nested for
 * paths of several lookups (the probe of the second target sits in the select list of the first).
 * A missing or deleted target reads as NULL, that is empty. A probe is never turned into a join,
 * so a sorted, limited page walks its sort index and probes each row's target by primary key; an
 * `exists` semi-join was planned from the lookup slot's tenant-blind statistics and joined every
 * matching target to all its rows, 86× slower than native at 1M rows (docs/benchmarks.md).
 */
function viaScope(condition: PlanVia, scope: SqlScope): SqlScope {
  const target = `v${scope.depth + 1}`;
  const source = columnSql(condition.source, scope.alias);
  const outer = scope.probe;
  // A target outside the caller's predicate is probed as absent: every column reads as empty.
  const reach = condition.access
    ? sql` and coalesce(${conditionSql(condition.access, {
        tenantId: scope.tenantId,
        alias: target,
        depth: scope.depth + 1,
      })}, false)`
    : sql``;
  const probe = (expression: RawBuilder<unknown>) => {
    const probed = sql`(select ${expression}
      from ${recordsTableSql(condition.targetObjectId)} as ${sql.raw(target)}
      where ${qualifiedSql(target, 'tenant_id')} = ${scope.tenantId}::uuid
        and ${qualifiedSql(target, 'object_id')} = ${objectIdSql(condition.targetObjectId)}
        and ${qualifiedSql(target, 'deleted_at')} is null
        and ${qualifiedSql(target, 'id')} = ${source}${reach})`;
    // Over `scope.alias`: through the lookups before this one, it is probed again.
    return outer === undefined ? probed : outer(probed);
  };
  return { tenantId: scope.tenantId, alias: target, depth: scope.depth + 1, probe };
}

/**
 * A condition as a boolean SQL expression. A comparison with NULL yields NULL, which `where`
 * treats as false; `not` coalesces its child first so that it is the exact complement. Through a
 * `via`, every column of the target reads as a probe (see `viaScope`), so a path through a missing
 * or deleted target reads as empty: it never matches a comparison, `in`, a text match or an array
 * test, and it matches `empty` ("the account's industry is empty" holds without an account).
 */
export function conditionSql(condition: PlanCondition, scope: SqlScope): RawBuilder<unknown> {
  switch (condition.kind) {
    case 'and':
    case 'or': {
      if (condition.children.length === 0) {
        return condition.kind === 'and' ? sql`true` : sql`false`;
      }
      const children = condition.children.map((child) => conditionSql(child, scope));
      return sql`(${sql.join(children, condition.kind === 'and' ? sql` and ` : sql` or `)})`;
    }
    case 'not':
      return sql`(not coalesce(${conditionSql(condition.child, scope)}, false))`;
    case 'compare': {
      const operator = sql.raw(COMPARE_OPERATORS[condition.op]);
      const column = condition.column;
      return sql`(${readSql(column, scope)} ${operator} ${valueSql(condition.value, scalarKind(column))})`;
    }
    case 'in': {
      if (condition.values.length === 0) return sql`false`;
      const kind = scalarKind(condition.column);
      const values = condition.values.map((value) => valueSql(value, kind));
      return sql`(${readSql(condition.column, scope)} in (${sql.join(values)}))`;
    }
    case 'text_match': {
      const escaped = escapeLike(condition.value);
      const pattern = condition.mode === 'contains' ? `%${escaped}%` : `${escaped}%`;
      const text = asText(condition.column, readSql(condition.column, scope));
      // As in searchSql: lower() on both sides, which the trigram indexes can serve.
      return sql`(lower(${text}) like lower(${pattern}::text))`;
    }
    case 'empty': {
      const column = condition.column;
      if (column.kind !== 'extra') return sql`(${readSql(column, scope)} is null)`;
      const json = readSql({ kind: 'extra', key: column.key, type: 'json' }, scope);
      const value = sql`coalesce(${json}, 'null'::jsonb)`;
      return sql`(${value} in ('null'::jsonb, '""'::jsonb, '[]'::jsonb))`;
    }
    case 'array_has': {
      const operator = sql.raw(condition.match === 'any' ? '?|' : '?&');
      const values = sql`array(select jsonb_array_elements_text(${JSON.stringify(condition.values)}::jsonb))`;
      return sql`(${readSql(condition.column, scope)} ${operator} ${values})`;
    }
    case 'via':
      return conditionSql(condition.condition, viaScope(condition, scope));
    default:
      return assertNever(condition, 'plan condition');
  }
}

/** Free-text search: any of the columns contains the text, case-insensitive. */
export function searchSql(search: PlanSearch, alias: string): RawBuilder<unknown> {
  if (search.columns.length === 0) return sql`false`;
  const pattern = `%${escapeLike(search.text)}%`;
  const matches = search.columns.map(
    // lower() on both sides is ILIKE in a UTF-8 database, and what the trigram indexes hold.
    (column) => sql`lower(${textSql(column, alias)}) like lower(${pattern}::text)`,
  );
  return sql`(${sql.join(matches, sql` or `)})`;
}

/** Whether a sort key's column can hold NULL (every slot, and the nullable system columns). */
export function isNullable(key: PlanSortKey): boolean {
  return !(key.column.kind === 'system' && NOT_NULL_SYSTEM_COLUMNS.has(key.column.column));
}

/**
 * `ORDER BY` of the sort keys. Empty values (NULL) sort last in both directions; a column that
 * cannot be NULL gets a plain `asc` / `desc`, which an index walk (forward or backward) returns.
 * A descending nullable key cannot come from the runtime's ascending indexes, so the store reads
 * such a sort's non-empty and empty values apart (see `queryRecords`).
 */
export function orderBySql(sort: readonly PlanSortKey[], alias: string): RawBuilder<unknown> {
  const keys = sort.map((key) => {
    const column = columnSql(key.column, alias);
    const direction = sql.raw(key.direction);
    return isNullable(key) ? sql`${column} ${direction} nulls last` : sql`${column} ${direction}`;
  });
  return sql.join(keys);
}

/**
 * Rows strictly after the cursor in `sort` order, with NULL after every value in both directions
 * (matching `orderBySql`). A single row-value comparison is used when every key has the same
 * direction and can never be NULL (it uses the index best); otherwise the expanded form
 * `k1 > c1 OR (k1 = c1 AND (k2 > c2 OR …))`.
 */
export function afterSql(
  sort: readonly PlanSortKey[],
  after: readonly (PlanValue | null)[],
  alias: string,
): RawBuilder<unknown> {
  if (after.length !== sort.length) {
    throw new TypeError(`cursor has ${after.length} values for ${sort.length} sort keys`);
  }
  return rowValueAfterSql(sort, after, alias) ?? expandedAfter(sort, after, alias, 0);
}

/**
 * `(k1, k2, …) > (c1, c2, …)` (or `<` when descending): rows after the cursor as one row-value
 * comparison, which bounds an index scan on every key; undefined unless every key has the same
 * direction, no cursor value is empty and no key can be NULL — `firstNotNull` when the caller's
 * own condition already excludes empty values of the first key.
 */
export function rowValueAfterSql(
  sort: readonly PlanSortKey[],
  after: readonly (PlanValue | null)[],
  alias: string,
  { firstNotNull = false }: { readonly firstNotNull?: boolean } = {},
): RawBuilder<unknown> | undefined {
  const direction = sort[0]?.direction;
  const rowValue =
    sort.length > 1 &&
    after.length === sort.length &&
    after.every((value) => value !== null) &&
    sort.every(
      (key, index) =>
        key.direction === direction && (!isNullable(key) || (index === 0 && firstNotNull)),
    );
  if (!rowValue) return undefined;
  const columns = sort.map((key) => columnSql(key.column, alias));
  const values = sort.map((key, index) => valueSql(after[index] ?? null, key.column.type));
  const operator = sql.raw(direction === 'asc' ? '>' : '<');
  return sql`((${sql.join(columns)}) ${operator} (${sql.join(values)}))`;
}

/**
 * `column <= cursor` for a descending first key with a non-empty cursor: implied by `afterSql`
 * once empty values are excluded, but only in this form does the planner bound an index scan.
 */
export function descendingBoundSql(
  key: PlanSortKey,
  cursor: PlanValue,
  alias: string,
): RawBuilder<unknown> {
  return sql`${columnSql(key.column, alias)} <= ${valueSql(cursor, key.column.type)}`;
}

function expandedAfter(
  sort: readonly PlanSortKey[],
  after: readonly (PlanValue | null)[],
  alias: string,
  index: number,
): RawBuilder<unknown> {
  const key = sort[index];
  if (key === undefined) return sql`false`;
  const cursor = after[index] ?? null;
  const column = columnSql(key.column, alias);
  const value = valueSql(cursor, key.column.type);
  let beyond: RawBuilder<unknown>;
  let same: RawBuilder<unknown>;
  if (cursor === null) {
    // Empty is last in both directions: nothing is beyond it but other empty rows' next keys.
    beyond = sql`false`;
    same = sql`${column} is null`;
  } else {
    const operator = sql.raw(key.direction === 'asc' ? '>' : '<');
    beyond = isNullable(key)
      ? sql`(${column} ${operator} ${value} or ${column} is null)`
      : sql`${column} ${operator} ${value}`;
    same = sql`${column} = ${value}`;
  }
  if (index === sort.length - 1) return sql`(${beyond})`;
  return sql`(${beyond} or (${same} and ${expandedAfter(sort, after, alias, index + 1)}))`;
}
