import { ClientError } from '@tangram/client';

/** The headers every API call carries: the CSRF marker the server asks of cookie sessions. */
export function apiHeaders(): Record<string, string> {
  return { 'x-requested-with': 'tangram' };
}

/** Calls the API with JSON in and out; throws ClientError with the API's code on failure. */
export async function apiFetch<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<{ status: number; body: T; etag: string | null }> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    ...apiHeaders(),
    ...extraHeaders,
  };
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!response.ok) throw clientErrorOf(response.status, parsed, { method, url: path });
  return { status: response.status, body: parsed as T, etag: response.headers.get('etag') };
}

/** The ClientError of a failed answer: its API error body's code, or UNEXPECTED_RESPONSE. */
export function clientErrorOf(
  status: number,
  parsed: unknown,
  request: { method: string; url: string },
): ClientError {
  const error = (parsed as { error?: { code?: string; message?: string; details?: unknown } })
    ?.error;
  return new ClientError(
    error?.code ?? 'UNEXPECTED_RESPONSE',
    status,
    error?.message ?? `HTTP ${status}`,
    error?.details,
    request,
  );
}
