import { apiFetch } from '../api/http';

/** What a token may do to the records of its objects. */
export const TOKEN_ACTIONS = ['read', 'create', 'update', 'delete', 'export', 'import'] as const;
/** One action of TOKEN_ACTIONS. */
export type TokenAction = (typeof TOKEN_ACTIONS)[number];

/** An API token as listed: never its secret. */
export interface ApiToken {
  readonly id: string;
  readonly userId: string;
  readonly name: string;
  readonly scopes: { readonly objects: '*' | readonly string[]; readonly actions: TokenAction[] };
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

/** What a new token is given: a name, its objects and actions, and when it ends, if ever. */
export interface NewToken {
  readonly name: string;
  readonly scopes: { readonly objects: '*' | readonly string[]; readonly actions: TokenAction[] };
  readonly expiresAt?: string;
}

/** A user as the token list names its owner. */
export interface TokenOwner {
  readonly id: string;
  readonly name: string;
  readonly email: string;
}

/** The caller's tokens (every token of the tenant for an administrator). */
export async function listTokens(): Promise<ApiToken[]> {
  return (await apiFetch<{ tokens: ApiToken[] }>('GET', '/api/v1/auth/tokens')).body.tokens;
}

/** Creates a token; the answer's `token` is its secret, shown this once. */
export async function createToken(input: NewToken): Promise<ApiToken & { token: string }> {
  return (await apiFetch<ApiToken & { token: string }>('POST', '/api/v1/auth/tokens', input)).body;
}

/** Revokes a token: it is refused from then on. */
export async function revokeToken(id: string): Promise<void> {
  await apiFetch('DELETE', `/api/v1/auth/tokens/${encodeURIComponent(id)}`);
}

/** The tenant's users, to name the owner of each token. */
export async function listTokenOwners(): Promise<TokenOwner[]> {
  return (await apiFetch<{ users: TokenOwner[] }>('GET', '/api/v1/identity/users')).body.users;
}

/** Whether a token is still accepted at `now`: not revoked and not past its end. */
export function isTokenActive(token: ApiToken, now: Date): boolean {
  return token.revokedAt === null && (token.expiresAt === null || new Date(token.expiresAt) > now);
}
