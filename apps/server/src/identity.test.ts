import { fileURLToPath } from 'node:url';
import type { Database } from '@tangram/db';
import { openTestDatabase, testBackends } from '@tangram/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from './create-app.js';
import { type SignedInServer, signedIn, signInHeaders, TEST_ADMIN } from './test-session.js';

const TEMPLATE_DIR = fileURLToPath(new URL('./__fixtures__/tiny-template/', import.meta.url));
const ID = '/api/v1/identity';
const BOOT_TIMEOUT = 90_000;

const salesRep = {
  kind: 'role',
  schemaVersion: 1,
  name: 'sales_rep',
  label: { 'zh-CN': '销售', en: 'Sales rep' },
  objects: { account: { read: true, create: true, update: true, scope: 'own' } },
};

describe.each(testBackends())('administering users, departments and roles on $name', (backend) => {
  let db: Database;
  let app: App;
  let admin: SignedInServer;

  beforeAll(async () => {
    db = await openTestDatabase(backend, { migrate: false });
    app = await createApp({ db, templateDir: TEMPLATE_DIR, admin: TEST_ADMIN });
    admin = await signedIn(app);
    await admin.inject({
      method: 'PUT',
      url: '/api/v1/metadata/role/sales_rep',
      payload: salesRep,
    });
    const published = await admin.inject({
      method: 'POST',
      url: '/api/v1/metadata/publish',
      payload: {},
    });
    expect(published.statusCode).toBe(200);
  }, BOOT_TIMEOUT);

  afterAll(async () => {
    await app.server.close();
    await db.close();
  });

  async function createUser(email: string, extra: object = {}) {
    const response = await admin.inject({
      method: 'POST',
      url: `${ID}/users`,
      payload: { email, name: email.split('@')[0], password: 'a user password', ...extra },
    });
    expect(response.statusCode).toBe(201);
    return response.json() as { id: string; roles: string[]; departmentId: string | null };
  }

  const as = (email: string) => signInHeaders(app, { email, password: 'a user password' });

  it('builds a department tree and refuses a cycle', async () => {
    const root = (
      await admin.inject({ method: 'POST', url: `${ID}/departments`, payload: { name: '总部' } })
    ).json();
    const child = (
      await admin.inject({
        method: 'POST',
        url: `${ID}/departments`,
        payload: { name: '华东', parentId: root.id },
      })
    ).json();
    expect(child.parentId).toBe(root.id);
    const cycle = await admin.inject({
      method: 'PATCH',
      url: `${ID}/departments/${root.id}`,
      payload: { parentId: child.id },
    });
    expect(cycle.statusCode).toBe(422);
    expect(cycle.json().error.code).toBe('IDENTITY_INVALID');
    const listed = (await admin.inject(`${ID}/departments`)).json().departments;
    expect(listed.map((d: { name: string }) => d.name).sort()).toEqual(['华东', '总部'].sort());
    const busy = await admin.inject({ method: 'DELETE', url: `${ID}/departments/${root.id}` });
    expect(busy.statusCode).toBe(422);
  });

  it('creates a user with roles and a department, never showing a password hash', async () => {
    const [department] = (await admin.inject(`${ID}/departments`)).json().departments;
    const user = await createUser('rep@example.com', {
      roles: ['sales_rep'],
      departmentId: department.id,
    });
    expect(user).toMatchObject({
      roles: ['sales_rep'],
      departmentId: department.id,
      status: 'active',
    });
    const listed = await admin.inject(`${ID}/users`);
    expect(listed.body).not.toMatch(/argon2|password/i);
    const me = (
      await app.server.inject({ url: '/api/v1/auth/me', headers: await as('rep@example.com') })
    ).json();
    expect(me).toMatchObject({ isAdmin: false, roles: [{ name: 'sales_rep', label: '销售' }] });
    expect(me.permissions.account).toEqual({
      create: true,
      read: true,
      update: true,
      delete: false,
      export: false,
      import: false,
    });
  });

  it('refuses an unknown role, a duplicate email and assigned system fields', async () => {
    const unknown = await admin.inject({
      method: 'POST',
      url: `${ID}/users`,
      payload: { email: 'x@example.com', name: 'x', roles: ['overlord'] },
    });
    expect(unknown.json().error.code).toBe('IDENTITY_INVALID');
    const duplicate = await admin.inject({
      method: 'POST',
      url: `${ID}/users`,
      payload: { email: 'REP@example.com', name: 'again' },
    });
    expect(duplicate.json().error.code).toBe('USER_EMAIL_TAKEN');
    for (const key of ['tenantId', 'id', 'passwordHash', 'status']) {
      const response = await admin.inject({
        method: 'POST',
        url: `${ID}/users`,
        payload: { email: `${key.toLowerCase()}@example.com`, name: 'n', [key]: 'x' },
      });
      expect([key, response.statusCode]).toEqual([key, 400]);
    }
  });

  it('keeps administration to administrators and metadata writes to designers', async () => {
    const rep = await as('rep@example.com');
    for (const url of [`${ID}/users`, `${ID}/departments`, `${ID}/roles`, '/api/v1/audit']) {
      const response = await app.server.inject({ url, headers: rep });
      expect([url, response.statusCode, response.json().error.code]).toEqual([
        url,
        403,
        'PERMISSION_DENIED',
      ]);
    }
    const design = await app.server.inject({
      method: 'PUT',
      url: '/api/v1/metadata/role/sales_rep',
      headers: rep,
      payload: {
        ...salesRep,
        objects: { account: { read: true, delete: true, scope: 'company' } },
      },
    });
    expect(design.statusCode).toBe(403);
    expect(
      (await app.server.inject({ url: '/api/v1/metadata?kind=object', headers: rep })).statusCode,
    ).toBe(200);
    // End users read published documents only; drafts, old versions and history are design tools.
    const published = await app.server.inject({
      url: '/api/v1/metadata/object/account',
      headers: rep,
    });
    expect(published.json().state).toBe('published');
    for (const url of [
      '/api/v1/metadata/object/account?state=draft',
      '/api/v1/metadata/object/account?state=effective',
      '/api/v1/metadata/object/account?version=1',
      '/api/v1/metadata/object/account/history',
      '/api/v1/metadata/object/account/diff?from=0&to=1',
    ]) {
      expect([url, (await app.server.inject({ url, headers: rep })).statusCode]).toEqual([
        url,
        403,
      ]);
    }
    expect((await admin.inject('/api/v1/metadata/object/account/history')).statusCode).toBe(200);
  });

  it('ends every session of a deactivated user at once, and lets nobody sign in as them', async () => {
    const user = await createUser('leaver@example.com');
    const session = await as('leaver@example.com');
    expect((await app.server.inject({ url: '/api/v1/auth/me', headers: session })).statusCode).toBe(
      200,
    );
    const off = await admin.inject({
      method: 'PATCH',
      url: `${ID}/users/${user.id}`,
      payload: { status: 'deactivated' },
    });
    expect(off.json().status).toBe('deactivated');
    expect((await app.server.inject({ url: '/api/v1/auth/me', headers: session })).statusCode).toBe(
      401,
    );
    await expect(as('leaver@example.com')).rejects.toThrow(/sign-in failed/);
  });

  it('ends every session when an administrator sets a new password', async () => {
    const user = await createUser('reset@example.com');
    const session = await as('reset@example.com');
    await admin.inject({
      method: 'PATCH',
      url: `${ID}/users/${user.id}`,
      payload: { password: 'another password' },
    });
    expect((await app.server.inject({ url: '/api/v1/auth/me', headers: session })).statusCode).toBe(
      401,
    );
    const ok = await signInHeaders(app, {
      email: 'reset@example.com',
      password: 'another password',
    });
    expect(ok.cookie).toBeDefined();
  });

  it('applies a role change to a signed-in user at once', async () => {
    const user = await createUser('promoted@example.com');
    const session = await as('promoted@example.com');
    const before = (await app.server.inject({ url: '/api/v1/auth/me', headers: session })).json();
    expect(before.permissions.account.read).toBe(false);
    await admin.inject({
      method: 'PATCH',
      url: `${ID}/users/${user.id}`,
      payload: { roles: ['sales_rep'] },
    });
    const after = (await app.server.inject({ url: '/api/v1/auth/me', headers: session })).json();
    expect(after.permissions.account.read).toBe(true);
  });

  it('refuses an administrator removing their own admin role', async () => {
    const me = (await admin.inject('/api/v1/auth/me')).json();
    const response = await admin.inject({
      method: 'PATCH',
      url: `${ID}/users/${me.user.id}`,
      payload: { roles: [] },
    });
    expect(response.json().error.code).toBe('IDENTITY_INVALID');
  });

  it('audits every publish, so role changes are in the audit log', async () => {
    const rows = await db.kysely
      .selectFrom('audit_log')
      .select(['action', 'target'])
      .where('action', '=', 'metadata.published')
      .execute();
    expect(rows.map((r) => r.target)).toContain('role/sales_rep@1');
  });

  it('shows the audit log to auditors only, as pages and as CSV, and audits the export', async () => {
    const me = (await admin.inject('/api/v1/auth/me')).json();
    expect((await admin.inject('/api/v1/audit')).statusCode).toBe(403);
    const auditor = await createUser('auditor@example.com', { roles: ['auditor'] });
    const headers = await as('auditor@example.com');
    const page = (await app.server.inject({ url: '/api/v1/audit?limit=5', headers })).json();
    expect(page.entries).toHaveLength(5);
    expect(page.nextBefore).not.toBeNull();
    const next = (
      await app.server.inject({ url: `/api/v1/audit?limit=5&before=${page.nextBefore}`, headers })
    ).json();
    expect(Number(next.entries[0].seq)).toBeLessThan(Number(page.entries[4].seq));
    const created = (
      await app.server.inject({ url: `/api/v1/audit?action=user.created&limit=100`, headers })
    ).json().entries;
    expect(created.map((e: { target: string }) => e.target)).toContain(auditor.id);
    expect(created.every((e: { actorId: string }) => e.actorId === me.user.id)).toBe(true);

    const csv = await app.server.inject({ url: '/api/v1/audit/export.csv', headers });
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('seq,at,actorId,action,ip,target,details');
    expect(lines.length).toBeGreaterThan(10);
    const exported = (
      await app.server.inject({ url: '/api/v1/audit?action=audit.exported', headers })
    ).json().entries;
    expect(exported).toHaveLength(1);
    const xlsx = await app.server.inject({ url: '/api/v1/audit/export.xlsx', headers });
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect(xlsx.rawPayload.includes(Buffer.from('user.created'))).toBe(true);
    const formats = (
      await app.server.inject({ url: '/api/v1/audit?action=audit.exported', headers })
    )
      .json()
      .entries.map((e: { details: { format: string } }) => e.details.format);
    expect(formats.sort()).toEqual(['csv', 'xlsx']);
  });
});
