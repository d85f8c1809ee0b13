import { fileURLToPath } from 'node:url';
import type { Database } from '@tangram/db';
import { openTestDatabase, testBackends } from '@tangram/db/testing';
import { installSeed, installTemplate } from '@tangram/engine';
import type { ObjectDoc } from '@tangram/schema';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type App, createApp, TEMPLATE_INSTALLER_ID } from './create-app.js';
import { readTemplateDir } from './read-template-dir.js';
import { type SignedInServer, signedIn, TEST_ADMIN } from './test-session.js';

const TEMPLATE_DIR = fileURLToPath(new URL('./__fixtures__/tiny-template/', import.meta.url));
const API = '/api/v1/metadata';
// Booting compiles PGlite's WebAssembly and migrates; slow on a busy machine.
const BOOT_TIMEOUT = 90_000;

function contact(fields: string[]) {
  return {
    kind: 'object',
    schemaVersion: 1,
    name: 'contact',
    label: { en: 'Contact' },
    nameField: 'name',
    fields: fields.map((name) => ({ name, type: 'text', label: { en: name } })),
  };
}

describe.each(testBackends())('starting the app on $name', (backend) => {
  let db: Database;
  const apps: App[] = [];

  async function start(
    templateDir: string | undefined = TEMPLATE_DIR,
  ): Promise<Omit<App, 'server'> & { server: SignedInServer }> {
    const app = await createApp({ db, ...(templateDir === undefined ? {} : { templateDir }) });
    apps.push(app);
    return { ...app, server: await signedIn(app) };
  }

  beforeEach(async () => {
    db = await openTestDatabase(backend, { migrate: false });
  });

  afterEach(async () => {
    for (const app of apps.splice(0)) await app.server.close();
    await db.close();
  });

  it(
    'starts on a fresh database and serves /health',
    async () => {
      const { server } = await start();
      const response = await server.inject('/health');
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ status: 'ok', database: db.backend });
    },
    BOOT_TIMEOUT,
  );

  it(
    'installs and publishes the template on first start',
    async () => {
      const { server, installation } = await start();
      expect(installation?.published).toEqual([
        { kind: 'app', name: 'tiny', version: 1 },
        { kind: 'object', name: 'account', version: 1 },
        { kind: 'view', name: 'all_accounts', version: 1 },
      ]);
      const listed = (await server.inject(API)).json().documents;
      expect(listed).toHaveLength(3);
    },
    BOOT_TIMEOUT,
  );

  it(
    'creates the template sample records through the record API on first start only',
    async () => {
      const first = await start();
      expect(first.seed).toEqual({ created: 2, existing: 0 });
      const again = await start();
      expect(again.seed).toBeNull();
      const page = (await again.server.inject('/api/v1/objects/account/records?sort=name')).json();
      expect(page.records.map((r: { name: string }) => r.name)).toEqual([
        'Harbor Lane Trading Co.',
        '星河智造科技有限公司',
      ]);
    },
    BOOT_TIMEOUT,
  );

  it(
    'does not install the template again on the next start',
    async () => {
      await start();
      const again = await start();
      expect(again.installation).toBeNull();
      const history = (await again.server.inject(`${API}/object/account/history`)).json();
      expect(history.versions).toHaveLength(1);
    },
    BOOT_TIMEOUT,
  );

  it(
    'starts without a template when its folder does not exist',
    async () => {
      const { server, installation } = await start('/nonexistent/template');
      expect(installation).toBeNull();
      expect((await server.inject(API)).json().documents).toEqual([]);
    },
    BOOT_TIMEOUT,
  );
});

