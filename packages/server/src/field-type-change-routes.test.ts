import {
  createMemoryMetadataStore,
  createMemoryRecordStore,
  createMetadataService,
  createRecordService,
  type MetadataService,
  type RecordService,
} from '@tangram/engine';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildServer } from './build-server.js';

const ctx = { tenantId: 'tenant-a', actorId: 'alice' };
const label = (en: string) => ({ en });
const BASE = '/api/v1/metadata/object/deal/fields/code/type-change';
const numberCode = { type: 'number', label: label('Code'), precision: 10, scale: 2 };

let app: FastifyInstance;
let metadata: MetadataService;
let records: RecordService;
const ids: Record<string, string> = {};

beforeEach(async () => {
  const clock = { now: () => new Date('2026-03-01T10:00:00Z') };
  metadata = createMetadataService({ store: createMemoryMetadataStore(), clock });
  await metadata.saveDraft(ctx, {
    kind: 'object',
    schemaVersion: 1,
    name: 'deal',
    label: label('Deal'),
    nameField: 'title',
    fields: [
      { name: 'title', type: 'text', label: label('Title') },
      { name: 'code', type: 'text', label: label('Code') },
    ],
  });
  await metadata.publish(ctx);
  records = createRecordService({ metadata, store: createMemoryRecordStore(), clock });
  for (const code of ['12', 'abc']) {
    ids[code] = (await records.create(ctx, 'deal', { title: code, code })).id;
  }
  app = buildServer({ metadata, records, resolveContext: () => ctx });
});

afterEach(() => app.close());

async function revision(): Promise<string> {
  return `"${(await metadata.get(ctx, 'object', 'deal')).revision}"`;
}

function post(url: string, payload: unknown, headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url, payload: payload as object, headers });
}

describe('field type change routes', () => {
  it('previews the values that would not convert, by record id', async () => {
    const response = await post(`${BASE}/preview`, numberCode);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      fromSlot: 't2',
      toSlot: 'n1',
      total: 2,
      convertible: 1,
      failures: [{ id: ids.abc, value: 'abc', code: 'TYPE' }],
    });
  });

  it('refuses to apply with 422 and the failures unless asked to keep them', async () => {
    const response = await post(`${BASE}/apply`, numberCode, { 'if-match': await revision() });
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({
      code: 'FIELD_TYPE_CHANGE_REFUSED',
      details: { failureCount: 1, failures: [{ id: ids.abc }] },
    });
  });

  it('applies with onFailure=keep, answering the new revision as ETag', async () => {
    const response = await post(`${BASE}/apply?onFailure=keep`, numberCode, {
      'if-match': await revision(),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ version: 2, converted: 1, keptCount: 1 });
    expect(response.headers.etag).toBe(await revision());
    const moved = await records.get(ctx, 'deal', ids['12'] ?? '');
    expect(moved.code).toBe(12);
  });

  it('needs If-Match (428) and a current one (412) to apply', async () => {
    const missing = await post(`${BASE}/apply?onFailure=keep`, numberCode);
    expect(missing.statusCode).toBe(428);
    const stale = await post(`${BASE}/apply?onFailure=keep`, numberCode, { 'if-match': '"99"' });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().error.code).toBe('METADATA_STALE');
  });

  it('answers 404 for an unknown field or object and 400 for a bad onFailure', async () => {
    const field = await post('/api/v1/metadata/object/deal/fields/nope/type-change/preview', {
      type: 'text',
      label: label('Nope'),
    });
    expect(field.json().error.code).toBe('FIELD_NOT_FOUND');
    expect(field.statusCode).toBe(404);
    const object = await post('/api/v1/metadata/object/nope/fields/code/type-change/preview', {
      type: 'text',
      label: label('Nope'),
    });
    expect(object.json().error.code).toBe('OBJECT_NOT_FOUND');
    const mode = await post(`${BASE}/apply?onFailure=drop`, numberCode, {
      'if-match': await revision(),
    });
    expect(mode.statusCode).toBe(400);
  });

  it('refuses an invalid field definition with 422 and its issues', async () => {
    const response = await post(`${BASE}/preview`, { type: 'number' });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('METADATA_INVALID');
  });
});
