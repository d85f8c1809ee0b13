import { defineError } from '@tangram/errors';
import type { RecordIssueCode } from './record-issue-codes.js';

/** One problem with a record or a query, at a JSON pointer into the input. */
export interface RecordIssue {
  /** JSON pointer into the input: `/amount`, `/filter/children/0/op`, or '' for the whole input. */
  readonly path: string;
  /** The field concerned, when there is one. */
  readonly field?: string;
  /** Stable code: REQUIRED, TYPE, TOO_LONG, UNKNOWN_FIELD … (one of `RECORD_ISSUE_CODES`). */
  readonly code: RecordIssueCode;
  readonly message: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

/** No live record of that id in the object (also for ids of another tenant). */
export const RECORD_NOT_FOUND = defineError<{ object: string; id: string }>(
  'RECORD_NOT_FOUND',
  404,
  'The record does not exist.',
);

/** The record breaks field definitions or validation rules; details.issues lists every issue. */
export const RECORD_INVALID = defineError<{ issues: readonly RecordIssue[] }>(
  'RECORD_INVALID',
  422,
  'The record is not valid; see details.issues for every problem and its field.',
);

/** The If-Match version is not the record's current version. */
export const RECORD_STALE = defineError<{
  object: string;
  id: string;
  expected: number;
  actual?: number;
}>(
  'RECORD_STALE',
  412,
  'The record has changed since you read it; reload it and apply your change again.',
);

/** A unique field already holds this value in another record of the object. */
export const RECORD_DUPLICATE = defineError<{
  object?: string;
  fields?: readonly string[];
  index?: string;
}>('RECORD_DUPLICATE', 409, 'Another record already has this value in a unique field.');

/** The object is not published in the tenant. */
export const OBJECT_NOT_FOUND = defineError<{ object: string }>(
  'OBJECT_NOT_FOUND',
  404,
  'There is no published object of that name.',
);

/** The query names an unknown field or operator, or a value of the wrong type; details.issues. */
export const QUERY_INVALID = defineError<{ issues: readonly RecordIssue[] }>(
  'QUERY_INVALID',
  400,
  'The query is not valid; see details.issues for every problem and its path.',
);

/** A request exceeds a limit (page size, bulk size, filter depth …). */
export const LIMIT_EXCEEDED = defineError<{ limit: string; max: number; actual: number }>(
  'LIMIT_EXCEEDED',
  400,
  'The request exceeds a limit; see details for which one.',
);

/** An Idempotency-Key was sent again with a different request. */
export const IDEMPOTENCY_KEY_REUSED = defineError<{ key: string }>(
  'IDEMPOTENCY_KEY_REUSED',
  409,
  'This Idempotency-Key was already used for a different request.',
);

/** The record cannot be deleted while records of another object point to it (`onDelete: restrict`). */
export const RECORD_REFERENCED = defineError<{ object: string; by: string; field: string }>(
  'RECORD_REFERENCED',
  409,
  'Other records still point to this record; remove those references first.',
);

/** A restore refused because the record's master (master-detail) is deleted: restore that first. */
export const RECORD_PARENT_DELETED = defineError<{
  object: string;
  id: string;
  field: string;
  master: string;
  masterId: string;
}>(
  'RECORD_PARENT_DELETED',
  409,
  'The record belongs to a deleted record; restore that record first, which restores this one too.',
);

/** The object has no field of that name. */
export const FIELD_NOT_FOUND = defineError<{ object: string; field: string }>(
  'FIELD_NOT_FOUND',
  404,
  'The object has no field of that name.',
);

/** Values of the field do not convert to the new type and the change was asked to refuse. */
export const FIELD_TYPE_CHANGE_REFUSED = defineError<{
  object: string;
  field: string;
  failureCount: number;
  failures: readonly unknown[];
}>(
  'FIELD_TYPE_CHANGE_REFUSED',
  422,
  'Some values do not convert to the new type; details.failures lists them by record id.',
);

/** The field cannot change to that type (a computed type, or between two extra-only kinds). */
export const FIELD_TYPE_CHANGE_UNSUPPORTED = defineError<{
  object: string;
  field: string;
  from: string;
  to: string;
  reason: string;
}>('FIELD_TYPE_CHANGE_UNSUPPORTED', 422, 'The field cannot change to that type.');

/** Records kept changing under a batch of a type change; nothing was published. */
export const FIELD_TYPE_CHANGE_BUSY = defineError<{ object: string; field: string }>(
  'FIELD_TYPE_CHANGE_BUSY',
  409,
  'Records changed too often while their values were moved; apply the change again.',
);
