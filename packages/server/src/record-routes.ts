import {
  type ApiRecord,
  type BulkRowResult,
  LIMIT_EXCEEDED,
  MAX_BULK_SIZE,
  type MetadataContext,
  type RecordReadRequest,
  type RecordService,
} from '@tangram/engine';
import { BAD_REQUEST, PRECONDITION_REQUIRED } from '@tangram/errors';
import type { FilterNode, SortSpec } from '@tangram/schema';
import type { FastifyBaseLogger, FastifyPluginAsync, FastifyReply } from 'fastify';
import { formatEtag, MAX_VERSION, parseIfMatch } from './if-match.js';
import {
  checkFilterSize,
  checkPageSize,
  MAX_SORT_KEYS,
  parseExpandParam,
  parseFieldsParam,
  parseFilterParam,
  parseSortParam,
} from './record-query-params.js';
import type { RequestContextResolver } from './request-context.js';
import { toAppError } from './to-app-error.js';

/** Largest body the bulk route accepts: ten MiB (the rest of the API takes one). */
export const BULK_BODY_LIMIT = 10 * 1024 * 1024;

/** What the record routes need: the record service and the way to tell who is asking. */
export interface RecordRoutesOptions {
  readonly records: RecordService;
  readonly resolveContext: RequestContextResolver;
}

interface ObjectParams {
  readonly object: string;
}

interface RecordParams extends ObjectParams {
  readonly id: string;
}

interface ListQuerystring {
  readonly filter?: string;
  readonly sort?: string;
  readonly fields?: string;
  readonly limit?: number;
  readonly cursor?: string;
  readonly q?: string;
  readonly count?: 'exact' | 'estimate' | 'none';
  readonly expand?: string;
  readonly deleted?: boolean;
}

interface QueryBody {
  readonly filter?: FilterNode;
  readonly sort?: SortSpec[];
  readonly fields?: string[];
  readonly limit?: number;
  readonly cursor?: string;
  readonly search?: string;
  readonly count?: 'exact' | 'estimate' | 'none';
  readonly expand?: string[];
  readonly deleted?: boolean;
}

type BulkBody =
  | { readonly op: 'create'; readonly records: Record<string, unknown>[] }
  | {
      readonly op: 'update';
      readonly records: { id: string; patch: Record<string, unknown>; ifMatch?: number }[];
    }
  | { readonly op: 'delete'; readonly records: { id: string; ifMatch?: number }[] }
  | { readonly op: 'restore'; readonly records: { id: string }[] };

const NAME = '^[a-z][a-z0-9_]{0,62}$';
const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
const COUNT_MODES = ['exact', 'estimate', 'none'] as const;

/** Route parameters naming an object by its machine name. */
export const objectParams = {
  type: 'object',
  required: ['object'],
  properties: { object: { type: 'string', pattern: NAME } },
} as const;

const recordParams = {
  type: 'object',
  required: ['object', 'id'],
  properties: {
    object: { type: 'string', pattern: NAME },
    id: { type: 'string', pattern: UUID },
  },
} as const;

const fieldPathList = { type: 'array', maxItems: 500, items: { type: 'string', maxLength: 255 } };
// The engine refuses more than ten expansions with QUERY_INVALID; this only bounds the request.
const expandList = { type: 'array', maxItems: 100, items: { type: 'string', maxLength: 63 } };
const expandParam = { type: 'string', minLength: 1, maxLength: 2000 };

const listQuerystring = {
  type: 'object',
  additionalProperties: false,
  properties: {
    filter: { type: 'string', maxLength: 100_000 },
    sort: { type: 'string', minLength: 1, maxLength: 2000 },
    fields: { type: 'string', minLength: 1, maxLength: 10_000 },
    limit: { type: 'integer', minimum: 1 },
    cursor: { type: 'string', minLength: 1, maxLength: 4000 },
    q: { type: 'string', minLength: 1, maxLength: 200 },
    count: { type: 'string', enum: COUNT_MODES },
    expand: expandParam,
    deleted: { type: 'boolean' },
  },
} as const;

const queryBody = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: {
    filter: { type: 'object' },
    sort: {
      type: 'array',
      maxItems: MAX_SORT_KEYS,
      items: {
        type: 'object',
        required: ['field', 'direction'],
        additionalProperties: false,
        properties: {
          field: { type: 'string', maxLength: 255 },
          direction: { type: 'string', enum: ['asc', 'desc'] },
        },
      },
    },
    fields: fieldPathList,
    limit: { type: 'integer', minimum: 1 },
    cursor: { type: 'string', minLength: 1, maxLength: 4000 },
    search: { type: 'string', minLength: 1, maxLength: 200 },
    count: { type: 'string', enum: COUNT_MODES },
    expand: expandList,
    deleted: { type: 'boolean' },
  },
} as const;

// A version is a PostgreSQL integer: a larger one is a 400, not an out-of-range error below.
const ifMatchRow = { type: 'integer', minimum: 1, maximum: MAX_VERSION };

