import type { FilterCondition, FilterNode, FilterOperator } from '@tangram/schema';

/** One row of the filter builder: a field path, an operator and the value being edited. */
export interface ConditionDraft {
  readonly field: string;
  readonly op: FilterOperator | '';
  readonly value: unknown;
}

/** What the filter builder edits: all (and) or any (or) of a list of conditions. */
export interface FilterDraft {
  readonly match: 'and' | 'or';
  readonly conditions: readonly ConditionDraft[];
}

/** Operators that take no value. */
export const VALUELESS_OPERATORS: ReadonlySet<string> = new Set(['is_empty', 'is_not_empty']);

const isBlank = (value: unknown) =>
  value === undefined ||
  value === null ||
  value === '' ||
  (Array.isArray(value) && (value.length === 0 || value.some((v) => v === null || v === '')));

/** True when a draft row is complete enough to become a condition. */
export function isCompleteCondition(draft: ConditionDraft): boolean {
  if (draft.field === '' || draft.op === '') return false;
  if (VALUELESS_OPERATORS.has(draft.op)) return true;
  return !isBlank(draft.value);
}

/**
 * The filter tree of a draft: incomplete rows are left out, one condition stands alone, several
 * are grouped; null when nothing is left.
 */
export function draftToFilter(draft: FilterDraft): FilterNode | null {
  const children: FilterCondition[] = draft.conditions.filter(isCompleteCondition).map((c) => ({
    kind: 'condition',
    field: c.field,
    op: c.op as FilterOperator,
    ...(VALUELESS_OPERATORS.has(c.op) ? {} : { value: c.value as FilterCondition['value'] }),
  }));
  if (children.length === 0) return null;
  if (children.length === 1) return children[0] as FilterCondition;
  return { kind: draft.match, children };
}

/**
 * The draft of a filter tree the builder can show: a condition, or one and/or group of
 * conditions. Anything deeper (nested groups, `not`) answers undefined: it is kept as it is.
 */
export function filterToDraft(filter: FilterNode | null | undefined): FilterDraft | undefined {
  if (!filter) return { match: 'and', conditions: [] };
  if (filter.kind === 'condition') {
    return {
      match: 'and',
      conditions: [{ field: filter.field, op: filter.op, value: filter.value }],
    };
  }
  if (filter.kind === 'not') return undefined;
  const conditions: ConditionDraft[] = [];
  for (const child of filter.children) {
    if (child.kind !== 'condition') return undefined;
    conditions.push({ field: child.field, op: child.op, value: child.value });
  }
  return { match: filter.kind, conditions };
}

/** Both filters together (either may be absent): the view's own filter and the user's. */
export function combineFilters(
  ...filters: readonly (FilterNode | null | undefined)[]
): FilterNode | undefined {
  const present = filters.filter((f): f is FilterNode => f !== null && f !== undefined);
  if (present.length === 0) return undefined;
  if (present.length === 1) return present[0];
  return { kind: 'and', children: present };
}
