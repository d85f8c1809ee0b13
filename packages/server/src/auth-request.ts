import {
  type AccessService,
  AUTH_REQUIRED,
  type AuthService,
  CSRF_HEADER_MISSING,
  isAdmin,
  PERMISSION_DENIED,
  type Principal,
  type RequestOrigin,
  type TokenAction,
} from '@tangram/engine';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The name of the session cookie. */
export const SESSION_COOKIE = 'tangram_session';

/** The header (and value) every cookie-authenticated write must carry against CSRF. */
export const CSRF_HEADER = 'x-requested-with';
export const CSRF_HEADER_VALUE = 'tangram';

/** Routes under /api/v1 that answer without a session. */
const PUBLIC_ROUTES = new Set(['/api/v1/auth/state', '/api/v1/auth/setup', '/api/v1/auth/login']);

const principals = new WeakMap<FastifyRequest, Principal>();

/** The value of one cookie of the request, or undefined. */
export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** The principal the request was authenticated as; AUTH_REQUIRED when it was not. */
export function principalOf(request: FastifyRequest): Principal {
  const principal = principals.get(request);
  if (!principal) throw AUTH_REQUIRED();
  return principal;
}

/** The principal, or undefined on a public route without a session. */
export function maybePrincipalOf(request: FastifyRequest): Principal | undefined {
  return principals.get(request);
}

/** Where the request came from, for the audit log and the sign-in throttle. */
export function originOf(request: FastifyRequest): RequestOrigin {
  const agent = request.headers['user-agent'];
  return { ip: request.ip ?? null, userAgent: typeof agent === 'string' ? agent : null };
}

/** The Set-Cookie value of a session; `Secure` when the request came over https. */
export function sessionCookie(request: FastifyRequest, value: string, expiresAt: Date): string {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  return `${SESSION_COOKIE}=${encodeURIComponent(value)}; HttpOnly; SameSite=Lax; Path=/; Expires=${expiresAt.toUTCString()}${secure}`;
}

/** The Set-Cookie value that removes the session cookie. */
export function clearedSessionCookie(request: FastifyRequest): string {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  return `${SESSION_COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0${secure}`;
}

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}

/**
 * The onRequest hook that authenticates every /api/v1 route but sign-in's own: a bearer API
 * token, else the session cookie. Cookie-authenticated writes must carry the CSRF header.
 * Runs before the body is read, so an anonymous request never costs a body parse.
 */
export function createAuthHook(auth: AuthService) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const path = pathOf(request.url);
    if (!path.startsWith('/api/v1/')) return;
    const authorization = request.headers.authorization;
    if (typeof authorization === 'string' && authorization.startsWith('Bearer ')) {
      const principal = await auth.authenticateToken(authorization.slice(7).trim());
      if (!principal) throw AUTH_REQUIRED();
      principals.set(request, principal);
      return;
    }
    const cookie = readCookie(request, SESSION_COOKIE);
    const principal = cookie === undefined ? null : await auth.authenticateSession(cookie);
    if (principal) {
      const safe = request.method === 'GET' || request.method === 'HEAD';
      if (!safe && request.headers[CSRF_HEADER] !== CSRF_HEADER_VALUE) throw CSRF_HEADER_MISSING();
      principals.set(request, principal);
      return;
    }
    if (!PUBLIC_ROUTES.has(path)) throw AUTH_REQUIRED();
  };
}

const RECORDS_ROUTE = '/api/v1/objects/:object/records';

/** The request's method, HEAD read as the GET it is the head of. */
function methodOf(request: FastifyRequest): string {
  return request.method === 'HEAD' ? 'GET' : request.method;
}

function tokenAction(request: FastifyRequest, route: string): TokenAction | undefined {
  const rest = route.slice(RECORDS_ROUTE.length);
  const method = methodOf(request);
  // The recycle bin and restores reach what a delete reaches.
  const bin = (request.query as { deleted?: unknown } | null)?.deleted;
  if (method === 'GET') {
    if (rest === '/export.csv') return 'export';
    return bin === true || bin === 'true' ? 'delete' : 'read';
  }
  if (method === 'PATCH') return 'update';
  if (method === 'DELETE') return 'delete';
  if (method !== 'POST') return undefined;
  if (rest === '/query') {
    return (request.body as { deleted?: unknown } | null)?.deleted === true ? 'delete' : 'read';
  }
  if (rest === '' || rest === '/') return 'create';
  if (rest === '/:id/restore') return 'delete';
  if (rest === '/bulk') {
    const op = (request.body as { op?: unknown } | null)?.op;
    return op === 'create'
      ? 'create'
      : op === 'update'
        ? 'update'
        : op === 'delete' || op === 'restore'
          ? 'delete'
          : undefined;
  }
  return undefined;
}

