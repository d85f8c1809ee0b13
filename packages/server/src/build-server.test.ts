import { connect } from 'node:net';
import {
  createMemoryMetadataStore,
  createMetadataService,
  type MetadataService,
} from '@tangram/engine';
import { afterEach, describe, expect, it } from 'vitest';
import { BODY_LIMIT, buildServer } from './build-server.js';

const context = { tenantId: 'tenant-a', actorId: 'alice' };

function memoryService(): MetadataService {
  return createMetadataService({
    store: createMemoryMetadataStore(),
    clock: { now: () => new Date() },
  });
}

let app: ReturnType<typeof buildServer> | undefined;

function serve(metadata: MetadataService = memoryService(), health?: () => object) {
  app = buildServer({ metadata, resolveContext: () => context, ...(health ? { health } : {}) });
  return app;
}

/** Sends `raw` bytes to the listening server and reads until it closes the connection. */
async function sendRaw(raw: string): Promise<{ status: number; body: unknown }> {
  const address = await serve().listen({ host: '127.0.0.1', port: 0 });
  const { port } = new URL(address);
  const text = await new Promise<string>((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.end(raw));
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      received += chunk;
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(received));
  });
  const [head = '', body = ''] = text.split('\r\n\r\n');
  return { status: Number(head.split(' ')[1]), body: JSON.parse(body) };
}

afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('buildServer', () => {
  it('answers /health with status ok and the facts it was given', async () => {
    const response = await serve(undefined, () => ({ database: 'pglite' })).inject('/health');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', database: 'pglite' });
  });

  it('answers an unknown route with 404 NOT_FOUND in the error format', async () => {
    const response = await serve().inject('/api/v1/nothing-here');
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('NOT_FOUND');
  });

  it('answers a malformed query with 400 BAD_REQUEST listing the problem', async () => {
    const response = await serve().inject('/api/v1/metadata/object/account?state=sometimes');
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.details.issues[0].path).toBe('/querystring/state');
  });

  it('answers malformed JSON with 400 BAD_REQUEST', async () => {
    const response = await serve().inject({
      method: 'PUT',
      url: '/api/v1/metadata/object/account',
      headers: { 'content-type': 'application/json' },
      payload: '{"kind":',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('BAD_REQUEST');
  });

  it('answers a body over 1 MiB with 413 PAYLOAD_TOO_LARGE', async () => {
    const response = await serve().inject({
      method: 'PUT',
      url: '/api/v1/metadata/object/account',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ padding: 'x'.repeat(BODY_LIMIT) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers a body that is not JSON with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const response = await serve().inject({
      method: 'PUT',
      url: '/api/v1/metadata/object/account',
      headers: { 'content-type': 'text/csv' },
      payload: 'a,b',
    });
    expect(response.statusCode).toBe(415);
    expect(response.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses U+0000 and unpaired surrogates anywhere in a JSON body, naming where', async () => {
    const put = (payload: string) =>
      serve().inject({
        method: 'PUT',
        url: '/api/v1/metadata/object/account',
        headers: { 'content-type': 'application/json' },
        payload,
      });
    for (const [payload, path] of [
      ['{"kind":"object","label":{"en":"a\\u0000b"}}', '/body/label/en'],
      ['{"fields":[{"name":"x"},{"name":"\\ud800"}]}', '/body/fields/1/name'],
      ['{"label":{"\\uDC00":"x"}}', '/body/label/\udc00'],
      ['{"a/b":{"c":"\\ud83d"}}', '/body/a~1b/c'],
    ]) {
      const response = await put(payload as string);
      expect([payload, response.statusCode]).toEqual([payload, 400]);
      expect(response.json().error).toMatchObject({
        code: 'UNSUPPORTED_CHARACTER',
        details: { path },
      });
    }
  });

  it('lets surrogate pairs and an escaped backslash before u0000 through the guard', async () => {
    const response = await serve().inject({
      method: 'PUT',
      url: '/api/v1/metadata/object/account',
      headers: { 'content-type': 'application/json' },
      payload: '{"kind":"object","label":{"en":"\\ud83d\\ude00 \\\\u0000"}}',
    });
    expect(response.json().error?.code).not.toBe('UNSUPPORTED_CHARACTER');
    expect(response.statusCode).not.toBe(500);
  });

  it('still refuses a body that sets __proto__', async () => {
    const response = await serve().inject({
      method: 'PUT',
      url: '/api/v1/metadata/object/account',
      headers: { 'content-type': 'application/json' },
      payload: '{"kind":"object","__proto__":{"admin":true},"label":"\\u0000"}',
    });
    expect(response.statusCode).toBe(400);
  });

  it('refuses U+0000 in query and route parameters', async () => {
    const query = await serve().inject('/api/v1/metadata/object/account?state=a%00');
    expect(query.json().error).toMatchObject({
      code: 'UNSUPPORTED_CHARACTER',
      details: { path: '/querystring/state' },
    });
    const param = await serve().inject('/api/v1/metadata/object/acc%00ount');
    expect(param.json().error).toMatchObject({
      code: 'UNSUPPORTED_CHARACTER',
      details: { path: '/params/name' },
    });
  });

  it('answers an unexpected failure with 500 INTERNAL_ERROR and no internals', async () => {
    const failing: MetadataService = {
      ...memoryService(),
      list: () => Promise.reject(new Error('connection to db.internal:5432 refused')),
    };
    const response = await serve(failing).inject('/api/v1/metadata');
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({
      error: { code: 'INTERNAL_ERROR', message: 'An unexpected error occurred.' },
    });
  });

  it('answers a request line and headers past 16 KiB with 431 HEADERS_TOO_LARGE', async () => {
    const url = `/api/v1/metadata?filter=${'x'.repeat(20_000)}`;
    const answer = await sendRaw(`GET ${url} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    expect(answer.status).toBe(431);
    expect(answer.body).toMatchObject({ error: { code: 'HEADERS_TOO_LARGE' } });
  });

  it('answers bytes that are not HTTP with 400 BAD_REQUEST in the error format', async () => {
    const answer = await sendRaw('HELLO THERE\r\n\r\n');
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: { code: 'BAD_REQUEST' } });
  });
});
