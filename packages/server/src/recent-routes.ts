import { MAX_RECENT, type RecentRecords } from '@tangram/engine';
import type { FastifyPluginAsync } from 'fastify';
import type { RequestContextResolver } from './request-context.js';
import { OBJECT_NAME_LIST } from './search-routes.js';

/** What the recent-records route needs. */
export interface RecentRoutesOptions {
  readonly recent: RecentRecords;
  readonly resolveContext: RequestContextResolver;
}

interface RecentQuerystring {
  readonly objects?: string;
  readonly limit?: number;
}

const recentQuerystring = {
  type: 'object',
  additionalProperties: false,
  properties: {
    objects: OBJECT_NAME_LIST,
    limit: { type: 'integer', minimum: 1, maximum: MAX_RECENT },
  },
} as const;

/**
 * `GET /api/v1/recent[?objects=account,contact][&limit=10]`: the records the caller wrote last,
 * newest first, of every object (or of the objects named), those the caller may still read.
 */
export const recentRoutes: FastifyPluginAsync<RecentRoutesOptions> = async (app, options) => {
  app.get<{ Querystring: RecentQuerystring }>(
    '/',
    { schema: { querystring: recentQuerystring } },
    async (request) => {
      const ctx = await options.resolveContext(request);
      const { objects, limit } = request.query;
      return options.recent.recent(ctx, {
        ...(objects === undefined ? {} : { objects: objects.split(',') }),
        ...(limit === undefined ? {} : { limit }),
      });
    },
  );
};
