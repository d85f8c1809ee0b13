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
});
