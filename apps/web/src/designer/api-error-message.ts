import { isClientError } from '@tangram/client';
import { describeError } from '../api/describe-error';

interface Issue {
  readonly path?: string;
  readonly message?: string;
  readonly document?: { kind?: string; name?: string } | string;
}

/**
 * A readable message for a failed API call: its code in the UI language, then a metadata error's
 * issues with their documents and paths (their words are the validator's).
 */
export function apiErrorMessage(error: unknown): string {
  if (!isClientError(error)) return describeError(error);
  const { issues, ...details } = (error.details ?? {}) as { issues?: Issue[] };
  const head = describeError({ ...error, code: error.code, message: error.message, details });
  if (!issues || issues.length === 0) return `${error.code}: ${head}`;
  const lines = issues.slice(0, 10).map((issue) => {
    const doc = typeof issue.document === 'string' ? issue.document : issue.document?.name;
    return `${doc ? `${doc} ` : ''}${issue.path ?? ''} ${issue.message ?? ''}`.trim();
  });
  return `${error.code}: ${head} ${lines.join('; ')}${issues.length > 10 ? ' …' : ''}`;
}
