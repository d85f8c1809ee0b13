import { randomUUID } from 'node:crypto';
import { BAD_REQUEST } from '@tangram/errors';
import type { Clock } from '../ports/clock.js';
import { bodyWithKeys } from './body-keys.js';
import {
  AUTH_INVALID_CREDENTIALS,
  AUTH_RATE_LIMITED,
  CURRENT_PASSWORD_INCORRECT,
  IDENTITY_NOT_FOUND,
  PASSWORD_TOO_WEAK,
  PERMISSION_DENIED,
  SETUP_ALREADY_DONE,
} from './identity-errors.js';
import type {
  ApiTokenInfo,
  AuditEvent,
  IdentityStore,
  TenantInfo,
  TokenAction,
  TokenScopes,
  UserInfo,
} from './identity-store.js';
import { TOKEN_ACTIONS } from './identity-store.js';
import { createLoginThrottle, type LoginThrottle } from './login-throttle.js';
import {
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  type PasswordHasher,
} from './password-hasher.js';
import { isAdmin, type Principal, SYSTEM_ADMIN_ROLE } from './principal.js';
import { hashSecret, newSecret, parseCredential } from './secret-token.js';

/** Where a request came from, for the audit log and the login throttle. */
export interface RequestOrigin {
  readonly ip: string | null;
  readonly userAgent?: string | null;
}

/** Session lifetimes and cache settings. */
export interface AuthOptions {
  /** The tenant sign-in uses when none is named. */
  readonly defaultTenantSlug: string;
  /** A session unused this long ends (12 hours). */
  readonly sessionIdleMs?: number;
  /** A session ends this long after sign-in whatever happens (7 days). */
  readonly sessionAbsoluteMs?: number;
  /** How long a checked session or token is trusted without reading the database (10 s). */
  readonly cacheMs?: number;
  readonly throttle?: LoginThrottle;
}

/** What the auth service needs. */
export interface AuthServiceDeps extends AuthOptions {
  readonly store: IdentityStore;
  readonly hasher: PasswordHasher;
  readonly clock: Clock;
}

/** A signed-in result: who, where, and the cookie value to set (shown only now). */
export interface SignIn {
  readonly user: UserInfo;
  readonly tenant: TenantInfo;
  readonly sessionCookie: string;
  readonly expiresAt: Date;
}

/** A token as created: the secret is in `token` and is never shown again. */
export interface CreatedToken {
  readonly token: string;
  readonly info: ApiTokenInfo;
}

/** Sign-in, sessions, API tokens and the first administrator. */
export interface AuthService {
  state(): Promise<{ setupRequired: boolean; tenant: { slug: string; name: string } }>;
  setup(input: unknown, origin: RequestOrigin): Promise<SignIn>;
  login(input: unknown, origin: RequestOrigin): Promise<SignIn>;
  logout(principal: Principal, origin: RequestOrigin): Promise<void>;
  /** The principal of a session cookie value; null when missing, unknown, expired or revoked. */
  authenticateSession(cookie: string | undefined): Promise<Principal | null>;
  /** The principal of a bearer token; null when unknown, expired or revoked. */
  authenticateToken(token: string): Promise<Principal | null>;
  /**
   * Checks the current password, stores the new one and ends every session of the user, the
   * caller's included; a caller signed in by session gets a fresh one, a token caller null.
   */
  changePassword(
    principal: Principal,
    input: unknown,
    origin: RequestOrigin,
  ): Promise<SignIn | null>;
  createToken(principal: Principal, input: unknown, origin: RequestOrigin): Promise<CreatedToken>;
  listTokens(principal: Principal): Promise<ApiTokenInfo[]>;
  revokeToken(principal: Principal, id: string, origin: RequestOrigin): Promise<void>;
  /** Ends every session of a user (deactivation, password reset) and forgets cached ones. */
  revokeUser(tenantId: string, userId: string, exceptHash?: string): Promise<void>;
  /** Forgets cached principals of a user so that a role or profile change applies at once. */
  forgetUser(tenantId: string, userId: string): void;
  /** Creates the first administrator when the default tenant has none; false when it had one. */
  ensureAdmin(input: { email: string; password: string; name?: string }): Promise<boolean>;
  hashPassword(password: unknown): Promise<string>;
  audit(event: AuditEvent): Promise<void>;
}

