import { createHash, randomBytes } from 'node:crypto';

/** A new random secret of 256 bits, base64url. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The stored form of a session or token secret: SHA-256, hex. The secrets are 256 random bits,
 * so a fast hash suffices (nothing to brute-force), and lookups stay cheap on every request.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SECRET = /^[A-Za-z0-9_-]{43}$/;

/** The parts of a presented credential `<prefix><tenant id>.<secret>`; undefined when malformed. */
export function parseCredential(
  value: string,
  prefix: string,
): { readonly tenantId: string; readonly secret: string } | undefined {
  if (!value.startsWith(prefix) || value.length > 200) return undefined;
  const rest = value.slice(prefix.length);
  const dot = rest.indexOf('.');
  if (dot < 0) return undefined;
  const tenantId = rest.slice(0, dot);
  const secret = rest.slice(dot + 1);
  if (!UUID.test(tenantId) || !SECRET.test(secret)) return undefined;
  return { tenantId, secret };
}
