import type { Database } from '@tangram/db';
import { openTestDatabase, testBackends } from '@tangram/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from './create-app.js';
import {
  addMember,
  publishDocs,
  type SignedInServer,
  signedIn,
  TEST_ADMIN,
} from './test-session.js';

const BOOT_TIMEOUT = 180_000;

const object = (name: string, nameField: string, fields: object[]) => ({
  kind: 'object',
  schemaVersion: 1,
  name,
  label: { en: name },
  nameField,
  fields,
});

const role = (name: string, objects: object) => ({
  kind: 'role',
  schemaVersion: 1,
  name,
  label: { en: name },
  objects,
});

const DOCS = [
  object('deal', 'name', [{ name: 'name', type: 'text', label: { en: 'Name' } }]),
  // One role hides a memo's name field.
  object('memo', 'title', [
    { name: 'title', type: 'text', label: { en: 'Title' } },
    { name: 'body', type: 'text', label: { en: 'Body' }, searchable: true },
  ]),
  // Notes and tasks point at deals; one role hides the notes' lookup.
  object('note', 'name', [
    { name: 'name', type: 'text', label: { en: 'Name' } },
    { name: 'deal_ref', type: 'lookup', target: 'deal', label: { en: 'Deal' } },
  ]),
  object('task', 'name', [
    { name: 'name', type: 'text', label: { en: 'Name' } },
    { name: 'deal', type: 'lookup', target: 'deal', label: { en: 'Deal' } },
  ]),
  role('memo_reader', {
    deal: { read: true, scope: 'company' },
    memo: { read: true, scope: 'company', fields: { title: 'none' } },
  }),
  role('noter', {
    deal: { read: true, create: true, update: true, scope: 'own' },
    note: { read: true, scope: 'company', fields: { deal_ref: 'none' } },
    task: { read: true, scope: 'company' },
  }),
];

type SearchGroup = { object: string; records: { id: string; name: string | null }[] };

describe.each(testBackends())('search and timeline under field access on $name', (backend) => {
  let db: Database;
  let app: App;
  let admin: SignedInServer;
  let memoReader: SignedInServer;
  let noter: SignedInServer;

  beforeAll(async () => {
    db = await openTestDatabase(backend, { migrate: false });
    app = await createApp({ db, admin: TEST_ADMIN });
    admin = await signedIn(app);
    await publishDocs(admin, DOCS);
    memoReader = (await addMember(app, admin, 'memo_reader', ['memo_reader'])).server;
    noter = (await addMember(app, admin, 'noter', ['noter'])).server;
  }, BOOT_TIMEOUT);

  afterAll(async () => {
    await app?.server.close();
    await db?.close();
  });

  async function create(as: SignedInServer, objectName: string, payload: object) {
    const response = await as.inject({
      method: 'POST',
      url: `/api/v1/objects/${objectName}/records`,
      payload,
    });
    if (response.statusCode !== 201) throw new Error(`create ${objectName}: ${response.body}`);
    return response.json().id as string;
  }

  async function search(as: SignedInServer, q: string): Promise<SearchGroup[]> {
    const response = await as.inject(`/api/v1/search?q=${encodeURIComponent(q)}`);
    expect(response.statusCode).toBe(200);
    return response.json().groups;
  }

  it('finds records of an object whose name field is hidden, listed without a name', async () => {
    const memo = await create(admin, 'memo', { title: 'Board memo', body: 'quarterly plan' });
    await create(admin, 'deal', { name: 'Quarterly review' });
    const groups = await search(memoReader, 'quarterly');
    expect(groups.map((g) => [g.object, g.records])).toEqual([
      ['deal', [{ id: expect.any(String), name: 'Quarterly review' }]],
      ['memo', [{ id: memo, name: null }]],
    ]);
  });

  it('does not match a record by its hidden name field', async () => {
    await create(admin, 'memo', { title: 'Offsite agenda', body: 'travel' });
    expect(await search(memoReader, 'offsite')).toEqual([]);
  });

  it('leaves out of a timeline the records pointing here through a hidden lookup', async () => {
    const deal = await create(noter, 'deal', { name: 'Noter deal' });
    await create(admin, 'note', { name: 'Private note', deal_ref: deal });
    const task = await create(admin, 'task', { name: 'Call back', deal });
    const response = await noter.inject(`/api/v1/objects/deal/records/${deal}/timeline`);
    expect(response.statusCode).toBe(200);
    const items: { kind: string; object?: string; record?: { id: string } }[] =
      response.json().items;
    expect(items.filter((i) => i.kind === 'record').map((i) => [i.object, i.record?.id])).toEqual([
      ['task', task],
    ]);
  });
});
