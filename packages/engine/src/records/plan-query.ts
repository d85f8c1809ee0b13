import { evaluateRule } from '@tangram/logic';
import type { FieldDef, ObjectDoc } from '@tangram/schema';
import { FILTER_OPERATORS } from '@tangram/schema';
import type { FilterOp } from '../field-types/field-type.js';
import { fieldTypeOf } from '../field-types/field-type-registry.js';
import {
  coerceDatetime,
  coerceUuid,
  hasUnstorableCharacter,
  isIsoDate,
  toDecimalString,
} from '../field-types/value-coercion.js';
import type { Clock } from '../ports/clock.js';
import { decodeCursor, sortSignature } from './record-cursor.js';
import type { RecordIssue } from './record-errors.js';
import type { RecordIssueCode } from './record-issue-codes.js';
import {
  type ColumnRef,
  type CountMode,
  freezePlan,
  MATCH_ALL,
  type PlanCondition,
  type PlanSortKey,
  type PlanValue,
  type RecordAccess,
  type RecordQueryPlan,
  type SystemColumn,
  systemColumn,
} from './record-plan.js';
import { columnOfField } from './slots.js';

/** A query as the API receives it (JSON, checked here). */
export interface RecordQueryRequest {
  readonly filter?: unknown;
  readonly sort?: unknown;
  readonly fields?: unknown;
  readonly limit?: unknown;
  readonly cursor?: unknown;
  readonly search?: unknown;
  readonly count?: unknown;
  /** `true` reads the recycle bin: the soft-deleted records, last deleted first unless sorted. */
  readonly deleted?: unknown;
}

/** The caps a query must stay within. */
export interface QueryLimits {
  readonly maxFilterDepth: number;
  readonly maxConditions: number;
  readonly maxInValues: number;
  readonly maxPageSize: number;
  readonly defaultPageSize: number;
  readonly maxSortKeys: number;
  readonly maxSearchLength: number;
}

/** The limits of the issue: depth 8, 100 conditions, pages of 50 up to 200. */
export const DEFAULT_QUERY_LIMITS: QueryLimits = Object.freeze({
  maxFilterDepth: 8,
  maxConditions: 100,
  maxInValues: 1000,
  maxPageSize: 200,
  defaultPageSize: 50,
  maxSortKeys: 5,
  maxSearchLength: 200,
});

/** A published object and its id in the record store, as the planner resolves lookup targets. */
export interface ResolvedObject {
  readonly object: ObjectDoc;
  readonly objectId: number;
}

/** What planning needs besides the object and the request. */
export interface PlanQueryContext {
  readonly tenantId: string;
  readonly objectId: number;
  /** Resolves the target objects of lookup paths (`account.industry`); undefined when unknown. */
  readonly objects: (name: string) => ResolvedObject | undefined;
  readonly clock: Clock;
  readonly timeZone: string;
  readonly access?: RecordAccess | null;
  /**
   * How the caller may see a field of an object (field-level security); 'read' for every field
   * when omitted. 'none' fields are never selected, and `fields` naming one is refused; filters
   * and sorts naming a 'none' or 'masked' field (through lookups too) are refused, since a
   * condition on a masked value would reveal it; search skips both.
   */
  readonly fieldAccess?: (objectName: string, field: string) => FieldVisibility;
  /**
   * The caller's record predicate on a lookup path's target object (null: every record; undefined
   * when the caller is not restricted). A target outside it reads as empty, like a missing one.
   */
  readonly targetAccess?: (objectName: string) => RecordAccess | null | undefined;
  readonly limits?: Partial<QueryLimits>;
}

/** How a caller sees one field: not at all, masked, or in full. */
export type FieldVisibility = 'none' | 'masked' | 'read';

/** The outcome of planning: a plan, or every issue (answered as QUERY_INVALID). */
export type QueryPlanning =
  | { readonly ok: true; readonly plan: RecordQueryPlan; readonly pageSize: number }
  | { readonly ok: false; readonly issues: readonly RecordIssue[] };

const ALL_OPERATORS: ReadonlySet<string> = new Set<FilterOp>(FILTER_OPERATORS);