const bulkUpdateRow = {
  type: 'object',
  required: ['id', 'patch'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', pattern: UUID },
    patch: { type: 'object' },
    ifMatch: ifMatchRow,
  },
} as const;

const bulkDeleteRow = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: { type: 'string', pattern: UUID }, ifMatch: ifMatchRow },
} as const;

const bulkRestoreRow = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: { type: 'string', pattern: UUID } },
} as const;

function rowsOf(op: BulkBody['op'], row: object) {
  return {
    if: { properties: { op: { const: op } } },
    // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON Schema keyword.
    then: { properties: { records: { type: 'array', items: row } } },
  };
}

const bulkBody = {
  type: 'object',
  required: ['op', 'records'],
  additionalProperties: false,
  properties: {
    op: { type: 'string', enum: ['create', 'update', 'delete', 'restore'] },
    records: { type: 'array', minItems: 1 },
  },
  allOf: [
    rowsOf('create', { type: 'object' }),
    rowsOf('update', bulkUpdateRow),
    rowsOf('delete', bulkDeleteRow),
    rowsOf('restore', bulkRestoreRow),
  ],
} as const;

function recordUrl(prefix: string, object: string, id: string): string {
  return `${prefix.replace(':object', object)}/${id}`;
}

function requireIfMatch(header: string | string[] | undefined): number {
  const ifMatch = parseIfMatch(header);
  if (ifMatch === undefined) throw PRECONDITION_REQUIRED({ header: 'if-match' });
  return ifMatch;
}

function readIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const key = Array.isArray(header) ? header.join(',') : header;
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw BAD_REQUEST({
      header: 'idempotency-key',
      reason: '1 to 255 visible ASCII characters, without spaces',
    });
  }
  return key;
}

function sendRecord(reply: FastifyReply, record: ApiRecord): ApiRecord {
  reply.header('etag', formatEtag(record.version));
  return record;
}

function toQueryRequest(query: ListQuerystring): RecordReadRequest {
  const filter = query.filter === undefined ? undefined : parseFilterParam(query.filter);
  if (filter !== undefined) checkFilterSize(filter);
  return {
    limit: checkPageSize(query.limit),
    ...(filter === undefined ? {} : { filter }),
    ...(query.sort === undefined ? {} : { sort: parseSortParam(query.sort) }),
    ...(query.fields === undefined ? {} : { fields: parseFieldsParam(query.fields) }),
    ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
    ...(query.q === undefined ? {} : { search: query.q }),
    ...(query.count === undefined ? {} : { count: query.count }),
    ...(query.expand === undefined ? {} : { expand: parseExpandParam(query.expand) }),
    ...(query.deleted === undefined ? {} : { deleted: query.deleted }),
  };
}

/**
 * Whether a request's `Prefer` header (RFC 7240) asks for `return=minimal`: a bulk answer then
 * names each row's record by id and version instead of repeating it whole.
 */
export function prefersMinimal(header: string | string[] | undefined): boolean {
  const values = header === undefined ? [] : [header].flat();
  return values.some((value) =>
    value.split(',').some((preference) => {
      const [name, token] = (preference.split(';')[0] ?? '').split('=');
      return name?.trim().toLowerCase() === 'return' && token?.trim().toLowerCase() === 'minimal';
    }),
  );
}

// A row's failure is reported in the API error format with the status it would have had alone.
export function toRowResult(
  row: BulkRowResult,
  successStatus: number,
  log: FastifyBaseLogger,
  minimal = false,
) {
  if (row.ok) {
    const record = row.record;
    if (record === undefined) return { index: row.index, status: successStatus };
    return minimal
      ? { index: row.index, status: successStatus, id: record.id, version: record.version }
      : { index: row.index, status: successStatus, record };
  }
  const error = toAppError(row.error);
  if (error.status >= 500) log.error({ err: row.error, row: row.index }, 'bulk row failed');
  return { index: row.index, status: error.status, error: error.toJSON().error };
}

/**
 * The record API of every published object, under `/api/v1/objects/:object/records`: list and
 * query with filters, sorts and keyset cursors; create, get, update, delete and restore with ETags;
 * history; bulk writes of up to MAX_BULK_SIZE rows with a result per row.
 */
