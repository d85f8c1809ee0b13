import { fileURLToPath } from 'node:url';
import type { Database } from '@tangram/db';
import { openTestDatabase } from '@tangram/db/testing';
import type { InjectOptions, LightMyRequestResponse } from '@tangram/server';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from './create-app.js';
import { type SignedInServer, signedIn } from './test-session.js';

const TEMPLATE_DIR = fileURLToPath(new URL('../../../examples/crm-sales/', import.meta.url));
const DOCUMENT_ID = 'https://tangram.test/openapi.json';

type Json = Record<string, unknown>;

/** JSON pointer segment (RFC 6901). */
const segment = (text: string) => text.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * The answers of the running server checked against the tenant's own OpenAPI document: each
 * status must be one the operation documents, and each JSON body must match the documented
 * schema, formats included. This is what keeps the document true as the routes change.
 */
describe('the API answers as its OpenAPI document says (sales CRM template, PGlite)', () => {
  let db: Database;
  let app: App;
  let api: SignedInServer;
  let document: { paths: Record<string, Record<string, { responses: Json }>> } & Json;
  let ajv: Ajv2020;

  beforeAll(async () => {
    db = await openTestDatabase({ name: 'pglite' }, { migrate: false });
    app = await createApp({ db, templateDir: TEMPLATE_DIR, webDir: null });
    api = await signedIn(app);
    document = (await api.inject('/api/v1/openapi.json')).json();
    // strict off: an OpenAPI document is not itself a schema, only its Schema Objects are.
    ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
    addFormats.default(ajv);
    ajv.addSchema({ ...document, $id: DOCUMENT_ID });
  }, 180_000);

  afterAll(async () => {
    await app?.server.close();
    await db?.close();
  });

  /**
   * Sends a request and checks its answer against the operation `method path` of the document
   * (`path` as the document writes it); answers the response.
   */
  async function call(
    path: string,
    options: Omit<InjectOptions, 'url'> & { readonly url?: string } = {},
  ): Promise<LightMyRequestResponse> {
    const method = (options.method ?? 'GET').toLowerCase();
    const response = await api.inject({ ...options, url: options.url ?? path });
    const operation = document.paths[path]?.[method];
    expect(operation, `${method} ${path} is documented`).toBeDefined();
    const status = String(response.statusCode);
    const answer = operation?.responses[status] as Json | undefined;
    expect(answer, `${method} ${path} documents ${status}: ${response.body}`).toBeDefined();
    const pointer =
      typeof answer?.$ref === 'string'
        ? answer.$ref.slice(1)
        : `/paths/${segment(path)}/${method}/responses/${status}`;
    const target = typeof answer?.$ref === 'string' ? resolve(answer.$ref) : answer;
    const media = (target?.content as Json | undefined)?.['application/json'];
    if (media !== undefined) {
      const validate = ajv.getSchema(`${DOCUMENT_ID}#${pointer}/content/application~1json/schema`);
      const body = response.json();
      expect(
        validate?.(body),
        `${method} ${path} ${status}: ${ajv.errorsText(validate?.errors)}`,
      ).toBe(true);
    }
    return response;
  }

  function resolve(ref: string): Json | undefined {
    let node: unknown = document;
    for (const part of ref.slice(2).split('/')) {
      node = (node as Json)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    return node as Json | undefined;
  }

  const records = (object: string) => `/api/v1/objects/${object}/records`;

  it('answers reads of records, pages, counts and expansions as documented', async () => {
    const base = records('opportunity');
    await call(base, { url: `${base}?limit=3&count=exact&expand=account` });
    await call(`${base}/query`, {
      method: 'POST',
      payload: { filter: { kind: 'condition', field: 'amount', op: 'gt', value: 0 }, limit: 2 },
    });
    const page = (await call(records('account'), { url: `${records('account')}?limit=1` })).json();
    const id = page.records[0].id as string;
    await call(`${records('account')}/{id}`, { url: `${records('account')}/${id}` });
    await call(`${records('account')}/{id}/history`, {
      url: `${records('account')}/${id}/history`,
    });
    await call(`${records('account')}/{id}/timeline`, {
      url: `${records('account')}/${id}/timeline?limit=5`,
    });
    await call(`${records('account')}/{id}`, {
      url: `${records('account')}/00000000-0000-4000-8000-000000000000`,
    });
    await call(base, { url: `${base}?filter=${encodeURIComponent('{"kind":"nope"}')}` });
  });

  it('answers writes, bulk rows, deletes and restores as documented', async () => {
    const base = records('opportunity');
    const [sample] = (await call(base, { url: `${base}?limit=1` })).json().records;
    const input = {
      name: '合同续签',
      account: sample.account,
      stage: sample.stage,
      sales_rep: sample.sales_rep,
      expected_close_date: sample.expected_close_date,
      amount: 12000,
    };
    const created = (await call(base, { method: 'POST', payload: input })).json();
    const item = `${base}/{id}`;
    const url = `${base}/${created.id}`;
    await call(item, { method: 'PATCH', url, payload: { next_step: '报价' } });
    await call(item, {
      method: 'PATCH',
      url,
      headers: { 'if-match': '"1"' },
      payload: { next_step: '再报价' },
    });
    await call(item, {
      method: 'PATCH',
      url,
      headers: { 'if-match': '"2"' },
      payload: { amount: 'many' },
    });
    await call(`${base}/bulk`, {
      method: 'POST',
      payload: {
        op: 'create',
        records: [
          { ...input, name: '批量一' },
          { ...input, stage: 'no_such_stage' },
        ],
      },
    });
    await call(`${base}/bulk`, {
      method: 'POST',
      payload: {
        op: 'update',
        records: [{ id: created.id, ifMatch: 2, patch: { next_step: '签约' } }],
      },
    });
    await call(item, { method: 'DELETE', url, headers: { 'if-match': '"3"' } });
    await call(base, { url: `${base}?deleted=true&limit=5` });
    await call(`${base}/{id}/restore`, { method: 'POST', url: `${url}/restore` });
  });

  it('answers saved views, search, regions and uploads as documented', async () => {
    const created = (
      await call('/api/v1/saved-views', {
        method: 'POST',
        payload: {
          object: 'opportunity',
          label: '大单',
          visibility: 'personal',
          definition: {
            type: 'list',
            columns: [{ field: 'name' }, { field: 'amount' }],
            sort: [{ field: 'amount', direction: 'desc' }],
          },
        },
      })
    ).json();
    await call('/api/v1/saved-views', { url: '/api/v1/saved-views?object=opportunity' });
    const url = `/api/v1/saved-views/${created.id}`;
    await call('/api/v1/saved-views/{id}', { url });
    await call('/api/v1/saved-views/{id}', {
      method: 'PATCH',
      url,
      headers: { 'if-match': `"${created.version}"` },
      payload: { label: '大单（本季）' },
    });
    await call('/api/v1/saved-views/{id}', {
      method: 'DELETE',
      url,
      headers: { 'if-match': `"${created.version + 1}"` },
    });
    await call('/api/v1/search', { url: `/api/v1/search?q=${encodeURIComponent('科技')}` });
    await call('/api/v1/regions', { url: '/api/v1/regions?parent=11' });
    await call('/api/v1/regions/{code}', { url: '/api/v1/regions/110101' });
    await call('/api/v1/attachments', {
      method: 'POST',
      url: `/api/v1/attachments?name=${encodeURIComponent('报价单.txt')}`,
      headers: { 'content-type': 'application/octet-stream' },
      payload: Buffer.from('报价 12,000 元'),
    });
  });

  it('answers a field type change preview and the signed-in user as documented', async () => {
    await call('/api/v1/metadata/object/{name}/fields/{field}/type-change/preview', {
      method: 'POST',
      url: '/api/v1/metadata/object/opportunity/fields/next_step/type-change/preview',
      payload: { name: 'next_step', type: 'integer', label: { en: 'Next step' } },
    });
    await call('/api/v1/auth/me');
    await call('/api/v1/identity/users');
    await call('/api/v1/audit', { url: '/api/v1/audit?limit=5' });
  });
});
