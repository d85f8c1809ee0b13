import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from '@tangram/db';
import { openTestDatabase } from '@tangram/db/testing';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from './create-app.js';
import { publishDocs, type SignedInServer, signedIn } from './test-session.js';

const TEMPLATE_DIR = fileURLToPath(new URL('../../../examples/crm-sales/', import.meta.url));
const CLIENT_ENTRY = fileURLToPath(
  new URL('../../../packages/client/src/index.ts', import.meta.url),
);
// Compiling a program with the client's sources takes seconds on two shared cores.
const COMPILE_TIMEOUT = 60_000;

/**
 * What an integrator writes against the generated types: every line without a directive must
 * compile, and every `@ts-expect-error` line must not (an unused directive is itself an error).
 */
const USAGE = `
import { createClient } from '@tangram/client';
import type { Opportunity, TangramObjects } from './tangram-api';

const api = createClient<TangramObjects>({ baseUrl: 'http://127.0.0.1:1', headers: {} });
const deals = api.records('opportunity');

export async function work(accountId: string, repId: string): Promise<Opportunity> {
  const deal = await deals.create({
    name: 'Pilot',
    account: accountId,
    expected_close_date: '2027-01-31',
    sales_rep: repId,
    stage: 'proposal',
    amount: 1200,
  });
  const stage: Opportunity['stage'] = deal.stage;
  void stage;
  await deals.update(deal, { amount: null, stage: 'won' });
  const page = await deals.list({ fields: ['name', 'amount'], limit: 10 });
  const amounts: (number | null | undefined)[] = page.records.map((record) => record.amount);
  void amounts;
  await deals.bulk({ op: 'update', records: [{ id: deal.id, patch: { priority: 2 } }] });
  const accounts = await api.records('account').list({ search: 'Acme' });
  void accounts;
  await deals.get(deal.id, { expand: ['account', 'contact'] });
  await api.search('Acme', { objects: ['account', 'opportunity'] });
  const csv: string = await deals.exportCsv({ fields: ['name', 'stage'] });
  void csv;

  // @ts-expect-error an object the tenant does not have
  api.records('no_such_object');
  // @ts-expect-error a stage that is not one of the options
  await deals.update(deal, { stage: 'closed' });
  // @ts-expect-error an amount is a number
  await deals.update(deal, { amount: '1200' });
  // @ts-expect-error a field the object does not have
  await deals.update(deal, { nickname: 'x' });
  // @ts-expect-error a formula is computed, never written
  await deals.update(deal, { weighted_amount: 1 });
  // @ts-expect-error the required sales_rep is missing
  await deals.create({ name: 'x', account: accountId, expected_close_date: '2027-01-31' });
  // @ts-expect-error fields names only fields of the object
  await deals.list({ fields: ['nickname'] });
  // @ts-expect-error bulk rows are typed as the object's input
  await deals.bulk({ op: 'create', records: [{ name: 1 }] });
  // @ts-expect-error search names only the tenant's objects
  await api.search('Acme', { objects: ['no_such_object'] });
  // @ts-expect-error expand names only fields of the object
  await deals.get(deal.id, { expand: ['no_such_field'] });
  // @ts-expect-error id is read-only
  deal.id = 'x';
  return deal;
}
`;

/** Type-checks `files` (name → source) as one strict program; answers its diagnostics as text. */
function typeCheck(dir: string, files: readonly string[]): string[] {
  const options: ts.CompilerOptions = {
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: [],
    paths: { '@tangram/client': [CLIENT_ENTRY] },
  };
  const program = ts.createProgram(
    files.map((file) => join(dir, file)),
    options,
  );
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    if (diagnostic.file === undefined || diagnostic.start === undefined) return text;
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    return `${diagnostic.file.fileName.slice(dir.length + 1)}:${line + 1}: ${text}`;
  });
}

describe('the TypeScript types of a tenant API for the typed client (sales CRM template, PGlite)', () => {
  let db: Database;
  let app: App;
  let admin: SignedInServer;
  let dir: string;

  async function tokenTypes(): Promise<string> {
    const created = await admin.inject({
      method: 'POST',
      url: '/api/v1/auth/tokens',
      payload: { name: 'types', scopes: { objects: ['opportunity'], actions: ['read'] } },
    });
    expect(created.statusCode).toBe(201);
    const response = await app.server.inject({
      url: '/api/v1/openapi.ts',
      headers: { authorization: `Bearer ${created.json().token}` },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    return response.body;
  }

  beforeAll(async () => {
    db = await openTestDatabase({ name: 'pglite' }, { migrate: false });
    app = await createApp({ db, templateDir: TEMPLATE_DIR, webDir: null });
    admin = await signedIn(app);
    dir = await mkdtemp(join(tmpdir(), 'tangram-types-'));
  }, 180_000);

  afterAll(async () => {
    await app?.server.close();
    await db?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it(
    'types every object so that right use compiles and wrong use does not',
    async () => {
      await writeFile(join(dir, 'tangram-api.ts'), await tokenTypes());
      await writeFile(join(dir, 'usage.ts'), USAGE);
      expect(typeCheck(dir, ['usage.ts'])).toEqual([]);
    },
    COMPILE_TIMEOUT,
  );

  it(
    'follows the published objects: a field added to an object is in the types fetched after',
    async () => {
      const current = await admin.inject('/api/v1/metadata/object/opportunity');
      const { document } = current.json();
      await publishDocs(admin, [
        {
          ...document,
          fields: [...document.fields, { name: 'nickname', type: 'text', label: { en: 'Nick' } }],
        },
      ]);
      await writeFile(join(dir, 'tangram-api.ts'), await tokenTypes());
      await writeFile(
        join(dir, 'later.ts'),
        [
          "import type { OpportunityPatch } from './tangram-api';",
          "export const patch: OpportunityPatch = { nickname: 'Pilot' };",
          '',
        ].join('\n'),
      );
      // The usage above now fails on its one line that named `nickname` as unknown.
      expect(typeCheck(dir, ['later.ts', 'usage.ts'])).toEqual([
        expect.stringMatching(/^usage\.ts:\d+: Unused '@ts-expect-error' directive/),
        expect.stringMatching(/^usage\.ts:\d+: Unused '@ts-expect-error' directive/),
      ]);
    },
    COMPILE_TIMEOUT,
  );
});
