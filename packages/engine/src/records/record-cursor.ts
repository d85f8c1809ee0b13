import type { StoredRecord } from '../ports/record-store.js';
import type { PlanSortKey, PlanValue, SystemColumn } from './record-plan.js';

/** What a keyset cursor carries: the sort it was made for and the last row's sort values. */
export interface RecordCursor {
  readonly sort: string;
  readonly after: readonly (PlanValue | null)[];
}

/** The sort a cursor belongs to, as text: `n3:desc,id:desc`. */
export function sortSignature(sort: readonly PlanSortKey[]): string {
  return sort
    .map(
      (key) =>
        `${key.column.kind === 'slot' ? key.column.slot : key.column.column}:${key.direction}`,
    )
    .join(',');
}

/** An opaque cursor: base64url JSON of the sort signature and the last row's sort values. */
export function encodeCursor(cursor: RecordCursor): string {
  return toBase64Url(JSON.stringify({ s: cursor.sort, a: cursor.after }));
}

// btoa/atob and TextEncoder exist in browsers and Node alike; Buffer does not.
function toBase64Url(text: string): string {
  // ASCII text (ids, numbers, dates: nearly every cursor) is its own UTF-8 byte string.
  let binary = text;
  if (!ASCII.test(text)) {
    binary = '';
    for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const ASCII = /^\p{ASCII}*$/u;

function fromBase64Url(text: string): string {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder('utf-8', { fatal: true }).decode(
    Uint8Array.from(binary, (char) => char.charCodeAt(0)),
  );
}

function isCursorValue(value: unknown): value is PlanValue | null {
  return value === null || typeof value === 'string' || typeof value === 'boolean';
}

/** The cursor in `text`, or undefined when it is not one this engine made. */
export function decodeCursor(text: string): RecordCursor | undefined {
  if (!/^[A-Za-z0-9_-]{1,4096}$/.test(text)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(fromBase64Url(text));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { s, a } = parsed as { s?: unknown; a?: unknown };
  if (typeof s !== 'string' || !Array.isArray(a) || !a.every(isCursorValue)) return undefined;
  return { sort: s, after: a };
}

const SYSTEM_VALUES: Readonly<Record<SystemColumn, (row: StoredRecord) => PlanValue | null>> = {
  id: (row) => row.id,
  owner_id: (row) => row.ownerId,
  created_by: (row) => row.createdBy,
  created_at: (row) => row.createdAt,
  updated_by: (row) => row.updatedBy,
  updated_at: (row) => row.updatedAt,
  version: (row) => String(row.version),
  deleted_at: (row) => row.deletedAt,
};

/** The cursor after `row` for a page sorted by `sort`. */
export function cursorAfter(sort: readonly PlanSortKey[], row: StoredRecord): string {
  const after = sort.map(({ column }) =>
    column.kind === 'slot' ? (row.slots[column.slot] ?? null) : SYSTEM_VALUES[column.column](row),
  );
  return encodeCursor({ sort: sortSignature(sort), after });
}
