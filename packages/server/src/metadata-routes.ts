import {
  METADATA_NAME_MISMATCH,
  METADATA_UNKNOWN_KIND,
  type MetadataDiffSide,
  type MetadataRef,
  type MetadataService,
  type MetadataState,
} from '@tangram/engine';
import { BAD_REQUEST } from '@tangram/errors';
import { isMetadataKind, METADATA_KINDS } from '@tangram/schema';
import type { FastifyPluginAsync } from 'fastify';
import { formatEtag, MAX_VERSION, parseIfMatch } from './if-match.js';
import type { RequestContextResolver } from './request-context.js';

/** What the metadata routes need: the service and the way to tell who is asking. */
export interface MetadataRoutesOptions {
  readonly metadata: MetadataService;
  readonly resolveContext: RequestContextResolver;
}

interface DocumentParams {
  readonly kind: string;
  readonly name: string;
}

const NAME = '^[a-z][a-z0-9_]{0,62}$';
// Versions are PostgreSQL integers: a larger one is a 400 here, not an out-of-range error in the
// store.
const VERSION = { type: 'integer', minimum: 1, maximum: MAX_VERSION } as const;
const DIFF_SIDE = '^(draft|0|[1-9][0-9]{0,8})$';

const documentParams = {
  type: 'object',
  required: ['kind', 'name'],
  properties: {
    kind: { type: 'string', maxLength: 63 },
    name: { type: 'string', pattern: NAME },
  },
} as const;

const kindRef = {
  type: 'object',
  required: ['kind', 'name'],
  additionalProperties: false,
  properties: { kind: { type: 'string' }, name: { type: 'string', pattern: NAME } },
} as const;

function parseDiffSide(value: string): MetadataDiffSide {
  return value === 'draft' ? 'draft' : Number(value);
}

// The path names the document; a body claiming another one is refused rather than guessed at.
function checkBodyNames(params: DocumentParams, body: unknown): void {
  if (!isMetadataKind(params.kind)) throw METADATA_UNKNOWN_KIND({ kind: params.kind });
  const { kind, name } = (body ?? {}) as { kind?: unknown; name?: unknown };
  if (kind !== params.kind || name !== params.name) {
    throw METADATA_NAME_MISMATCH({ expected: params, actual: { kind, name } });
  }
}

/** The metadata API: list, get, save and discard drafts, validate, publish, history, diff, revert. */
export const metadataRoutes: FastifyPluginAsync<MetadataRoutesOptions> = async (app, options) => {
  const { metadata, resolveContext } = options;

  app.get<{ Querystring: { kind?: string } }>(
    '/',
    {
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { kind: { type: 'string', enum: [...METADATA_KINDS] } },
        },
      },
    },
    async (request) => {
      const ctx = await resolveContext(request);
      const { kind } = request.query;
      return { documents: await metadata.list(ctx, kind === undefined ? {} : { kind }) };
    },
  );

  app.get<{ Params: DocumentParams; Querystring: { state?: MetadataState; version?: number } }>(
    '/:kind/:name',
    {
      schema: {
        params: documentParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            state: { type: 'string', enum: ['draft', 'published', 'effective'] },
            version: VERSION,
          },
        },
      },
    },
    async (request, reply) => {
      const ctx = await resolveContext(request);
      const { kind, name } = request.params;
      const { version } = request.query;
      // ajv coerces `?version=1e999` to Infinity and checks no bound on a coerced string.
      if (version !== undefined && !Number.isSafeInteger(version)) {
        throw BAD_REQUEST({ parameter: 'version', reason: `an integer from 1 to ${MAX_VERSION}` });
      }
      const entry = await metadata.get(ctx, kind, name, request.query);
      reply.header('etag', formatEtag(entry.revision));
      return entry;
    },
  );

  app.put<{ Params: DocumentParams; Body: unknown }>(
    '/:kind/:name',
    { schema: { params: documentParams, body: { type: 'object' } } },
    async (request, reply) => {
      const ctx = await resolveContext(request);
      checkBodyNames(request.params, request.body);
      const ifMatch = parseIfMatch(request.headers['if-match']);
      const saved = await metadata.saveDraft(
        ctx,
        request.body,
        ifMatch === undefined ? {} : { ifMatch },
      );
      reply.header('etag', formatEtag(saved.revision));
      return saved;
    },
  );

  app.delete<{ Params: DocumentParams }>(
    '/:kind/:name/draft',
    { schema: { params: documentParams } },
    async (request, reply) => {
      const ctx = await resolveContext(request);
      const { kind, name } = request.params;
      const ifMatch = parseIfMatch(request.headers['if-match']);
      const result = await metadata.discardDraft(
        ctx,
        kind,
        name,
        ifMatch === undefined ? {} : { ifMatch },
      );
      reply.header('etag', formatEtag(result.revision));
      return result;
    },
  );

  app.post('/validate', async (request) => metadata.validate(await resolveContext(request)));

  app.post<{ Body: { documents?: MetadataRef[]; message?: string } | undefined }>(
    '/publish',
    {
      schema: {
        body: {
          type: ['object', 'null'],
          additionalProperties: false,
          properties: {
            documents: { type: 'array', items: kindRef, minItems: 1, maxItems: 10000 },
            message: { type: 'string', maxLength: 2000 },
          },
        },
      },
    },
    async (request) => {
      const ctx = await resolveContext(request);
      return metadata.publish(ctx, request.body ?? {});
    },
  );

  app.get<{ Params: DocumentParams }>(
    '/:kind/:name/history',
    { schema: { params: documentParams } },
    async (request) => {
      const ctx = await resolveContext(request);
      const { kind, name } = request.params;
      return { versions: await metadata.history(ctx, kind, name) };
    },
  );

  app.get<{ Params: DocumentParams; Querystring: { from: string; to: string } }>(
    '/:kind/:name/diff',
    {
      schema: {
        params: documentParams,
        querystring: {
          type: 'object',
          required: ['from', 'to'],
          additionalProperties: false,
          properties: {
            from: { type: 'string', pattern: DIFF_SIDE },
            to: { type: 'string', pattern: DIFF_SIDE },
          },
        },
      },
    },
    async (request) => {
      const ctx = await resolveContext(request);
      const { kind, name } = request.params;
      const from = parseDiffSide(request.query.from);
      const to = parseDiffSide(request.query.to);
      return { from, to, diff: await metadata.diff(ctx, kind, name, { from, to }) };
    },
  );

  app.post<{ Params: DocumentParams; Body: { version: number; message?: string } }>(
    '/:kind/:name/revert',
    {
      schema: {
        params: documentParams,
        body: {
          type: 'object',
          required: ['version'],
          additionalProperties: false,
          properties: {
            version: VERSION,
            message: { type: 'string', maxLength: 2000 },
          },
        },
      },
    },
    async (request, reply) => {
      const ctx = await resolveContext(request);
      const { kind, name } = request.params;
      const ifMatch = parseIfMatch(request.headers['if-match']);
      const reverted = await metadata.revert(ctx, kind, name, {
        ...request.body,
        ...(ifMatch === undefined ? {} : { ifMatch }),
      });
      reply.header('etag', formatEtag(reverted.revision));
      return reverted;
    },
  );
};
