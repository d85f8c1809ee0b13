import type { ObjectTypeMap } from './api-types.js';
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

/**
 * The Tangram API: metadata, and the records of each object of `O` (any object, untyped, unless
 * `O` is a tenant's generated `TangramObjects`).
 */
export interface TangramClient<O extends ObjectTypeMap = ObjectTypeMap> {
  readonly metadata: MetadataClient;
  records<N extends keyof O & string>(
    object: N,
  ): RecordClient<O[N]['record'], O[N]['input'], O[N]['patch']>;
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
  };
}
