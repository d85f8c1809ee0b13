import {
  type ApiRecord,
  type ClientError,
  createClient,
  type TangramClient,
} from '@tangram/client';
import { createMetadataStore, createRecordStore, type Database, ensureTenant } from '@tangram/db';
import { openTestDatabase } from '@tangram/db/testing';
import { createMetadataService, createRecordService, systemClock } from '@tangram/engine';
import type { ObjectDoc } from '@tangram/schema';
import { buildServer } from '@tangram/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from './create-app.js';
import { signInHeaders, TEST_ADMIN } from './test-session.js';

// Booting compiles PGlite's WebAssembly and migrates; slow on a busy machine.
const BOOT_TIMEOUT = 90_000;

function note(fields: string[]): ObjectDoc {
  return {
    kind: 'object',
    schemaVersion: 1,
    name: 'note',
    label: { en: 'Note' },
    nameField: 'title',
    fields: fields.map((name) => ({ name, type: 'text', label: { en: name } })),
  };
}

function caught(promise: Promise<unknown>): Promise<ClientError> {
  return promise.then(
    () => {
      throw new Error('expected the request to fail');
    },
    (error: ClientError) => error,
  );
}

describe('the typed client against the real server (PGlite)', () => {
  let db: Database;
  let app: App;
  let client: TangramClient;
  let origin: string;
  let adminId: string;

  beforeAll(async () => {
    db = await openTestDatabase({ name: 'pglite' }, { migrate: false });
    app = await createApp({ db, admin: TEST_ADMIN });
    origin = await app.server.listen({ host: '127.0.0.1', port: 0 });
    // A signed-in session, as a browser holds it: the cookie and the CSRF header.
    const headers = await signInHeaders(app);
    client = createClient({ baseUrl: origin, headers });
    adminId = (await (await fetch(`${origin}/api/v1/auth/me`, { headers })).json()).user.id;
  }, BOOT_TIMEOUT);

  afterAll(async () => {
    await app?.server.close();
    await db?.close();
  });

  it('saves, publishes, diffs and reverts metadata', async () => {
    const draft = await client.metadata.saveDraft(note(['title']));
    expect(draft).toEqual({ kind: 'object', name: 'note', revision: 1, hasDraft: true });
    expect(await client.metadata.publish({ message: 'first' })).toEqual({
      published: [{ kind: 'object', name: 'note', version: 1 }],
    });

    const entry = await client.metadata.get('object', 'note', { state: 'published' });
    expect(entry).toMatchObject({ state: 'published', version: 1, revision: 2 });
    await client.metadata.saveDraft(note(['title', 'body']), { ifMatch: entry.revision });
    await client.metadata.publish();

    const history = await client.metadata.history('object', 'note');
    expect(history.map((version) => [version.version, version.authorId])).toEqual([
      [2, adminId],
      [1, adminId],
    ]);
    const diff = await client.metadata.diff('object', 'note', { from: 1, to: 2 });
    expect(diff).toEqual([expect.objectContaining({ op: 'add', path: '/fields/1' })]);

    const head = await client.metadata.get('object', 'note');
    const reverted = await client.metadata.revert('object', 'note', {
      version: 1,
      ifMatch: head.revision,
    });
    expect(reverted).toMatchObject({ version: 3, revertedFrom: 1 });
    const summaries = await client.metadata.list({ kind: 'object' });
    expect(summaries.map((summary) => [summary.name, summary.publishedVersion])).toEqual([
      ['note', 3],
    ]);
  });

  it('signs in with an API token as a bearer header and is refused without one', async () => {
    const headers = await signInHeaders(app);
    const created = await fetch(`${origin}/api/v1/auth/tokens`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'ci', scopes: { objects: '*', actions: ['read'] } }),
    });
    const { token } = await created.json();
    const withToken = createClient({
      baseUrl: origin,
      headers: { authorization: `Bearer ${token}` },
    });
    expect((await withToken.metadata.list()).length).toBeGreaterThan(0);
    const anonymous = createClient({ baseUrl: origin });
    expect(await caught(anonymous.metadata.list())).toMatchObject({
      code: 'AUTH_REQUIRED',
      status: 401,
    });
  });

  it('throws the API error code, status and details as a ClientError', async () => {
    const missing = await caught(client.metadata.get('object', 'nothing_here'));
    expect(missing).toMatchObject({ code: 'METADATA_NOT_FOUND', status: 404 });

    const head = await client.metadata.get('object', 'note');
    const stale = await caught(
      client.metadata.saveDraft(note(['title', 'x']), { ifMatch: head.revision + 5 }),
    );
    expect(stale).toMatchObject({ code: 'METADATA_STALE', status: 412 });

    const invalid = await caught(
      client.metadata.saveDraft({ ...note([]), fields: [] } as unknown as ObjectDoc, {
        ifMatch: head.revision,
      }),
    );
    expect(invalid.code).toBe('METADATA_INVALID');
    expect(invalid.status).toBe(422);
    expect((invalid.details as { issues: unknown[] }).issues.length).toBeGreaterThan(0);
  });

  it('reads the OpenAPI document of the tenant', async () => {
    const response = await fetch(`${origin}/api/v1/openapi.json`, {
      headers: await signInHeaders(app),
    });
    const document = (await response.json()) as {
      openapi: string;
      components: { schemas: Record<string, unknown> };
    };
    expect(document.openapi).toBe('3.1.0');
    expect(document.components.schemas.NoteInput).toBeDefined();
  });
});