/**
 * The routes beside the records a token reaches, `METHOD route` → the actions of which it needs
 * one (none: any token). What they answer is narrowed further by the token's objects, as records
 * are: search skips objects out of scope, and a file is served through a record the token reads.
 */
const TOKEN_ROUTES: ReadonlyMap<string, readonly TokenAction[]> = new Map([
  ['GET /api/v1/openapi.json', []],
  ['GET /api/v1/openapi.ts', []],
  ['GET /api/v1/auth/me', []],
  ['GET /api/v1/regions', []],
  ['GET /api/v1/regions/:code', []],
  ['GET /api/v1/search', ['read']],
  ['GET /api/v1/attachments/:id', ['read']],
  // A file is uploaded to be put in a field of a record the token creates or changes.
  ['POST /api/v1/attachments', ['create', 'update']],
]);

/**
 * The preHandler hook that holds API tokens to their scopes: a token reaches the records of the
 * objects and actions it was given, reads metadata, the OpenAPI document and its types, search, regions and
 * files, uploads files when it may write, and nothing else.
 */
export async function checkTokenScope(request: FastifyRequest): Promise<void> {
  const principal = principals.get(request);
  if (!principal || principal.scopes === null) return;
  const route = request.routeOptions.url ?? '';
  const method = methodOf(request);
  if (method === 'GET' && route.startsWith('/api/v1/metadata')) return;
  const needs = TOKEN_ROUTES.get(`${method} ${route}`);
  if (needs !== undefined) {
    if (needs.length === 0 || needs.some((action) => principal.scopes?.actions.includes(action))) {
      return;
    }
    throw PERMISSION_DENIED({ reason: 'token scope', route, action: needs.join(' or ') });
  }
  if (route.startsWith(RECORDS_ROUTE)) {
    const object = (request.params as { object?: string }).object ?? '';
    const action = tokenAction(request, route);
    const { objects, actions } = principal.scopes;
    if (
      action !== undefined &&
      actions.includes(action) &&
      (objects === '*' || objects.includes(object))
    ) {
      return;
    }
    throw PERMISSION_DENIED({ reason: 'token scope', object, action: action ?? request.method });
  }
  throw PERMISSION_DENIED({ reason: 'token scope', route });
}

/** The system permission a role needs to change metadata (administrators hold every one). */
export const DESIGN_PERMISSION = 'metadata.design';

const DOCUMENT_ROUTE = '/api/v1/metadata/:kind/:name';

/**
 * The preHandler hook that keeps designing to administrators and roles holding
 * `metadata.design`: metadata writes (drafts, publish, revert, field type changes) and the
 * design-time reads (drafts, old versions, history, diffs). Every other signed-in user reads the
 * published documents only: a document read without `state` is the published one for them.
 */
export function createDesignGuard(access: AccessService) {
  return async (request: FastifyRequest): Promise<void> => {
    const route = request.routeOptions.url ?? '';
    if (!route.startsWith('/api/v1/metadata')) return;
    const principal = principals.get(request);
    if (!principal || isAdmin(principal)) return;
    const reading = request.method === 'GET' || request.method === 'HEAD';
    const query = (request.query ?? {}) as { state?: string; version?: number };
    if (
      reading &&
      route !== DOCUMENT_ROUTE &&
      !route.endsWith('/history') &&
      !route.endsWith('/diff')
    ) {
      return;
    }
    if (reading && route === DOCUMENT_ROUTE && query.version === undefined) {
      if (query.state === undefined) query.state = 'published';
      if (query.state === 'published') return;
    }
    const roles = await access.rolesOf(principal);
    if (roles.some((role) => role.permissions?.includes(DESIGN_PERMISSION))) return;
    throw PERMISSION_DENIED({ reason: 'designing needs the metadata.design permission' });
  };
}
