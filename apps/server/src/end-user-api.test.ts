import { fileURLToPath } from 'node:url';
import type { Database } from '@tangram/db';
import { openTestDatabase, testBackends } from '@tangram/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp, TEMPLATE_INSTALLER_ID } from './create-app.js';
import { type SignedInServer, signedIn } from './test-session.js';

const TEMPLATE_DIR = fileURLToPath(new URL('../../../examples/crm-sales/', import.meta.url));
const JSON_HEADERS = { 'content-type': 'application/json' };

describe.each(testBackends())('the end-user API over the sales template on $name', (backend) => {
  let db: Database;
  let app: App;
  // Alice is the administrator; Bob a second user, to tell personal views apart.
  let alice: SignedInServer;
  let bob: SignedInServer;

  beforeAll(async () => {
    db = await openTestDatabase(backend, { migrate: false });
    app = await createApp({ db, templateDir: TEMPLATE_DIR });
    alice = await signedIn(app);
    const bobUser = { email: 'bob@example.com', password: 'bob password 1' };
    await alice.inject({
      method: 'POST',
      url: '/api/v1/identity/users',
      payload: { ...bobUser, name: 'Bob', roles: ['system_admin'] },
    });
    bob = await signedIn(app, bobUser);
  }, 180_000);

  afterAll(async () => {
    await app?.server.close();
    await db?.close();
  });

  async function createAccount(name: string) {
    const response = await alice.inject({
      method: 'POST',
      url: '/api/v1/objects/account/records',
      headers: JSON_HEADERS,
      payload: {
        name,
        type: 'customer',
        region: '320506',
        account_manager: TEMPLATE_INSTALLER_ID,
      },
    });
    expect(response.statusCode).toBe(201);
    return response.json() as { id: string; version: number };
  }

  it('searches accounts, contacts and the rest at once, grouped by object', async () => {
    await createAccount('Zephyr Robotics');
    const response = await alice.inject('/api/v1/search?q=zephyr&limit=3');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.groups.map((g: { object: string }) => g.object)).toEqual(['account']);
    expect(body.groups[0].records[0].name).toBe('Zephyr Robotics');
    expect((await alice.inject('/api/v1/search?q=')).statusCode).toBe(400);
    expect((await alice.inject('/api/v1/search?q=a&limit=99')).statusCode).toBe(400);
  });

  it('lists the records the caller changed last, newest first, not another user’s', async () => {
    const first = await createAccount('Recent One');
    const second = await createAccount('Recent Two');
    const renamed = await alice.inject({
      method: 'PATCH',
      url: `/api/v1/objects/account/records/${first.id}`,
      headers: { ...JSON_HEADERS, 'if-match': `"${first.version}"` },
      payload: { name: 'Recent One, renamed' },
    });
    expect(renamed.statusCode).toBe(200);
    const mine = await alice.inject('/api/v1/recent?objects=account,contact&limit=2');
    expect(mine.statusCode).toBe(200);
    expect(mine.json().records.map((r: { id: string; name: string }) => [r.id, r.name])).toEqual([
      [first.id, 'Recent One, renamed'],
      [second.id, 'Recent Two'],
    ]);
    expect(mine.json().records[0]).toMatchObject({ object: 'account', label: { en: 'Account' } });
    const theirs = await bob.inject('/api/v1/recent');
    expect(theirs.json().records.map((r: { id: string }) => r.id)).not.toContain(first.id);
    expect((await alice.inject('/api/v1/recent?objects=contact')).json().records).toEqual([]);
    expect((await alice.inject('/api/v1/recent?limit=99')).statusCode).toBe(400);
    expect((await alice.inject('/api/v1/recent?objects=Not-A-Name')).statusCode).toBe(400);
  });

  it('shows follow-ups and field changes in the record timeline, newest first', async () => {
    const account = await createAccount('Timeline Co');
    const activity = await alice.inject({
      method: 'POST',
      url: '/api/v1/objects/activity/records',
      headers: JSON_HEADERS,
      payload: {
        subject: 'Kick-off call',
        type: 'call',
        start_at: '2026-03-01T02:00:00.000Z',
        account: account.id,
        content: 'Talked about the pilot.',
        assignee: TEMPLATE_INSTALLER_ID,
      },
    });
    expect(activity.statusCode).toBe(201);
    const patched = await alice.inject({
      method: 'PATCH',
      url: `/api/v1/objects/account/records/${account.id}`,
      headers: { ...JSON_HEADERS, 'if-match': '"1"' },
      payload: { level: 'key' },
    });
    expect(patched.statusCode).toBe(200);

    const response = await alice.inject(
      `/api/v1/objects/account/records/${account.id}/timeline?limit=10`,
    );
    expect(response.statusCode).toBe(200);
    const items = response.json().items as { kind: string; action?: string; object?: string }[];
    expect(items.map((i) => (i.kind === 'change' ? i.action : i.object))).toEqual([
      'update',
      'activity',
      'create',
    ]);
    const unknown = await alice.inject(
      '/api/v1/objects/account/records/00000000-0000-4000-8000-000000000999/timeline',
    );
    expect(unknown.json().error.code).toBe('RECORD_NOT_FOUND');
  });

  it('serves the divisions of China level by level and refuses unknown region codes', async () => {
    const provinces = await alice.inject('/api/v1/regions');
    expect(provinces.json().regions).toHaveLength(31);
    expect(provinces.headers['cache-control']).toContain('max-age');
    const suzhou = await alice.inject('/api/v1/regions?parent=3205');
    expect(suzhou.json().regions.map((r: { name: string }) => r.name)).toContain('吴中区');
    const one = await alice.inject('/api/v1/regions/320506');
    expect(one.json().path.map((r: { name: string }) => r.name)).toEqual([
      '江苏省',
      '苏州市',
      '吴中区',
    ]);
    expect((await alice.inject('/api/v1/regions/999999')).statusCode).toBe(404);
    const bad = await alice.inject({
      method: 'POST',
      url: '/api/v1/objects/account/records',
      headers: JSON_HEADERS,
      payload: {
        name: 'X',
        type: 'customer',
        region: '320599',
        account_manager: TEMPLATE_INSTALLER_ID,
      },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.details.issues[0]).toMatchObject({
      field: 'region',
      code: 'UNKNOWN_REGION',
    });
  });

  it('uploads a file as raw bytes and serves it back with safe headers', async () => {
    const upload = await alice.inject({
      method: 'POST',
      url: `/api/v1/attachments?name=${encodeURIComponent('报价单 "v2".json')}`,
      headers: { 'content-type': 'application/json' },
      payload: '{"not":"parsed"}',
    });
    expect(upload.statusCode).toBe(201);
    const file = upload.json();
    expect(file).toMatchObject({
      name: '报价单 "v2".json',
      size: 16,
      contentType: 'text/plain; charset=utf-8',
    });

    const download = await alice.inject(`/api/v1/attachments/${file.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.body).toBe('{"not":"parsed"}');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-security-policy']).toContain('sandbox');
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="___ _v2_.json"; filename*=UTF-8''${encodeURIComponent('报价单 "v2".json')}`,
    );

    const empty = await alice.inject({
      method: 'POST',
      url: '/api/v1/attachments?name=a.txt',
      headers: { 'content-type': 'text/plain' },
      payload: '',
    });
    expect(empty.json().error.code).toBe('ATTACHMENT_SIZE_INVALID');
    const missing = await alice.inject('/api/v1/attachments/00000000-0000-4000-8000-000000000999');
    expect(missing.json().error.code).toBe('ATTACHMENT_NOT_FOUND');
  });

  it('saves a personal view, lists it for its owner only, and edits it with If-Match', async () => {
    const saved = await alice.inject({
      method: 'POST',
      url: '/api/v1/saved-views',
      headers: JSON_HEADERS,
      payload: {
        object: 'opportunity',
        label: 'Big proposals',
        visibility: 'personal',
        definition: {
          type: 'list',
          columns: [{ field: 'name' }, { field: 'amount' }],
          filter: {
            kind: 'and',
            children: [
              { kind: 'condition', field: 'stage', op: 'eq', value: 'proposal' },
              { kind: 'condition', field: 'amount', op: 'gte', value: 100000 },
            ],
          },
        },
      },
    });
    expect(saved.statusCode).toBe(201);
    expect(saved.headers.etag).toBe('"1"');
    const view = saved.json();
    const mine = await alice.inject('/api/v1/saved-views?object=opportunity');
    expect(mine.json().views.map((v: { label: string }) => v.label)).toEqual(['Big proposals']);
    const theirs = await bob.inject('/api/v1/saved-views?object=opportunity');
    expect(theirs.json().views).toEqual([]);

    const noIfMatch = await alice.inject({
      method: 'PATCH',
      url: `/api/v1/saved-views/${view.id}`,
      headers: JSON_HEADERS,
      payload: { visibility: 'shared' },
    });
    expect(noIfMatch.statusCode).toBe(428);
    const shared = await alice.inject({
      method: 'PATCH',
      url: `/api/v1/saved-views/${view.id}`,
      headers: { ...JSON_HEADERS, 'if-match': '"1"' },
      payload: { visibility: 'shared' },
    });
    expect(shared.json()).toMatchObject({ visibility: 'shared', version: 2 });
    const invalid = await alice.inject({
      method: 'POST',
      url: '/api/v1/saved-views',
      headers: JSON_HEADERS,
      payload: {
        object: 'opportunity',
        label: 'Bad',
        visibility: 'personal',
        definition: {
          type: 'list',
          columns: [{ field: 'name' }],
          sort: [{ field: 'nope', direction: 'asc' }],
        },
      },
    });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json().error.code).toBe('SAVED_VIEW_INVALID');
    const removed = await alice.inject({
      method: 'DELETE',
      url: `/api/v1/saved-views/${view.id}`,
      headers: { 'if-match': '"2"' },
    });
    expect(removed.statusCode).toBe(204);
  });
});
