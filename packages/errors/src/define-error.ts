import { AppError } from './app-error.js';

/** One registered error code, its HTTP status and default message. */
export interface ErrorDefinition {
  readonly code: string;
  readonly status: number;
  readonly message: string;
}

/** A factory for one error code: `NOT_FOUND({ kind, name })`. */
export interface ErrorFactory<D = unknown> extends ErrorDefinition {
  (details?: D, message?: string, cause?: unknown): AppError;
  /** True when `error` was made by this factory. */
  is(error: unknown): error is AppError;
}

const registry = new Map<string, ErrorDefinition>();
const CODE = /^[A-Z][A-Z0-9_]*$/;

/**
 * Defines an error code once, with its status and default message, and registers it so that
 * docs/error-codes.md can be checked against the codes the product really raises.
 */
export function defineError<D = unknown>(
  code: string,
  status: number,
  message: string,
): ErrorFactory<D> {
  if (!CODE.test(code)) throw new TypeError(`error code must be SCREAMING_SNAKE: ${code}`);
  const existing = registry.get(code);
  if (existing && (existing.status !== status || existing.message !== message)) {
    throw new TypeError(`error code defined twice with different meaning: ${code}`);
  }
  registry.set(code, { code, status, message });
  const factory = ((details?: D, override?: string, cause?: unknown) =>
    new AppError(code, status, override ?? message, details, cause)) as ErrorFactory<D>;
  Object.defineProperties(factory, {
    code: { value: code },
    status: { value: status },
    message: { value: message },
    is: { value: (error: unknown) => error instanceof AppError && error.code === code },
  });
  return factory;
}

/** Every error code defined so far, sorted by code. */
export function listErrorDefinitions(): ErrorDefinition[] {
  return [...registry.values()].sort((a, b) => a.code.localeCompare(b.code));
}
