import { isEmptyValue } from '@tangram/logic';
import type { ExtraValue, StoredRecord, StoredValue } from '../ports/record-store.js';
import { assertNever, type ColumnRef, type PlanCondition } from './record-plan.js';

/** How `evaluateCondition` reads the record a `via` condition goes through. */
export interface EvaluateConditionOptions {
  /**
   * The live record of `objectId` with this id, or undefined when it is missing or deleted. When
   * omitted, a `via` condition is undecided (exact) or reads through a missing target.
   */
  readonly target?: (objectId: number, id: string) => StoredRecord | undefined;
  /**
   * Decide only what the SQL store (record-sql.ts) would decide the same way whatever the
   * database's collation, locale and precision: a text ordering, a case-insensitive match, a
   * value JSON cannot hold exactly or a `via` without `target` leaves the condition undecided.
   * Otherwise every condition is decided, with JavaScript orderings standing in.
   */
  readonly exact?: boolean;
}

type Verdict = boolean | undefined;

/** A column's value in a stored row. */
export function readColumn(
  row: StoredRecord,
  column: ColumnRef,
): StoredValue | ExtraValue | undefined {
  switch (column.kind) {
    case 'slot':
      return row.slots[column.slot];
    case 'extra':
      return row.extra[column.key];
    case 'system':
      switch (column.column) {
        case 'id':
          return row.id;
        case 'owner_id':
          return row.ownerId;
        case 'created_by':
          return row.createdBy;
        case 'created_at':
          return row.createdAt;
        case 'updated_by':
          return row.updatedBy;
        case 'updated_at':
          return row.updatedAt;
        case 'version':
          return String(row.version);
        case 'deleted_at':
          return row.deletedAt;
        default:
          return assertNever(column.column, 'system column');
      }
    default:
      return assertNever(column, 'column');
  }
}

/** The columns a condition reads from its own record (a `via` by its source column). */
export function conditionColumns(condition: PlanCondition, out: ColumnRef[] = []): ColumnRef[] {
  switch (condition.kind) {
    case 'and':
    case 'or':
      for (const child of condition.children) conditionColumns(child, out);
      return out;
    case 'not':
      return conditionColumns(condition.child, out);
    case 'compare':
    case 'in':
    case 'text_match':
    case 'empty':
    case 'array_has':
      out.push(condition.column);
      return out;
    case 'via':
      out.push(condition.source);
      return out;
    default:
      return assertNever(condition);
  }
}

/**
 * Whether `condition` holds for `row`, with the semantics of the SQL store: two-valued (a
 * comparison with an empty column is false, `not` is the exact complement), a `via` through a
 * missing or deleted target reads every column as empty. Undefined only in `exact` mode, for a
 * condition JavaScript cannot decide as the database would.
 */