export const recordRoutes: FastifyPluginAsync<RecordRoutesOptions> = async (app, options) => {
  const { records, resolveContext } = options;
  const prefix = app.prefix;

  app.get<{ Params: ObjectParams; Querystring: ListQuerystring }>(
    '/',
    { schema: { params: objectParams, querystring: listQuerystring } },
    async (request) => {
      const ctx = await resolveContext(request);
      return records.query(ctx, request.params.object, toQueryRequest(request.query));
    },
  );

  app.post<{ Params: ObjectParams; Body: QueryBody | null }>(
    '/query',
    { schema: { params: objectParams, body: queryBody } },
    async (request) => {
      const ctx = await resolveContext(request);
      const { limit, ...rest } = request.body ?? {};
      if (rest.filter !== undefined) checkFilterSize(rest.filter);
      return records.query(ctx, request.params.object, { ...rest, limit: checkPageSize(limit) });
    },
  );

  app.post<{ Params: ObjectParams; Body: Record<string, unknown> }>(
    '/',
    { schema: { params: objectParams, body: { type: 'object' } } },
    async (request, reply) => {
      const ctx = await resolveContext(request);
      const { object } = request.params;
      const idempotencyKey = readIdempotencyKey(request.headers['idempotency-key']);
      const created = await records.create(
        ctx,
        object,
        request.body,
        idempotencyKey === undefined ? {} : { idempotencyKey },
      );
      reply.status(201).header('location', recordUrl(prefix, object, created.id));
      return sendRecord(reply, created);
    },
  );

  app.post<{ Params: ObjectParams; Body: BulkBody }>(
    '/bulk',
    {
      bodyLimit: BULK_BODY_LIMIT,
      schema: { params: objectParams, body: bulkBody },
      // Before the schema, so a 5,000-row request hears about the limit, not its first bad row.
      preValidation: async (request) => {
        const rows = (request.body as { records?: unknown } | null)?.records;
        if (Array.isArray(rows) && rows.length > MAX_BULK_SIZE) {
          throw LIMIT_EXCEEDED({
            limit: 'bulkSize',
            max: MAX_BULK_SIZE,
            actual: rows.length,
          });
        }
      },
    },
    async (request, reply) => {
      const ctx = await resolveContext(request);
      const minimal = prefersMinimal(request.headers.prefer);
      const results = await runBulk(ctx, request.params.object, request.body, (row, status) =>
        toRowResult(row, status, request.log, minimal),
      );
      if (minimal) reply.header('preference-applied', 'return=minimal');
      const succeeded = results.filter((row) => row.status < 400).length;
      return { op: request.body.op, succeeded, failed: results.length - succeeded, results };
    },
  );

  async function runBulk<T>(
    ctx: MetadataContext,
    object: string,
    body: BulkBody,
    result: (row: BulkRowResult, successStatus: number) => T,
  ): Promise<T[]> {
    switch (body.op) {
      case 'create':
        return (await records.bulkCreate(ctx, object, body.records)).map((row) => result(row, 201));
      case 'update':
        return (await records.bulkUpdate(ctx, object, body.records)).map((row) => result(row, 200));
      case 'delete':
        return (await records.bulkRemove(ctx, object, body.records)).map((row) => result(row, 204));
      case 'restore':
        return (await records.bulkRestore(ctx, object, body.records)).map((row) =>
          result(row, 200),
        );
      default: {
        const unreachable: never = body;
        throw new TypeError(`unknown bulk op: ${JSON.stringify(unreachable)}`);
      }
    }
  }

  app.get<{ Params: RecordParams; Querystring: { fields?: string; expand?: string } }>(
    '/:id',
    {
      schema: {
        params: recordParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            fields: { type: 'string', minLength: 1, maxLength: 10_000 },
            expand: expandParam,
          },
        },
      },
    },
    async (request, reply) => {
      const ctx = await resolveContext(request);
      const { object, id } = request.params;
      const { fields, expand } = request.query;
      const record = await records.get(ctx, object, id, {
        ...(fields === undefined ? {} : { fields: parseFieldsParam(fields) }),
        ...(expand === undefined ? {} : { expand: parseExpandParam(expand) }),
      });
      return sendRecord(reply, record);
    },
  );

  app.patch<{ Params: RecordParams; Body: Record<string, unknown> }>(
    '/:id',
    { schema: { params: recordParams, body: { type: 'object' } } },
    async (request, reply) => {
      const ctx = await resolveContext(request);
      const { object, id } = request.params;
      const ifMatch = requireIfMatch(request.headers['if-match']);
      return sendRecord(reply, await records.update(ctx, object, id, request.body, { ifMatch }));
    },
  );

  app.delete<{ Params: RecordParams }>(
    '/:id',
    { schema: { params: recordParams } },
    async (request, reply) => {
      const ctx = await resolveContext(request);
      const { object, id } = request.params;
      const ifMatch = requireIfMatch(request.headers['if-match']);
      await records.remove(ctx, object, id, { ifMatch });
      return reply.status(204).send();
    },
  );

  app.post<{ Params: RecordParams }>(
    '/:id/restore',
    { schema: { params: recordParams } },
    async (request, reply) => {
      const ctx = await resolveContext(request);
      const { object, id } = request.params;
      return sendRecord(reply, await records.restore(ctx, object, id));
    },
  );

  app.get<{ Params: RecordParams }>(
    '/:id/history',
    { schema: { params: recordParams } },
    async (request) => {
      const ctx = await resolveContext(request);
      const { object, id } = request.params;
      return { entries: await records.history(ctx, object, id) };
    },
  );
};
