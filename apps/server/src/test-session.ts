import type { InjectOptions, LightMyRequestResponse } from '@tangram/server';
import type { App } from './create-app.js';

/** The first administrator tests sign in as. */
export const TEST_ADMIN = Object.freeze({
  email: 'admin@example.com',
  password: 'correct horse battery staple',
  name: 'Admin',
});

/** A server whose `inject` sends a signed-in session's cookie and CSRF header with every call. */
export interface SignedInServer {
  inject(options: string | InjectOptions): Promise<LightMyRequestResponse>;
  /** The headers it adds: `cookie` and `x-requested-with`. */
  readonly headers: Readonly<Record<string, string>>;
}

/** The `name=value` of the session cookie a sign-in response set. */
export function sessionCookieOf(response: LightMyRequestResponse): string {
  const header = response.headers['set-cookie'];
  const value = Array.isArray(header) ? header[0] : header;
  if (typeof value !== 'string')
    throw new Error(`no session cookie (status ${response.statusCode})`);
  return value.split(';')[0] as string;
}

/** Signs in with email and password and returns the headers of that session. */
export async function signInHeaders(
  app: Pick<App, 'server'>,
  credentials: { readonly email: string; readonly password: string } = TEST_ADMIN,
): Promise<Record<string, string>> {
  const response = await app.server.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: credentials.email, password: credentials.password },
  });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.body}`);
  return { cookie: sessionCookieOf(response), 'x-requested-with': 'tangram' };
}

/**
 * Creates the test administrator (when the tenant has no user yet), signs in, and wraps the
 * server so that every `inject` acts in that session.
 */
export async function signedIn(
  app: Pick<App, 'server' | 'auth'>,
  credentials: { readonly email: string; readonly password: string } = TEST_ADMIN,
): Promise<SignedInServer> {
  if (credentials === TEST_ADMIN) await app.auth.ensureAdmin(TEST_ADMIN);
  const headers = await signInHeaders(app, credentials);
  return {
    headers,
    inject(options) {
      const opts: InjectOptions = typeof options === 'string' ? { url: options } : options;
      return app.server.inject({ ...opts, headers: { ...headers, ...(opts.headers ?? {}) } });
    },
  };
}

/**
 * Saves metadata documents as the administrator (a document that exists with the If-Match of its
 * current revision) and publishes them; throws when either fails.
 */
export async function publishDocs(
  admin: SignedInServer,
  docs: readonly { readonly kind: string; readonly name: string }[],
): Promise<void> {
  for (const doc of docs) {
    const url = `/api/v1/metadata/${doc.kind}/${doc.name}`;
    const current = await admin.inject(url);
    const saved = await admin.inject({
      method: 'PUT',
      url,
      payload: doc,
      ...(current.statusCode === 200
        ? { headers: { 'if-match': String(current.headers.etag) } }
        : {}),
    });
    if (saved.statusCode !== 200) throw new Error(`saving ${doc.name} failed: ${saved.body}`);
  }
  const published = await admin.inject({
    method: 'POST',
    url: '/api/v1/metadata/publish',
    payload: {},
  });
  if (published.statusCode !== 200) throw new Error(`publish failed: ${published.body}`);
}

/** Creates a user `<key>@example.com` with the roles as the administrator, and signs them in. */
export async function addMember(
  app: Pick<App, 'server' | 'auth'>,
  admin: SignedInServer,
  key: string,
  roles: readonly string[],
  password = 'member password',
): Promise<{ readonly id: string; readonly server: SignedInServer }> {
  const email = `${key}@example.com`;
  const created = await admin.inject({
    method: 'POST',
    url: '/api/v1/identity/users',
    payload: { email, name: key, password, roles },
  });
  if (created.statusCode !== 201) throw new Error(`creating ${key} failed: ${created.body}`);
  return { id: created.json().id, server: await signedIn(app, { email, password }) };
}
