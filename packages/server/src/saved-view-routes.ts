import type { SavedViewInput, SavedViewService } from '@tangram/engine';
import type { FastifyPluginAsync } from 'fastify';
import { formatEtag, parseIfMatch } from './if-match.js';
import type { RequestContextResolver } from './request-context.js';

/** What the saved-view routes need. */
export interface SavedViewRoutesOptions {
  readonly savedViews: SavedViewService;
  readonly resolveContext: RequestContextResolver;
}

const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const NAME = '^[a-z][a-z0-9_]{0,62}$';

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: UUID } },
} as const;

const label = { type: 'string', minLength: 1, maxLength: 100 } as const;
const visibility = { type: 'string', enum: ['personal', 'shared'] } as const;
// The definition's own shape is checked by the service against the view schema, with paths.
const definition = { type: 'object' } as const;

const createBody = {
  type: 'object',
  required: ['object', 'label', 'visibility', 'definition'],
  additionalProperties: false,
  properties: { object: { type: 'string', pattern: NAME }, label, visibility, definition },
} as const;

const updateBody = {
  type: 'object',
  minProperties: 1,
  additionalProperties: false,
  properties: { label, visibility, definition },
} as const;

/**
 * Saved views under `/api/v1/saved-views`: `GET ?object=` lists the shared views of an object and
 * the caller's personal ones; POST saves one; GET, PATCH (If-Match) and DELETE (If-Match) by id.
 * Only the owner may change or delete a view.
 */
export const savedViewRoutes: FastifyPluginAsync<SavedViewRoutesOptions> = async (app, options) => {
  const { savedViews, resolveContext } = options;

  app.get<{ Querystring: { object: string } }>(
    '/',
    {
      schema: {
        querystring: {
          type: 'object',
          required: ['object'],
          additionalProperties: false,
          properties: { object: { type: 'string', pattern: NAME } },
        },
      },
    },
    async (request) => {
      const ctx = await resolveContext(request);
      return { views: await savedViews.list(ctx, request.query.object) };
    },
  );

  app.post<{ Body: SavedViewInput }>(
    '/',
    { schema: { body: createBody } },
    async (request, reply) => {
      const ctx = await resolveContext(request);
      const view = await savedViews.create(ctx, request.body);
      reply
        .status(201)
        .header('etag', formatEtag(view.version))
        .header('location', `${app.prefix}/${view.id}`);
      return view;
    },
  );

  app.get<{ Params: { id: string } }>(
    '/:id',
    { schema: { params: idParams } },
    async (request, reply) => {
      const ctx = await resolveContext(request);
      const view = await savedViews.get(ctx, request.params.id);
      reply.header('etag', formatEtag(view.version));
      return view;
    },
  );

  app.patch<{ Params: { id: string }; Body: Partial<Omit<SavedViewInput, 'object'>> }>(
    '/:id',
    { schema: { params: idParams, body: updateBody } },
    async (request, reply) => {
      const ctx = await resolveContext(request);
      const view = await savedViews.update(ctx, request.params.id, request.body, {
        ifMatch: parseIfMatch(request.headers['if-match']),
      });
      reply.header('etag', formatEtag(view.version));
      return view;
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/:id',
    { schema: { params: idParams } },
    async (request, reply) => {
      const ctx = await resolveContext(request);
      await savedViews.remove(ctx, request.params.id, {
        ifMatch: parseIfMatch(request.headers['if-match']),
      });
      return reply.status(204).send();
    },
  );
};
