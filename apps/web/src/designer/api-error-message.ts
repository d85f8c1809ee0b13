import { isClientError } from '@tangram/client';

interface Issue {
  readonly path?: string;
  readonly message?: string;
  readonly document?: { kind?: string; name?: string } | string;
}

/** A readable message for a failed API call, listing a metadata error's issues with their paths. */
export function apiErrorMessage(error: unknown): string {
  if (!isClientError(error)) return error instanceof Error ? error.message : String(error);
  const issues = (error.details as { issues?: Issue[] } | undefined)?.issues;
  if (!issues || issues.length === 0) return `${error.code}: ${error.message}`;
  const lines = issues.slice(0, 10).map((issue) => {
    const doc = typeof issue.document === 'string' ? issue.document : issue.document?.name;
    return `${doc ? `${doc} ` : ''}${issue.path ?? ''} ${issue.message ?? ''}`.trim();
  });
  return `${error.code}: ${lines.join('; ')}${issues.length > 10 ? ' …' : ''}`;
}
