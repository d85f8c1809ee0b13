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
const VIEWS = '/api/v1/saved-views';

const object = (name: string, fields: object[]) => ({
  kind: 'object',
  schemaVersion: 1,
  name,
  label: { en: name },
  nameField: 'name',
  fields: [{ name: 'name', type: 'text', label: { en: 'Name' } }, ...fields],
});

const DOCS = [
  object('account', [{ name: 'secret', type: 'text', label: { en: 'Secret' } }]),
  object('deal', [
    { name: 'amount', type: 'number', label: { en: 'Amount' } },
    { name: 'phone', type: 'phone', label: { en: 'Phone' }, sensitive: { mask: 'phone' } },
    { name: 'secret_note', type: 'text', label: { en: 'Secret' } },
    { name: 'account', type: 'lookup', target: 'account', label: { en: 'Account' } },
  ]),
  object('hr_case', []),
  {
    kind: 'role',
    schemaVersion: 1,
    name: 'rep',
    label: { en: 'Rep' },
    objects: {
      deal: { read: true, create: true, scope: 'own', fields: { secret_note: 'none' } },
      account: { read: true, scope: 'own', fields: { secret: 'none' } },
    },
  },
];

const condition = (field: string, op: string, value: unknown) => ({
  kind: 'condition',
  field,
  op,
  value,
});

describe.each(testBackends())('saved views under object and field access on $name', (backend) => {
  let db: Database;
  let app: App;
  let admin: SignedInServer;
  let rep: SignedInServer;

  beforeAll(async () => {
    db = await openTestDatabase(backend, { migrate: false });
    app = await createApp({ db, admin: TEST_ADMIN });
    admin = await signedIn(app);
    await publishDocs(admin, DOCS);
    rep = (await addMember(app, admin, 'rep', ['rep'])).server;
  }, BOOT_TIMEOUT);

  afterAll(async () => {
    await app?.server.close();
    await db?.close();
  });

  /** The administrator shares a list view of `objectName`; returns its id. */
  async function share(definition: object, objectName = 'deal'): Promise<string> {
    const response = await admin.inject({
      method: 'POST',
      url: VIEWS,
      payload: {
        object: objectName,
        label: 'Team view',
        visibility: 'shared',
        definition: { type: 'list', columns: [{ field: 'name' }], ...definition },
      },
    });
    if (response.statusCode !== 201) throw new Error(`saving a view: ${response.body}`);
    return response.json().id;
  }

  async function listedIds(as: SignedInServer, objectName = 'deal'): Promise<string[]> {
    const response = await as.inject(`${VIEWS}?object=${objectName}`);
    expect(response.statusCode).toBe(200);
    return response.json().views.map((view: { id: string }) => view.id);
  }

  it('answers 403 PERMISSION_DENIED to a list of the views of an object the user may not read', async () => {
    await share({ filter: condition('name', 'contains', 'Layoff') }, 'hr_case');
    const response = await rep.inject(`${VIEWS}?object=hr_case`);
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('PERMISSION_DENIED');
  });

  it('answers 404 SAVED_VIEW_NOT_FOUND for a view of an object the user may not read', async () => {
    const id = await share({ filter: condition('name', 'contains', 'Layoff') }, 'hr_case');
    const response = await rep.inject(`${VIEWS}/${id}`);
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('SAVED_VIEW_NOT_FOUND');
  });

  it('shows a shared view to a user who may filter and sort by every field it names', async () => {
    const id = await share({
      filter: condition('amount', 'gt', 1000),
      sort: [{ field: 'name', direction: 'asc' }],
    });
    expect(await listedIds(rep)).toContain(id);
    const response = await rep.inject(`${VIEWS}/${id}`);
    expect(response.statusCode).toBe(200);
    expect(response.json().definition.filter).toEqual(condition('amount', 'gt', 1000));
  });

  it('leaves a shared view filtering by a hidden field out of the list', async () => {
    const id = await share({ filter: condition('secret_note', 'contains', 'merger') });
    expect(await listedIds(rep)).not.toContain(id);
  });

  it('answers 404 SAVED_VIEW_NOT_FOUND for a shared view filtering by a hidden field', async () => {
    const id = await share({ filter: condition('secret_note', 'contains', 'merger') });
    const response = await rep.inject(`${VIEWS}/${id}`);
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('SAVED_VIEW_NOT_FOUND');
  });

  it('leaves out a shared view filtering by a masked field', async () => {
    const id = await share({ filter: condition('phone', 'eq', '13812345678') });
    expect(await listedIds(rep)).not.toContain(id);
  });

  it('leaves out a shared view filtering through a lookup by a field hidden on its target', async () => {
    const id = await share({ filter: condition('account.secret', 'eq', 'kickback') });
    expect(await listedIds(rep)).not.toContain(id);
  });

  it('leaves out a shared view with a hidden field in a nested group of its filter', async () => {
    const id = await share({
      filter: {
        kind: 'and',
        children: [
          condition('amount', 'gt', 1),
          { kind: 'not', child: condition('secret_note', 'eq', 'merger') },
        ],
      },
    });
    expect(await listedIds(rep)).not.toContain(id);
  });

  it('leaves out a shared view sorting by a hidden field', async () => {
    const id = await share({ sort: [{ field: 'secret_note', direction: 'asc' }] });
    expect(await listedIds(rep)).not.toContain(id);
  });

  it('still shows such a view to a user who may read its fields', async () => {
    const id = await share({ filter: condition('secret_note', 'contains', 'merger') });
    expect(await listedIds(admin)).toContain(id);
  });
});
