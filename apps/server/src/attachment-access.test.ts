import type { Database } from '@tangram/db';
import { openTestDatabase, testBackends } from '@tangram/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from './create-app.js';
import {
  addMember,
  publishDocs,
  type SignedInServer,
  signedIn,
  TEST_ADMIN,
} from './test-session.js';

const BOOT_TIMEOUT = 120_000;
const FILES = '/api/v1/attachments';
const RECORDS = '/api/v1/objects/contract/records';

const contract = {
  kind: 'object',
  schemaVersion: 1,
  name: 'contract',
  label: { en: 'Contract' },
  nameField: 'name',
  fields: [
    { name: 'name', type: 'text', label: { en: 'Name' } },
    { name: 'files', type: 'attachment', label: { en: 'Files' } },
    { name: 'secret_files', type: 'attachment', label: { en: 'Secret files' } },
  ],
};

function role(name: string, scope: string, fields: object = {}) {
  return {
    kind: 'role',
    schemaVersion: 1,
    name,
    label: { en: name },
    objects: { contract: { read: true, create: true, update: true, scope, fields } },
  };
}

describe.each(testBackends())('attachment access on $name', (backend) => {
  let db: Database;
  let app: App;
  let alice: SignedInServer;
  let bob: SignedInServer;

  async function upload(as: SignedInServer, name: string, text: string): Promise<string> {
    const response = await as.inject({
      method: 'POST',
      url: `${FILES}?name=${name}`,
      headers: { 'content-type': 'text/plain' },
      payload: text,
    });
    expect(response.statusCode).toBe(201);
    return response.json().id;
  }

  async function record(as: SignedInServer, payload: object): Promise<string> {
    const response = await as.inject({ method: 'POST', url: RECORDS, payload });
    expect(response.statusCode).toBe(201);
    return response.json().id;
  }

  const ref = (id: string, name: string, text: string) => ({ id, name, size: text.length });
  const through = (object: string, recordId: string, field: string) =>
    `?object=${object}&record=${recordId}&field=${field}`;
  const fetchStatus = async (as: SignedInServer, id: string, query = '') =>
    (await as.inject(`${FILES}/${id}${query}`)).statusCode;

  beforeAll(async () => {
    db = await openTestDatabase(backend, { migrate: false });
    app = await createApp({ db, admin: TEST_ADMIN });
    const admin = await signedIn(app);
    await publishDocs(admin, [
      contract,
      role('contract_own', 'own'),
      role('contract_company', 'company', { secret_files: 'none' }),
    ]);
    alice = (await addMember(app, admin, 'alice', ['contract_own'])).server;
    bob = (await addMember(app, admin, 'bob', ['contract_company'])).server;
  }, BOOT_TIMEOUT);

  afterAll(async () => {
    await app.server.close();
    await db.close();
  });

  it('serves a file no record lists yet only to its uploader', async () => {
    const draft = await upload(alice, 'draft.txt', 'draft terms');
    const served = await alice.inject(`${FILES}/${draft}`);
    expect(served.statusCode).toBe(200);
    expect(served.body).toBe('draft terms');
    expect(served.headers['cache-control']).toBe('private, no-cache');
    expect(await fetchStatus(bob, draft)).toBe(404);
  });

  it('serves a listed file only through a record and field the caller can read', async () => {
    const terms = await upload(alice, 'terms.txt', 'public terms');
    const salary = await upload(alice, 'salary.txt', 'secret salary');
    const mine = await record(alice, {
      name: 'Alice contract',
      files: [ref(terms, 'terms.txt', 'public terms')],
      secret_files: [ref(salary, 'salary.txt', 'secret salary')],
    });

    // Linked now: no longer served outside its record, not even to the uploader.
    expect(await fetchStatus(alice, terms)).toBe(404);
    const own = await alice.inject(`${FILES}/${terms}${through('contract', mine, 'files')}`);
    expect(own.statusCode).toBe(200);
    expect(own.body).toBe('public terms');
    expect(await fetchStatus(alice, salary, through('contract', mine, 'secret_files'))).toBe(200);

    // Bob's company scope reaches the record, but not the field his role cannot read.
    expect(await fetchStatus(bob, terms, through('contract', mine, 'files'))).toBe(200);
    const hidden = await bob.inject(
      `${FILES}/${salary}${through('contract', mine, 'secret_files')}`,
    );
    expect(hidden.statusCode).toBe(400);
    expect(hidden.json().error.details.issues[0].code).toBe('FIELD_NOT_READABLE');
    // A readable field that does not list the file does not open it.
    expect(await fetchStatus(bob, salary, through('contract', mine, 'files'))).toBe(404);
    expect(await fetchStatus(bob, terms)).toBe(404);

    // Alice's own scope does not reach Bob's record, nor its file.
    const plan = await upload(bob, 'plan.txt', 'bob plan');
    const his = await record(bob, {
      name: 'Bob contract',
      files: [ref(plan, 'plan.txt', 'bob plan')],
    });
    expect(await fetchStatus(bob, plan, through('contract', his, 'files'))).toBe(200);
    expect(await fetchStatus(alice, plan, through('contract', his, 'files'))).toBe(404);
    expect(await fetchStatus(alice, plan)).toBe(404);
  });

  async function refusal(response: { statusCode: number; json(): unknown }) {
    const { error } = response.json() as {
      error: { code: string; details: { issues: { field: string; code: string }[] } };
    };
    return [
      response.statusCode,
      error.code,
      error.details.issues.map((issue) => [issue.field, issue.code]),
    ];
  }

  it('refuses to list a file of a record out of reach in a record of one’s own', async () => {
    const plan = await upload(bob, 'plan.txt', 'bob plan');
    const file = ref(plan, 'plan.txt', 'bob plan');
    await record(bob, { name: 'Bob plan', files: [file] });
    // Alice knows the id (say she could read Bob's record once); her own record cannot take it.
    const relinked = await alice.inject({
      method: 'POST',
      url: RECORDS,
      payload: { name: 'Not hers', files: [file] },
    });
    expect(await refusal(relinked)).toEqual([
      422,
      'RECORD_INVALID',
      [['files', 'FILE_NOT_ATTACHABLE']],
    ]);
    const mine = await record(alice, { name: 'Alice empty' });
    const patched = await alice.inject({
      method: 'PATCH',
      url: `${RECORDS}/${mine}`,
      headers: { 'if-match': '"1"' },
      payload: { files: [file] },
    });
    expect(await refusal(patched)).toEqual([
      422,
      'RECORD_INVALID',
      [['files', 'FILE_NOT_ATTACHABLE']],
    ]);
    expect(await fetchStatus(alice, plan, through('contract', mine, 'files'))).toBe(404);
  });

  it('refuses an own file already attached to another record, and ids of no upload', async () => {
    const quote = await upload(alice, 'quote.txt', 'quote');
    const file = ref(quote, 'quote.txt', 'quote');
    await record(alice, { name: 'First', files: [file] });
    const bulk = await alice.inject({
      method: 'POST',
      url: `${RECORDS}/bulk`,
      payload: {
        op: 'create',
        records: [
          { name: 'Copy', files: [file] },
          { name: 'Made up', files: [ref('00000000-0000-4000-8000-000000000999', 'x.txt', 'x')] },
          { name: 'Plain' },
        ],
      },
    });
    expect(bulk.statusCode).toBe(200);
    expect(bulk.json().results.map((row: { status: number }) => row.status)).toEqual([
      422, 422, 201,
    ]);
  });

  it('attaches a fresh upload to one of two concurrent creates and refuses the other', async () => {
    const text = 'signed copy';
    const file = ref(await upload(alice, 'signed.txt', text), 'signed.txt', text);
    const answers = await Promise.all(
      ['Race A', 'Race B'].map((name) =>
        alice.inject({ method: 'POST', url: RECORDS, payload: { name, files: [file] } }),
      ),
    );
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 422]);
    const refused = answers.find((answer) => answer.statusCode === 422);
    expect(
      refused?.json().error.details.issues.map((issue: { code: string }) => issue.code),
    ).toEqual(['FILE_NOT_ATTACHABLE']);
    const listed = await alice.inject({
      method: 'POST',
      url: `${RECORDS}/query`,
      payload: { filter: { kind: 'condition', field: 'name', op: 'starts_with', value: 'Race' } },
    });
    expect(listed.json().records.map((r: { files: unknown }) => r.files)).toEqual([[file]]);
  });

  it('leaves an upload attachable and readable by its uploader when its create fails', async () => {
    const file = ref(await upload(alice, 'retry.txt', 'retry'), 'retry.txt', 'retry');
    const failed = await alice.inject({
      method: 'POST',
      url: RECORDS,
      payload: { name: 'Retry', files: [file], unknown_field: 1 },
    });
    expect(failed.statusCode).toBe(422);
    expect(await fetchStatus(alice, file.id)).toBe(200);
    const id = await record(alice, { name: 'Retry', files: [file] });
    expect(await fetchStatus(alice, file.id)).toBe(404);
    expect(await fetchStatus(alice, file.id, through('contract', id, 'files'))).toBe(200);
  });

  it('keeps, reorders and removes a record’s files on updates by whoever may edit it', async () => {
    const one = ref(await upload(alice, 'one.txt', 'one'), 'one.txt', 'one');
    const two = ref(await upload(alice, 'two.txt', 'two'), 'two.txt', 'two');
    const id = await record(alice, { name: 'Alice files', files: [one, two] });
    const edit = (version: number, payload: object) =>
      bob.inject({
        method: 'PATCH',
        url: `${RECORDS}/${id}`,
        headers: { 'if-match': `"${version}"` },
        payload,
      });
    const reordered = await edit(1, { name: 'Edited by Bob', files: [two, one] });
    expect(reordered.statusCode, reordered.body).toBe(200);
    expect(reordered.json().files).toEqual([two, one]);
    const removed = await edit(2, { files: [two] });
    expect(removed.statusCode, removed.body).toBe(200);
    expect(await fetchStatus(bob, two.id, through('contract', id, 'files'))).toBe(200);
    // A file the record no longer lists does not come back, even from someone who edits it.
    const readded = await edit(3, { files: [two, one] });
    expect((await refusal(readded))[2]).toEqual([['files', 'FILE_NOT_ATTACHABLE']]);
  });

  it('asks for object, record and field together', async () => {
    const file = await upload(alice, 'x.txt', 'x');
    expect(await fetchStatus(alice, file, '?object=contract')).toBe(400);
    expect(await fetchStatus(alice, file, '?object=contract&record=r&field=files&x=1')).toBe(400);
  });
});
