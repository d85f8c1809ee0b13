import type { ApiRecord, BulkRowResult, RecordReadRequest, RecordService } from '@tangram/engine';
import { createMemoryMetadataStore, createMetadataService } from '@tangram/engine';
import { AppError } from '@tangram/errors';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildServer } from './build-server.js';

const API = '/api/v1/objects/deal/records';
const ID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const OTHER_ID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c';

// Errors as the engine raises them; built directly so the test registers no codes of its own.
const notFound = (id: string) => new AppError('RECORD_NOT_FOUND', 404, 'No such record.', { id });
const stale = () => new AppError('RECORD_STALE', 412, 'The record changed.');
const invalid = (field: string) =>
  new AppError('RECORD_INVALID', 422, 'The record is not valid.', {
    issues: [{ path: `/${field}`, field, code: 'required', message: 'is required' }],
  });

/**
 * A record service in memory: enough behaviour (versions, If-Match, idempotency, soft delete) for
 * the HTTP layer to be observed; the real service is tested against the database.
 */
function fakeRecordService() {
  const rows = new Map<string, ApiRecord & { deleted?: boolean }>();
  const idempotency = new Map<string, ApiRecord>();
  const queries: RecordReadRequest[] = [];
  const expansions: (readonly string[] | undefined)[] = [];
  const contexts: unknown[] = [];
  let nextId = 0;
  const ids = [ID, OTHER_ID];

  function live(id: string): ApiRecord {
    const row = rows.get(id);
    if (!row || row.deleted) throw notFound(id);
    return row;
  }
  function create(input: unknown): ApiRecord {
    const values = input as Record<string, unknown>;
    if (values.name === undefined) throw invalid('name');
    const id = ids[nextId++] ?? crypto.randomUUID();
    const record = { ...values, id, version: 1 };
    rows.set(id, record);
    return record;
  }
  function update(id: string, patch: unknown, ifMatch?: number): ApiRecord {
    const row = live(id);
    if (ifMatch !== undefined && ifMatch !== row.version) throw stale();
    const record = { ...row, ...(patch as object), id, version: row.version + 1 };
    rows.set(id, record);
    return record;
  }
  function remove(id: string, ifMatch?: number): void {
    const row = live(id);
    if (ifMatch !== undefined && ifMatch !== row.version) throw stale();
    rows.set(id, { ...row, deleted: true, version: row.version + 1 });
  }
  function perRow<T>(
    items: readonly T[],
    run: (item: T) => ApiRecord | undefined,
  ): BulkRowResult[] {
    return items.map((item, index) => {
      try {
        const record = run(item);
        return record ? { index, ok: true, record } : { index, ok: true };
      } catch (error) {
        return { index, ok: false, error: error as AppError };
      }
    });
  }
  const service: RecordService = {
    async create(ctx, _object, input, { idempotencyKey } = {}) {
      contexts.push(ctx);
      const replay = idempotencyKey === undefined ? undefined : idempotency.get(idempotencyKey);
      if (replay) return replay;
      const record = create(input);
      if (idempotencyKey !== undefined) idempotency.set(idempotencyKey, record);
      return record;
    },
    async get(_ctx, _object, id, { fields, expand } = {}) {
      expansions.push(expand);
      const record = live(id);
      if (expand) return { ...record, $expanded: { account: null } };
      if (!fields) return record;
      return Object.fromEntries(
        Object.entries(record).filter(([key]) => ['id', 'version', ...fields].includes(key)),
      ) as ApiRecord;
    },
    async update(_ctx, _object, id, patch, { ifMatch }) {
      return update(id, patch, ifMatch);
    },
    async remove(_ctx, _object, id, { ifMatch }) {
      remove(id, ifMatch);
    },
    async restore(_ctx, _object, id) {
      const row = rows.get(id);
      if (!row) throw notFound(id);
      const record = { ...row, deleted: false, version: row.version + 1 };
      rows.set(id, record);
      const { deleted: _deleted, ...visible } = record;
      return visible;
    },
    async bulkCreate(_ctx, _object, inputs) {
      return perRow(inputs, create);
    },
    async bulkUpdate(_ctx, _object, items) {
      return perRow(items, (item) => update(item.id, item.patch, item.ifMatch));
    },
    async bulkRemove(_ctx, _object, items) {
      return perRow(items, (item) => {
        remove(item.id, item.ifMatch);
        return undefined;
      });
    },
    async bulkRestore(ctx, object, items) {
      const restored = await Promise.all(
        items.map((item) => service.restore(ctx, object, item.id)),
      );
      return restored.map((record, index) => ({ index, ok: true, record }));
    },
    async query(_ctx, object, request) {
      if (object !== 'deal') throw new AppError('OBJECT_NOT_FOUND', 404, 'No such object.');
      queries.push(request);
      const records = [...rows.values()].filter((row) => !row.deleted);
      return {
        records,
        nextCursor: null,
        ...(request.count === 'exact' ? { count: { value: records.length, exact: true } } : {}),
      };
    },
    async history(_ctx, _object, id) {
      live(id);
      return [{ version: 1, action: 'create', actorId: 'alice', at: '2026-03-01', changes: {} }];
    },
    previewFieldTypeChange: () => Promise.reject(new Error('not used by these routes')),
    applyFieldTypeChange: () => Promise.reject(new Error('not used by these routes')),
    invalidate() {},
  };
  return { service, queries, expansions, contexts };
}

