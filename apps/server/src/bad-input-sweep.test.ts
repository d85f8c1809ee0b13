import { fileURLToPath } from 'node:url';
import type { Database } from '@tangram/db';
import { openTestDatabase, testBackends } from '@tangram/db/testing';
import type { LightMyRequestResponse } from '@tangram/server';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from './create-app.js';
import { type SignedInServer, signedIn } from './test-session.js';

const TEMPLATE_DIR = fileURLToPath(new URL('../../../examples/crm-sales/', import.meta.url));

type Parameter = { readonly name?: string; readonly in?: string; readonly $ref?: string };
type Operation = { readonly parameters?: readonly Parameter[] };
type PathItem = { readonly parameters?: readonly Parameter[] } & Partial<
  Record<'get' | 'post' | 'put' | 'patch' | 'delete', Operation>
>;

// Operations that end the session or change the sign-in itself: sent garbage, they would still
// sign the sweep out (logout takes no input to refuse).
const SKIPPED = new Set(['POST /api/v1/auth/logout']);

// Tables the sweep may change: sign-in attempts and sessions, the security log, and uploads (an
// upload takes any bytes under any name, so the sweep's garbage is a valid file there; no record
// lists one, as the record tables show).
const BOOKKEEPING = new Set([
  'audit_log',
  'sessions',
  'login_attempts',
  'record_idempotency',
  'attachments',
]);

/** Values no parameter of the API accepts as meant, each a way input goes wrong. */
const BAD_VALUES = [
  "x' or '1'='1",
  '{',
  '[]',
  '-1',
  '1e999999999',
  '99999999999999999999',
  '2147483648',
  '%00',
  '../../../etc/passwd',
  'x'.repeat(5_000),
  '😀\u0000',
];

/** Bodies no operation accepts: malformed JSON, the wrong shape, too deep, too large. */
function badBodies(): {
  readonly label: string;
  readonly payload: string;
  readonly type: string;
}[] {
  let deep: unknown = { kind: 'condition', field: 'name', op: 'eq', value: 'x' };
  for (let i = 0; i < 300; i++) deep = { kind: 'and', children: [deep] };
  return [
    { label: 'malformed JSON', payload: '{"a":', type: 'application/json' },
    { label: 'an array', payload: '[1,2,3]', type: 'application/json' },
    { label: 'a string', payload: '"text"', type: 'application/json' },
    { label: 'null', payload: 'null', type: 'application/json' },
    {
      label: 'a prototype key',
      payload: '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}',
      type: 'application/json',
    },
    {
      label: '300 levels deep',
      payload: JSON.stringify({ filter: deep }),
      type: 'application/json',
    },
    {
      label: 'over the body limit',
      payload: JSON.stringify({ name: 'x'.repeat(11 * 1024 * 1024) }),
      type: 'application/json',
    },
    { label: 'XML', payload: '<a>1</a>', type: 'application/xml' },
    {
      label: 'numbers past an integer column',
      payload: '{"version":99999999999,"limit":99999999999,"headerRow":99999999999}',
      type: 'application/json',
    },
  ];
}

/**
 * Every operation of the tenant's OpenAPI document, sent bad input of every kind the issue names:
 * path and query parameters of the wrong form (SQL, traversal, huge, NUL, exponent bombs) and
 * bodies malformed, of the wrong shape, too deep or too large. Each answer must be a 4xx in the
 * error format, never a 5xx, and no table but the bookkeeping ones may change.
 */
