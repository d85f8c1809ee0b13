import type {
  ApiRecord,
  BulkRequest,
  BulkResult,
  FieldName,
  ImportResult,
  RecordExportParams,
  RecordHistoryEntry,
  RecordImportOptions,
  RecordInput,
  RecordListParams,
  RecordPage,
  TimelinePage,
  TimelineParams,
} from './api-types.js';
import { type Transport, toEtag } from './http-transport.js';

/** A record to change: its id, or the record as read (its version becomes the If-Match). */
export type RecordTarget = string | Pick<ApiRecord, 'id' | 'version'>;

/**
 * The record API of one object: `R` is its record as read, `I` what creates one and `P` what
 * changes one (the generated types of `GET /api/v1/openapi.ts`, or untyped records).
 */
export interface RecordClient<
  R extends ApiRecord = ApiRecord,
  I extends RecordInput = RecordInput,
  P extends RecordInput = I,
> {
  /** One page; the filter travels as JSON in the query string (use `query` for long ones). */
  list(params?: RecordListParams<FieldName<R>>): Promise<RecordPage<R>>;
  /** One page, the request sent as a JSON body. */
  query(params?: RecordListParams<FieldName<R>>): Promise<RecordPage<R>>;
  get(
    id: string,
    options?: { fields?: readonly FieldName<R>[]; expand?: readonly FieldName<R>[] },
  ): Promise<R>;
  /** Creates a record; a retry with the same `idempotencyKey` answers the first record. */
  create(input: I, options?: { idempotencyKey?: string }): Promise<R>;
  /** Changes a record; If-Match is `ifMatch`, else the version of the record passed. */
  update(target: RecordTarget, patch: P, options?: { ifMatch?: number }): Promise<R>;
  /** Soft-deletes a record, with If-Match as in `update`. */
  remove(target: RecordTarget, options?: { ifMatch?: number }): Promise<void>;
  restore(id: string): Promise<R>;
  /**
   * Creates, changes or deletes up to 1,000 records with a result per row; `minimal` asks for
   * each row's id and version instead of the whole record (`Prefer: return=minimal`).
   */
  bulk(request: BulkRequest<I, P>, options?: { minimal?: boolean }): Promise<BulkResult<R>>;
  history(id: string): Promise<RecordHistoryEntry[]>;
  /** The record's 360° timeline: its changes and the records pointing at it, newest first. */
  timeline(id: string, params?: TimelineParams): Promise<TimelinePage>;
  /** The records a filter, sort and search select, as CSV text (the export permission). */
  exportCsv(params?: RecordExportParams<FieldName<R>>): Promise<string>;
  /** Creates records from a CSV file, text or bytes (UTF-8 or GBK), with a result per row. */
  importCsv(file: string | Uint8Array, options?: RecordImportOptions): Promise<ImportResult<R>>;
}

function targetOf(target: RecordTarget, ifMatch: number | undefined) {
  const id = typeof target === 'string' ? target : target.id;
  const version = ifMatch ?? (typeof target === 'string' ? undefined : target.version);
  return { id, headers: version === undefined ? {} : { 'if-match': toEtag(version) } };
}

function sortParam(sort: RecordListParams['sort']): string | undefined {
  if (sort === undefined || typeof sort === 'string') return sort;
  return sort.map((key) => (key.direction === 'desc' ? `-${key.field}` : key.field)).join(',');
}

/** The query parameters of what a list or an export selects: filter, sort, fields, search. */
function selectionQuery(params: RecordExportParams) {
  return {
    filter: params.filter === undefined ? undefined : JSON.stringify(params.filter),
    sort: sortParam(params.sort),
    fields: params.fields?.join(','),
    q: params.search,
  };
}

/** Binds the record API of `object` to a transport. */
export function createRecordClient<
  R extends ApiRecord = ApiRecord,
  I extends RecordInput = RecordInput,
  P extends RecordInput = I,
>(send: Transport, object: string): RecordClient<R, I, P> {
  const base = `/api/v1/objects/${encodeURIComponent(object)}/records`;
  const recordPath = (id: string) => `${base}/${encodeURIComponent(id)}`;
  return {
    async list(params = {}) {
      const response = await send<RecordPage<R>>({
        method: 'GET',
        path: base,
        query: {
          ...selectionQuery(params),
          expand: params.expand?.join(','),
          limit: params.limit,
          cursor: params.cursor,
          count: params.count,
          deleted: params.deleted,
        },
      });
      return response.body;
    },
    async query(params = {}) {
      const { sort, ...rest } = params;
      const body =
        sort === undefined
          ? rest
          : {
              ...rest,
              sort:
                typeof sort === 'string'
                  ? sort
                      .split(',')
                      .map((key) =>
                        key.startsWith('-')
                          ? { field: key.slice(1), direction: 'desc' }
                          : { field: key, direction: 'asc' },
                      )
                  : sort,
            };
      const response = await send<RecordPage<R>>({ method: 'POST', path: `${base}/query`, body });
      return response.body;
    },
    async get(id, options = {}) {
      const response = await send<R>({
        method: 'GET',
        path: recordPath(id),
        query: { fields: options.fields?.join(','), expand: options.expand?.join(',') },
      });
      return response.body;
    },
    async create(input, options = {}) {
      const response = await send<R>({
        method: 'POST',
        path: base,
        body: input,
        headers: { 'idempotency-key': options.idempotencyKey },
      });
      return response.body;
    },
    async update(target, patch, options = {}) {
      const { id, headers } = targetOf(target, options.ifMatch);
      const response = await send<R>({
        method: 'PATCH',
        path: recordPath(id),
        body: patch,
        headers,
      });
      return response.body;
    },
    async remove(target, options = {}) {
      const { id, headers } = targetOf(target, options.ifMatch);
      await send({ method: 'DELETE', path: recordPath(id), headers });
    },
    async restore(id) {
      const response = await send<R>({ method: 'POST', path: `${recordPath(id)}/restore` });
      return response.body;
    },
    async bulk(request, options = {}) {
      const response = await send<BulkResult<R>>({
        method: 'POST',
        path: `${base}/bulk`,
        body: request,
        ...(options.minimal === true ? { headers: { prefer: 'return=minimal' } } : {}),
      });
      return response.body;
    },
    async history(id) {
      const response = await send<{ entries: RecordHistoryEntry[] }>({
        method: 'GET',
        path: `${recordPath(id)}/history`,
      });
      return response.body.entries;
    },
    async timeline(id, params = {}) {
      const response = await send<TimelinePage>({
        method: 'GET',
        path: `${recordPath(id)}/timeline`,
        query: { limit: params.limit, cursor: params.cursor, objects: params.objects?.join(',') },
      });
      return response.body;
    },
    async exportCsv(params = {}) {
      const response = await send<string>({
        method: 'GET',
        path: `${base}/export.csv`,
        query: selectionQuery(params),
        answer: 'text',
      });
      return response.body;
    },
    async importCsv(file, options = {}) {
      const response = await send<ImportResult<R>>({
        method: 'POST',
        path: `${base}/import.csv`,
        query: { encoding: options.encoding, headerRow: options.headerRow },
        content: { type: 'text/csv', data: file },
      });
      return response.body;
    },
  };
}