/** The prefix of a session cookie value: `<tenant id>.<secret>`. */
const SESSION_PREFIX = '';
/** The prefix of an API token: `tgm_<tenant id>.<secret>`. */
export const TOKEN_PREFIX = 'tgm_';

const EMAIL = /^[^\s@]+@[^\s@]+$/;
const MAX_CACHE_ENTRIES = 10_000;
const TOUCH_EVERY_MS = 60_000;

interface CachedPrincipal {
  readonly principal: Principal;
  readonly expiresAt: number;
  lastSeenAt: number;
  readonly cachedAt: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function field(body: Record<string, unknown>, name: string, max = 256): string {
  const value = body[name];
  if (typeof value !== 'string' || value.length === 0 || value.length > max) {
    throw BAD_REQUEST({
      issues: [{ path: `/body/${name}`, code: 'type', message: 'is required' }],
    });
  }
  return value;
}

function optionalField(body: Record<string, unknown>, name: string, max = 256): string | undefined {
  return body[name] === undefined ? undefined : field(body, name, max);
}

/** A lower-cased, trimmed email, or BAD_REQUEST. */
export function normaliseEmail(value: string): string {
  const email = value.trim().toLowerCase();
  if (email.length > 254 || !EMAIL.test(email)) {
    throw BAD_REQUEST({
      issues: [{ path: '/body/email', code: 'format', message: 'is not an email' }],
    });
  }
  return email;
}

function checkPassword(password: string): void {
  if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
    throw PASSWORD_TOO_WEAK({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH });
  }
}

function parseScopes(value: unknown): TokenScopes {
  if (!isRecord(value)) throw BAD_REQUEST({ reason: 'scopes must be { objects, actions }' });
  const { objects, actions } = value;
  const objectList =
    objects === '*'
      ? '*'
      : Array.isArray(objects) &&
          objects.length <= 200 &&
          objects.every((o) => typeof o === 'string' && /^[a-z][a-z0-9_]{0,62}$/.test(o))
        ? (objects as string[])
        : undefined;
  if (objectList === undefined)
    throw BAD_REQUEST({ reason: "scopes.objects must be '*' or names" });
  if (
    !Array.isArray(actions) ||
    actions.length === 0 ||
    !actions.every((a) => TOKEN_ACTIONS.includes(a as TokenAction))
  ) {
    throw BAD_REQUEST({ reason: `scopes.actions must list some of ${TOKEN_ACTIONS.join(', ')}` });
  }
  return { objects: objectList, actions: [...new Set(actions as TokenAction[])] };
}

