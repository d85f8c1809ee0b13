import { defineError } from '@tangram/errors';
import type { RecordIssue } from '../records/record-errors.js';

/** One problem of a saved view: a query issue, or a view-schema issue (a metadata issue code). */
export type SavedViewIssue = Omit<RecordIssue, 'code'> & { readonly code: string };

/** No saved view of that id that the caller may see. */
export const SAVED_VIEW_NOT_FOUND = defineError<{ id: string }>(
  'SAVED_VIEW_NOT_FOUND',
  404,
  'The saved view does not exist.',
);

/** The saved view breaks the view schema or names fields its object does not have. */
export const SAVED_VIEW_INVALID = defineError<{ issues: readonly SavedViewIssue[] }>(
  'SAVED_VIEW_INVALID',
  422,
  'The saved view is not valid; see details.issues.',
);

/** Only the owner of a saved view may change or delete it. */
export const SAVED_VIEW_NOT_OWNER = defineError<{ id: string }>(
  'SAVED_VIEW_NOT_OWNER',
  403,
  'Only the person who saved this view may change or delete it.',
);

/** The If-Match version is not the saved view's current version. */
export const SAVED_VIEW_STALE = defineError<{ id: string; expected: number }>(
  'SAVED_VIEW_STALE',
  412,
  'The saved view has changed since you read it; reload it and apply your change again.',
);