let app: FastifyInstance;
let fake: ReturnType<typeof fakeRecordService>;

beforeEach(() => {
  fake = fakeRecordService();
  const metadata = createMetadataService({
    store: createMemoryMetadataStore(),
    clock: { now: () => new Date('2026-03-01T10:00:00Z') },
  });
  app = buildServer({
    metadata,
    records: fake.service,
    resolveContext: () => ({ tenantId: 'tenant-a', actorId: 'alice' }),
  });
});

afterEach(() => app.close());

function post(url: string, payload: unknown, headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url, payload: payload as object, headers });
}

async function createDeal(input: object = { name: 'Big deal', amount: 100 }) {
  return post(API, input);
}

describe('record routes: single records', () => {
  it('creates a record with 201, its ETag and Location', async () => {
    const response = await createDeal();
    expect(response.statusCode).toBe(201);
    expect(response.headers.etag).toBe('"1"');
    expect(response.headers.location).toBe(`${API}/${ID}`);
    expect(response.json()).toEqual({ id: ID, version: 1, name: 'Big deal', amount: 100 });
    expect(fake.contexts).toEqual([{ tenantId: 'tenant-a', actorId: 'alice' }]);
  });

  it('answers a retried create with the same Idempotency-Key with the first record', async () => {
    const first = await post(API, { name: 'Once' }, { 'idempotency-key': 'key-1' });
    const retry = await post(API, { name: 'Once' }, { 'idempotency-key': 'key-1' });
    expect(retry.statusCode).toBe(201);
    expect(retry.json()).toEqual(first.json());
    const list = await app.inject(API);
    expect(list.json().records).toHaveLength(1);
  });

  it('refuses an Idempotency-Key with spaces or over 255 characters', async () => {
    for (const key of ['has space', 'k'.repeat(256)]) {
      const response = await post(API, { name: 'x' }, { 'idempotency-key': key });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.details.header).toBe('idempotency-key');
    }
  });

  it('passes the service validation error through with every issue', async () => {
    const response = await createDeal({ amount: 5 });
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({
      code: 'RECORD_INVALID',
      details: { issues: [{ path: '/name', field: 'name', code: 'required' }] },
    });
  });

  it('refuses a create body that is not a JSON object', async () => {
    const response = await post(API, [{ name: 'x' }]);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('BAD_REQUEST');
  });

  it('gets a record with its ETag, and only the fields asked for', async () => {
    await createDeal();
    const response = await app.inject(`${API}/${ID}?fields=name`);
    expect(response.statusCode).toBe(200);
    expect(response.headers.etag).toBe('"1"');
    expect(response.json()).toEqual({ id: ID, version: 1, name: 'Big deal' });
  });

  it('answers 404 RECORD_NOT_FOUND for an unknown id and 400 for an id that is not a uuid', async () => {
    const missing = await app.inject(`${API}/${OTHER_ID}`);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('RECORD_NOT_FOUND');
    const malformed = await app.inject(`${API}/not-a-uuid`);
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.details.issues[0].path).toBe('/params/id');
  });

  it('refuses an object name that is not a machine name', async () => {
    const response = await app.inject('/api/v1/objects/Deal%20s/records');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.issues[0].path).toBe('/params/object');
  });

  it('updates with If-Match and answers the new ETag', async () => {
    await createDeal();
    const response = await app.inject({
      method: 'PATCH',
      url: `${API}/${ID}`,
      payload: { amount: 200 },
      headers: { 'if-match': '"1"' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers.etag).toBe('"2"');
    expect(response.json()).toMatchObject({ amount: 200, version: 2 });
  });

  it('answers 412 RECORD_STALE to an update with an old version', async () => {
    await createDeal();
    const response = await app.inject({
      method: 'PATCH',
      url: `${API}/${ID}`,
      payload: { amount: 200 },
      headers: { 'if-match': '"7"' },
    });
    expect(response.statusCode).toBe(412);
    expect(response.json().error.code).toBe('RECORD_STALE');
  });

  it('answers 428 PRECONDITION_REQUIRED to an update or delete without If-Match', async () => {
    await createDeal();
    const patch = await app.inject({ method: 'PATCH', url: `${API}/${ID}`, payload: { a: 1 } });
    expect(patch.statusCode).toBe(428);
    expect(patch.json().error.code).toBe('PRECONDITION_REQUIRED');
    const remove = await app.inject({ method: 'DELETE', url: `${API}/${ID}` });
    expect(remove.statusCode).toBe(428);
  });

  it('answers 400 to a malformed If-Match', async () => {
    await createDeal();
    const response = await app.inject({
      method: 'DELETE',
      url: `${API}/${ID}`,
      headers: { 'if-match': 'yesterday' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.header).toBe('if-match');
  });

  it('deletes with 204 and no body, then restores the record', async () => {
    await createDeal();
    const removed = await app.inject({
      method: 'DELETE',
      url: `${API}/${ID}`,
      headers: { 'if-match': '"1"' },
    });
    expect(removed.statusCode).toBe(204);
    expect(removed.body).toBe('');
    expect((await app.inject(`${API}/${ID}`)).statusCode).toBe(404);

    const restored = await app.inject({ method: 'POST', url: `${API}/${ID}/restore` });
    expect(restored.statusCode).toBe(200);
    expect(restored.headers.etag).toBe('"3"');
    expect((await app.inject(`${API}/${ID}`)).statusCode).toBe(200);
  });

  it('restores records in bulk with a result per row', async () => {
    await createDeal();
    await app.inject({ method: 'DELETE', url: `${API}/${ID}`, headers: { 'if-match': '"1"' } });
    const response = await post(`${API}/bulk`, {
      op: 'restore',
      records: [{ id: ID }],
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      op: 'restore',
      succeeded: 1,
      failed: 0,
      results: [{ index: 0, status: 200, record: { id: ID, version: 3 } }],
    });
    const extra = await post(`${API}/bulk`, { op: 'restore', records: [{ id: ID, ifMatch: 3 }] });
    expect(extra.statusCode).toBe(400);
  });

  it('lists the history of a record', async () => {
    await createDeal();
    const response = await app.inject(`${API}/${ID}/history`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      entries: [{ version: 1, action: 'create', actorId: 'alice', at: '2026-03-01', changes: {} }],
    });
  });
});

describe('record routes: list and query', () => {
  it('reads filter, sort, fields, limit, cursor, q and count from the query string', async () => {
    const filter = { kind: 'condition', field: 'stage', op: 'eq', value: 'won' };
    const query = new URLSearchParams({
      filter: JSON.stringify(filter),
      sort: '-amount,name',
      fields: 'name,account.industry',
      limit: '20',
      cursor: 'abc',
      q: 'acme',
      count: 'exact',
    });
    const response = await app.inject(`${API}?${query}`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      records: [],
      nextCursor: null,
      count: { value: 0, exact: true },
    });
    expect(fake.queries).toEqual([
      {
        filter,
        sort: [
          { field: 'amount', direction: 'desc' },
          { field: 'name', direction: 'asc' },
        ],
        fields: ['name', 'account.industry'],
        limit: 20,
        cursor: 'abc',
        search: 'acme',
        count: 'exact',
      },
    ]);
  });

  it('asks for a page of 50 when no limit is given', async () => {
    await app.inject(API);
    expect(fake.queries).toEqual([{ limit: 50 }]);
  });

  it('refuses a page larger than 200 with LIMIT_EXCEEDED', async () => {
    const response = await app.inject(`${API}?limit=201`);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code: 'LIMIT_EXCEEDED',
      details: { limit: 'pageSize', max: 200, actual: 201 },
    });
    expect(fake.queries).toEqual([]);
  });

  it('refuses a filter that is not JSON, or not an object', async () => {
    for (const filter of ['{kind:', '[1]', '"eq"']) {
      const response = await app.inject(`${API}?filter=${encodeURIComponent(filter)}`);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.details.issues[0].path).toBe('/querystring/filter');
    }
  });

  it('refuses a sort or fields list naming something that is not a field path', async () => {
    for (const query of ['sort=-', 'sort=amount;drop', 'fields=name,,amount', 'fields=a.b.c.d.e']) {
      const response = await app.inject(`${API}?${query}`);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('BAD_REQUEST');
    }
    expect(fake.queries).toEqual([]);
  });

  it('refuses unknown query parameters and count modes', async () => {
    for (const query of ['order=name', 'count=some', 'limit=0', 'limit=ten']) {
      const response = await app.inject(`${API}?${query}`);
      expect(response.statusCode).toBe(400);
    }
  });

  it('refuses a filter deeper than 8 levels with LIMIT_EXCEEDED', async () => {
    let filter: object = { kind: 'condition', field: 'name', op: 'eq', value: 'x' };
    for (let level = 0; level < 8; level++) filter = { kind: 'not', child: filter };
    const response = await post(`${API}/query`, { filter });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toMatchObject({ limit: 'filterDepth', max: 8 });
  });

  it('accepts a filter exactly 8 levels deep', async () => {
    let filter: object = { kind: 'condition', field: 'name', op: 'eq', value: 'x' };
    for (let level = 0; level < 7; level++) filter = { kind: 'not', child: filter };
    expect((await post(`${API}/query`, { filter })).statusCode).toBe(200);
  });

  it('refuses a filter of more than 500 nodes', async () => {
    const condition = { kind: 'condition', field: 'name', op: 'eq', value: 'x' };
    const filter = { kind: 'or', children: Array.from({ length: 500 }, () => condition) };
    const response = await app.inject(
      `${API}?filter=${encodeURIComponent(JSON.stringify(filter))}`,
    );
    expect(response.json().error.details).toMatchObject({ limit: 'filterNodes', max: 500 });
  });

  it('runs a query sent as a JSON body, with the page size checked', async () => {
    const body = {
      filter: { kind: 'condition', field: 'amount', op: 'gt', value: 10 },
      sort: [{ field: 'amount', direction: 'desc' }],
      search: 'acme',
    };
    const response = await post(`${API}/query`, body);
    expect(response.statusCode).toBe(200);
    expect(fake.queries).toEqual([{ ...body, limit: 50 }]);
    const tooLarge = await post(`${API}/query`, { limit: 1000 });
    expect(tooLarge.json().error.code).toBe('LIMIT_EXCEEDED');
  });

  it('passes expand from the query string, a query body and a single read to the service', async () => {
    await createDeal();
    const listed = await app.inject(`${API}?expand=account,%20contact`);
    expect(listed.statusCode).toBe(200);
    const queried = await post(`${API}/query`, { expand: ['account'] });
    expect(queried.statusCode).toBe(200);
    expect(fake.queries).toEqual([
      { limit: 50, expand: ['account', 'contact'] },
      { limit: 50, expand: ['account'] },
    ]);
    const read = await app.inject(`${API}/${ID}?expand=account`);
    expect(read.statusCode).toBe(200);
    expect(fake.expansions).toEqual([['account']]);
    expect(read.json().$expanded).toEqual({ account: null });
  });

  it('asks for the recycle bin with deleted=true, in the query string and a query body', async () => {
    expect((await app.inject(`${API}?deleted=true`)).statusCode).toBe(200);
    expect((await post(`${API}/query`, { deleted: true })).statusCode).toBe(200);
    expect(fake.queries).toEqual([
      { limit: 50, deleted: true },
      { limit: 50, deleted: true },
    ]);
    const wrong = await app.inject(`${API}?deleted=maybe`);
    expect(wrong.statusCode).toBe(400);
    expect((await post(`${API}/query`, { deleted: 'yes' })).statusCode).toBe(400);
    expect(fake.queries).toHaveLength(2);
  });

  it('refuses an expand list naming something that is not a field name', async () => {
    for (const url of [`${API}?expand=account.owner`, `${API}/${ID}?expand=account,,x`]) {
      const response = await app.inject(url);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.details.issues[0].path).toBe('/querystring/expand');
    }
    const body = await post(`${API}/query`, { expand: [{ field: 'account' }] });
    expect(body.statusCode).toBe(400);
    expect(fake.queries).toEqual([]);
  });

  it('refuses a query body with unknown properties', async () => {
    const response = await post(`${API}/query`, { where: {} });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('BAD_REQUEST');
  });

  it('passes the service 404 for an unknown object through', async () => {
    const response = await app.inject('/api/v1/objects/nothing/records');
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('OBJECT_NOT_FOUND');
  });
});