/** Creates the auth service. Principals are cached per process, keyed by the credential hash. */
export function createAuthService(deps: AuthServiceDeps): AuthService {
  const { store, hasher, clock } = deps;
  const idleMs = deps.sessionIdleMs ?? 12 * 3600_000;
  const absoluteMs = deps.sessionAbsoluteMs ?? 7 * 24 * 3600_000;
  const cacheMs = deps.cacheMs ?? 10_000;
  const throttle = deps.throttle ?? createLoginThrottle();
  const cache = new Map<string, CachedPrincipal>();
  const tenants = new Map<string, TenantInfo>();
  let dummyHash: Promise<string> | undefined;

  // Unknown emails cost one hash verification too, so that timing tells nothing.
  function dummy(): Promise<string> {
    dummyHash ??= hasher.hash(newSecret());
    return dummyHash;
  }

  async function tenantById(id: string): Promise<TenantInfo | undefined> {
    const known = tenants.get(id);
    if (known) return known;
    const tenant = await store.getTenant(id);
    if (tenant) tenants.set(id, tenant);
    return tenant;
  }

  async function defaultTenant(): Promise<TenantInfo> {
    const tenant = await store.findTenant(deps.defaultTenantSlug);
    if (!tenant) throw new Error(`the default tenant ${deps.defaultTenantSlug} does not exist`);
    return tenant;
  }

  function remember(key: string, entry: CachedPrincipal): void {
    while (cache.size >= MAX_CACHE_ENTRIES) {
      const oldest = cache.keys().next().value;
      if (oldest === undefined) break;
      cache.delete(oldest);
    }
    cache.set(key, entry);
  }

  // A cached principal still trusted at `now`; the tenant check refuses a secret of another tenant.
  function fresh(key: string, tenantId: string, now: number): CachedPrincipal | undefined {
    const cached = cache.get(key);
    if (cached && now - cached.cachedAt < cacheMs && cached.principal.tenant.id === tenantId) {
      return cached;
    }
    return undefined;
  }

  function forgetUser(tenantId: string, userId: string): void {
    for (const [key, entry] of cache) {
      const { user } = entry.principal;
      if (user.tenantId === tenantId && user.id === userId) cache.delete(key);
    }
  }

  async function audit(event: AuditEvent): Promise<void> {
    await store.appendAudit(event, clock.now());
  }

  async function startSession(
    user: UserInfo,
    tenant: TenantInfo,
    origin: RequestOrigin,
  ): Promise<SignIn> {
    const secret = newSecret();
    const now = clock.now();
    const expiresAt = new Date(now.getTime() + absoluteMs);
    await store.createSession({
      tenantId: tenant.id,
      idHash: hashSecret(secret),
      userId: user.id,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
      revokedAt: null,
      ip: origin.ip,
      userAgent: origin.userAgent?.slice(0, 512) ?? null,
    });
    return { user, tenant, sessionCookie: `${SESSION_PREFIX}${tenant.id}.${secret}`, expiresAt };
  }

  async function createFirst(
    tenant: TenantInfo,
    input: { email: string; password: string; name: string; locale: string },
  ): Promise<UserInfo | null> {
    checkPassword(input.password);
    return store.createFirstUser({
      tenantId: tenant.id,
      id: randomUUID(),
      email: normaliseEmail(input.email),
      name: input.name,
      locale: input.locale,
      passwordHash: await hasher.hash(input.password),
      departmentId: null,
      roles: [SYSTEM_ADMIN_ROLE],
    });
  }

  return {
    async state() {
      const tenant = await defaultTenant();
      return {
        setupRequired: (await store.countUsers(tenant.id)) === 0,
        tenant: { slug: tenant.slug, name: tenant.name },
      };
    },

    async setup(input, origin) {
      const body = bodyWithKeys(input, ['email', 'password', 'name', 'locale']);
      const tenant = await defaultTenant();
      if ((await store.countUsers(tenant.id)) > 0) throw SETUP_ALREADY_DONE();
      const user = await createFirst(tenant, {
        email: field(body, 'email'),
        password: field(body, 'password', 1024),
        name: field(body, 'name', 200),
        locale: optionalField(body, 'locale', 20) ?? 'zh-CN',
      });
      if (user === null) throw SETUP_ALREADY_DONE();
      await audit({
        tenantId: tenant.id,
        actorId: user.id,
        action: 'auth.setup',
        ip: origin.ip,
        target: user.id,
      });
      const signIn = await startSession(user, tenant, origin);
      await audit({ tenantId: tenant.id, actorId: user.id, action: 'auth.login', ip: origin.ip });
      return signIn;
    },

    async login(input, origin) {
      const body = bodyWithKeys(input, ['email', 'password', 'tenant']);
      const email = field(body, 'email', 254).trim().toLowerCase();
      const password = field(body, 'password', 1024);
      const slug = optionalField(body, 'tenant', 63) ?? deps.defaultTenantSlug;
      const tenant = await store.findTenant(slug);
      const key = `${tenant?.id ?? slug}\u0000${email}\u0000${origin.ip ?? ''}`;
      const now = clock.now().getTime();
      const wait = throttle.retryAfter(key, now);
      if (wait > 0) {
        if (tenant) {
          await audit({
            tenantId: tenant.id,
            actorId: 'anonymous',
            action: 'auth.login_throttled',
            ip: origin.ip,
            details: { email },
          });
        }
        throw AUTH_RATE_LIMITED({ retryAfterSeconds: Math.ceil(wait / 1000) });
      }
      const found = tenant ? await store.findCredentials(tenant.id, email) : undefined;
      const usable =
        found !== undefined && found.user.status === 'active' && found.passwordHash !== null;
      const matches = await hasher.verify(
        usable && found.passwordHash !== null ? found.passwordHash : await dummy(),
        password,
      );
      if (!tenant || !usable || !matches) {
        throttle.fail(key, now);
        if (tenant) {
          await audit({
            tenantId: tenant.id,
            actorId: found?.user.id ?? 'anonymous',
            action: 'auth.login_failed',
            ip: origin.ip,
            details: { email },
          });
        }
        throw AUTH_INVALID_CREDENTIALS();
      }
      throttle.succeed(key);
      const signIn = await startSession(found.user, tenant, origin);
      await audit({
        tenantId: tenant.id,
        actorId: found.user.id,
        action: 'auth.login',
        ip: origin.ip,
      });
      return signIn;
    },

    async logout(principal, origin) {
      cache.delete(`s:${principal.credentialHash}`);
      if (principal.via === 'session') {
        await store.revokeSession(principal.tenant.id, principal.credentialHash, clock.now());
      }
      await audit({
        tenantId: principal.tenant.id,
        actorId: principal.user.id,
        action: 'auth.logout',
        ip: origin.ip,
      });
    },

    async authenticateSession(cookie) {
      if (cookie === undefined) return null;
      const parsed = parseCredential(cookie, SESSION_PREFIX);
      if (!parsed) return null;
      const idHash = hashSecret(parsed.secret);
      const key = `s:${idHash}`;
      const now = clock.now().getTime();
      const cached = fresh(key, parsed.tenantId, now);
      if (cached) {
        if (now >= cached.expiresAt || now - cached.lastSeenAt >= idleMs) {
          cache.delete(key);
          return null;
        }
        if (now - cached.lastSeenAt >= TOUCH_EVERY_MS) {
          cached.lastSeenAt = now;
          await store.touchSession(parsed.tenantId, idHash, new Date(now));
        }
        return cached.principal;
      }
      cache.delete(key);
      const found = await store.findSession(parsed.tenantId, idHash);
      if (!found) return null;
      const { session, user } = found;
      const expiresAt = session.expiresAt.getTime();
      let lastSeenAt = session.lastSeenAt.getTime();
      if (session.revokedAt !== null || now >= expiresAt || now - lastSeenAt >= idleMs) return null;
      if (user.status !== 'active') return null;
      const tenant = await tenantById(parsed.tenantId);
      if (!tenant) return null;
      if (now - lastSeenAt >= TOUCH_EVERY_MS) {
        lastSeenAt = now;
        await store.touchSession(parsed.tenantId, idHash, new Date(now));
      }
      const principal: Principal = {
        tenant,
        user,
        via: 'session',
        credentialHash: idHash,
        scopes: null,
      };
      remember(key, { principal, expiresAt, lastSeenAt, cachedAt: now });
      return principal;
    },

    async authenticateToken(token) {
      const parsed = parseCredential(token, TOKEN_PREFIX);
      if (!parsed) return null;
      const tokenHash = hashSecret(parsed.secret);
      const key = `t:${tokenHash}`;
      const now = clock.now().getTime();
      const cached = fresh(key, parsed.tenantId, now);
      if (cached) {
        if (now >= cached.expiresAt) return null;
        return cached.principal;
      }
      cache.delete(key);
      const found = await store.findToken(parsed.tenantId, tokenHash);
      if (!found) return null;
      const { token: info, user } = found;
      const expiresAt =
        info.expiresAt === null ? Number.POSITIVE_INFINITY : Date.parse(info.expiresAt);
      if (info.revokedAt !== null || now >= expiresAt || user.status !== 'active') return null;
      const tenant = await tenantById(parsed.tenantId);
      if (!tenant) return null;
      if (info.lastUsedAt === null || now - Date.parse(info.lastUsedAt) >= TOUCH_EVERY_MS) {
        await store.touchToken(parsed.tenantId, info.id, new Date(now));
      }
      const principal: Principal = {
        tenant,
        user,
        via: 'token',
        credentialHash: tokenHash,
        scopes: info.scopes,
      };
      remember(key, { principal, expiresAt, lastSeenAt: now, cachedAt: now });
      return principal;
    },

    async changePassword(principal, input, origin) {
      const body = bodyWithKeys(input, ['currentPassword', 'newPassword']);
      const current = field(body, 'currentPassword', 1024);
      const next = field(body, 'newPassword', 1024);
      const { tenant, user } = principal;
      const key = `${tenant.id}\u0000password\u0000${user.id}`;
      const now = clock.now().getTime();
      const wait = throttle.retryAfter(key, now);
      if (wait > 0) throw AUTH_RATE_LIMITED({ retryAfterSeconds: Math.ceil(wait / 1000) });
      const stored = await store.passwordHashOf(tenant.id, user.id);
      if (!stored || !(await hasher.verify(stored, current))) {
        throttle.fail(key, now);
        await audit({
          tenantId: tenant.id,
          actorId: user.id,
          action: 'auth.password_change_failed',
          ip: origin.ip,
        });
        throw CURRENT_PASSWORD_INCORRECT();
      }
      checkPassword(next);
      throttle.succeed(key);
      await store.updateUser(tenant.id, user.id, { passwordHash: await hasher.hash(next) });
      await this.revokeUser(tenant.id, user.id);
      await audit({
        tenantId: tenant.id,
        actorId: user.id,
        action: 'auth.password_changed',
        ip: origin.ip,
        target: user.id,
      });
      return principal.via === 'session' ? startSession(user, tenant, origin) : null;
    },

    async createToken(principal, input, origin) {
      if (principal.via !== 'session')
        throw PERMISSION_DENIED({ reason: 'tokens are created when signed in' });
      const body = bodyWithKeys(input, ['name', 'scopes', 'expiresAt']);
      const name = field(body, 'name', 100);
      const scopes = parseScopes(body.scopes);
      let expiresAt: string | null = null;
      if (body.expiresAt !== undefined && body.expiresAt !== null) {
        const at = typeof body.expiresAt === 'string' ? Date.parse(body.expiresAt) : Number.NaN;
        if (Number.isNaN(at) || at <= clock.now().getTime()) {
          throw BAD_REQUEST({ reason: 'expiresAt must be a future ISO 8601 time' });
        }
        expiresAt = new Date(at).toISOString();
      }
      const secret = newSecret();
      const info: ApiTokenInfo = {
        id: randomUUID(),
        tenantId: principal.tenant.id,
        userId: principal.user.id,
        name,
        scopes,
        createdAt: clock.now().toISOString(),
        expiresAt,
        lastUsedAt: null,
        revokedAt: null,
      };
      await store.createToken({ ...info, tokenHash: hashSecret(secret) });
      await audit({
        tenantId: principal.tenant.id,
        actorId: principal.user.id,
        action: 'token.created',
        ip: origin.ip,
        target: info.id,
        details: { name, scopes, expiresAt },
      });
      return { token: `${TOKEN_PREFIX}${principal.tenant.id}.${secret}`, info };
    },

    listTokens(principal) {
      return store.listTokens(
        principal.tenant.id,
        isAdmin(principal) ? undefined : principal.user.id,
      );
    },

    async revokeToken(principal, id, origin) {
      const tokens = await store.listTokens(
        principal.tenant.id,
        isAdmin(principal) ? undefined : principal.user.id,
      );
      if (!tokens.some((t) => t.id === id)) throw IDENTITY_NOT_FOUND({ kind: 'token', id });
      const hash = await store.revokeToken(principal.tenant.id, id, clock.now());
      if (hash !== undefined) cache.delete(`t:${hash}`);
      await audit({
        tenantId: principal.tenant.id,
        actorId: principal.user.id,
        action: 'token.revoked',
        ip: origin.ip,
        target: id,
      });
    },

    async revokeUser(tenantId, userId, exceptHash) {
      const revoked = await store.revokeUserSessions(tenantId, userId, clock.now(), exceptHash);
      for (const hash of revoked) cache.delete(`s:${hash}`);
      forgetUser(tenantId, userId);
    },

    forgetUser,

    async ensureAdmin(input) {
      const tenant = await defaultTenant();
      if ((await store.countUsers(tenant.id)) > 0) return false;
      const user = await createFirst(tenant, {
        email: input.email,
        password: input.password,
        name: input.name ?? 'Administrator',
        locale: 'zh-CN',
      });
      if (user === null) return false;
      await audit({
        tenantId: tenant.id,
        actorId: 'system',
        action: 'auth.setup',
        target: user.id,
        details: { via: 'environment' },
      });
      return true;
    },

    async hashPassword(password) {
      if (typeof password !== 'string')
        throw PASSWORD_TOO_WEAK({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH });
      checkPassword(password);
      return hasher.hash(password);
    },

    audit,
  };
}
