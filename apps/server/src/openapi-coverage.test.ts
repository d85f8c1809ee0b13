import type { Database } from '@tangram/db';
import { openTestDatabase } from '@tangram/db/testing';
import type { ObjectDoc } from '@tangram/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from './create-app.js';
import { publishDocs, type SignedInServer, signedIn, TEST_ADMIN } from './test-session.js';

// Booting compiles PGlite's WebAssembly and migrates; slow on a busy machine.
const BOOT_TIMEOUT = 90_000;

const NOTE: ObjectDoc = {
  kind: 'object',
  schemaVersion: 1,
  name: 'note',
  label: { en: 'Note' },
  nameField: 'title',
  fields: [{ name: 'title', type: 'text', label: { en: 'Title' } }],
};

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/**
 * Every `METHOD /path` the server routes, from its printed route tree: path parameters written
 * as OpenAPI writes them (`{id}`), `:object` as the published object, HEAD and trailing slashes
 * left out.
 */
function routedOperations(tree: string, object: string): Set<string> {
  const operations = new Set<string>();
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^((?:│ {3}| {4})*)(?:├── |└── )(.+) \(([A-Z, ]+)\)$/.exec(line);
    if (!match) continue;
    const depth = (match[1] as string).length / 4;
    stack.length = depth;
    stack.push(match[2] as string);
    const path = stack
      .join('')
      .replace(/\/+$/, '')
      .replace(/:object\b/g, object)
      .replace(/:([a-z]+)/gi, '{$1}');
    for (const method of (match[3] as string).split(', ')) {
      if (method !== 'HEAD') operations.add(`${method} ${path}`);
    }
  }
  return operations;
}

/** A concrete URL of a documented path: every path parameter filled with a value of its form. */
function sampleUrl(path: string): string {
  return path
    .replace('{id}', '00000000-0000-4000-8000-000000000000')
    .replace('{code}', '11')
    .replace('{kind}', 'object')
    .replace(/\{(name|field)\}/g, 'title');
}

function documentedOperations(paths: Record<string, Record<string, unknown>>): Set<string> {
  const operations = new Set<string>();
  for (const [path, item] of Object.entries(paths)) {
    for (const method of METHODS) {
      if (item[method] !== undefined) operations.add(`${method.toUpperCase()} ${path}`);
    }
  }
  return operations;
}

describe('the OpenAPI document against the routes the server answers', () => {
  let db: Database;
  let app: App;
  let admin: SignedInServer;
  let routed: Set<string>;
  let documented: Set<string>;
  let open: Set<string>;

  beforeAll(async () => {
    db = await openTestDatabase({ name: 'pglite' }, { migrate: false });
    app = await createApp({ db, webDir: null });
    await app.server.ready();
    admin = await signedIn(app, TEST_ADMIN);
    await publishDocs(admin, [NOTE]);
    routed = routedOperations(app.server.printRoutes({ commonPrefix: false }), NOTE.name);
    const response = await admin.inject('/api/v1/openapi.json');
    expect(response.statusCode).toBe(200);
    const { paths } = response.json() as { paths: Record<string, Record<string, unknown>> };
    documented = documentedOperations(paths);
    open = new Set(
      [...documented].filter((operation) => {
        const [method, path] = operation.split(' ') as [string, string];
        const item = paths[path]?.[method.toLowerCase()] as { security?: unknown[] };
        return item.security?.length === 0;
      }),
    );
  }, BOOT_TIMEOUT);

  afterAll(async () => {
    await app?.server.close();
    await db?.close();
  });

  it('reads the route tree it compares (a parse that found nothing would prove nothing)', () => {
    expect(routed).toContain('GET /api/v1/objects/note/records/{id}');
    expect(routed).toContain('DELETE /api/v1/identity/departments/{id}');
    expect(routed.size).toBeGreaterThan(50);
  });

  it('describes every operation the server routes', () => {
    expect([...routed].filter((operation) => !documented.has(operation)).sort()).toEqual([]);
  });

  it('describes no operation the server does not route', () => {
    expect([...documented].filter((operation) => !routed.has(operation)).sort()).toEqual([]);
  });

  it('answers without a session exactly the operations it documents as open', async () => {
    expect(open).toContain('POST /api/v1/auth/login');
    const answers = new Map<string, number>();
    for (const operation of documented) {
      const [method, path] = operation.split(' ') as [string, string];
      const response = await app.server.inject({
        method: method as 'GET',
        url: sampleUrl(path),
        ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }),
      });
      answers.set(operation, response.statusCode);
    }
    const refused = [...answers].filter(([, status]) => status === 401).map(([op]) => op);
    const answered = [...answers].filter(([, status]) => status !== 401).map(([op]) => op);
    expect(answered.sort()).toEqual([...open].sort());
    expect(refused.length).toBe(documented.size - open.size);
  });
});
