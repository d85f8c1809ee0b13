import type { Database } from '@tangram/db';
import { openTestDatabase, testBackends } from '@tangram/db/testing';
import type { InjectOptions } from '@tangram/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from './create-app.js';
import { sessionCookieOf, signInHeaders, TEST_ADMIN } from './test-session.js';

const AUTH = '/api/v1/auth';
const BOOT_TIMEOUT = 90_000;

describe.each(testBackends())('sign-in on $name', (backend) => {
  let db: Database;
  let app: App;

  beforeAll(async () => {
    db = await openTestDatabase(backend, { migrate: false });
    app = await createApp({ db });
  }, BOOT_TIMEOUT);

  afterAll(async () => {
    await app.server.close();
    await db.close();
  });

  const inject = (options: string | InjectOptions) => app.server.inject(options);
  const login = (email: string, password: string, ip = '10.0.0.1') =>
    inject({
      method: 'POST',
      url: `${AUTH}/login`,
      payload: { email, password },
      remoteAddress: ip,
    });

  it('asks for the first administrator on a fresh install, then creates it and signs in', async () => {
    expect((await inject(`${AUTH}/state`)).json()).toEqual({
      setupRequired: true,
      tenant: { slug: 'default', name: 'Default' },
    });
    const setup = await inject({ method: 'POST', url: `${AUTH}/setup`, payload: TEST_ADMIN });
    expect(setup.statusCode).toBe(201);
    expect(setup.json().user).toMatchObject({ email: TEST_ADMIN.email, roles: ['system_admin'] });
    expect(setup.json().user.passwordHash).toBeUndefined();
    const me = await inject({ url: `${AUTH}/me`, headers: { cookie: sessionCookieOf(setup) } });
    expect(me.json()).toMatchObject({ isAdmin: true, user: { email: TEST_ADMIN.email } });
    expect((await inject(`${AUTH}/state`)).json().setupRequired).toBe(false);
  });

  it('refuses a second setup with 409 SETUP_ALREADY_DONE', async () => {
    const again = await inject({
      method: 'POST',
      url: `${AUTH}/setup`,
      payload: { ...TEST_ADMIN, email: 'intruder@example.com' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('SETUP_ALREADY_DONE');
  });

  it('sets an HttpOnly SameSite=Lax cookie with a new session id at every login', async () => {
    const first = await login(TEST_ADMIN.email, TEST_ADMIN.password);
    const second = await login(TEST_ADMIN.email.toUpperCase(), TEST_ADMIN.password);
    expect(first.statusCode).toBe(200);
    const header = String(first.headers['set-cookie']);
    expect(header).toMatch(/^tangram_session=[^;]+; HttpOnly; SameSite=Lax; Path=\//);
    expect(sessionCookieOf(first)).not.toBe(sessionCookieOf(second));
  });

  it('answers a wrong password and an unknown email identically', async () => {
    const known = await login(TEST_ADMIN.email, 'wrong password', '10.0.0.2');
    const unknown = await login('nobody@example.com', 'wrong password', '10.0.0.2');
    expect(known.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(known.body).toBe(unknown.body);
    expect(known.json().error.code).toBe('AUTH_INVALID_CREDENTIALS');
  });

  it('throttles repeated failures for one email and address with 429, even with the right password', async () => {
    for (let i = 0; i < 5; i++) await login(TEST_ADMIN.email, `guess ${i}`, '10.0.0.3');
    const throttled = await login(TEST_ADMIN.email, TEST_ADMIN.password, '10.0.0.3');
    expect(throttled.statusCode).toBe(429);
    expect(throttled.json().error.code).toBe('AUTH_RATE_LIMITED');
    // Another address is not held back by someone else's guessing.
    expect((await login(TEST_ADMIN.email, TEST_ADMIN.password, '10.0.0.4')).statusCode).toBe(200);
  });

  it('requires a session or token on every /api/v1 route but sign-in, and keeps /health open', async () => {
    expect((await inject('/health')).statusCode).toBe(200);
    for (const url of ['/api/v1/metadata', '/api/v1/objects/account/records', `${AUTH}/me`]) {
      const response = await inject(url);
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe('AUTH_REQUIRED');
    }
    const forged = await inject({
      url: `${AUTH}/me`,
      headers: { cookie: 'tangram_session=forged' },
    });
    expect(forged.statusCode).toBe(401);
  });

  it('refuses a cookie-authenticated write without x-requested-with: tangram', async () => {
    const { cookie } = await signInHeaders(app);
    const response = await inject({ method: 'POST', url: `${AUTH}/logout`, headers: { cookie } });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('CSRF_HEADER_MISSING');
    expect((await inject({ url: `${AUTH}/me`, headers: { cookie } })).statusCode).toBe(200);
  });

  it('ends the session at logout and clears the cookie', async () => {
    const headers = await signInHeaders(app);
    const out = await inject({ method: 'POST', url: `${AUTH}/logout`, headers });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
    expect((await inject({ url: `${AUTH}/me`, headers })).statusCode).toBe(401);
  });

  it('changes the password, ends every session of the user and gives the caller a fresh one', async () => {
    const other = await signInHeaders(app);
    const current = await signInHeaders(app);
    const wrong = await inject({
      method: 'POST',
      url: `${AUTH}/password`,
      headers: current,
      payload: { currentPassword: 'not it', newPassword: 'a new long password' },
    });
    expect(wrong.json().error.code).toBe('CURRENT_PASSWORD_INCORRECT');
    const weak = await inject({
      method: 'POST',
      url: `${AUTH}/password`,
      headers: current,
      payload: { currentPassword: TEST_ADMIN.password, newPassword: 'short' },
    });
    expect(weak.json().error.code).toBe('PASSWORD_TOO_WEAK');
    const changed = await inject({
      method: 'POST',
      url: `${AUTH}/password`,
      headers: current,
      payload: { currentPassword: TEST_ADMIN.password, newPassword: 'a new long password' },
    });
    expect(changed.statusCode).toBe(204);
    const setCookie = String(changed.headers['set-cookie']);
    expect(setCookie).toContain('HttpOnly');
    const fresh = { cookie: sessionCookieOf(changed), 'x-requested-with': 'tangram' };
    expect(fresh.cookie).not.toBe(current.cookie);
    // Every session of the user ended at once, the one that made the change included.
    expect((await inject({ url: `${AUTH}/me`, headers: other })).statusCode).toBe(401);
    expect((await inject({ url: `${AUTH}/me`, headers: current })).statusCode).toBe(401);
    const me = await inject({ url: `${AUTH}/me`, headers: fresh });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.email).toBe(TEST_ADMIN.email);
    expect((await login(TEST_ADMIN.email, TEST_ADMIN.password, '10.0.0.5')).statusCode).toBe(401);
    expect((await login(TEST_ADMIN.email, 'a new long password', '10.0.0.5')).statusCode).toBe(200);
    // Back to the shared password for the tests that follow.
    const restored = await inject({
      method: 'POST',
      url: `${AUTH}/password`,
      headers: fresh,
      payload: { currentPassword: 'a new long password', newPassword: TEST_ADMIN.password },
    });
    expect(restored.statusCode).toBe(204);
    expect((await inject({ url: `${AUTH}/me`, headers: fresh })).statusCode).toBe(401);
  });

  it('refuses unknown keys and oversize values in sign-in bodies', async () => {
    const extra = await inject({
      method: 'POST',
      url: `${AUTH}/login`,
      payload: { email: TEST_ADMIN.email, password: TEST_ADMIN.password, isAdmin: true },
    });
    expect(extra.statusCode).toBe(400);
    const huge = await inject({
      method: 'POST',
      url: `${AUTH}/login`,
      payload: { email: TEST_ADMIN.email, password: 'x'.repeat(5000) },
    });
    expect(huge.statusCode).toBe(400);
  });

  it('shows an API token once, stores only its hash, and honours scope, expiry and revocation', async () => {
    const headers = await signInHeaders(app);
    const created = await inject({
      method: 'POST',
      url: `${AUTH}/tokens`,
      headers,
      payload: { name: 'reader', scopes: { objects: ['account'], actions: ['read'] } },
    });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    expect(token).toMatch(/^tgm_/);
    const stored = await db.kysely
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', id)
      .execute();
    expect(JSON.stringify(stored)).not.toContain(token.split('.')[1]);
    const listed = (await inject({ url: `${AUTH}/tokens`, headers })).json().tokens;
    expect(JSON.stringify(listed)).not.toContain(token.split('.')[1]);

    const bearer = { authorization: `Bearer ${token}` };
    // The object is unknown here (no template), but the token got past authentication and scope.
    expect(
      (await inject({ url: '/api/v1/objects/account/records', headers: bearer })).json().error.code,
    ).toBe('OBJECT_NOT_FOUND');
    const write = await inject({
      method: 'POST',
      url: '/api/v1/objects/account/records',
      headers: bearer,
      payload: { name: 'x' },
    });
    expect(write.json().error.code).toBe('PERMISSION_DENIED');
    const other = await inject({ url: '/api/v1/objects/contact/records', headers: bearer });
    expect(other.json().error.code).toBe('PERMISSION_DENIED');
    const mint = await inject({
      method: 'POST',
      url: `${AUTH}/tokens`,
      headers: bearer,
      payload: { name: 'child', scopes: { objects: '*', actions: ['read'] } },
    });
    expect(mint.statusCode).toBe(403);

    const revoked = await inject({ method: 'DELETE', url: `${AUTH}/tokens/${id}`, headers });
    expect(revoked.statusCode).toBe(204);
    expect((await inject({ url: '/api/v1/metadata', headers: bearer })).statusCode).toBe(401);
  });

  it('refuses an expired token', async () => {
    const headers = await signInHeaders(app);
    const created = await inject({
      method: 'POST',
      url: `${AUTH}/tokens`,
      headers,
      payload: {
        name: 'soon',
        scopes: { objects: '*', actions: ['read'] },
        expiresAt: new Date(Date.now() + 1500).toISOString(),
      },
    });
    const bearer = { authorization: `Bearer ${created.json().token}` };
    expect((await inject({ url: '/api/v1/metadata', headers: bearer })).statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect((await inject({ url: '/api/v1/metadata', headers: bearer })).statusCode).toBe(401);
  });

  it('audits sign-ins, failures and token changes in the append-only log', async () => {
    const rows = await db.kysely
      .selectFrom('audit_log')
      .select(['action', 'actor_id', 'ip'])
      .execute();
    const actions = new Set(rows.map((r) => r.action));
    for (const action of [
      'auth.setup',
      'auth.login',
      'auth.login_failed',
      'auth.logout',
      'token.created',
      'token.revoked',
      'auth.password_changed',
    ]) {
      expect(actions).toContain(action);
    }
    await expect(db.kysely.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    await expect(db.kysely.updateTable('audit_log').set({ action: 'x' }).execute()).rejects.toThrow(
      /append-only/,
    );
  });
});

describe.each(testBackends())(
  'the first administrator from the environment on $name',
  (backend) => {
    it(
      'is created at start when the tenant has no user, and never replaces one',
      async () => {
        const db = await openTestDatabase(backend, { migrate: false });
        try {
          const first = await createApp({
            db,
            admin: { email: 'Ops@Example.com', password: 'from the environment' },
          });
          expect((await first.server.inject(`${AUTH}/state`)).json().setupRequired).toBe(false);
          await first.server.close();
          const second = await createApp({
            db,
            admin: { email: 'other@example.com', password: 'another password' },
          });
          const ok = await signInHeaders(second, {
            email: 'ops@example.com',
            password: 'from the environment',
          });
          expect(ok.cookie).toMatch(/^tangram_session=/);
          await expect(
            signInHeaders(second, { email: 'other@example.com', password: 'another password' }),
          ).rejects.toThrow(/sign-in failed/);
          await second.server.close();
        } finally {
          await db.close();
        }
      },
      BOOT_TIMEOUT,
    );
  },
);
