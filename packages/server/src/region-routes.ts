import { findRegion, regionChildren, regionPath } from '@tangram/engine';
import { NOT_FOUND } from '@tangram/errors';
import type { FastifyPluginAsync } from 'fastify';

const CODE = { type: 'string', pattern: '^(\\d{2}|\\d{4}|\\d{6})$' } as const;

// The divisions change about once a year with a release: let browsers and proxies keep them a day.
const CACHE_CONTROL = 'public, max-age=86400';

/**
 * The administrative divisions of China for region pickers: `GET /api/v1/regions?parent=11`
 * lists the divisions under a code (the provinces without `parent`), `GET /api/v1/regions/:code`
 * answers one division with its path from the province down.
 */
export const regionRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: { parent?: string } }>(
    '/',
    {
      schema: {
        querystring: { type: 'object', additionalProperties: false, properties: { parent: CODE } },
      },
    },
    async (request, reply) => {
      const parent = request.query.parent ?? '';
      if (parent !== '' && !findRegion(parent)) {
        throw NOT_FOUND({ method: request.method, url: request.url });
      }
      reply.header('cache-control', CACHE_CONTROL);
      return { regions: regionChildren(parent) };
    },
  );

  app.get<{ Params: { code: string } }>(
    '/:code',
    {
      schema: { params: { type: 'object', required: ['code'], properties: { code: CODE } } },
    },
    async (request, reply) => {
      const region = findRegion(request.params.code);
      if (!region) throw NOT_FOUND({ method: request.method, url: request.url });
      reply.header('cache-control', CACHE_CONTROL);
      return { ...region, path: regionPath(region.code) };
    },
  );
};
