import { create } from 'zustand';

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
  set(patch: Partial<Omit<SessionState, 'set'>>): void;
}

/** The session store shared by the whole web app. */
export const useSession = create<SessionState>()((set) => ({
  user: null,
  tenant: null,
  isAdmin: false,
  set: (patch) => set(patch),
}));
