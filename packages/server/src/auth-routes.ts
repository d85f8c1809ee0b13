import { type AccessService, type AuthService, isAdmin, type Principal } from '@tangram/engine';
import type { FastifyPluginAsync } from 'fastify';
import { clearedSessionCookie, originOf, principalOf, sessionCookie } from './auth-request.js';

/** What the auth routes need. */
export interface AuthRoutesOptions {
  readonly auth: AuthService;
  readonly access: AccessService;
}

const UUID = '^[0-9a-fA-F-]{36}$';

/** The user as the API shows it: never a hash. */
export function publicUser(principal: Pick<Principal, 'user'>['user']) {
  return {
    id: principal.id,
    email: principal.email,
    name: principal.name,
    locale: principal.locale,
    departmentId: principal.departmentId,
    status: principal.status,
    roles: principal.roles,
  };
}

function localized(label: unknown, locale: string): string {
  if (label !== null && typeof label === 'object') {
    const text = label as Record<string, string>;
    return text[locale] ?? text['zh-CN'] ?? text.en ?? Object.values(text)[0] ?? '';
  }
  return typeof label === 'string' ? label : '';
}

const credentialsBody = { type: 'object' } as const;

/**
 * `/api/v1/auth`: state, first-administrator setup, login, logout, me, password change and the
 * caller's API tokens (AUTH-CONTRACT). Bodies are checked by the auth service, which refuses
 * unknown keys and oversize values.
 */
export const authRoutes: FastifyPluginAsync<AuthRoutesOptions> = async (app, options) => {
  const { auth, access } = options;

  app.get('/state', async () => auth.state());

  app.post('/setup', { schema: { body: credentialsBody } }, async (request, reply) => {
    const signIn = await auth.setup(request.body, originOf(request));
    reply.header('set-cookie', sessionCookie(request, signIn.sessionCookie, signIn.expiresAt));
    reply.status(201);
    return { user: publicUser(signIn.user), tenant: signIn.tenant };
  });

  app.post('/login', { schema: { body: credentialsBody } }, async (request, reply) => {
    const signIn = await auth.login(request.body, originOf(request));
    reply.header('set-cookie', sessionCookie(request, signIn.sessionCookie, signIn.expiresAt));
    return { user: publicUser(signIn.user), tenant: signIn.tenant };
  });

  app.post('/logout', async (request, reply) => {
    await auth.logout(principalOf(request), originOf(request));
    reply.header('set-cookie', clearedSessionCookie(request));
    return reply.status(204).send();
  });

  app.get('/me', async (request) => {
    const principal = principalOf(request);
    const roles = await access.rolesOf(principal);
    return {
      user: publicUser(principal.user),
      tenant: principal.tenant,
      roles: roles.map((role) => ({
        name: role.name,
        label: localized(role.label, principal.user.locale),
      })),
      isAdmin: isAdmin(principal),
      via: principal.via,
      permissions: await access.permissions(principal),
      fields: await access.fieldAccess(principal),
    };
  });

  app.post('/password', { schema: { body: credentialsBody } }, async (request, reply) => {
    const signIn = await auth.changePassword(principalOf(request), request.body, originOf(request));
    if (signIn)
      reply.header('set-cookie', sessionCookie(request, signIn.sessionCookie, signIn.expiresAt));
    return reply.status(204).send();
  });

  app.get('/tokens', async (request) => ({ tokens: await auth.listTokens(principalOf(request)) }));

  app.post('/tokens', { schema: { body: credentialsBody } }, async (request, reply) => {
    const created = await auth.createToken(principalOf(request), request.body, originOf(request));
    reply.status(201);
    return { token: created.token, ...created.info };
  });

  app.delete<{ Params: { id: string } }>(
    '/tokens/:id',
    {
      schema: { params: { type: 'object', properties: { id: { type: 'string', pattern: UUID } } } },
    },
    async (request, reply) => {
      await auth.revokeToken(principalOf(request), request.params.id, originOf(request));
      return reply.status(204).send();
    },
  );
};
