import type { DirectoryService } from '@tangram/engine';
import type { FastifyPluginAsync } from 'fastify';
import { originOf, principalOf } from './auth-request.js';

/** What the identity administration routes need. */
export interface IdentityRoutesOptions {
  readonly directory: DirectoryService;
}

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', maxLength: 36 } },
} as const;

const anyBody = { type: 'object' } as const;

/**
 * `/api/v1/identity`: users, roles, departments, sharing rules and record shares, for
 * administrators (403 PERMISSION_DENIED for everyone else); the owner of a record may also list,
 * add and remove the shares of that record. Bodies are checked by the directory
 * service, which refuses unknown keys: `tenantId`, `id` or a password hash cannot be assigned.
 */
export const identityRoutes: FastifyPluginAsync<IdentityRoutesOptions> = async (app, options) => {
  const { directory } = options;

  app.get('/users', async (request) => ({
    users: await directory.listUsers(principalOf(request)),
  }));

  app.post('/users', { schema: { body: anyBody } }, async (request, reply) => {
    reply.status(201);
    return directory.createUser(principalOf(request), request.body, originOf(request));
  });

  app.get<{ Params: { id: string } }>(
    '/users/:id',
    { schema: { params: idParams } },
    async (request) => directory.getUser(principalOf(request), request.params.id),
  );

  app.patch<{ Params: { id: string } }>(
    '/users/:id',
    { schema: { params: idParams, body: anyBody } },
    async (request) =>
      directory.updateUser(
        principalOf(request),
        request.params.id,
        request.body,
        originOf(request),
      ),
  );

  app.get('/roles', async (request) => ({
    roles: await directory.listRoles(principalOf(request)),
  }));

  app.get('/departments', async (request) => ({
    departments: await directory.listDepartments(principalOf(request)),
  }));

  app.post('/departments', { schema: { body: anyBody } }, async (request, reply) => {
    reply.status(201);
    return directory.createDepartment(principalOf(request), request.body, originOf(request));
  });

  app.patch<{ Params: { id: string } }>(
    '/departments/:id',
    { schema: { params: idParams, body: anyBody } },
    async (request) =>
      directory.updateDepartment(
        principalOf(request),
        request.params.id,
        request.body,
        originOf(request),
      ),
  );

  app.delete<{ Params: { id: string } }>(
    '/departments/:id',
    { schema: { params: idParams } },
    async (request, reply) => {
      await directory.deleteDepartment(principalOf(request), request.params.id, originOf(request));
      return reply.status(204).send();
    },
  );

  app.get<{ Querystring: { object?: string } }>(
    '/sharing-rules',
    {
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { object: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,62}$' } },
        },
      },
    },
    async (request) => ({
      rules: await directory.listSharingRules(principalOf(request), request.query.object),
    }),
  );

  app.post('/sharing-rules', { schema: { body: anyBody } }, async (request, reply) => {
    reply.status(201);
    return directory.createSharingRule(principalOf(request), request.body, originOf(request));
  });

  app.delete<{ Params: { id: string } }>(
    '/sharing-rules/:id',
    { schema: { params: idParams } },
    async (request, reply) => {
      await directory.deleteSharingRule(principalOf(request), request.params.id, originOf(request));
      return reply.status(204).send();
    },
  );

  app.get<{ Querystring: { object: string; record: string } }>(
    '/record-shares',
    {
      schema: {
        querystring: {
          type: 'object',
          required: ['object', 'record'],
          additionalProperties: false,
          properties: {
            object: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,62}$' },
            record: { type: 'string', maxLength: 36 },
          },
        },
      },
    },
    async (request) => ({
      shares: await directory.listRecordShares(
        principalOf(request),
        request.query.object,
        request.query.record,
      ),
    }),
  );

  app.post('/record-shares', { schema: { body: anyBody } }, async (request, reply) => {
    reply.status(201);
    return directory.shareRecord(principalOf(request), request.body, originOf(request));
  });

  app.post('/record-shares/remove', { schema: { body: anyBody } }, async (request, reply) => {
    await directory.unshareRecord(principalOf(request), request.body, originOf(request));
    return reply.status(204).send();
  });
};
