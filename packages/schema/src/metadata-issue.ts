import type { MetadataDocument } from './metadata-kinds.js';

/** One problem found in a metadata document, with where it is and a stable code. */
export interface MetadataIssue {
  /** JSON pointer within the document ('' for the whole document). */
  path: string;
  /** Stable SCREAMING_SNAKE code, e.g. REQUIRED, UNKNOWN_PROPERTY, UNKNOWN_FIELD, FORMULA_CYCLE. */
  code: string;
  message: string;
  params?: Record<string, unknown>;
  /** The document the issue is in, when checking several documents at once. */
  document?: { kind: string; name: string };
}

/** The outcome of validating one document: the document, or every issue found in it. */
export type DocumentValidation =
  | { ok: true; document: MetadataDocument }
  | { ok: false; issues: MetadataIssue[] };

/** Escapes one segment of a JSON pointer (RFC 6901). */
export function pointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Joins segments into a JSON pointer. */
export function pointer(...segments: ReadonlyArray<string | number>): string {
  return segments.map((segment) => `/${pointerSegment(segment)}`).join('');
}
