import { createMemoryMetadataStore, createMetadataService } from '@tangram/engine';
import { sampleAccount, sampleAccountForm } from '@tangram/engine/testing';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildServer } from './build-server.js';

const API = '/api/v1/metadata';

let app: FastifyInstance;

beforeEach(() => {
  const metadata = createMetadataService({
    store: createMemoryMetadataStore(),
    clock: { now: () => new Date('2026-03-01T10:00:00Z') },
  });
  app = buildServer({
    metadata,
    resolveContext: (request) => ({
      tenantId: 'tenant-a',
      actorId: String(request.headers['x-actor'] ?? 'alice'),
    }),
  });
});

afterEach(() => app.close());

function put(document: { kind: string; name: string } & Record<string, unknown>, ifMatch?: string) {
  return app.inject({
    method: 'PUT',
    url: `${API}/${document.kind}/${document.name}`,
    payload: document,
    headers: ifMatch === undefined ? {} : { 'if-match': ifMatch },
  });
}

function publish(body: object = {}) {
  return app.inject({ method: 'POST', url: `${API}/publish`, payload: body });
}

describe('metadata routes', () => {
  it('takes a document from draft to published, through history, diff and revert', async () => {
    const created = await put(sampleAccount());
    expect(created.statusCode).toBe(200);
    expect(created.headers.etag).toBe('"1"');
    expect((await put(sampleAccountForm())).statusCode).toBe(200);

    const first = await publish({ message: 'first' });
    expect(first.json()).toEqual({
      published: [
        { kind: 'form', name: 'account_form', version: 1 },
        { kind: 'object', name: 'account', version: 1 },
      ],
    });

    const read = await app.inject(`${API}/form/account_form`);
    expect(read.headers.etag).toBe('"2"');
    expect(read.json()).toMatchObject({
      state: 'published',
      version: 1,
      document: sampleAccountForm(),
    });

    expect((await put(sampleAccountForm(['name']), read.headers.etag as string)).statusCode).toBe(
      200,
    );
    expect((await publish()).json().published).toEqual([
      { kind: 'form', name: 'account_form', version: 2 },
    ]);

    const history = await app.inject(`${API}/form/account_form/history`);
    expect(history.json().versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(history.json().versions[1]).toMatchObject({ authorId: 'alice', message: 'first' });

    const diff = await app.inject(`${API}/form/account_form/diff?from=1&to=2`);
    expect(diff.json()).toEqual({
      from: 1,
      to: 2,
      diff: [{ op: 'remove', path: '/items/0/items/1' }],
    });

    const reverted = await app.inject({
      method: 'POST',
      url: `${API}/form/account_form/revert`,
      payload: { version: 1 },
      headers: { 'if-match': '"4"', 'x-actor': 'bob' },
    });
    expect(reverted.statusCode).toBe(200);
    expect(reverted.json()).toEqual({
      kind: 'form',
      name: 'account_form',
      version: 3,
      revertedFrom: 1,
      revision: 5,
    });
    expect(reverted.headers.etag).toBe('"5"');
    const current = await app.inject(`${API}/form/account_form`);
    expect(current.json().document).toEqual(sampleAccountForm());
  });

  it('lists documents, filtered by kind', async () => {
    await put(sampleAccount());
    await put(sampleAccountForm());
    const response = await app.inject(`${API}?kind=form`);
    expect(response.json().documents).toEqual([
      expect.objectContaining({ kind: 'form', name: 'account_form', hasDraft: true }),
    ]);
  });

  it('refuses a document with errors listing every issue and its path, storing nothing', async () => {
    const response = await put({
      ...sampleAccount(),
      label: {},
      fields: [{ name: 'x', type: 'nope' }],
    });
    expect(response.statusCode).toBe(422);
    const { error } = response.json();
    expect(error.code).toBe('METADATA_INVALID');
    const paths = error.details.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['/label']));
    expect(paths.some((p: string) => p.startsWith('/fields/0'))).toBe(true);
    expect((await app.inject(API)).json().documents).toEqual([]);
  });

  it('refuses to publish an inconsistent app with every issue, document and path', async () => {
    await put(sampleAccount(['name']));
    await put(sampleAccountForm(['name', 'phone', 'fax']));
    const response = await publish();
    expect(response.statusCode).toBe(422);
    const { issues } = response.json().error.details;
    expect(issues.length).toBeGreaterThanOrEqual(2);
    expect(issues[0]).toMatchObject({
      document: { kind: 'form', name: 'account_form' },
      path: expect.any(String),
    });
    const listed = (await app.inject(API)).json().documents;
    expect(listed.every((d: { publishedVersion: unknown }) => d.publishedVersion === null)).toBe(
      true,
    );
  });

  it('reports the issues of the working set on validate', async () => {
    await put(sampleAccountForm());
    const response = await app.inject({ method: 'POST', url: `${API}/validate` });
    expect(response.statusCode).toBe(200);
    expect(response.json().valid).toBe(false);
  });

  it('answers 428 when changing a document without If-Match', async () => {
    await put(sampleAccount());
    const response = await put(sampleAccount(['name']));
    expect(response.statusCode).toBe(428);
    expect(response.json().error.code).toBe('PRECONDITION_REQUIRED');
  });

  it('answers 412 when If-Match is stale', async () => {
    await put(sampleAccount());
    await put(sampleAccount(['name']), '"1"');
    const response = await put(sampleAccount(['name', 'phone']), '"1"');
    expect(response.statusCode).toBe(412);
    expect(response.json().error.code).toBe('METADATA_STALE');
  });

  it('answers 400 for an If-Match that is not a revision', async () => {
    await put(sampleAccount());
    const response = await put(sampleAccount(['name']), 'yesterday');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('BAD_REQUEST');
  });

  it('refuses a body whose name differs from the path', async () => {
    const response = await app.inject({
      method: 'PUT',
      url: `${API}/object/contact`,
      payload: sampleAccount(),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('METADATA_NAME_MISMATCH');
  });

  it('answers 404 METADATA_UNKNOWN_KIND for a kind that does not exist', async () => {
    const response = await app.inject(`${API}/widget/account`);
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('METADATA_UNKNOWN_KIND');
  });

  it('answers 404 METADATA_NOT_FOUND for a missing document', async () => {
    const response = await app.inject(`${API}/object/nobody`);
    expect(response.statusCode).toBe(404);
    expect(response.json().error).toMatchObject({
      code: 'METADATA_NOT_FOUND',
      details: { kind: 'object', name: 'nobody' },
    });
  });

  it('discards a draft with If-Match', async () => {
    await put(sampleAccount());
    await publish();
    await put(sampleAccount(['name']), '"2"');
    const response = await app.inject({
      method: 'DELETE',
      url: `${API}/object/account/draft`,
      headers: { 'if-match': '"3"' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ hasDraft: false, revision: 4 });
    // Publishing assigns storage slots to the fields, so the published copy holds more.
    expect((await app.inject(`${API}/object/account`)).json().document).toMatchObject(
      sampleAccount(),
    );
  });

  it('serves an old version by number', async () => {
    await put(sampleAccount());
    await publish();
    await put(sampleAccount(['name']), '"2"');
    await publish();
    const response = await app.inject(`${API}/object/account?version=1`);
    expect(response.json()).toMatchObject({
      state: 'version',
      version: 1,
      document: sampleAccount(),
    });
  });

  it('refuses unknown properties in the publish body', async () => {
    const response = await publish({ everything: true });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('BAD_REQUEST');
  });
});
