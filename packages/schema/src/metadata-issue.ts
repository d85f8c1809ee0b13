import type { MetadataDocument } from './metadata-kinds.js';

/**
 * Every code a metadata issue carries: a closed list, so the designer can word each one in every
 * language and a new code cannot ship without its words.
 */
export const METADATA_ISSUE_CODES = [
  // The document's shape (the JSON Schema)
  'REQUIRED',
  'TYPE',
  'UNKNOWN_PROPERTY',
  'ENUM',
  'PATTERN',
  'FORMAT',
  'TOO_SMALL',
  'TOO_LARGE',
  'TOO_SHORT',
  'TOO_LONG',
  'TOO_FEW',
  'TOO_MANY',
  'TOO_DEEP',
  'INVALID',
  'SCHEMA_VERSION_UNSUPPORTED',
  // Rules across the document and between documents
  'DUPLICATE_NAME',
  'DUPLICATE_ID',
  'DUPLICATE_VALUE',
  'RESERVED_NAME',
  'INVALID_RANGE',
  'UNKNOWN_FIELD',
  'UNKNOWN_OBJECT',
  'UNKNOWN_DOCUMENT',
  'UNKNOWN_OPTION',
  'UNKNOWN_STEP',
  'NOT_A_RELATION',
  'INVALID_RELATION',
  'FIELD_TYPE_MISMATCH',
  'FORMULA_CYCLE',
  'ROLE_CYCLE',
  'OBJECT_MISMATCH',
  'SPAN_EXCEEDS_COLUMNS',
  'SLOT_CHANGED',
  'SLOT_KIND',
  'SLOT_TAKEN',
  'TOO_MANY_INDEXES',
  'FIELD_TYPE_CHANGE_NEEDS_MIGRATION',
  // A json-logic rule in a document (`RuleIssueCode` of @tangram/logic, which builds on this)
  'INVALID_NODE',
  'UNKNOWN_OPERATOR',
  'EXCLUDED_OPERATOR',
  'FORBIDDEN_VAR_PATH',
  'INVALID_ARITY',
  'INVALID_ARGUMENT',
  // Seed records of a template
  'NOT_WRITABLE',
  'TOO_PRECISE',
  'INACTIVE_OPTION',
  'OPTION_NOT_ALLOWED',
  'UNKNOWN_RECORD',
  'REFERENCE_CYCLE',
] as const;

/** One code of `METADATA_ISSUE_CODES`. */
export type MetadataIssueCode = (typeof METADATA_ISSUE_CODES)[number];

/** One problem found in a metadata document, with where it is and a stable code. */
export interface MetadataIssue {
  /** JSON pointer within the document ('' for the whole document). */
  path: string;
  /** Stable SCREAMING_SNAKE code, e.g. REQUIRED, UNKNOWN_PROPERTY, UNKNOWN_FIELD, FORMULA_CYCLE. */
  code: MetadataIssueCode;
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
