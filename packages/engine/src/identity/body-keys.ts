import { BAD_REQUEST } from '@tangram/errors';

/**
 * The body as an object holding only `keys`; BAD_REQUEST listing every other key. Identity
 * bodies refuse unknown keys, so that no one can assign a tenant, an id or a password hash.
 */
export function bodyWithKeys(input: unknown, keys: readonly string[]): Record<string, unknown> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw BAD_REQUEST({ reason: 'the body must be a JSON object' });
  }
  const unknown = Object.keys(input).filter((key) => !keys.includes(key));
  if (unknown.length > 0) {
    throw BAD_REQUEST({
      issues: unknown.map((key) => ({
        path: `/body/${key}`,
        code: 'additionalProperties',
        message: 'is not allowed',
      })),
    });
  }
  return input as Record<string, unknown>;
}
