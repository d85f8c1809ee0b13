import type { ConversionFailureMode, RecordService } from '@tangram/engine';
import type { FastifyPluginAsync } from 'fastify';
import { formatEtag, parseIfMatch } from './if-match.js';
import type { RequestContextResolver } from './request-context.js';

/** What the field type change routes need: the record service and who is asking. */
export interface FieldTypeChangeRoutesOptions {
  readonly records: RecordService;
  readonly resolveContext: RequestContextResolver;
}

interface FieldParams {
  readonly name: string;
  readonly field: string;
}

const NAME = '^[a-z][a-z0-9_]{0,62}$';

const fieldParams = {
  type: 'object',
  required: ['name', 'field'],
  properties: {
    name: { type: 'string', pattern: NAME },
    field: { type: 'string', pattern: NAME },
  },
} as const;

// The new field definition; the engine validates it as part of its object, with every issue.
const fieldBody = { type: 'object' } as const;

/**
 * Changing a field's type in two steps, under `/api/v1/metadata/object/:name/fields/:field/
 * type-change`: `preview` lists every value that would not convert; `apply` (If-Match: the
 * object's revision) moves the values and publishes the object with the new type.
 */
export const fieldTypeChangeRoutes: FastifyPluginAsync<FieldTypeChangeRoutesOptions> = async (
  app,
  options,
) => {
  const { records, resolveContext } = options;

  app.post<{ Params: FieldParams; Body: Record<string, unknown> }>(
    '/preview',
    { schema: { params: fieldParams, body: fieldBody } },
    async (request) => {
      const ctx = await resolveContext(request);
      const { name, field } = request.params;
      return records.previewFieldTypeChange(ctx, name, field, request.body);
    },
  );

  app.post<{
    Params: FieldParams;
    Body: Record<string, unknown>;
    Querystring: { onFailure?: ConversionFailureMode };
  }>(
    '/apply',
    {
      schema: {
        params: fieldParams,
        body: fieldBody,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { onFailure: { type: 'string', enum: ['refuse', 'keep'] } },
        },
      },
    },
    async (request, reply) => {
      const ctx = await resolveContext(request);
      const { name, field } = request.params;
      const result = await records.applyFieldTypeChange(ctx, name, field, request.body, {
        ifMatch: parseIfMatch(request.headers['if-match']),
        onFailure: request.query.onFailure ?? 'refuse',
      });
      reply.header('etag', formatEtag(result.revision));
      return result;
    },
  );
};
