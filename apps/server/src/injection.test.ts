import { fileURLToPath } from 'node:url';
import type { Database } from '@tangram/db';
import { openTestDatabase, testBackends } from '@tangram/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from './create-app.js';
import { type SignedInServer, signedIn, TEST_ADMIN } from './test-session.js';

const TEMPLATE_DIR = fileURLToPath(new URL('./__fixtures__/tiny-template/', import.meta.url));
const RECORDS = '/api/v1/objects/account/records';

describe.each(testBackends())('hostile input on $name', (backend) => {
  let db: Database;
  let app: App;
  let api: SignedInServer;

  beforeAll(async () => {
    db = await openTestDatabase(backend, { migrate: false });
    app = await createApp({ db, templateDir: TEMPLATE_DIR, admin: TEST_ADMIN });
    api = await signedIn(app);
  }, 90_000);

  afterAll(async () => {
    await app.server.close();
    await db.close();
  });

  async function total(): Promise<number> {
    return (await api.inject(`${RECORDS}?count=exact&limit=1`)).json().count.value;
  }

  it('refuses SQL in sort and field names with 400 and changes nothing', async () => {
    const before = await total();
    for (const url of [
      `${RECORDS}?sort=${encodeURIComponent('name; drop table records')}`,
      `${RECORDS}?sort=${encodeURIComponent('name desc, (select 1)')}`,
      `${RECORDS}?fields=${encodeURIComponent('name,(select password_hash from users)')}`,
      `${RECORDS}?expand=${encodeURIComponent('owner_id;--')}`,
    ]) {
      const response = await api.inject(url);
      expect([url, response.statusCode]).toEqual([url, 400]);
    }
    const filter = await api.inject({
      method: 'POST',
      url: `${RECORDS}/query`,
      payload: { filter: { kind: 'condition', field: 'name") or 1=1 --', op: 'eq', value: 'x' } },
    });
    expect(filter.statusCode).toBe(400);
    expect(await total()).toBe(before);
  });

  it('treats SQL in filter values and search text as plain text', async () => {
    const injected = "' or 1=1 --";
    const byValue = await api.inject({
      method: 'POST',
      url: `${RECORDS}/query`,
      payload: {
        filter: { kind: 'condition', field: 'name', op: 'eq', value: injected },
        count: 'exact',
      },
    });
    expect(byValue.json().count.value).toBe(0);
    const bySearch = await api.inject(
      `${RECORDS}?q=${encodeURIComponent("%' or '1'='1")}&count=exact`,
    );
    expect(bySearch.statusCode).toBe(200);
    expect(bySearch.json().count.value).toBe(0);
  });

  it('refuses unknown operators and over-deep filters', async () => {
    const unknownOp = await api.inject({
      method: 'POST',
      url: `${RECORDS}/query`,
      payload: { filter: { kind: 'condition', field: 'name', op: 'regex_exec', value: '.*' } },
    });
    expect(unknownOp.statusCode).toBe(400);
    let deep: object = { kind: 'condition', field: 'name', op: 'eq', value: 'x' };
    for (let i = 0; i < 40; i++) deep = { kind: 'and', children: [deep] };
    const tooDeep = await api.inject({
      method: 'POST',
      url: `${RECORDS}/query`,
      payload: { filter: deep },
    });
    expect(tooDeep.statusCode).toBe(400);
  });

  it('refuses json-logic rules reaching __proto__ or using unknown operators, storing nothing', async () => {
    const current = (await api.inject('/api/v1/metadata/object/account?state=published')).json();
    for (const errorWhen of [
      { '==': [{ var: '__proto__.polluted' }, 1] },
      { log: 'x' },
      { eval: ['1'] },
    ]) {
      const response = await api.inject({
        method: 'PUT',
        url: '/api/v1/metadata/object/account',
        headers: { 'if-match': `"${current.revision}"` },
        payload: {
          ...current.document,
          validationRules: [{ name: 'bad', errorWhen, message: { en: 'no' } }],
        },
      });
      expect([JSON.stringify(errorWhen), response.statusCode]).toEqual([
        JSON.stringify(errorWhen),
        422,
      ]);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const after = (await api.inject('/api/v1/metadata/object/account')).json();
    expect(after.revision).toBe(current.revision);
    // The same document with a well-formed rule is accepted: the refusals above were the rules.
    const good = await api.inject({
      method: 'PUT',
      url: '/api/v1/metadata/object/account',
      headers: { 'if-match': `"${current.revision}"` },
      payload: {
        ...current.document,
        validationRules: [
          {
            name: 'good',
            errorWhen: { '==': [{ var: 'name' }, 'forbidden'] },
            message: { en: 'no' },
          },
        ],
      },
    });
    expect(good.statusCode).toBe(200);
  });

  it('answers an oversize body with 413 and a deeply nested one with a 4xx', async () => {
    const big = await api.inject({
      method: 'POST',
      url: RECORDS,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(big.statusCode).toBe(413);
    const nested = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const deep = await api.inject({
      method: 'POST',
      url: RECORDS,
      headers: { 'content-type': 'application/json' },
      payload: nested,
    });
    expect(deep.statusCode).toBeGreaterThanOrEqual(400);
    expect(deep.statusCode).toBeLessThan(500);
  });

  it('refuses a prototype-polluting record body and leaves objects clean', async () => {
    const response = await api.inject({
      method: 'POST',
      url: RECORDS,
      headers: { 'content-type': 'application/json' },
      payload:
        '{"name":"p","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
    });
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
