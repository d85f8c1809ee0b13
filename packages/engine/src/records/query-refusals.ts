import { type AppError, isAppError } from '@tangram/errors';
import { QUERY_INVALID, type RecordIssue } from './record-errors.js';

/**
 * Whether a read across objects (search, recent records) leaves the object out rather than
 * failing: the user may not read it (403) or it went away meanwhile (404). Such reads answer
 * with what the user can see.
 */
export function isOutOfSight(error: unknown): error is AppError {
  return isAppError(error) && (error.status === 403 || error.status === 404);
}

/** Whether a query was refused only because the user may not read the object's name field. */
export function isNameHidden(error: unknown): boolean {
  if (!QUERY_INVALID.is(error)) return false;
  const issues = (error.details as { issues?: RecordIssue[] } | undefined)?.issues ?? [];
  return (
    issues.length > 0 &&
    issues.every((issue) => issue.code === 'FIELD_NOT_READABLE' && issue.path === '/fields')
  );
}
