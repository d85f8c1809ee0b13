import { ClientError, UNEXPECTED_RESPONSE } from './client-error.js';

/** The part of a fetch Response the client reads. */
export interface ResponseLike {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
  /** The body as bytes; only downloads read it. */
  arrayBuffer?(): Promise<ArrayBuffer>;
}

/** The part of fetch the client calls; the global fetch fits, and so does a test double. */
export type FetchLike = (
  url: string,
  init: {
    method: string;
    headers: Record<string, string>;
    body?: string | Uint8Array<ArrayBuffer>;
  },
) => Promise<ResponseLike>;

/**
 * One request: method, path under the base URL, query, a JSON `body` or raw `content` (a CSV or
 * a file), extra headers, and how to read the answer (JSON unless told: text or bytes).
 */
export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly body?: unknown;
  readonly content?: { readonly type: string; readonly data: string | Uint8Array };
  readonly headers?: Readonly<Record<string, string | undefined>>;
  readonly answer?: 'json' | 'text' | 'bytes';
}

/**
 * What a request answered: the body (parsed JSON, undefined when empty; or the text or bytes
 * asked for), status, ETag and Location.
 */
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
    const answer = request.answer ?? 'json';
    const headers: Record<string, string> = {
      accept: answer === 'json' ? 'application/json' : '*/*',
      ...options.headers,
    };
    for (const [name, value] of Object.entries(request.headers ?? {})) {
      if (value !== undefined) headers[name] = value;
    }
    // Only a request with a body says what it is: the server refuses an empty JSON body.
    const init: Parameters<FetchLike>[1] = { method: request.method, headers };
    if (request.content !== undefined) {
      headers['content-type'] = request.content.type;
      const { data } = request.content;
      // A copy over a plain ArrayBuffer is what every fetch takes as a body (a Node Buffer may
      // view a shared pool).
      init.body = typeof data === 'string' ? data : new Uint8Array(data);
    } else if (request.body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(request.body);
    }
    const response = await options.fetch(url, init);
    if (!response.ok) {
      const error = parseJson(await response.text());
      throw toClientError(response.status, error, { method: request.method, url });
    }
    let body: unknown;
    if (answer === 'bytes') {
      if (response.arrayBuffer === undefined) throw new TypeError('this fetch reads no bytes');
      body = new Uint8Array(await response.arrayBuffer());
    } else {
      const text = await response.text();
      body = answer === 'text' ? text : parseJson(text);
    }
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
