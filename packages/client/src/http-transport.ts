import { ClientError, UNEXPECTED_RESPONSE } from './client-error.js';

/** The part of a fetch Response the client reads. */
export interface ResponseLike {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** The part of fetch the client calls; the global fetch fits, and so does a test double. */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
) => Promise<ResponseLike>;

/** One request: method, path under the base URL, query, JSON body and extra headers. */
export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string | undefined>>;
}

/** What a request answered: the parsed JSON body (undefined when empty), status and ETag. */
export interface HttpResponse<T> {
  readonly status: number;
  readonly body: T;
  readonly etag: string | null;
  readonly location: string | null;
}

/** Sends a request and reads the JSON answer; throws ClientError on any non-2xx status. */
export type Transport = <T>(request: HttpRequest) => Promise<HttpResponse<T>>;

function queryString(query: HttpRequest['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function toClientError(status: number, body: unknown, request: { method: string; url: string }) {
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } })
    ?.error;
  if (error && typeof error.code === 'string') {
    const message = typeof error.message === 'string' ? error.message : error.code;
    return new ClientError(error.code, status, message, error.details, request);
  }
  return new ClientError(
    UNEXPECTED_RESPONSE,
    status,
    `The server answered ${status} without an API error body.`,
    undefined,
    request,
  );
}

/** A transport over fetch, with the base URL and default headers of a client. */
export function createTransport(options: {
  readonly baseUrl: string;
  readonly fetch: FetchLike;
  readonly headers: Readonly<Record<string, string>>;
}): Transport {
  const base = options.baseUrl.replace(/\/+$/, '');
  return async <T>(request: HttpRequest): Promise<HttpResponse<T>> => {
    const url = `${base}${request.path}${queryString(request.query)}`;
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    for (const [name, value] of Object.entries(request.headers ?? {})) {
      if (value !== undefined) headers[name] = value;
    }
    // Only a request with a body says it is JSON: the server refuses an empty JSON body.
    const init: Parameters<FetchLike>[1] = { method: request.method, headers };
    if (request.body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(request.body);
    }
    const response = await options.fetch(url, init);
    const body = parseJson(await response.text());
    if (!response.ok) throw toClientError(response.status, body, { method: request.method, url });
    return {
      status: response.status,
      body: body as T,
      etag: response.headers.get('etag'),
      location: response.headers.get('location'),
    };
  };
}

/** Quotes a version or revision as an entity tag: 3 → `"3"`. */
export function toEtag(version: number): string {
  return `"${version}"`;
}
