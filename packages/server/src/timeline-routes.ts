import { MAX_TIMELINE_PAGE, type RecordTimeline } from '@tangram/engine';
import type { FastifyPluginAsync } from 'fastify';
import type { RequestContextResolver } from './request-context.js';

/** What the timeline route needs. */
export interface TimelineRoutesOptions {
  readonly timeline: RecordTimeline;
  readonly resolveContext: RequestContextResolver;
}

interface TimelineParams {
  readonly object: string;
  readonly id: string;
}

interface TimelineQuerystring {
  readonly limit?: number;
  readonly cursor?: string;
  readonly objects?: string;
}

const NAME = '[a-z][a-z0-9_]{0,62}';

const timelineParams = {
  type: 'object',
  required: ['object', 'id'],
  properties: {
    object: { type: 'string', pattern: `^${NAME}$` },
    id: {
      type: 'string',
      pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
    },
  },
} as const;

const timelineQuerystring = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: MAX_TIMELINE_PAGE },
    cursor: { type: 'string', minLength: 1, maxLength: 1000 },
    // An empty list asks for the audit trail only.
    objects: { type: 'string', pattern: `^(${NAME}(,${NAME}){0,99})?$` },
  },
} as const;

/**
 * `GET /api/v1/objects/:object/records/:id/timeline`: the record's audit trail and the records
 * pointing at it (follow-ups, contacts, deals …), newest first, with a keyset `nextCursor`.
 */
export const timelineRoutes: FastifyPluginAsync<TimelineRoutesOptions> = async (app, options) => {
  app.get<{ Params: TimelineParams; Querystring: TimelineQuerystring }>(
    '/:id/timeline',
    { schema: { params: timelineParams, querystring: timelineQuerystring } },
    async (request) => {
      const ctx = await options.resolveContext(request);
      const { limit, cursor, objects } = request.query;
      return options.timeline.timeline(ctx, request.params.object, request.params.id, {
        ...(limit === undefined ? {} : { limit }),
        ...(cursor === undefined ? {} : { cursor }),
        ...(objects === undefined ? {} : { objects: objects === '' ? [] : objects.split(',') }),
      });
    },
  );
};
