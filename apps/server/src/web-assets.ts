import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { buildServer } from '@tangram/server';

/** The built web app (apps/web/dist), found relative to this file in src/ or dist/. */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/** Paths that belong to the API: never answered with the web app's page. */
const API_PATH = /^\/(api|health)(\/|$|\?)/;

/**
 * Serves the built single-page app from `webDir`: its files as they are (hashed assets cached
 * for a year), and index.html for any other GET outside the API so client-side routes load on
 * reload. API paths keep the API's JSON 404.
 */
export async function registerWebAssets(
  server: ReturnType<typeof buildServer>,
  webDir: string,
): Promise<void> {
  await server.register(fastifyStatic, {
    root: webDir,
    wildcard: false,
    index: false,
    // Our own headers: hashed assets are immutable, the page itself must be revalidated.
    cacheControl: false,
    setHeaders(res, path) {
      if (path.includes(join('assets', ''))) {
        res.setHeader('cache-control', 'public, max-age=31536000, immutable');
      }
    },
  });
  server.get('/*', (request, reply) => {
    if (API_PATH.test(request.url)) return reply.callNotFound();
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}

/** The web folder to serve: the one given, else the built web app when it exists. */
export function resolveWebDir(webDir: string | null | undefined): string | null {
  if (webDir === null) return null;
  const dir = webDir ?? DEFAULT_WEB_DIR;
  return existsSync(join(dir, 'index.html')) ? dir : null;
}
