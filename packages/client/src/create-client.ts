import type { ApiRecord } from './api-types.js';
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

/** The Tangram API: metadata, and the records of any object. */
export interface TangramClient {
  readonly metadata: MetadataClient;
  records<R extends ApiRecord = ApiRecord>(object: string): RecordClient<R>;
}

/** Creates a client of the Tangram HTTP API. */
export function createClient(options: ClientOptions): TangramClient {
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
