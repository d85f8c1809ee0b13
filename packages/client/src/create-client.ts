import type { AttachmentFile, ObjectTypeMap, SearchResult } from './api-types.js';
import { createTransport, type FetchLike } from './http-transport.js';
import { createMetadataClient, type MetadataClient } from './metadata-client.js';
import { createRecordClient, type RecordClient } from './record-client.js';

/** Where the API is, and how to reach it. */
export interface ClientOptions {
  /** The server's origin, e.g. `http://127.0.0.1:3000` (paths start with `/api/v1`). */
  readonly baseUrl: string;
  /** The fetch to use; the global one by default. */
  readonly fetch?: FetchLike;
  /** Headers sent with every request, such as the tenant or an authorization token. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** The record and attachment field a file is read through. */
export interface FileHolder {
  readonly object: string;
  readonly record: string;
  readonly field: string;
}

/**
 * The Tangram API: metadata, and the records of each object of `O` (any object, untyped, unless
 * `O` is a tenant's generated `TangramObjects`).
 */
export interface TangramClient<O extends ObjectTypeMap = ObjectTypeMap> {
  readonly metadata: MetadataClient;
  records<N extends keyof O & string>(
    object: N,
  ): RecordClient<O[N]['record'], O[N]['input'], O[N]['patch']>;
  /** Searches the record names and searchable text of every object (or of `objects`). */
  search(
    q: string,
    options?: { objects?: readonly (keyof O & string)[]; limit?: number },
  ): Promise<SearchResult>;
  /**
   * Files: upload one to put in an attachment field; download one through the record and field
   * that list it (a file no record lists yet, only its uploader, without `through`).
   */
  readonly files: {
    upload(name: string, data: string | Uint8Array, contentType?: string): Promise<AttachmentFile>;
    download(id: string, through?: FileHolder): Promise<Uint8Array>;
  };
}

/**
 * Creates a client of the Tangram HTTP API; `createClient<TangramObjects>(…)` with the types
 * `GET /api/v1/openapi.ts` generates, types the records, inputs and field names of every object.
 */
export function createClient<O extends ObjectTypeMap = ObjectTypeMap>(
  options: ClientOptions,
): TangramClient<O> {
  const send = createTransport({
    baseUrl: options.baseUrl,
    fetch: options.fetch ?? (globalThis.fetch as unknown as FetchLike),
    headers: options.headers ?? {},
  });
  return {
    metadata: createMetadataClient(send),
    records: (object) => createRecordClient(send, object),
    async search(q, options = {}) {
      const response = await send<SearchResult>({
        method: 'GET',
        path: '/api/v1/search',
        query: { q, objects: options.objects?.join(','), limit: options.limit },
      });
      return response.body;
    },
    files: {
      async upload(name, data, contentType = 'application/octet-stream') {
        const response = await send<AttachmentFile>({
          method: 'POST',
          path: '/api/v1/attachments',
          query: { name },
          content: { type: contentType, data },
        });
        return response.body;
      },
      async download(id, through) {
        const response = await send<Uint8Array>({
          method: 'GET',
          path: `/api/v1/attachments/${encodeURIComponent(id)}`,
          query: { object: through?.object, record: through?.record, field: through?.field },
          answer: 'bytes',
        });
        return response.body;
      },
    },
  };
}
