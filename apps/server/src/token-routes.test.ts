import type { Database } from '@tangram/db';
import { openTestDatabase } from '@tangram/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from './create-app.js';
import { publishDocs, type SignedInServer, signedIn, TEST_ADMIN } from './test-session.js';

const BOOT_TIMEOUT = 120_000;
const FILES = '/api/v1/attachments';

function object(name: string, fields: object[] = []) {
  return {
    kind: 'object',
    schemaVersion: 1,
    name,
    label: { en: name },
    nameField: 'title',
    fields: [{ name: 'title', type: 'text', label: { en: 'Title' }, searchable: true }, ...fields],
  };
}

// API tokens beside the records: what an integration needs (files, search, regions) and nothing
// of the end user's app (saved views).
describe('the routes an API token reaches besides records (PGlite)', () => {
  let db: Database;
  let app: App;
  let admin: SignedInServer;

  async function token(objects: string[] | '*', actions: string[]) {
    const created = await admin.inject({
      method: 'POST',
      url: '/api/v1/auth/tokens',
      payload: { name: actions.join('+'), scopes: { objects, actions } },
    });
    expect(created.statusCode).toBe(201);
    const authorization = `Bearer ${created.json().token}`;
    return (options: {
      method?: 'GET' | 'HEAD' | 'POST';
      url: string;
      payload?: unknown;
      type?: string;
    }) =>
      app.server.inject({
        method: options.method ?? 'GET',
        url: options.url,
        headers: {
          authorization,
          ...(options.type === undefined ? {} : { 'content-type': options.type }),
        },
        ...(options.payload === undefined ? {} : { payload: options.payload as string }),
      });
  }

  beforeAll(async () => {
    db = await openTestDatabase({ name: 'pglite' }, { migrate: false });
    app = await createApp({ db, admin: TEST_ADMIN, webDir: null });
    admin = await signedIn(app);
    await publishDocs(admin, [
      object('contract', [{ name: 'files', type: 'attachment', label: { en: 'Files' } }]),
      object('memo'),
    ]);
    for (const name of ['contract', 'memo']) {
      const made = await admin.inject({
        method: 'POST',
        url: `/api/v1/objects/${name}/records`,
        payload: { title: `季度报告 ${name}` },
      });
      expect(made.statusCode).toBe(201);
    }
  }, BOOT_TIMEOUT);

  afterAll(async () => {
    await app?.server.close();
    await db?.close();
  });

  it('uploads a file, attaches it to a record it creates and downloads it through that record', async () => {
    const writer = await token(['contract'], ['read', 'create']);
    const upload = await writer({
      method: 'POST',
      url: `${FILES}?name=scan.txt`,
      type: 'text/plain',
      payload: '盖章页',
    });
    expect(upload.statusCode).toBe(201);
    const file = upload.json();
    const created = await writer({
      method: 'POST',
      url: '/api/v1/objects/contract/records',
      payload: { title: '框架协议', files: [file] },
    });
    expect(created.statusCode).toBe(201);
    const download = await writer({
      url: `${FILES}/${file.id}?object=contract&record=${created.json().id}&field=files`,
    });
    expect(download.statusCode).toBe(200);
    expect(download.body).toBe('盖章页');
  });

  it('refuses an upload to a token that may only read', async () => {
    const reader = await token(['contract'], ['read']);
    const upload = await reader({
      method: 'POST',
      url: `${FILES}?name=scan.txt`,
      type: 'text/plain',
      payload: 'x',
    });
    expect(upload.statusCode).toBe(403);
    expect(upload.json().error.code).toBe('PERMISSION_DENIED');
  });

  it('searches only the objects in its scope', async () => {
    const reader = await token(['contract'], ['read']);
    const found = await reader({ url: `/api/v1/search?q=${encodeURIComponent('季度报告')}` });
    expect(found.statusCode).toBe(200);
    expect(found.json().groups.map((group: { object: string }) => group.object)).toEqual([
      'contract',
    ]);
    const everything = await token('*', ['read']);
    const all = await everything({ url: `/api/v1/search?q=${encodeURIComponent('季度报告')}` });
    expect(
      all
        .json()
        .groups.map((group: { object: string }) => group.object)
        .sort(),
    ).toEqual(['contract', 'memo']);
    const writeOnly = await token('*', ['create']);
    expect((await writeOnly({ url: '/api/v1/search?q=x' })).statusCode).toBe(403);
  });

  it('reads regions, and reaches no saved view', async () => {
    const reader = await token(['contract'], ['read']);
    const regions = await reader({ url: '/api/v1/regions/110101' });
    expect(regions.statusCode).toBe(200);
    expect(regions.json().path.map((region: { code: string }) => region.code)).toEqual([
      '11',
      '1101',
      '110101',
    ]);
    const views = await reader({ url: '/api/v1/saved-views?object=contract' });
    expect(views.statusCode).toBe(403);
  });

  it('answers a HEAD as the GET it heads', async () => {
    const reader = await token(['contract'], ['read']);
    const head = (url: string) => reader({ method: 'HEAD', url });
    expect((await head('/api/v1/objects/contract/records')).statusCode).toBe(200);
    expect((await head('/api/v1/regions')).statusCode).toBe(200);
    expect((await head('/api/v1/objects/memo/records')).statusCode).toBe(403);
  });
});
