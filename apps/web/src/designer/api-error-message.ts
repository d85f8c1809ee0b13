import { isClientError } from '@tangram/client';
import {
  describeError,
  describeMetadataIssue,
  type MetadataIssueLike,
} from '../api/describe-error';

/**
 * A readable message for a failed API call in the UI language: its code's words, then a metadata
 * error's issues, each at its document and path.
 */
export function apiErrorMessage(error: unknown): string {
  if (!isClientError(error)) return describeError(error);
  const { issues, ...details } = (error.details ?? {}) as { issues?: MetadataIssueLike[] };
  const head = describeError({
    code: error.code,
    message: error.message,
    status: error.status,
    details,
  });
  if (!issues || issues.length === 0) return `${error.code}: ${head}`;
  const lines = issues.slice(0, 10).map((issue) => describeMetadataIssue(issue));
  return `${error.code}: ${head} ${lines.join('; ')}${issues.length > 10 ? ' …' : ''}`;
}
