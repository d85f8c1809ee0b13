import { AppError } from '@tangram/errors';

/** Code of a failure whose answer was not the API's JSON error (a proxy page, an empty body). */
export const UNEXPECTED_RESPONSE = 'UNEXPECTED_RESPONSE';

/**
 * An API failure as the client sees it: the `code`, HTTP `status` and `details` of the API error
 * body, so callers branch on codes exactly as the server defines them.
 */
export class ClientError extends AppError {
  /** The method and URL of the request that failed. */
  readonly request: { readonly method: string; readonly url: string };

  constructor(
    code: string,
    status: number,
    message: string,
    details: unknown,
    request: { method: string; url: string },
  ) {
    super(code, status, message, details);
    this.request = request;
  }
}

/** True when `error` is a ClientError, optionally with the given code. */
export function isClientError(error: unknown, code?: string): error is ClientError {
  return error instanceof ClientError && (code === undefined || error.code === code);
}