export function evaluateCondition(
  condition: PlanCondition,
  row: StoredRecord,
  options: EvaluateConditionOptions = {},
): boolean | undefined {
  const exact = options.exact === true;

  function holds(node: PlanCondition, record: StoredRecord): Verdict {
    switch (node.kind) {
      case 'and':
      case 'or': {
        // One false child decides an and, one true child an or, whatever the undecided ones.
        const decisive = node.kind === 'or';
        let verdict: Verdict = !decisive;
        for (const child of node.children) {
          const held = holds(child, record);
          if (held === decisive) return decisive;
          if (held === undefined) verdict = undefined;
        }
        return verdict;
      }
      case 'not': {
        const held = holds(node.child, record);
        return held === undefined ? undefined : !held;
      }
      case 'compare': {
        const value = readColumn(record, node.column);
        const empty = emptyOperand(node.column, value);
        if (empty !== false) return empty === true ? false : undefined;
        const cmp = order(node.column.type, value, node.value);
        if (cmp === undefined) return undefined;
        switch (node.op) {
          case 'eq':
            return cmp === 0;
          case 'ne':
            return cmp !== 0;
          case 'lt':
            return textOrdering(node.column) ? undefined : cmp < 0;
          case 'lte':
            return textOrdering(node.column) ? undefined : cmp <= 0;
          case 'gt':
            return textOrdering(node.column) ? undefined : cmp > 0;
          case 'gte':
            return textOrdering(node.column) ? undefined : cmp >= 0;
          default:
            return assertNever(node.op, 'operator');
        }
      }
      case 'in': {
        const value = readColumn(record, node.column);
        const empty = emptyOperand(node.column, value);
        if (empty !== false) return empty === true ? false : undefined;
        let verdict: Verdict = false;
        for (const candidate of node.values) {
          const cmp = order(node.column.type, value, candidate);
          if (cmp === 0) return true;
          if (cmp === undefined) verdict = undefined;
        }
        return verdict;
      }
      case 'text_match': {
        const value = readColumn(record, node.column);
        const empty = emptyOperand(node.column, value);
        if (empty !== false) return empty === true ? false : undefined;
        // ILIKE folds case by the database's locale, which JavaScript does not know.
        if (exact) return undefined;
        const [text, needle] = [String(value).toLowerCase(), node.value.toLowerCase()];
        return node.mode === 'contains' ? text.includes(needle) : text.startsWith(needle);
      }
      case 'empty': {
        const value = readColumn(record, node.column);
        // A slot is empty only when NULL; an extra also when '' or [] (see record-sql.ts).
        if (exact && node.column.kind !== 'extra') return value === null || value === undefined;
        return isEmptyValue(value);
      }
      case 'array_has': {
        const value = readColumn(record, node.column);
        // NULL never matches in SQL; a JSON scalar or object is matched by rules of its own.
        if (exact && (value === null || value === undefined)) return false;
        if (exact && !Array.isArray(value)) return undefined;
        const items = Array.isArray(value) ? value.map(String) : [];
        return node.match === 'any'
          ? node.values.some((v) => items.includes(v))
          : node.values.every((v) => items.includes(v));
      }
      case 'via': {
        const source = readColumn(record, node.source);
        const empty = emptyOperand(node.source, source);
        if (empty === undefined) return undefined;
        if (empty) return holds(node.condition, missingTarget(node.targetObjectId));
        if (options.target === undefined && exact) return undefined;
        const found = options.target?.(node.targetObjectId, String(source));
        if (found !== undefined && node.access && exact) return undefined;
        // A target outside the caller's predicate reads as a missing one.
        const outside = found !== undefined && node.access && !holds(node.access, found);
        const reached = outside ? undefined : found;
        return holds(node.condition, reached ?? missingTarget(node.targetObjectId));
      }
      default:
        return assertNever(node);
    }
  }

  // true: the operand is NULL (no comparison holds); false: it is a value to compare; undefined:
  // the database would read something JavaScript cannot be sure of (an extra holding '' or []).
  function emptyOperand(column: ColumnRef, value: unknown): Verdict {
    if (value === null || value === undefined) return true;
    if (!isEmptyValue(value)) return false;
    return exact && column.kind === 'extra' ? undefined : true;
  }

  function textOrdering(column: ColumnRef): boolean {
    // Text orders by the database's collation.
    return exact && column.type === 'text';
  }

  // The order of two non-empty values of a column's type; undefined when `exact` and either is not
  // a value of that type JavaScript reads exactly.
  function order(type: ColumnRef['type'], a: unknown, b: unknown): number | undefined {
    if (!exact) return looseOrder(type, a, b);
    switch (type) {
      case 'numeric':
        return compareDecimals(a, b);
      case 'boolean': {
        const [x, y] = [booleanOf(a), booleanOf(b)];
        return x === undefined || y === undefined ? undefined : Number(x) - Number(y);
      }
      case 'date':
        return typeof a === 'string' && typeof b === 'string' && DATE.test(a) && DATE.test(b)
          ? compareStrings(a, b)
          : undefined;
      case 'uuid':
        return typeof a === 'string' && typeof b === 'string' && UUID.test(a) && UUID.test(b)
          ? compareStrings(a.toLowerCase(), b.toLowerCase())
          : undefined;
      case 'timestamptz':
        return typeof a === 'string' &&
          typeof b === 'string' &&
          TIMESTAMP.test(a) &&
          TIMESTAMP.test(b)
          ? Date.parse(a) - Date.parse(b)
          : undefined;
      case 'text':
        // Equality of deterministic collations is equality of the strings.
        return typeof a === 'string' && typeof b === 'string' ? compareStrings(a, b) : undefined;
      default:
        return undefined;
    }
  }

  return holds(condition, row);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Milliseconds at most: the store truncates timestamps to them, and Date.parse reads no further.
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * A record holding only `columns` (an object id, no tenant, no system values): what a condition
 * over slot and extra columns reads. With none, a stand-in for a missing lookup target.
 */
export function recordOfColumns(
  columns: Pick<StoredRecord, 'slots' | 'extra'> = { slots: {}, extra: {} },
  objectId = 0,
): StoredRecord {
  return {
    tenantId: '',
    id: '',
    objectId,
    ownerId: null,
    createdBy: '',
    createdAt: '',
    updatedBy: '',
    updatedAt: '',
    version: 0,
    deletedAt: null,
    slots: columns.slots,
    extra: columns.extra,
  };
}

function missingTarget(objectId: number): StoredRecord {
  return recordOfColumns(undefined, objectId);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function booleanOf(value: unknown): boolean | undefined {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return undefined;
}

/**
 * Orders two non-empty values of a column's type as JavaScript can: numbers by value, timestamps
 * by instant, text by code unit (the database uses its collation).
 */
export function looseOrder(type: ColumnRef['type'], a: unknown, b: unknown): number {
  if (type === 'numeric') return compareDecimals(a, b) ?? Number(a) - Number(b);
  if (type === 'timestamptz') return Date.parse(String(a)) - Date.parse(String(b));
  if (type === 'boolean')
    return Number(a === true || a === 'true') - Number(b === true || b === 'true');
  return compareStrings(String(a), String(b));
}

/** The order of two decimal strings (or safe numbers) by exact value; undefined for others. */
export function compareDecimals(a: unknown, b: unknown): number | undefined {
  const [x, y] = [decimalParts(a), decimalParts(b)];
  if (x === undefined || y === undefined) return undefined;
  if (x.negative !== y.negative) return x.negative ? -1 : 1;
  const sign = x.negative ? -1 : 1;
  if (x.whole.length !== y.whole.length) return sign * (x.whole.length - y.whole.length);
  const width = Math.max(x.fraction.length, y.fraction.length);
  const [p, q] = [x.whole + x.fraction.padEnd(width, '0'), y.whole + y.fraction.padEnd(width, '0')];
  return sign * compareStrings(p, q);
}

function decimalParts(
  value: unknown,
): { negative: boolean; whole: string; fraction: string } | undefined {
  let text: string;
  if (typeof value === 'number') {
    // A number that prints with an exponent is not read digit by digit.
    if (!Number.isFinite(value)) return undefined;
    text = String(value);
  } else if (typeof value === 'string') {
    text = value;
  } else {
    return undefined;
  }
  const match = DECIMAL.exec(text);
  if (!match) return undefined;
  const whole = (match[2] ?? '0').replace(/^0+(?=\d)/, '');
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  const zero = whole === '0' && fraction === '';
  return { negative: match[1] === '-' && !zero, whole, fraction };
}
