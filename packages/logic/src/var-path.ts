/** A segment naming a field: the same shape as machine names. */
const FIELD_SEGMENT = /^[a-z][a-z0-9_]*$/;
/** A segment indexing an array element. */
const INDEX_SEGMENT = /^(0|[1-9][0-9]*)$/;
/** Names that lead to prototypes; never reachable, whatever the data holds. */
const FORBIDDEN_SEGMENTS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** A `var` path split into segments, or the reason it is refused. */
export type ParsedVarPath =
  | { readonly ok: true; readonly segments: readonly string[] }
  | { readonly ok: false; readonly reason: string };

/**
 * Splits a `var` path ('account.industry', 'lines.0', 1) into segments. The empty path ('' or
 * null) means the whole data and gives no segments.
 */
export function parseVarPath(path: unknown): ParsedVarPath {
  if (path === null || path === '') return { ok: true, segments: [] };
  if (typeof path === 'number') {
    return Number.isSafeInteger(path) && path >= 0
      ? { ok: true, segments: [String(path)] }
      : { ok: false, reason: 'a numeric path must be a whole number of at least 0' };
  }
  if (typeof path !== 'string') return { ok: false, reason: 'a path must be a string or number' };
  const segments = path.split('.');
  for (const segment of segments) {
    if (FORBIDDEN_SEGMENTS.has(segment)) return { ok: false, reason: `'${segment}' is forbidden` };
    if (!FIELD_SEGMENT.test(segment) && !INDEX_SEGMENT.test(segment)) {
      return { ok: false, reason: `'${segment}' is neither a field name nor an array index` };
    }
  }
  return { ok: true, segments };
}

/** True when a segment indexes an array rather than naming a field. */
export function isIndexSegment(segment: string): boolean {
  return INDEX_SEGMENT.test(segment);
}