// The records API through the client, on the real engine service and the PGlite record store.
describe('the typed client on records (PGlite)', () => {
  let db: Database;
  let server: ReturnType<typeof buildServer>;
  let client: TangramClient;

  const account = {
    kind: 'object',
    schemaVersion: 1,
    name: 'account',
    label: { en: 'Account' },
    nameField: 'name',
    fields: [
      { name: 'name', type: 'text', label: { en: 'Name' }, required: true, maxLength: 20 },
      { name: 'employees', type: 'integer', label: { en: 'Employees' }, sortable: true },
    ],
  } as ObjectDoc;

  beforeAll(async () => {
    db = await openTestDatabase({ name: 'pglite' });
    const tenant = await ensureTenant(db, { slug: 'default', name: 'Default' });
    const metadata = createMetadataService({ store: createMetadataStore(db), clock: systemClock });
    const records = createRecordService({
      metadata,
      store: createRecordStore(db),
      clock: systemClock,
    });
    server = buildServer({
      metadata,
      records,
      resolveContext: () => ({ tenantId: tenant.id, actorId: 'alice' }),
    });
    const origin = await server.listen({ host: '127.0.0.1', port: 0 });
    client = createClient({ baseUrl: origin });
    await client.metadata.saveDraft(account);
    await client.metadata.publish();
  }, BOOT_TIMEOUT);

  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  it('creates, reads, updates with If-Match, deletes and restores a record', async () => {
    const accounts = client.records('account');
    const created = await accounts.create({ name: 'Acme', employees: 50 });
    expect(created).toMatchObject({ name: 'Acme', employees: 50, version: 1 });
    expect(await accounts.get(created.id)).toMatchObject({ id: created.id, name: 'Acme' });

    const updated = await accounts.update(created, { employees: 60 });
    expect(updated).toMatchObject({ employees: 60, version: 2 });
    const stale = await caught(accounts.update(created, { employees: 70 }));
    expect(stale).toMatchObject({ code: 'RECORD_STALE', status: 412 });

    await accounts.remove(updated);
    expect((await caught(accounts.get(created.id))).code).toBe('RECORD_NOT_FOUND');
    const bin = await accounts.list({ deleted: true });
    expect(bin.records.map((r) => r.id)).toContain(created.id);
    const restored = await accounts.restore(created.id);
    expect(restored).toMatchObject({ id: created.id, employees: 60 });

    const history = await accounts.history(created.id);
    expect(history.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['create', 'update', 'delete', 'restore']),
    );
  });

  it('answers a retried create with the same Idempotency-Key with the first record', async () => {
    const accounts = client.records('account');
    const first = await accounts.create({ name: 'Once' }, { idempotencyKey: 'once-1' });
    const retry = await accounts.create({ name: 'Once' }, { idempotencyKey: 'once-1' });
    expect(retry.id).toBe(first.id);
  });

  it('reports every invalid field as RECORD_INVALID with its issues', async () => {
    const error = await caught(client.records('account').create({ employees: 'many' }));
    expect(error).toMatchObject({ code: 'RECORD_INVALID', status: 422 });
    const fields = (error.details as { issues: { field?: string }[] }).issues.map((i) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'employees']));
  });

  it('lists and queries with filter, sort and count, and pages with the cursor', async () => {
    const accounts = client.records('account');
    const bulk = await accounts.bulk({
      op: 'create',
      records: [{ name: 'B1', employees: 1 }, { name: 'B2', employees: 2 }, { employees: 3 }],
    });
    expect(bulk.results.map((row) => row.status)).toEqual([201, 201, 422]);
    const minimal = await accounts.bulk(
      { op: 'create', records: [{ name: 'C1', employees: 9 }] },
      { minimal: true },
    );
    const [row] = minimal.results;
    expect(row).toEqual({ index: 0, status: 201, id: expect.any(String), version: 1 });
    expect((await accounts.get(row?.id ?? '')).name).toBe('C1');

    const filter = { kind: 'condition', field: 'name', op: 'starts_with', value: 'B' } as const;
    const first = await accounts.list({ filter, sort: '-employees', limit: 1, count: 'exact' });
    expect(first.records.map((record) => record.name)).toEqual(['B2']);
    expect(first.count).toEqual({ value: 2, exact: true });
    const second = await accounts.query({
      filter,
      sort: '-employees',
      limit: 1,
      ...(first.nextCursor ? { cursor: first.nextCursor } : {}),
    });
    expect(second.records.map((record) => record.name)).toEqual(['B1']);
  });

  it('answers an unknown field in a filter with QUERY_INVALID', async () => {
    const error = await caught(
      client.records('account').list({
        filter: { kind: 'condition', field: 'nope', op: 'eq', value: 1 },
      }),
    );
    expect(error).toMatchObject({ code: 'QUERY_INVALID', status: 400 });
  });
});