describe.each(testBackends())('the metadata API of the app on $name', (backend) => {
  let db: Database;
  let app: App;
  let server: SignedInServer;

  beforeAll(async () => {
    db = await openTestDatabase(backend, { migrate: false });
    app = await createApp({ db, templateDir: TEMPLATE_DIR, admin: TEST_ADMIN });
    server = await signedIn(app);
  });

  afterAll(async () => {
    await app.server.close();
    await db.close();
  });

  it('changes nothing when the same template is installed again', async () => {
    const documents = (await readTemplateDir(TEMPLATE_DIR))?.documents ?? [];
    const ctx = { tenantId: app.tenantId, actorId: 'system' };
    const again = await installTemplate(app.metadata, ctx, documents);
    expect(again.published).toEqual([]);
    expect(again.unchanged).toHaveLength(3);
  });

  it('creates nothing when the same seed is installed again', async () => {
    const template = await readTemplateDir(TEMPLATE_DIR);
    const objects = (template?.documents ?? []).filter(
      (d): d is ObjectDoc => (d as ObjectDoc).kind === 'object',
    );
    const ctx = { tenantId: app.tenantId, actorId: 'system', userId: TEMPLATE_INSTALLER_ID };
    const again = await installSeed(app.records, ctx, 'tiny', template?.seed ?? [], objects);
    expect(again).toEqual({ created: 0, existing: 2 });
    const page = await app.records.query(ctx, 'account', { count: 'exact' });
    expect(page.count?.value).toBe(2);
  });

  it('lets records use a field as soon as it is published', async () => {
    const create = (payload: object) =>
      server.inject({ method: 'POST', url: '/api/v1/objects/account/records', payload });
    expect((await create({ name: 'Before', website: 'https://a.example' })).statusCode).toBe(422);
    const current = await server.inject(`${API}/object/account?state=published`);
    const object = current.json().document;
    object.fields.push({ name: 'website', type: 'url', label: { en: 'Website' } });
    const saved = await server.inject({
      method: 'PUT',
      url: `${API}/object/account`,
      payload: object,
      headers: { 'if-match': current.headers.etag as string },
    });
    expect(saved.statusCode).toBe(200);
    await server.inject({ method: 'POST', url: `${API}/publish`, payload: {} });
    const after = await create({ name: 'After', website: 'https://b.example' });
    expect(after.statusCode).toBe(201);
    expect(after.json().website).toBe('https://b.example');
  });

  it('refuses a document with errors, listing every issue, and stores nothing', async () => {
    const response = await server.inject({
      method: 'PUT',
      url: `${API}/object/lead`,
      payload: { ...contact(['name']), name: 'lead', label: {}, nameField: 7 },
    });
    expect(response.statusCode).toBe(422);
    const { issues } = response.json().error.details;
    expect(issues.map((i: { path: string }) => i.path)).toEqual(
      expect.arrayContaining(['/label', '/nameField']),
    );
    expect((await server.inject(`${API}/object/lead`)).statusCode).toBe(404);
  });

  it('keeps history, diffs versions and reverts through the API', async () => {
    const put = (fields: string[], ifMatch?: string) =>
      server.inject({
        method: 'PUT',
        url: `${API}/object/contact`,
        payload: contact(fields),
        headers: ifMatch ? { 'if-match': ifMatch } : {},
      });
    const publish = () => server.inject({ method: 'POST', url: `${API}/publish`, payload: {} });

    const adminId = (await server.inject('/api/v1/auth/me')).json().user.id;
    await put(['name']);
    await publish();
    const etag = (await server.inject(`${API}/object/contact`)).headers.etag as string;
    expect((await put(['name', 'email'], etag)).statusCode).toBe(200);
    expect((await put(['name', 'phone'], etag)).statusCode).toBe(412);
    await publish();

    const history = (await server.inject(`${API}/object/contact/history`)).json().versions;
    expect(
      history.map((v: { version: number; authorId: string }) => [v.version, v.authorId]),
    ).toEqual([
      [2, adminId],
      [1, adminId],
    ]);
    const diff = (await server.inject(`${API}/object/contact/diff?from=1&to=2`)).json().diff;
    expect(diff).toEqual([
      {
        op: 'add',
        path: '/fields/1',
        // Publishing gives the new field the next free text slot; the first field keeps t1.
        value: { name: 'email', type: 'text', label: { en: 'email' }, storage: { slot: 't2' } },
      },
    ]);

    const head = (await server.inject(`${API}/object/contact`)).headers.etag as string;
    const reverted = await server.inject({
      method: 'POST',
      url: `${API}/object/contact/revert`,
      payload: { version: 1 },
      headers: { 'if-match': head },
    });
    expect(reverted.json()).toMatchObject({ version: 3, revertedFrom: 1 });
    const restored = contact(['name']);
    const fields = restored.fields.map((field) => ({ ...field, storage: { slot: 't1' } }));
    expect((await server.inject(`${API}/object/contact`)).json().document).toEqual({
      ...restored,
      fields,
    });
  });

  it('records the signed-in user as the author, whatever x-tangram-actor says', async () => {
    await server.inject({
      method: 'PUT',
      url: `${API}/object/partner`,
      payload: { ...contact(['name']), name: 'partner' },
      headers: { 'x-tangram-actor': 'ana' },
    });
    const me = (await server.inject('/api/v1/auth/me')).json();
    const [summary] = (await server.inject(`${API}?kind=object`))
      .json()
      .documents.filter((d: { name: string }) => d.name === 'partner');
    expect(summary.updatedBy).toBe(me.user.id);
  });

  it('answers 401 AUTH_REQUIRED to a request without a session, even naming a tenant', async () => {
    const response = await app.server.inject({
      url: API,
      headers: { 'x-tangram-tenant': 'default', 'x-tangram-actor': 'ana' },
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('AUTH_REQUIRED');
  });
});
