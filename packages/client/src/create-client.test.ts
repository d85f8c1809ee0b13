import { describe, expect, it } from 'vitest';
import { ClientError, isClientError } from './client-error.js';
import { createClient } from './create-client.js';
import type { FetchLike } from './http-transport.js';

interface SentRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

/** A fetch that records each request and answers the given status, body and headers. */
function recordingFetch(status = 200, body: unknown = {}, headers: Record<string, string> = {}) {
  const sent: SentRequest[] = [];
  const fetch: FetchLike = async (url, init) => {
    sent.push({ url, ...init });
    const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
    return {
      status,
      ok: status >= 200 && status < 300,
      headers: { get: (name: string) => headers[name.toLowerCase()] ?? null },
      text: async () => text,
    };
  };
  return { fetch, sent };
}

const ID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

describe('createClient', () => {
  it('lists records with the filter as JSON and the sort, fields and search as parameters', async () => {
    const { fetch, sent } = recordingFetch(200, { records: [], nextCursor: null });
    const client = createClient({
      baseUrl: 'http://api.test/',
      fetch,
      headers: { 'x-tangram-tenant': 'acme' },
    });
    const filter = { kind: 'condition', field: 'stage', op: 'eq', value: 'won' } as const;
    await client.records('opportunity').list({
      filter,
      sort: [
        { field: 'amount', direction: 'desc' },
        { field: 'name', direction: 'asc' },
      ],
      fields: ['name', 'amount'],
      limit: 20,
      search: 'acme',
      count: 'exact',
    });
    const url = new URL(sent[0]?.url ?? '');
    expect(url.origin + url.pathname).toBe('http://api.test/api/v1/objects/opportunity/records');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      filter: JSON.stringify(filter),
      sort: '-amount,name',
      fields: 'name,amount',
      limit: '20',
      q: 'acme',
      count: 'exact',
    });
    expect(sent[0]?.headers['x-tangram-tenant']).toBe('acme');
    expect(sent[0]?.body).toBeUndefined();
    expect(sent[0]?.headers).not.toHaveProperty('content-type');
  });

  it('sends a query body with a sort string turned into sort keys', async () => {
    const { fetch, sent } = recordingFetch(200, { records: [], nextCursor: null });
    await createClient({ baseUrl: 'http://api.test', fetch })
      .records('deal')
      .query({ sort: '-amount,name' });
    expect(JSON.parse(String(sent[0]?.body ?? ''))).toEqual({
      sort: [
        { field: 'amount', direction: 'desc' },
        { field: 'name', direction: 'asc' },
      ],
    });
    expect(sent[0]?.headers['content-type']).toBe('application/json');
  });

  it('sends the version of the record passed as If-Match, unless ifMatch says otherwise', async () => {
    const { fetch, sent } = recordingFetch(200, { id: ID, version: 3 });
    const deals = createClient({ baseUrl: 'http://api.test', fetch }).records('deal');
    await deals.update({ id: ID, version: 2 }, { amount: 1 });
    await deals.update(ID, { amount: 1 }, { ifMatch: 5 });
    await deals.update(ID, { amount: 1 });
    expect(sent.map((request) => request.headers['if-match'])).toEqual(['"2"', '"5"', undefined]);
    expect(sent[0]?.method).toBe('PATCH');
    expect(sent[0]?.url).toBe(`http://api.test/api/v1/objects/deal/records/${ID}`);
  });

  it('sends the Idempotency-Key of a create', async () => {
    const { fetch, sent } = recordingFetch(201, { id: ID, version: 1 });
    await createClient({ baseUrl: 'http://api.test', fetch })
      .records('deal')
      .create({ name: 'x' }, { idempotencyKey: 'k-1' });
    expect(sent[0]?.headers['idempotency-key']).toBe('k-1');
  });

  it('throws a ClientError with the code, status and details of the API error', async () => {
    const { fetch } = recordingFetch(412, {
      error: { code: 'RECORD_STALE', message: 'Changed.', details: { expected: 1, actual: 2 } },
    });
    const error = await createClient({ baseUrl: 'http://api.test', fetch })
      .records('deal')
      .remove({ id: ID, version: 1 })
      .catch((caught: unknown) => caught);
    expect(isClientError(error, 'RECORD_STALE')).toBe(true);
    expect(error).toMatchObject({
      code: 'RECORD_STALE',
      status: 412,
      details: { expected: 1, actual: 2 },
      request: { method: 'DELETE' },
    });
  });

  it('throws UNEXPECTED_RESPONSE when a failure is not the API error format', async () => {
    const { fetch } = recordingFetch(502, '<html>Bad gateway</html>');
    const error = await createClient({ baseUrl: 'http://api.test', fetch })
      .metadata.list()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ClientError);
    expect(error).toMatchObject({ code: 'UNEXPECTED_RESPONSE', status: 502 });
  });

  it('reads a metadata document by kind and name, with the state asked for', async () => {
    const { fetch, sent } = recordingFetch(200, { kind: 'object', name: 'deal', revision: 1 });
    await createClient({ baseUrl: 'http://api.test', fetch }).metadata.get('object', 'deal', {
      state: 'published',
    });
    expect(sent[0]?.url).toBe('http://api.test/api/v1/metadata/object/deal?state=published');
  });
});
