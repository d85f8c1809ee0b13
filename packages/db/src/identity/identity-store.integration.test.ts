import { createAuthService, type PasswordHasher } from '@tangram/engine';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../database.js';
import { ensureTenant } from '../tenants.js';
import { openTestDatabase, testBackends } from '../testing.js';
import { createIdentityStore } from './identity-store.js';

// A stand-in hasher: these tests are about sessions, not about argon2 (apps/server tests that).
const plainHasher: PasswordHasher = {
  hash: async (password) => `plain:${password}`,
  verify: async (hash, password) => hash === `plain:${password}`,
};

const HOUR = 3600_000;

describe.each(testBackends())('sessions in the identity store on $name', (backend) => {
  let db: Database | undefined;

  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  async function setup(cacheMs = 0) {
    db = await openTestDatabase(backend);
    await ensureTenant(db, { slug: 'default', name: 'Default' });
    let now = Date.parse('2026-01-01T00:00:00Z');
    const clock = { now: () => new Date(now) };
    const auth = createAuthService({
      store: createIdentityStore(db),
      hasher: plainHasher,
      clock,
      defaultTenantSlug: 'default',
      sessionIdleMs: 2 * HOUR,
      sessionAbsoluteMs: 10 * HOUR,
      cacheMs,
    });
    await auth.ensureAdmin({ email: 'a@example.com', password: 'password 1' });
    const login = () =>
      auth.login({ email: 'a@example.com', password: 'password 1' }, { ip: '1.1.1.1' });
    return { auth, login, advance: (ms: number) => (now += ms), db };
  }

  it('stores only the hash of the session secret', async () => {
    const { login, db } = await setup();
    const { sessionCookie } = await login();
    const secret = sessionCookie.split('.')[1] as string;
    const rows = await db.kysely.selectFrom('sessions').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(secret);
  });

  it('deletes the user’s sessions that have ended when they sign in again', async () => {
    const { auth, login, advance, db } = await setup();
    const ended = await login();
    advance(9 * HOUR);
    await login();
    advance(2 * HOUR);
    const latest = await login();
    const rows = await db.kysely.selectFrom('sessions').select('expires_at').execute();
    expect(rows.map((row) => row.expires_at.toISOString()).sort()).toEqual([
      '2026-01-01T19:00:00.000Z',
      '2026-01-01T21:00:00.000Z',
    ]);
    expect(await auth.authenticateSession(ended.sessionCookie)).toBeNull();
    expect(await auth.authenticateSession(latest.sessionCookie)).not.toBeNull();
  });

  it('ends a session unused for longer than the idle time', async () => {
    const { auth, login, advance } = await setup();
    const { sessionCookie } = await login();
    advance(HOUR);
    expect(await auth.authenticateSession(sessionCookie)).not.toBeNull();
    advance(HOUR + 60_000);
    expect(await auth.authenticateSession(sessionCookie)).not.toBeNull();
    advance(2 * HOUR + 1);
    expect(await auth.authenticateSession(sessionCookie)).toBeNull();
  });

  it('ends a session at its absolute expiry however busy it is', async () => {
    const { auth, login, advance } = await setup();
    const { sessionCookie } = await login();
    for (let hours = 0; hours < 9; hours++) {
      advance(HOUR);
      expect(await auth.authenticateSession(sessionCookie)).not.toBeNull();
    }
    advance(HOUR);
    expect(await auth.authenticateSession(sessionCookie)).toBeNull();
  });

  it('forgets a cached session at logout in this process at once', async () => {
    const { auth, login } = await setup(60_000);
    const { sessionCookie } = await login();
    const principal = await auth.authenticateSession(sessionCookie);
    expect(principal).not.toBeNull();
    await auth.logout(principal as NonNullable<typeof principal>, { ip: null });
    expect(await auth.authenticateSession(sessionCookie)).toBeNull();
  });

  it('refuses a session cookie of another tenant id or with a changed secret', async () => {
    const { auth, login } = await setup();
    const { sessionCookie } = await login();
    const [tenant, secret] = sessionCookie.split('.') as [string, string];
    expect(await auth.authenticateSession(`${crypto.randomUUID()}.${secret}`)).toBeNull();
    const flipped = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    expect(await auth.authenticateSession(`${tenant}.${flipped}`)).toBeNull();
  });
});
