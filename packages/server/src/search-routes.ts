import { type GlobalSearch, MAX_SEARCH_PER_OBJECT } from '@tangram/engine';
import type { FastifyPluginAsync } from 'fastify';
import type { RequestContextResolver } from './request-context.js';

/** What the search route needs. */
export interface SearchRoutesOptions {
  readonly search: GlobalSearch;
  readonly resolveContext: RequestContextResolver;
}

interface SearchQuerystring {
  readonly q: string;
  readonly objects?: string;
  readonly limit?: number;
}

/** A query parameter naming objects, separated by commas: at most a hundred machine names. */
export const OBJECT_NAME_LIST = {
  type: 'string',
  pattern: '^[a-z][a-z0-9_]{0,62}(,[a-z][a-z0-9_]{0,62}){0,99}$',
} as const;

const searchQuerystring = {
  type: 'object',
  required: ['q'],
  additionalProperties: false,
  properties: {
    q: { type: 'string', minLength: 1, maxLength: 200 },
    objects: OBJECT_NAME_LIST,
    limit: { type: 'integer', minimum: 1, maximum: MAX_SEARCH_PER_OBJECT },
  },
} as const;

/**
 * `GET /api/v1/search?q=acme[&objects=account,contact][&limit=5]`: the records of every object
 * (or of the objects named) whose name or searchable fields hold the text, grouped by object.
 */
export const searchRoutes: FastifyPluginAsync<SearchRoutesOptions> = async (app, options) => {
  app.get<{ Querystring: SearchQuerystring }>(
    '/',
    { schema: { querystring: searchQuerystring } },
    async (request) => {
      const ctx = await options.resolveContext(request);
      const { q, objects, limit } = request.query;
      return options.search.search(ctx, q, {
        ...(objects === undefined ? {} : { objects: objects.split(',') }),
        ...(limit === undefined ? {} : { perObject: limit }),
      });
    },
  );
};
