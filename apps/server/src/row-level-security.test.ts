import { fileURLToPath } from 'node:url';
import { createDatabase, type Database, ensureTenant, runInTenant } from '@tangram/db';
import { createUnprivilegedDatabase } from '@tangram/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from './create-app.js';
import { type SignedInServer, signedIn, TEST_ADMIN } from './test-session.js';

const TEMPLATE_DIR = fileURLToPath(new URL('./__fixtures__/tiny-template/', import.meta.url));
const adminUrl = process.env.TEST_DATABASE_URL;
const RECORDS = '/api/v1/objects/account/records';

describe.skipIf(!adminUrl)('the app on PostgreSQL with row-level security', () => {
  let db: Database;
  let app: App;
  let api: SignedInServer;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const created = await createUnprivilegedDatabase(adminUrl as string);
    drop = created.drop;
    db = await createDatabase({ databaseUrl: created.url, tenantScoped: true });
    app = await createApp({
      db,
      templateDir: TEMPLATE_DIR,
      admin: TEST_ADMIN,
      rowLevelSecurity: true,
    });
    api = await signedIn(app);
  }, 90_000);

  afterAll(async () => {
    await app?.server.close();
    await db?.close();
    await drop?.();
  });

  it('installs the template, signs in and serves records under the policies', async () => {
    const page = (await api.inject(`${RECORDS}?count=exact`)).json();
    expect(page.count.value).toBe(2);
    const created = await api.inject({
      method: 'POST',
      url: RECORDS,
      payload: { name: 'RLS-CANARY-1' },
    });
    expect(created.statusCode).toBe(201);
    const history = await api.inject(`${RECORDS}/${created.json().id}/history`);
    expect(history.statusCode).toBe(200);
    expect(history.body).toContain('"create"');
    expect((await api.inject('/api/v1/identity/users')).json().users).toHaveLength(1);
    const draft = await api.inject({
      method: 'PUT',
      url: '/api/v1/metadata/object/note',
      payload: {
        kind: 'object',
        schemaVersion: 1,
        name: 'note',
        label: { en: 'Note' },
        nameField: 'title',
        fields: [{ name: 'title', type: 'text', label: { en: 'Title' } }],
      },
    });
    expect(draft.statusCode).toBe(200);
    expect(
      (await api.inject({ method: 'POST', url: '/api/v1/metadata/publish', payload: {} }))
        .statusCode,
    ).toBe(200);
  });

  it('lets a second tenant see none of the first one', async () => {
    const other = await ensureTenant(db, { slug: 'second', name: 'Second' });
    const hash = await app.auth.hashPassword('second password');
    const userId = crypto.randomUUID();
    await runInTenant(other.id, async () => {
      await db.kysely
        .insertInto('users')
        .values({
          tenant_id: other.id,
          id: userId,
          email: 'admin@second.example',
          name: 'S',
          password_hash: hash,
          department_id: null,
        })
        .execute();
      await db.kysely
        .insertInto('user_roles')
        .values({ tenant_id: other.id, user_id: userId, role_name: 'system_admin' })
        .execute();
    });
    const login = await app.server.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'admin@second.example', password: 'second password', tenant: 'second' },
    });
    expect(login.statusCode).toBe(200);
    const headers = { cookie: String(login.headers['set-cookie']).split(';')[0] as string };
    for (const url of [
      '/api/v1/metadata',
      RECORDS,
      '/api/v1/search?q=RLS',
      '/api/v1/identity/users',
    ]) {
      const response = await app.server.inject({ url, headers });
      expect([
        url,
        response.body.includes('RLS-CANARY-1'),
        response.body.includes('admin@example.com'),
      ]).toEqual([url, false, false]);
    }
  });
});