describe('the typed client beside the record basics (PGlite)', () => {
  let db: Database;
  let app: App;
  let client: TangramClient;
  let company: ApiRecord;
  let memo: ApiRecord;

  const object = (name: string, fields: object[]) =>
    ({
      kind: 'object',
      schemaVersion: 1,
      name,
      label: { en: name },
      nameField: 'name',
      fields: [
        { name: 'name', type: 'text', label: { en: 'Name' }, required: true, searchable: true },
        ...fields,
      ],
    }) as ObjectDoc;

  beforeAll(async () => {
    db = await openTestDatabase({ name: 'pglite' }, { migrate: false });
    app = await createApp({ db, admin: TEST_ADMIN, webDir: null });
    const origin = await app.server.listen({ host: '127.0.0.1', port: 0 });
    client = createClient({ baseUrl: origin, headers: await signInHeaders(app) });
    await client.metadata.saveDraft(object('company', []));
    await client.metadata.saveDraft(
      object('memo', [
        { name: 'company', type: 'lookup', label: { en: 'Company' }, target: 'company' },
        { name: 'files', type: 'attachment', label: { en: 'Files' } },
      ]),
    );
    await client.metadata.publish();
    company = await client.records('company').create({ name: 'Acme 华东' });
    memo = await client.records('memo').create({ name: 'Kick-off', company: company.id });
  }, BOOT_TIMEOUT);

  afterAll(async () => {
    await app?.server.close();
    await db?.close();
  });

  it('expands lookups in lists and gets', async () => {
    const page = await client.records('memo').list({ fields: ['name'], expand: ['company'] });
    expect(page.records[0]?.$expanded).toEqual({ company: { id: company.id, name: 'Acme 华东' } });
    const one = await client.records('memo').get(memo.id, { expand: ['company'] });
    expect(one.$expanded).toEqual({ company: { id: company.id, name: 'Acme 华东' } });
  });

  it('reads the timeline of a record: the records pointing at it and its changes', async () => {
    const timeline = await client.records('company').timeline(company.id, { objects: ['memo'] });
    expect(timeline.items.map((item) => item.kind).sort()).toEqual(['change', 'record']);
    const pointing = timeline.items.find((item) => item.kind === 'record');
    expect(pointing).toMatchObject({ object: 'memo', via: 'company', record: { id: memo.id } });
    const changesOnly = await client.records('company').timeline(company.id, { objects: [] });
    expect(changesOnly.items.map((item) => item.kind)).toEqual(['change']);
  });

  it('exports records as CSV text and imports a CSV file, row by row', async () => {
    const csv = await client.records('company').exportCsv({ fields: ['name'], search: 'Acme' });
    expect(csv).toContain('Acme 华东');
    const imported = await client.records('company').importCsv('Name\nBeta 公司\n\n');
    expect(imported).toMatchObject({ created: 1, failed: 0 });
    const bytes = new TextEncoder().encode('name\nGamma\n');
    expect(await client.records('company').importCsv(bytes, { encoding: 'utf-8' })).toMatchObject({
      created: 1,
      failed: 0,
    });
    const names = (await client.records('company').list({ fields: ['name'] })).records;
    expect(names.map((record) => record.name).sort()).toEqual(['Acme 华东', 'Beta 公司', 'Gamma']);
  });

  it('searches record names across objects', async () => {
    const found = await client.search('Acme', { objects: ['company', 'memo'] });
    expect(found.groups.map((group) => group.object)).toEqual(['company']);
    expect(found.groups[0]?.records).toEqual([{ id: company.id, name: 'Acme 华东' }]);
  });

  it('uploads a file, attaches it to a record and downloads the same bytes', async () => {
    const bytes = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0xff]);
    const file = await client.files.upload('brief.pdf', bytes, 'application/pdf');
    expect(file).toMatchObject({ name: 'brief.pdf', size: bytes.length });
    expect(await client.files.download(file.id)).toEqual(bytes);
    await client.records('memo').update(memo.id, { files: [file] }, { ifMatch: memo.version });
    // Before a record lists it, only its uploader reads it; after, through that record.
    const through = { object: 'memo', record: memo.id, field: 'files' };
    expect(await client.files.download(file.id, through)).toEqual(bytes);
    const direct = await caught(client.files.download(file.id));
    expect(direct).toMatchObject({ status: 404 });
  });
});
