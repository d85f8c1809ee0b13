import { isClientError } from '@tangram/client';
import { apiFetch } from '../api/http';
import { type SessionUser, useSession } from './session-store';

/** What the server says about signing in before anyone has. */
export interface AuthState {
  /** False while the server has no sign-in yet and accepts the placeholder actor header. */
  readonly available: boolean;
  readonly setupRequired: boolean;
  readonly tenant: { readonly slug: string; readonly name: string };
}

const PLACEHOLDER_KEY = 'tangram.placeholderUser';

interface MeAnswer {
  user: SessionUser;
  tenant: { slug: string; name: string };
  isAdmin: boolean;
}

/** Reads GET /api/v1/auth/state; a server without the route is in placeholder mode. */
export async function fetchAuthState(): Promise<AuthState> {
  try {
    const { body } = await apiFetch<{
      setupRequired: boolean;
      tenant: { slug: string; name: string };
    }>('GET', '/api/v1/auth/state');
    return { available: true, setupRequired: body.setupRequired, tenant: body.tenant };
  } catch (error) {
    if (isClientError(error) && error.status === 404) {
      return {
        available: false,
        setupRequired: false,
        tenant: { slug: 'default', name: 'Default' },
      };
    }
    throw error;
  }
}

/** Restores the session of this browser: the cookie session, or the remembered placeholder user. */
export async function restoreSession(state: AuthState): Promise<void> {
  const session = useSession.getState();
  if (!state.available) {
    const name = globalThis.localStorage?.getItem(PLACEHOLDER_KEY);
    session.set({
      mode: 'placeholder',
      tenant: state.tenant,
      isAdmin: true,
      user: name ? { id: name, email: '', name } : null,
    });
    return;
  }
  try {
    const { body } = await apiFetch<MeAnswer>('GET', '/api/v1/auth/me');
    session.set({ mode: 'session', user: body.user, tenant: body.tenant, isAdmin: body.isAdmin });
  } catch (error) {
    if (isClientError(error) && error.status === 401) {
      session.set({ mode: 'session', user: null, tenant: state.tenant, isAdmin: false });
      return;
    }
    throw error;
  }
}

/** Signs in with email and password (or, in placeholder mode, just a name). */
export async function signIn(input: {
  email: string;
  password: string;
  name?: string;
}): Promise<void> {
  const session = useSession.getState();
  if (session.mode === 'placeholder') {
    const name = input.name?.trim() || input.email.trim();
    globalThis.localStorage?.setItem(PLACEHOLDER_KEY, name);
    session.set({ user: { id: name, email: input.email, name } });
    return;
  }
  await apiFetch('POST', '/api/v1/auth/login', { email: input.email, password: input.password });
  const { body } = await apiFetch<MeAnswer>('GET', '/api/v1/auth/me');
  session.set({ user: body.user, tenant: body.tenant, isAdmin: body.isAdmin });
}

/** Creates the first administrator (only while setupRequired) and signs in as them. */
export async function setUpFirstAdmin(input: {
  email: string;
  password: string;
  name: string;
  locale: string;
}): Promise<void> {
  await apiFetch('POST', '/api/v1/auth/setup', input);
  const { body } = await apiFetch<MeAnswer>('GET', '/api/v1/auth/me');
  useSession.getState().set({ user: body.user, tenant: body.tenant, isAdmin: body.isAdmin });
}

/** Signs out: revokes the server session (or forgets the placeholder user). */
export async function signOut(): Promise<void> {
  const session = useSession.getState();
  if (session.mode === 'session') await apiFetch('POST', '/api/v1/auth/logout');
  globalThis.localStorage?.removeItem(PLACEHOLDER_KEY);
  session.set({ user: null, isAdmin: false });
}
