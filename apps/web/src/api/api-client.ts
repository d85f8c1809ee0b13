import { createClient, type FetchLike, type TangramClient } from '@tangram/client';
import { apiHeaders } from './http';

const sameOriginFetch: FetchLike = (url, init) =>
  fetch(url, {
    ...init,
    headers: { ...apiHeaders(), ...init.headers },
    credentials: 'same-origin',
  });

/** The typed API client of this browser session (same origin, session cookie, CSRF header). */
export const api: TangramClient = createClient({ baseUrl: '', fetch: sameOriginFetch });
