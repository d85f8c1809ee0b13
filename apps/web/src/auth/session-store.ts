import { create } from 'zustand';
import type { FieldRestrictions, ObjectPermissions } from '../apps/object-access';

/** Who is signed in, as the auth API answers it. */
export interface SessionUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly locale?: string | null;
}

/** The session of this browser tab. */
export interface SessionState {
  readonly user: SessionUser | null;
  readonly tenant: { readonly slug: string; readonly name: string } | null;
  readonly isAdmin: boolean;
  /** Object-level actions per object, from GET /auth/me. */
  readonly permissions: Readonly<Record<string, ObjectPermissions>>;
  /** Hidden, masked and read-only fields per object, from GET /auth/me. */
  readonly fields: Readonly<Record<string, FieldRestrictions>>;
  set(patch: Partial<Omit<SessionState, 'set'>>): void;
}

/** The session store shared by the whole web app. */
export const useSession = create<SessionState>()((set) => ({
  user: null,
  tenant: null,
  isAdmin: false,
  permissions: {},
  fields: {},
  set: (patch) => set(patch),
}));