describe.each(testBackends())(
  'bad input to every documented operation (sales CRM template, $name)',
  (backend) => {
    let db: Database;
    let app: App;
    let api: SignedInServer;
    let paths: Record<string, PathItem>;
    let ids: Record<string, string>;

    async function tableCounts(): Promise<Record<string, number>> {
      const tables = await sql<{ name: string }>`select table_name as name
      from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(db.kysely);
      const counts: Record<string, number> = {};
      for (const { name } of tables.rows) {
        if (BOOKKEEPING.has(name)) continue;
        const row = await sql<{
          n: string;
        }>`select count(*)::text as n from ${sql.table(name)}`.execute(db.kysely);
        counts[name] = Number(row.rows[0]?.n);
      }
      return counts;
    }

    /** A live value for each path parameter, so that only the parameter under test is wrong. */
    function fill(path: string, except?: string): string {
      return path.replace(/\{([a-z]+)\}/gi, (_, name: string) =>
        name === except ? `{${name}}` : (ids[name] ?? 'x'),
      );
    }

    beforeAll(async () => {
      db = await openTestDatabase(backend, { migrate: false });
      app = await createApp({ db, templateDir: TEMPLATE_DIR, webDir: null });
      api = await signedIn(app);
      paths = (await api.inject('/api/v1/openapi.json')).json().paths;
      const account = (await api.inject('/api/v1/objects/account/records?limit=1')).json();
      ids = {
        id: account.records[0].id,
        kind: 'object',
        name: 'account',
        field: 'short_name',
        code: '110101',
        object: 'account',
      };
    }, 180_000);

    afterAll(async () => {
      await app?.server.close();
      await db?.close();
    });

    /** What is wrong with an answer to bad input, if anything. */
    function problemOf(what: string, response: LightMyRequestResponse): string | undefined {
      const status = response.statusCode;
      const body = response.body.slice(0, 200);
      if (status >= 500) return `${what}: ${status} ${body}`;
      if (status < 400) return undefined;
      let code: unknown;
      try {
        code = (response.json() as { error?: { code?: unknown } }).error?.code;
      } catch {
        code = undefined;
      }
      return typeof code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(code)
        ? undefined
        : `${what}: ${status} without the error format: ${body}`;
    }

    it('answers every one with a 4xx or a plain answer, never a 5xx, and changes no data', async () => {
      const before = await tableCounts();
      const problems: string[] = [];
      let sent = 0;
      for (const [path, item] of Object.entries(paths)) {
        for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
          const operation = item[method];
          if (operation === undefined || SKIPPED.has(`${method.toUpperCase()} ${path}`)) continue;
          const verb = method.toUpperCase() as 'GET';
          const headers = { 'if-match': '"1"' };
          const writes = method !== 'get';
          const send = async (
            what: string,
            url: string,
            body?: { payload: string; type: string },
          ) => {
            const response = await api.inject({
              method: verb,
              url,
              headers: body ? { ...headers, 'content-type': body.type } : headers,
              ...(body ? { payload: body.payload } : writes ? { payload: {} } : {}),
            });
            sent++;
            const problem = problemOf(`${verb} ${what}`, response);
            if (problem !== undefined) problems.push(problem);
          };
          // Each path parameter wrong, the others right.
          for (const name of path.match(/\{([a-z]+)\}/gi) ?? []) {
            for (const value of BAD_VALUES) {
              const url = fill(path, name.slice(1, -1)).replace(name, encodeURIComponent(value));
              await send(`${path} with ${name} = ${value.slice(0, 20)}`, url);
            }
          }
          // Each query parameter wrong.
          const query = [...(item.parameters ?? []), ...(operation.parameters ?? [])]
            .map((p) =>
              p.$ref
                ? p.$ref.split('/').pop()?.toLowerCase()
                : p.in === 'query'
                  ? p.name
                  : undefined,
            )
            .filter((name): name is string => name !== undefined);
          for (const name of new Set([...query, 'filter', 'sort', 'limit', 'cursor'])) {
            for (const value of BAD_VALUES) {
              const url = `${fill(path)}?${name}=${encodeURIComponent(value)}`;
              await send(`${path}?${name}=${value.slice(0, 20)}`, url);
            }
          }
          // Bad If-Match values to every write that takes one, the path and body right.
          if (writes) {
            for (const ifMatch of ['"99999999999"', '"-1"', 'W/"x"', '"1", "2"']) {
              const response = await api.inject({
                method: verb,
                url: fill(path),
                headers: { 'if-match': ifMatch },
                payload: {},
              });
              sent++;
              const problem = problemOf(`${verb} ${path} with If-Match ${ifMatch}`, response);
              if (problem !== undefined) problems.push(problem);
            }
          }
          // Bad bodies to every write.
          if (writes) {
            for (const body of badBodies()) {
              await send(`${path} with ${body.label}`, fill(path), body);
            }
          }
        }
      }
      // URLs that are not valid percent-encoding, answered before any route.
      for (const url of ['/api/v1/objects/account/records/%E0%A4%A', '/api/v1/regions/%ZZ']) {
        const response = await api.inject(url);
        sent++;
        const problem = problemOf(`GET ${url}`, response);
        if (problem !== undefined) problems.push(problem);
        expect(response.statusCode, url).toBe(400);
      }
      expect(problems).toEqual([]);
      expect(sent).toBeGreaterThan(1_000);
      expect(await tableCounts()).toEqual(before);
    }, 300_000);
  },
);
