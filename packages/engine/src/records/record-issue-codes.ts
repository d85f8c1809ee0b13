/**
 * Every code a record or query issue carries (`RecordIssue`, `ValueIssue`): a closed list, so the
 * UI can word each one in every language and a new code cannot ship without its words.
 */
export const RECORD_ISSUE_CODES = [
  // A value of a field
  'TYPE',
  'FORMAT',
  'PATTERN',
  'REQUIRED',
  'TOO_LONG',
  'TOO_SHORT',
  'TOO_SMALL',
  'TOO_LARGE',
  'TOO_MANY',
  'SCALE',
  'PRECISION',
  'UNKNOWN_OPTION',
  'INACTIVE_OPTION',
  'DEPENDENT_OPTION',
  'UNKNOWN_REGION',
  'UNSUPPORTED_CHARACTER',
  'UNIQUE',
  'REFERENCE_NOT_FOUND',
  'REFERENCE_FILTERED',
  'VALIDATION_RULE',
  'DEFAULT_INVALID',
  'FILE_NOT_ATTACHABLE',
  // The fields a write names
  'UNKNOWN_FIELD',
  'SYSTEM_FIELD',
  'READ_ONLY_FIELD',
  'FIELD_NOT_READABLE',
  'FIELD_MASKED',
  'NOT_A_LOOKUP',
  // A query
  'UNKNOWN_OBJECT',
  'UNKNOWN_OPERATOR',
  'OPERATOR_NOT_SUPPORTED',
  'INVALID_FILTER',
  'INVALID_VALUE',
  'INVALID_SORT',
  'SORT_NOT_SUPPORTED',
  'INVALID_FIELDS',
  'INVALID_SEARCH',
  'INVALID_EXPAND',
  'INVALID_COUNT',
  'INVALID_CURSOR',
  'CURSOR_MISMATCH',
  'FILTER_TOO_DEEP',
  'PATH_TOO_LONG',
  'PAGE_SIZE',
  'TOO_MANY_CONDITIONS',
  'TOO_MANY_EXPANSIONS',
] as const;

/** One code of `RECORD_ISSUE_CODES`. */
export type RecordIssueCode = (typeof RECORD_ISSUE_CODES)[number];