describe('record routes: bulk', () => {
  it('creates rows and reports each row with its status, failures included', async () => {
    const response = await post(`${API}/bulk`, {
      op: 'create',
      records: [{ name: 'One' }, { amount: 3 }],
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ op: 'create', succeeded: 1, failed: 1 });
    expect(body.results[0]).toEqual({
      index: 0,
      status: 201,
      record: { id: ID, version: 1, name: 'One' },
    });
    expect(body.results[1]).toMatchObject({
      index: 1,
      status: 422,
      error: { code: 'RECORD_INVALID', details: { issues: [{ field: 'name' }] } },
    });
  });

  it('names each row by id and version alone when the client prefers return=minimal', async () => {
    const response = await post(
      `${API}/bulk`,
      { op: 'create', records: [{ name: 'One' }, { amount: 3 }] },
      { prefer: 'respond-async, return=minimal' },
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers['preference-applied']).toBe('return=minimal');
    const body = response.json();
    expect(body.results[0]).toEqual({ index: 0, status: 201, id: ID, version: 1 });
    // Failures keep their error whole.
    expect(body.results[1]).toMatchObject({
      index: 1,
      status: 422,
      error: { code: 'RECORD_INVALID' },
    });

    const full = await post(
      `${API}/bulk`,
      { op: 'create', records: [{ name: 'Two' }] },
      {
        prefer: 'return=representation',
      },
    );
    expect(full.headers['preference-applied']).toBeUndefined();
    expect(full.json().results[0].record).toMatchObject({ name: 'Two' });
  });

  it('updates and deletes rows, each with its own If-Match', async () => {
    await createDeal();
    await createDeal();
    const updated = await post(`${API}/bulk`, {
      op: 'update',
      records: [
        { id: ID, patch: { amount: 1 }, ifMatch: 1 },
        { id: OTHER_ID, patch: { amount: 2 }, ifMatch: 9 },
      ],
    });
    expect(updated.json().results.map((row: { status: number }) => row.status)).toEqual([200, 412]);
    const removed = await post(`${API}/bulk`, {
      op: 'delete',
      records: [{ id: ID }, { id: OTHER_ID }],
    });
    expect(removed.json()).toEqual({
      op: 'delete',
      succeeded: 2,
      failed: 0,
      results: [
        { index: 0, status: 204 },
        { index: 1, status: 204 },
      ],
    });
  });

  it('refuses more than 1000 rows with LIMIT_EXCEEDED before checking them', async () => {
    const records = Array.from({ length: 1001 }, () => 'not a row');
    const response = await post(`${API}/bulk`, { op: 'create', records });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code: 'LIMIT_EXCEEDED',
      details: { limit: 'bulkSize', max: 1000, actual: 1001 },
    });
  });

  it('refuses malformed rows, naming each', async () => {
    const response = await post(`${API}/bulk`, {
      op: 'update',
      records: [
        { id: ID, patch: {} },
        { id: 'x', patch: 3 },
      ],
    });
    expect(response.statusCode).toBe(400);
    const paths = response.json().error.details.issues.map((issue: { path: string }) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['/body/records/1/id', '/body/records/1/patch']));
    expect(paths.some((path: string) => path.startsWith('/body/records/0'))).toBe(false);
  });

  it('refuses an unknown op and an empty list', async () => {
    for (const body of [
      { op: 'upsert', records: [{}] },
      { op: 'create', records: [] },
    ]) {
      expect((await post(`${API}/bulk`, body)).statusCode).toBe(400);
    }
  });

  it('takes bulk bodies over 1 MiB and refuses those over 10 MiB', async () => {
    const row = { name: 'x'.repeat(2000) };
    const large = await post(`${API}/bulk`, { op: 'create', records: Array(1000).fill(row) });
    expect(large.statusCode).toBe(200);
    const tooLarge = await post(`${API}/bulk`, {
      op: 'create',
      records: [{ name: 'x'.repeat(10 * 1024 * 1024) }],
    });
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('keeps the 1 MiB limit on single creates', async () => {
    const response = await createDeal({ name: 'x'.repeat(1024 * 1024) });
    expect(response.statusCode).toBe(413);
  });
});

describe('buildServer without a record service', () => {
  it('does not serve the record API', async () => {
    const bare = buildServer({
      metadata: createMetadataService({
        store: createMemoryMetadataStore(),
        clock: { now: () => new Date() },
      }),
      resolveContext: () => ({ tenantId: 'tenant-a', actorId: 'alice' }),
    });
    const response = await bare.inject(API);
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('NOT_FOUND');
    await bare.close();
  });
});
