import { isClientError } from '@tangram/client';
import { apiFetch } from '../api/http';
import type { FieldRestrictions, ObjectPermissions } from '../apps/object-access';
import { type SessionUser, useSession } from './session-store';

/** What the server says about signing in before anyone has. */
export interface AuthState {
  readonly setupRequired: boolean;
  readonly tenant: { readonly slug: string; readonly name: string };
}

interface MeAnswer {
  user: SessionUser;
  tenant: { slug: string; name: string };
  isAdmin: boolean;
  permissions: Record<string, ObjectPermissions>;
  fields?: Record<string, FieldRestrictions>;
}

/** Reads GET /api/v1/auth/state: whether the first administrator must still be created. */
export async function fetchAuthState(): Promise<AuthState> {
  return (await apiFetch<AuthState>('GET', '/api/v1/auth/state')).body;
}

async function loadMe(): Promise<void> {
  const { body } = await apiFetch<MeAnswer>('GET', '/api/v1/auth/me');
  useSession.getState().set({
    user: body.user,
    tenant: body.tenant,
    isAdmin: body.isAdmin,
    permissions: body.permissions,
    fields: body.fields ?? {},
  });
}

/** Restores the session of this browser from its cookie; signed out when there is none. */
export async function restoreSession(state: AuthState): Promise<void> {
  try {
    await loadMe();
  } catch (error) {
    if (isClientError(error) && error.status === 401) {
      useSession.getState().set({ user: null, tenant: state.tenant, isAdmin: false });
      return;
    }
    throw error;
  }
}

/** Signs in with email and password; the server sets the session cookie. */
export async function signIn(input: { email: string; password: string }): Promise<void> {
  await apiFetch('POST', '/api/v1/auth/login', input);
  await loadMe();
}

/** Creates the first administrator (only while setupRequired) and signs in as them. */
export async function setUpFirstAdmin(input: {
  email: string;
  password: string;
  name: string;
  locale: string;
}): Promise<void> {
  await apiFetch('POST', '/api/v1/auth/setup', input);
  await loadMe();
}

/** Signs out: the server revokes the session and clears the cookie. */
export async function signOut(): Promise<void> {
  await apiFetch('POST', '/api/v1/auth/logout');
  useSession.getState().set({ user: null, isAdmin: false, permissions: {}, fields: {} });
}
