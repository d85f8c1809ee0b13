import { DEFAULT_QUERY_LIMITS, LIMIT_EXCEEDED } from '@tangram/engine';
import { BAD_REQUEST } from '@tangram/errors';
import type { FilterNode, SortSpec } from '@tangram/schema';

// The HTTP layer checks the engine's own query limits before any work, with one clear error.
/** Largest page a list or query returns. */
export const MAX_PAGE_SIZE = DEFAULT_QUERY_LIMITS.maxPageSize;
/** Page size when the request names none. */
export const DEFAULT_PAGE_SIZE = DEFAULT_QUERY_LIMITS.defaultPageSize;
/** Deepest filter tree accepted (a lone condition is depth 1). */
export const MAX_FILTER_DEPTH = DEFAULT_QUERY_LIMITS.maxFilterDepth;
/** Most sort keys a query may have. */
export const MAX_SORT_KEYS = DEFAULT_QUERY_LIMITS.maxSortKeys;
/** Most nodes a filter tree may hold (the engine also caps its conditions). */
export const MAX_FILTER_NODES = 500;

const FIELD_PATH = /^[a-z][a-z0-9_]{0,62}(?:\.[a-z][a-z0-9_]{0,62}){0,3}$/;
const FIELD_NAME = /^[a-z][a-z0-9_]{0,62}$/;

function badParam(param: string, reason: string): never {
  throw BAD_REQUEST({
    issues: [{ path: `/querystring/${param}`, code: 'format', message: reason }],
  });
}

/** Reads `sort=-amount,name` into sort keys: a leading `-` sorts descending. */
export function parseSortParam(value: string): SortSpec[] {
  return value.split(',').map((part) => {
    const key = part.trim();
    const descending = key.startsWith('-');
    const field = descending ? key.slice(1) : key;
    if (!FIELD_PATH.test(field)) badParam('sort', `"${part}" is not a field name`);
    return { field, direction: descending ? 'desc' : 'asc' };
  });
}

/** Reads `fields=name,amount` into field names. */
export function parseFieldsParam(value: string): string[] {
  return value.split(',').map((part) => {
    const field = part.trim();
    if (!FIELD_PATH.test(field)) badParam('fields', `"${part}" is not a field name`);
    return field;
  });
}

/** Reads `expand=account,contact` into the names of the lookup fields to expand. */
export function parseExpandParam(value: string): string[] {
  return value.split(',').map((part) => {
    const field = part.trim();
    if (!FIELD_NAME.test(field)) badParam('expand', `"${part}" is not a field name`);
    return field;
  });
}

/** Reads `filter=<json>` into a filter tree, refusing text that is not a JSON object. */
export function parseFilterParam(value: string): FilterNode {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    badParam('filter', 'is not valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    badParam('filter', 'must be a JSON object (a filter tree node)');
  }
  return parsed as FilterNode;
}

/** Refuses a page larger than MAX_PAGE_SIZE; answers the default when none is asked for. */
export function checkPageSize(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_SIZE;
  if (limit > MAX_PAGE_SIZE) {
    throw LIMIT_EXCEEDED({ limit: 'pageSize', max: MAX_PAGE_SIZE, actual: limit });
  }
  return limit;
}

/**
 * Refuses a filter tree deeper than MAX_FILTER_DEPTH or larger than MAX_FILTER_NODES before the
 * engine plans it; the engine checks fields, operators and values.
 */
export function checkFilterSize(filter: unknown): void {
  let nodes = 0;
  let deepest = 0;
  const stack: Array<{ node: unknown; depth: number }> = [{ node: filter, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: unknown; depth: number };
    nodes += 1;
    deepest = Math.max(deepest, depth);
    // Stop walking at the first excess: a hostile tree must not cost more than the limit.
    if (deepest > MAX_FILTER_DEPTH) {
      throw LIMIT_EXCEEDED({
        limit: 'filterDepth',
        max: MAX_FILTER_DEPTH,
        actual: deepest,
      });
    }
    if (nodes > MAX_FILTER_NODES) {
      throw LIMIT_EXCEEDED({ limit: 'filterNodes', max: MAX_FILTER_NODES, actual: nodes });
    }
    if (node === null || typeof node !== 'object') continue;
    const { children, child } = node as { children?: unknown; child?: unknown };
    if (Array.isArray(children)) {
      for (const next of children) stack.push({ node: next, depth: depth + 1 });
    }
    if (child !== undefined) stack.push({ node: child, depth: depth + 1 });
  }
}
