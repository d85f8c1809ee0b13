/** A problem detail attached to an error: where it happened and what rule it broke. */
export interface ErrorIssue {
  /** JSON pointer into the offending input, '' for the whole input. */
  readonly path: string;
  /** Stable SCREAMING_SNAKE or dotted code of the rule that failed. */
  readonly code: string;
  readonly message: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

/** The single error type crossing package boundaries; serialised as `{ error: { code, message, details } }`. */
export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: string;
  readonly status: number;
  readonly details: unknown;

  constructor(code: string, status: number, message: string, details?: unknown, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.code = code;
    this.status = status;
    this.details = details;
  }

  /** The body every API error answers with. */
  toJSON(): { error: { code: string; message: string; details?: unknown } } {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

/** Guard for AppError, also across duplicated module instances. */
export function isAppError(value: unknown): value is AppError {
  return (
    value instanceof AppError ||
    (value instanceof Error &&
      value.name === 'AppError' &&
      typeof (value as Partial<AppError>).code === 'string' &&
      typeof (value as Partial<AppError>).status === 'number')
  );
}
