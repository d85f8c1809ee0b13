import { hasUnstorableCharacter } from '@tangram/engine';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { UNSUPPORTED_CHARACTER } from './server-errors.js';

/**
 * A JSON escape that may spell U+0000 or a surrogate. Decoded UTF-8 holds neither as a raw
 * character (a NUL byte is invalid JSON, a lone surrogate is not UTF-8), so a body without such
 * an escape, nearly every body, is not walked.
 */
const SUSPECT_ESCAPE = /\\u(?:0000|[dD][89a-fA-F])/;

/** The JSON pointer of the first string, key or value, in `value` that PostgreSQL cannot store. */
function unstorablePath(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return hasUnstorableCharacter(value) ? path : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) {
      const found = unstorablePath(value[index], `${path}/${index}`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    const at = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (hasUnstorableCharacter(key)) return at;
    const found = unstorablePath(item, at);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Refuses, with 400 UNSUPPORTED_CHARACTER and the path, any JSON body, query parameter or route
 * parameter holding U+0000 or an unpaired surrogate: PostgreSQL fails a statement on the first
 * and writes U+FFFD for the second, so such text would be a 500 or a silently changed value on
 * every route that stores or looks up what it is given.
 */
export function guardUnstorableText(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (!SUSPECT_ESCAPE.test(text)) {
      parseJson(request, text, done);
      return;
    }
    parseJson(request, text, (error, parsed) => {
      if (error) return done(error, undefined);
      const path = unstorablePath(parsed, '/body');
      if (path !== undefined) return done(UNSUPPORTED_CHARACTER({ path }), undefined);
      return done(null, parsed);
    });
  });
  app.addHook('preValidation', async (request: FastifyRequest) => {
    const path =
      unstorablePath(request.query, '/querystring') ?? unstorablePath(request.params, '/params');
    if (path !== undefined) throw UNSUPPORTED_CHARACTER({ path });
  });
}