const PERIODS = new Set(['day', 'week', 'month', 'quarter', 'year']);

// System columns behave like fields of these types in filters and sorts.
const SYSTEM_FIELDS: ReadonlyMap<string, FieldDef> = new Map(
  (
    [
      ['id', { type: 'lookup', target: 'record' }],
      ['owner_id', { type: 'user' }],
      ['created_by', { type: 'text' }],
      ['updated_by', { type: 'text' }],
      ['created_at', { type: 'datetime' }],
      ['updated_at', { type: 'datetime' }],
      ['version', { type: 'integer' }],
      ['deleted_at', { type: 'datetime' }],
    ] as const
  ).map(([name, options]) => [name, { name, label: { en: name }, ...options } as FieldDef]),
);

interface Resolved {
  readonly field: FieldDef;
  readonly column: ColumnRef;
  /** Wraps a condition on `column` into the semi-joins of the lookup path. */
  readonly wrap: (condition: PlanCondition) => PlanCondition;
}

/**
 * Turns an API query into a plan for the record store: field paths resolved to columns, values
 * coerced, relative dates resolved with the clock in the tenant's time zone, sort keys ending
 * with the id tiebreak, the cursor checked against the sort. Pure.
 */
export function planQuery(
  object: ObjectDoc,
  request: RecordQueryRequest,
  context: PlanQueryContext,
): QueryPlanning {
  const limits = { ...DEFAULT_QUERY_LIMITS, ...context.limits };
  const issues: RecordIssue[] = [];
  const problem = (
    path: string,
    code: RecordIssueCode,
    message: string,
    params?: Record<string, unknown>,
  ) => {
    issues.push({ path, code, message, ...(params === undefined ? {} : { params }) });
  };

  function resolve(path: string, at: string): Resolved | undefined {
    const names = path.split('.');
    if (names.length > 4) {
      problem(at, 'PATH_TOO_LONG', 'A field path follows at most three lookups.', { field: path });
      return undefined;
    }
    let current = object;
    const hops: { column: ColumnRef; target: ResolvedObject }[] = [];
    for (const [index, name] of names.entries()) {
      const last = index === names.length - 1;
      const field =
        current.fields.find((f) => f.name === name) ?? (last ? SYSTEM_FIELDS.get(name) : undefined);
      if (!field) {
        problem(at, 'UNKNOWN_FIELD', `The object ${current.name} has no field ${name}.`, {
          field: path,
        });
        return undefined;
      }
      const visibility = context.fieldAccess?.(current.name, name) ?? 'read';
      if (visibility !== 'read') {
        const code = visibility === 'masked' ? 'FIELD_MASKED' : 'FIELD_NOT_READABLE';
        problem(at, code, `You may not filter or sort by the field ${name}.`, { field: path });
        return undefined;
      }
      const column =
        SYSTEM_FIELDS.has(name) && field === SYSTEM_FIELDS.get(name)
          ? systemColumn(name as SystemColumn)
          : columnOfField(field);
      if (!column) {
        problem(at, 'UNKNOWN_FIELD', `The field ${name} is not stored yet.`, { field: path });
        return undefined;
      }
      if (last) {
        const wrap = (condition: PlanCondition) =>
          hops.reduceRight<PlanCondition>((inner, hop) => {
            const access = context.targetAccess?.(hop.target.object.name) ?? null;
            return {
              kind: 'via',
              source: hop.column,
              targetObject: hop.target.object.name,
              targetObjectId: hop.target.objectId,
              condition: inner,
              ...(access === null ? {} : { access }),
            };
          }, condition);
        return { field, column, wrap };
      }
      if (field.type !== 'lookup' && field.type !== 'master_detail') {
        problem(at, 'NOT_A_LOOKUP', `${name} is not a lookup, so the path cannot go through it.`, {
          field: path,
        });
        return undefined;
      }
      const target = context.objects(field.target);
      if (!target) {
        problem(at, 'UNKNOWN_OBJECT', `The object ${field.target} is not published.`, {
          field: path,
        });
        return undefined;
      }
      hops.push({ column, target });
      current = target.object;
    }
    return undefined;
  }

  let conditions = 0;
  function planNode(node: unknown, at: string, depth: number): PlanCondition {
    if (depth > limits.maxFilterDepth) {
      problem(at, 'FILTER_TOO_DEEP', `Filters nest at most ${limits.maxFilterDepth} levels.`, {
        max: limits.maxFilterDepth,
      });
      return MATCH_ALL;
    }
    if (node === null || typeof node !== 'object' || Array.isArray(node)) {
      problem(at, 'INVALID_FILTER', 'Expected a filter node with a kind.');
      return MATCH_ALL;
    }
    const n = node as Record<string, unknown>;
    switch (n.kind) {
      case 'and':
      case 'or': {
        if (!Array.isArray(n.children) || n.children.length === 0) {
          problem(`${at}/children`, 'INVALID_FILTER', 'A group needs a non-empty children array.');
          return MATCH_ALL;
        }
        const children = n.children.map((child, i) =>
          planNode(child, `${at}/children/${i}`, depth + 1),
        );
        return { kind: n.kind, children };
      }
      case 'not':
        return { kind: 'not', child: planNode(n.child, `${at}/child`, depth + 1) };
      case 'condition':
        conditions += 1;
        if (conditions === limits.maxConditions + 1) {
          problem(
            at,
            'TOO_MANY_CONDITIONS',
            `A filter has at most ${limits.maxConditions} conditions.`,
            { max: limits.maxConditions },
          );
        }
        return planCondition(n, at);
      default:
        problem(
          `${at}/kind`,
          'INVALID_FILTER',
          "A filter node's kind is and, or, not or condition.",
        );
        return MATCH_ALL;
    }
  }

  function operand(field: FieldDef, value: unknown, at: string): PlanValue | undefined {
    const coerced = fieldTypeOf(field).filterValue(field, value);
    if (coerced.ok) return coerced.value;
    problem(at, 'INVALID_VALUE', coerced.issue.message, {
      field: field.name,
      cause: coerced.issue.code,
    });
    return undefined;
  }

  function planCondition(n: Record<string, unknown>, at: string): PlanCondition {
    if (typeof n.field !== 'string') {
      problem(`${at}/field`, 'INVALID_FILTER', 'A condition names a field.');
      return MATCH_ALL;
    }
    const op = n.op;
    if (typeof op !== 'string' || !ALL_OPERATORS.has(op)) {
      problem(`${at}/op`, 'UNKNOWN_OPERATOR', 'There is no such filter operator.', { op });
      return MATCH_ALL;
    }
    const resolved = resolve(n.field, `${at}/field`);
    if (!resolved) return MATCH_ALL;
    const { field, column, wrap } = resolved;
    if (
      !fieldTypeOf(field)
        .operators(field)
        .includes(op as FilterOp)
    ) {
      problem(
        `${at}/op`,
        'OPERATOR_NOT_SUPPORTED',
        `The operator ${op} does not apply to ${field.type} fields.`,
        { op, type: field.type, field: n.field },
      );
      return MATCH_ALL;
    }
    const condition = compile(
      field,
      column,
      op as FilterOp,
      n.value,
      Object.hasOwn(n, 'value'),
      `${at}/value`,
    );
    return condition === undefined ? MATCH_ALL : wrap(condition);
  }

  function compile(
    field: FieldDef,
    column: ColumnRef,
    op: FilterOp,
    value: unknown,
    hasValue: boolean,
    at: string,
  ): PlanCondition | undefined {
    const isArray = column.kind === 'extra' && column.type === 'text_array';
    switch (op) {
      case 'is_empty':
      case 'is_not_empty': {
        if (hasValue && value !== undefined && value !== null) {
          problem(at, 'INVALID_VALUE', `${op} takes no value.`);
          return undefined;
        }
        const empty: PlanCondition = { kind: 'empty', column };
        return op === 'is_empty' ? empty : { kind: 'not', child: empty };
      }
      case 'eq':
      case 'ne': {
        if (value === null || value === undefined) {
          const empty: PlanCondition = { kind: 'empty', column };
          return op === 'eq' ? empty : { kind: 'not', child: empty };
        }
        const bound = operand(field, value, at);
        if (bound === undefined) return undefined;
        const equal: PlanCondition = { kind: 'compare', column, op: 'eq', value: bound };
        // ne keeps records where the field is empty, as people expect "stage is not won" to.
        return op === 'eq' ? equal : { kind: 'not', child: equal };
      }
      case 'lt':
      case 'lte':
      case 'gt':
      case 'gte': {
        const bound = operand(field, value, at);
        return bound === undefined ? undefined : { kind: 'compare', column, op, value: bound };
      }
      case 'between': {
        if (!Array.isArray(value) || value.length !== 2) {
          problem(at, 'INVALID_VALUE', 'between takes [low, high].');
          return undefined;
        }
        const low = operand(field, value[0], `${at}/0`);
        const high = operand(field, value[1], `${at}/1`);
        if (low === undefined || high === undefined) return undefined;
        return {
          kind: 'and',
          children: [
            { kind: 'compare', column, op: 'gte', value: low },
            { kind: 'compare', column, op: 'lte', value: high },
          ],
        };
      }
      case 'in':
      case 'not_in': {
        if (!Array.isArray(value) || value.length === 0 || value.length > limits.maxInValues) {
          problem(at, 'INVALID_VALUE', `${op} takes a list of 1 to ${limits.maxInValues} values.`, {
            max: limits.maxInValues,
          });
          return undefined;
        }
        const values = value.map((item, i) => operand(field, item, `${at}/${i}`));
        if (values.some((v) => v === undefined)) return undefined;
        const bound = values as PlanValue[];
        const match: PlanCondition =
          isArray && column.kind === 'extra'
            ? { kind: 'array_has', column, match: 'any', values: bound.map(String) }
            : { kind: 'in', column, values: bound };
        return op === 'in' ? match : { kind: 'not', child: match };
      }
      case 'contains':
      case 'starts_with': {
        if (isArray && column.kind === 'extra') {
          const bound = operand(field, value, at);
          return bound === undefined
            ? undefined
            : { kind: 'array_has', column, match: 'all', values: [String(bound)] };
        }
        if (typeof value !== 'string' || value === '') {
          problem(at, 'INVALID_VALUE', `${op} takes a non-empty text.`);
          return undefined;
        }
        return { kind: 'text_match', column, mode: op, value };
      }
      case 'on_relative':
      case 'in_last':
      case 'in_next': {
        const range = relativeRange(column, op, value, at);
        if (range === undefined) return undefined;
        return {
          kind: 'and',
          children: [
            { kind: 'compare', column, op: 'gte', value: range[0] },
            { kind: 'compare', column, op: 'lt', value: range[1] },
          ],
        };
      }
    }
  }

  // Periods follow the expression language's calendar: weeks start on Monday, and "today" is
  // in the tenant's time zone. on_relative 0 = this period; in_last n = this period and the n-1
  // before it; in_next n = this period and the n-1 after it. Ranges are half-open [from, to).
  function relativeRange(
    column: ColumnRef,
    op: FilterOp,
    value: unknown,
    at: string,
  ): [string, string] | undefined {
    const spec = (value ?? {}) as Record<string, unknown>;
    const count = op === 'on_relative' ? spec.offset : spec.amount;
    const valid =
      typeof value === 'object' &&
      value !== null &&
      PERIODS.has(String(spec.unit)) &&
      Number.isInteger(count) &&
      (op === 'on_relative'
        ? Math.abs(count as number) <= 10_000
        : (count as number) >= 1 && (count as number) <= 10_000);
    if (!valid) {
      problem(
        at,
        'INVALID_VALUE',
        op === 'on_relative'
          ? 'Expected { unit, offset }.'
          : 'Expected { unit, amount } with amount ≥ 1.',
      );
      return undefined;
    }
    const unit = String(spec.unit);
    const n = count as number;
    const [fromOffset, toOffset] =
      op === 'on_relative' ? [n, n + 1] : op === 'in_last' ? [1 - n, 1] : [0, n];
    const base = column.type === 'date' ? { today: [] } : { now: [] };
    const bound = (offset: number) =>
      String(
        evaluateRule(
          { start_of: [{ date_add: [base, offset, unit] }, unit] },
          {},
          { now: context.clock.now(), timeZone: context.timeZone },
        ),
      );
    const from = bound(fromOffset);
    const to = bound(toOffset);
    return column.type === 'date'
      ? [from, to]
      : [new Date(from).toISOString(), new Date(to).toISOString()];
  }

  const where =
    request.filter === undefined || request.filter === null
      ? MATCH_ALL
      : planNode(request.filter, '/filter', 1);

  // Sort.
  const sort: PlanSortKey[] = [];
  if (request.sort !== undefined && request.sort !== null) {
    if (!Array.isArray(request.sort) || request.sort.length > limits.maxSortKeys) {
      problem(
        '/sort',
        'INVALID_SORT',
        `Expected a list of at most ${limits.maxSortKeys} { field, direction }.`,
      );
    } else {
      request.sort.forEach((key: unknown, i) => {
        const at = `/sort/${i}`;
        const k = (key ?? {}) as Record<string, unknown>;
        const direction = k.direction ?? 'asc';
        if (typeof k.field !== 'string' || (direction !== 'asc' && direction !== 'desc')) {
          problem(at, 'INVALID_SORT', "A sort key is { field, direction: 'asc' | 'desc' }.");
          return;
        }
        if (k.field.includes('.')) {
          problem(
            `${at}/field`,
            'SORT_NOT_SUPPORTED',
            'Sorting through a lookup is not supported.',
            { field: k.field },
          );
          return;
        }
        const resolved = resolve(k.field, `${at}/field`);
        if (!resolved) return;
        if (resolved.column.kind === 'extra') {
          problem(
            `${at}/field`,
            'SORT_NOT_SUPPORTED',
            'This field is kept outside the sortable columns.',
            { field: k.field },
          );
          return;
        }
        if (resolved.column.kind === 'system' && resolved.column.column === 'id') return;
        if (!sort.some((s) => JSON.stringify(s.column) === JSON.stringify(resolved.column))) {
          sort.push({ column: resolved.column, direction });
        }
      });
    }
  }
  let deleted = false;
  if (request.deleted !== undefined && request.deleted !== null) {
    if (typeof request.deleted !== 'boolean') {
      problem('/deleted', 'INVALID_VALUE', 'deleted is true (the recycle bin) or false.');
    } else deleted = request.deleted;
  }
  if (sort.length === 0) {
    sort.push({ column: systemColumn(deleted ? 'deleted_at' : 'created_at'), direction: 'desc' });
  }
  // The id tiebreak runs in the direction of the last key, so one index scan serves the page.
  sort.push({ column: systemColumn('id'), direction: sort[sort.length - 1]?.direction ?? 'asc' });

  // Cursor.
  let after: (PlanValue | null)[] | null = null;
  if (request.cursor !== undefined && request.cursor !== null) {
    const cursor = typeof request.cursor === 'string' ? decodeCursor(request.cursor) : undefined;
    if (!cursor) problem('/cursor', 'INVALID_CURSOR', 'The cursor is not one this API made.');
    else if (cursor.sort !== sortSignature(sort) || cursor.after.length !== sort.length) {
      problem('/cursor', 'CURSOR_MISMATCH', 'The cursor was made for another sort order.');
    } else if (!cursor.after.every((value, i) => fitsSortKey(sort[i], value))) {
      problem('/cursor', 'INVALID_CURSOR', 'The cursor is not one this API made.');
    } else after = [...cursor.after];
  }

  // Selected fields.
  let selected: FieldDef[] = object.fields;
  if (request.fields !== undefined && request.fields !== null) {
    if (!Array.isArray(request.fields) || !request.fields.every((f) => typeof f === 'string')) {
      problem('/fields', 'INVALID_FIELDS', 'Expected a list of field names.');
    } else {
      const names = new Set(request.fields as string[]);
      for (const name of names) {
        if (!object.fields.some((f) => f.name === name) && !SYSTEM_FIELDS.has(name)) {
          problem('/fields', 'UNKNOWN_FIELD', `The object has no field ${name}.`, { field: name });
        } else if (context.fieldAccess?.(object.name, name) === 'none') {
          problem('/fields', 'FIELD_NOT_READABLE', `You may not read the field ${name}.`, {
            field: name,
          });
        }
      }
      selected = object.fields.filter((f) => names.has(f.name));
    }
  } else if (context.fieldAccess) {
    const see = context.fieldAccess;
    selected = object.fields.filter((f) => see(object.name, f.name) !== 'none');
  }
  // The sort columns are read too: the next page's cursor is made of them.
  const select: ColumnRef[] = selected.flatMap((f) => columnOfField(f) ?? []);
  for (const key of sort) {
    const column = key.column;
    if (
      column.kind === 'slot' &&
      !select.some((c) => c.kind === 'slot' && c.slot === column.slot)
    ) {
      select.push(column);
    }
  }

  // Search.
  let search: RecordQueryPlan['search'] = null;
  if (request.search !== undefined && request.search !== null && request.search !== '') {
    if (typeof request.search !== 'string' || request.search.length > limits.maxSearchLength) {
      problem(
        '/search',
        'INVALID_SEARCH',
        `Search text of at most ${limits.maxSearchLength} characters.`,
      );
    } else if (hasUnstorableCharacter(request.search)) {
      problem(
        '/search',
        'UNSUPPORTED_CHARACTER',
        'Search text may not hold U+0000 or an unpaired surrogate: no stored text does.',
      );
    } else {
      const searchable = object.fields.filter(
        (f) =>
          (f.searchable === true || f.name === object.nameField) &&
          fieldTypeOf(f).operators(f).includes('contains') &&
          (context.fieldAccess?.(object.name, f.name) ?? 'read') === 'read',
      );
      const columns = searchable.flatMap((f) => {
        const column = columnOfField(f);
        return column && !(column.kind === 'extra' && column.type === 'text_array') ? [column] : [];
      });
      search = { text: request.search.trim(), columns };
    }
  }

  // Page size and count.
  let pageSize = limits.defaultPageSize;
  if (request.limit !== undefined && request.limit !== null) {
    const limit = Number(request.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > limits.maxPageSize) {
      problem('/limit', 'PAGE_SIZE', `The page size is 1 to ${limits.maxPageSize}.`, {
        max: limits.maxPageSize,
      });
    } else pageSize = limit;
  }
  let count: CountMode = 'none';
  if (request.count !== undefined && request.count !== null) {
    if (request.count !== 'exact' && request.count !== 'estimate' && request.count !== 'none') {
      problem('/count', 'INVALID_COUNT', "count is 'exact', 'estimate' or 'none'.");
    } else count = request.count;
  }

  if (issues.length > 0) return { ok: false, issues };
  const plan: RecordQueryPlan = {
    kind: 'query',
    tenantId: context.tenantId,
    objectId: context.objectId,
    where,
    access: context.access ?? null,
    search,
    sort,
    after,
    select,
    limit: pageSize + 1,
    count,
    deleted,
  };
  return { ok: true, plan: freezePlan(plan), pageSize };
}

/**
 * Whether a cursor's value can stand for its sort key's column: a cursor is opaque but not
 * signed, and a value of the wrong kind would otherwise reach the database as a failing cast.
 */
function fitsSortKey(key: PlanSortKey | undefined, value: PlanValue | null): boolean {
  if (key === undefined) return false;
  if (value === null) return !(key.column.kind === 'system' && key.column.column === 'id');
  const type = key.column.type;
  switch (type) {
    case 'text':
      return typeof value === 'string' && !hasUnstorableCharacter(value);
    case 'numeric':
      return typeof value === 'string' && toDecimalString(value) !== undefined;
    case 'date':
      return typeof value === 'string' && isIsoDate(value);
    case 'timestamptz':
      return coerceDatetime(value).ok;
    case 'boolean':
      return typeof value === 'boolean';
    case 'uuid':
      return coerceUuid(value).ok;
    default: {
      const unreachable: never = type;
      throw new TypeError(`unknown column type: ${String(unreachable)}`);
    }
  }
}
