import { type Database, ensureTenant } from '@tangram/db';
import { openTestDatabase, testBackends } from '@tangram/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from './create-app.js';
import { type SignedInServer, signedIn, TEST_ADMIN } from './test-session.js';

const BOOT_TIMEOUT = 120_000;
const PASSWORD = 'member password';
const RECORDS = '/api/v1/objects/deal/records';

const deal = {
  kind: 'object',
  schemaVersion: 1,
  name: 'deal',
  label: { en: 'Deal' },
  nameField: 'name',
  fields: [
    { name: 'name', type: 'text', label: { en: 'Name' }, searchable: true },
    { name: 'amount', type: 'number', label: { en: 'Amount' } },
    { name: 'phone', type: 'phone', label: { en: 'Phone' }, sensitive: { mask: 'phone' } },
    { name: 'secret_note', type: 'text', label: { en: 'Secret' }, searchable: true },
    { name: 'parent_deal', type: 'lookup', target: 'deal', label: { en: 'Parent deal' } },
    { name: 'contact', type: 'lookup', target: 'person', label: { en: 'Contact' } },
  ],
};

/** An object whose name is itself sensitive: an expansion shows it as the person's own page does. */
const person = {
  kind: 'object',
  schemaVersion: 1,
  name: 'person',
  label: { en: 'Person' },
  nameField: 'name',
  fields: [
    { name: 'name', type: 'text', label: { en: 'Name' }, sensitive: { mask: 'name' } },
    { name: 'id_card', type: 'text', label: { en: 'ID card' }, sensitive: { mask: 'id_card' } },
  ],
};

function role(name: string, scope: string, extra: object = {}, parent?: string) {
  return {
    kind: 'role',
    schemaVersion: 1,
    name,
    label: { en: name },
    ...(parent === undefined ? {} : { parent }),
    objects: {
      deal: {
        read: true,
        create: true,
        update: true,
        scope,
        fields: { secret_note: 'none' },
        ...extra,
      },
      person: { read: true, scope: 'company' },
    },
  };
}

const ROLES = [
  role('sales_manager', 'own'),
  role('rep_own', 'own', {}, 'sales_manager'),
  role('rep_department', 'department', { export: true }),
  role('rep_tree', 'department_tree', { export: true }),
  role('rep_company', 'company', { unmask: ['phone'], delete: true, export: true }),
  role('big_deals', 'own'),
  role('dept_cleaner', 'department', { delete: true }),
];

type Member = { id: string; email: string; server: SignedInServer };

describe.each(testBackends())('record access on $name', (backend) => {
  let db: Database;
  let app: App;
  let admin: SignedInServer;
  const members = new Map<string, Member>();
  /** Record ids by owner key, kept by the test itself. */
  const owned = new Map<string, string[]>();
  const departments = new Map<string, string>();

  async function department(name: string, parent?: string) {
    const response = await admin.inject({
      method: 'POST',
      url: '/api/v1/identity/departments',
      payload: { name, ...(parent === undefined ? {} : { parentId: departments.get(parent) }) },
    });
    departments.set(name, response.json().id);
  }

  async function member(key: string, roles: string[], dept: string | null) {
    const email = `${key}@example.com`;
    const created = await admin.inject({
      method: 'POST',
      url: '/api/v1/identity/users',
      payload: {
        email,
        name: key,
        password: PASSWORD,
        roles,
        ...(dept === null ? {} : { departmentId: departments.get(dept) }),
      },
    });
    expect(created.statusCode).toBe(201);
    const server = await signedIn(app, { email, password: PASSWORD });
    members.set(key, { id: created.json().id, email, server });
  }

  async function createDeals(key: string, count: number) {
    const { server } = members.get(key) as Member;
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const response = await server.inject({
        method: 'POST',
        url: RECORDS,
        payload: { name: `${key} deal ${i}`, amount: (i + 1) * 600, phone: '13812345678' },
      });
      expect(response.statusCode).toBe(201);
      ids.push(response.json().id);
    }
    owned.set(key, ids);
  }

  const as = (key: string) => (members.get(key) as Member).server;
  const idsOf = (...keys: string[]) => keys.flatMap((k) => owned.get(k) ?? []).sort();

  async function visibleIds(key: string, body: object = {}) {
    const response = await as(key).inject({
      method: 'POST',
      url: `${RECORDS}/query`,
      payload: { limit: 200, count: 'exact', ...body },
    });
    expect(response.statusCode).toBe(200);
    const page = response.json();
    return {
      ids: page.records.map((r: { id: string }) => r.id).sort() as string[],
      count: page.count.value as number,
    };
  }

  beforeAll(async () => {
    db = await openTestDatabase(backend, { migrate: false });
    app = await createApp({ db, admin: TEST_ADMIN });
    admin = await signedIn(app);
    for (const doc of [person, deal, ...ROLES]) {
      const saved = await admin.inject({
        method: 'PUT',
        url: `/api/v1/metadata/${doc.kind}/${doc.name}`,
        payload: doc,
      });
      expect(saved.statusCode).toBe(200);
    }
    expect(
      (await admin.inject({ method: 'POST', url: '/api/v1/metadata/publish', payload: {} }))
        .statusCode,
    ).toBe(200);
    // HQ ─┬─ East ── Shanghai
    //     └─ West
    await department('HQ');
    await department('East', 'HQ');
    await department('Shanghai', 'East');
    await department('West', 'HQ');
    await member('manager', ['sales_manager'], 'HQ');
    await member('own', ['rep_own'], 'East');
    await member('dept', ['rep_department'], 'East');
    await member('tree', ['rep_tree'], 'East');
    await member('shanghai', ['rep_own'], 'Shanghai');
    await member('west', ['rep_own'], 'West');
    await member('company', ['rep_company'], 'West');
    await member('big', ['big_deals'], null);
    await member('cleaner', ['dept_cleaner'], 'East');
    for (const key of ['manager', 'own', 'dept', 'tree', 'shanghai', 'west'])
      await createDeals(key, 3);
  }, BOOT_TIMEOUT);

  afterAll(async () => {
    await app.server.close();
    await db.close();
  });

  it('shows an own-scope user exactly their records on list and count', async () => {
    expect(await visibleIds('own')).toEqual({ ids: idsOf('own'), count: 3 });
  });

  it('shows a department-scope user the records of everyone in their department', async () => {
    expect((await visibleIds('dept')).ids).toEqual(idsOf('own', 'dept', 'tree'));
  });

  it('shows a department-and-below user their department and its sub-departments', async () => {
    const seen = await visibleIds('tree');
    expect(seen.ids).toEqual(idsOf('own', 'dept', 'tree', 'shanghai'));
    expect(seen.count).toBe(12);
  });

  it('shows a company-scope user every record', async () => {
    expect((await visibleIds('company')).ids).toEqual(
      idsOf('manager', 'own', 'dept', 'tree', 'shanghai', 'west'),
    );
  });

  it('shows a manager what the roles below theirs own', async () => {
    expect((await visibleIds('manager')).ids).toEqual(idsOf('manager', 'own', 'shanghai', 'west'));
  });

  it('applies the same scope to search', async () => {
    const seen = await visibleIds('dept', { search: 'deal' });
    expect(seen.ids).toEqual(idsOf('own', 'dept', 'tree'));
    expect((await visibleIds('own', { search: 'west deal' })).ids).toEqual([]);
  });

  async function exportedIds(
    key: string,
  ): Promise<{ status: number; ids: string[]; body: string }> {
    const response = await as(key).inject(`${RECORDS}/export.csv`);
    if (response.statusCode !== 200)
      return { status: response.statusCode, ids: [], body: response.body };
    const [header, ...lines] = response.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    const column = (header ?? '').split(',').indexOf('"id"');
    const ids = lines.map((line) => (line.split(',')[column] ?? '').replaceAll('"', '')).sort();
    return { status: 200, ids, body: response.body };
  }

  it('exports exactly the records of each scope, masked, and refuses without the export permission', async () => {
    expect((await exportedIds('dept')).ids).toEqual(idsOf('own', 'dept', 'tree'));
    expect((await exportedIds('tree')).ids).toEqual(idsOf('own', 'dept', 'tree', 'shanghai'));
    const company = await exportedIds('company');
    expect(company.ids).toEqual(idsOf('manager', 'own', 'dept', 'tree', 'shanghai', 'west'));
    expect(company.body).toContain('13812345678');
    const dept = await exportedIds('dept');
    expect(dept.body).toContain('138****5678');
    expect(dept.body).not.toContain('13812345678');
    expect(dept.body).not.toContain('secret_note');
    expect((await exportedIds('own')).status).toBe(403);
    const audited = await db.kysely
      .selectFrom('audit_log')
      .select('actor_id')
      .where('action', '=', 'record.exported')
      .execute();
    expect(audited.map((a) => a.actor_id)).toContain(members.get('tree')?.id);
  });

  it('masks an expanded name that the role sees masked on the target', async () => {
    const created = await admin.inject({
      method: 'POST',
      url: '/api/v1/objects/person/records',
      payload: { name: '张三丰' },
    });
    expect(created.statusCode).toBe(201);
    const contact = created.json().id as string;
    const linked = await as('own').inject({
      method: 'POST',
      url: RECORDS,
      payload: { name: 'contact deal', contact },
    });
    expect(linked.statusCode).toBe(201);
    const mine = linked.json().id as string;
    const audited = () =>
      db.kysely
        .selectFrom('audit_log')
        .select(['actor_id', 'details'])
        .where('action', '=', 'record.unmasked')
        .where('target', '=', 'person')
        .execute();
    const before = (await audited()).length;
    try {
      expect(
        (await as('own').inject(`/api/v1/objects/person/records/${contact}`)).json().name,
      ).toBe('张**');
      const one = (await as('own').inject(`${RECORDS}/${mine}?expand=contact`)).json();
      expect(one.$expanded.contact).toEqual({ id: contact, name: '张**' });
      const listed = (await as('own').inject(`${RECORDS}?expand=contact,parent_deal`)).json()
        .records;
      expect(listed.find((r: { id: string }) => r.id === mine).$expanded.contact.name).toBe('张**');
      const queried = await as('own').inject({
        method: 'POST',
        url: `${RECORDS}/query`,
        payload: { expand: ['contact'], limit: 200 },
      });
      expect(
        queried.json().records.find((r: { id: string }) => r.id === mine).$expanded.contact.name,
      ).toBe('张**');
      // The masked views above were not audited; the creation by the administrator was.
      expect(await audited()).toHaveLength(before);
      const byAdmin = (await admin.inject(`${RECORDS}/${mine}?expand=contact`)).json();
      expect(byAdmin.$expanded.contact.name).toBe('张三丰');
      // Seeing the name unmasked through the lookup is audited as a view of the person.
      const after = await audited();
      expect(after).toHaveLength(before + 1);
      expect(JSON.stringify(after.map((entry) => entry.details))).toContain(contact);
    } finally {
      // Tidy up, so that the id sets of the other tests stay as they were.
      await admin.inject({
        method: 'DELETE',
        url: `${RECORDS}/${mine}`,
        headers: { 'if-match': '"1"' },
      });
    }
  });

  it('refuses a lookup to a record out of reach, as to one that does not exist', async () => {
    const [foreign] = owned.get('west') as string[];
    const refused = await as('own').inject({
      method: 'POST',
      url: RECORDS,
      payload: { name: 'child deal', parent_deal: foreign },
    });
    expect(refused.statusCode).toBe(422);
    const missing = await as('own').inject({
      method: 'POST',
      url: RECORDS,
      payload: { name: 'child deal', parent_deal: '01939a5e-0000-7000-8000-000000000000' },
    });
    expect(missing.json().error).toEqual(refused.json().error);
    expect(refused.json().error.details.issues).toEqual([
      expect.objectContaining({ field: 'parent_deal', code: 'REFERENCE_NOT_FOUND' }),
    ]);
    expect((await visibleIds('own')).ids).toEqual(idsOf('own'));
  });

  it('expands a lookup to a record out of reach without its name', async () => {
    const [foreign] = owned.get('west') as string[];
    const [mine] = owned.get('own') as string[];
    const child = await as('own').inject({
      method: 'POST',
      url: RECORDS,
      payload: { name: 'child deal' },
    });
    expect(child.statusCode).toBe(201);
    // The administrator links it: a lookup may point out of a user's reach by others' writes.
    const linked = await admin.inject({
      method: 'PATCH',
      url: `${RECORDS}/${child.json().id}`,
      headers: { 'if-match': '"1"' },
      payload: { parent_deal: foreign },
    });
    expect(linked.statusCode).toBe(200);
    const sibling = await as('own').inject({
      method: 'POST',
      url: RECORDS,
      payload: { name: 'sibling deal', parent_deal: mine },
    });
    const id = child.json().id;
    const seen = (await as('own').inject(`${RECORDS}/${id}?expand=parent_deal`)).json();
    expect(seen.$expanded.parent_deal).toEqual({ id: foreign, name: null });
    const own = (
      await as('own').inject(`${RECORDS}/${sibling.json().id}?expand=parent_deal`)
    ).json();
    expect(own.$expanded.parent_deal).toEqual({ id: mine, name: 'own deal 0' });
    const listed = (await as('own').inject(`${RECORDS}?expand=parent_deal&limit=200`)).json()
      .records;
    const row = listed.find((r: { id: string }) => r.id === id);
    expect(row.$expanded.parent_deal.name).toBeNull();
    const byAdmin = (await admin.inject(`${RECORDS}/${id}?expand=parent_deal`)).json();
    expect(byAdmin.$expanded.parent_deal.name).toBe('west deal 0');
    // Tidy up, so that the id sets of the other tests stay as they were.
    for (const [extra, version] of [
      [id, 2],
      [sibling.json().id, 1],
    ]) {
      const removed = await admin.inject({
        method: 'DELETE',
        url: `${RECORDS}/${extra}`,
        headers: { 'if-match': `"${version}"` },
      });
      expect(removed.statusCode).toBe(204);
    }
  });

  it('answers 404 for a record outside the scope, on get, update and history', async () => {
    const [foreign] = owned.get('west') as string[];
    const get = await as('own').inject(`${RECORDS}/${foreign}`);
    expect(get.statusCode).toBe(404);
    const patch = await as('own').inject({
      method: 'PATCH',
      url: `${RECORDS}/${foreign}`,
      headers: { 'if-match': '"1"' },
      payload: { name: 'hijacked' },
    });
    expect(patch.statusCode).toBe(404);
    expect((await as('own').inject(`${RECORDS}/${foreign}/history`)).statusCode).toBe(404);
    const bulk = await as('own').inject({
      method: 'POST',
      url: `${RECORDS}/bulk`,
      payload: { op: 'update', records: [{ id: foreign, patch: { name: 'x' }, ifMatch: 1 }] },
    });
    expect(bulk.json().results[0].status).toBe(404);
    expect((await as('company').inject(`${RECORDS}/${foreign}`)).json().name).toBe('west deal 0');
  });

  it('refuses filtering, sorting, selecting and searching by a field the role hides', async () => {
    const filter = await as('own').inject({
      method: 'POST',
      url: `${RECORDS}/query`,
      payload: { filter: { kind: 'condition', field: 'secret_note', op: 'is_empty' } },
    });
    expect(filter.statusCode).toBe(400);
    expect(filter.json().error.details.issues[0].code).toBe('FIELD_NOT_READABLE');
    const sort = await as('own').inject(`${RECORDS}?sort=secret_note`);
    expect(sort.statusCode).toBe(400);
    const fields = await as('own').inject(`${RECORDS}?fields=name,secret_note`);
    expect(fields.statusCode).toBe(400);
    const [mine] = owned.get('own') as string[];
    expect((await as('own').inject(`${RECORDS}/${mine}?fields=secret_note`)).statusCode).toBe(400);
    const record = (await as('own').inject(`${RECORDS}/${mine}`)).json();
    expect(record).not.toHaveProperty('secret_note');
    const listed = (await as('own').inject(RECORDS)).json().records;
    expect(listed[0]).not.toHaveProperty('secret_note');
    expect(listed[0].name).toMatch(/^own deal/);
    expect(record.name).toBe('own deal 0');
  });

  it('tells the web on /auth/me which fields each role hides, masks or leaves read-only', async () => {
    const me = (await as('own').inject('/api/v1/auth/me')).json();
    expect(me.fields.deal).toEqual({ hidden: ['secret_note'], masked: ['phone'], readOnly: [] });
    const company = (await as('company').inject('/api/v1/auth/me')).json();
    expect(company.fields.deal).toEqual({ hidden: ['secret_note'], masked: [], readOnly: [] });
    const full = (await admin.inject('/api/v1/auth/me')).json();
    expect(full.fields.deal).toEqual({ hidden: [], masked: [], readOnly: [] });
  });

  it('refuses writing a field the role may not edit, and changes nothing', async () => {
    const [mine] = owned.get('own') as string[];
    const response = await as('own').inject({
      method: 'PATCH',
      url: `${RECORDS}/${mine}`,
      headers: { 'if-match': '"1"' },
      payload: { name: 'renamed', secret_note: 'sneaky' },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.details.fields).toEqual(['secret_note']);
    const created = await as('own').inject({
      method: 'POST',
      url: RECORDS,
      payload: { name: 'n', secret_note: 'x' },
    });
    expect(created.statusCode).toBe(403);
    expect((await admin.inject(`${RECORDS}/${mine}`)).json()).toMatchObject({
      name: 'own deal 0',
      version: 1,
    });
  });

  it('refuses mass assignment of owner, tenant and version', async () => {
    for (const key of ['owner_id', 'tenant_id', 'version', 'created_by']) {
      const response = await as('own').inject({
        method: 'POST',
        url: RECORDS,
        payload: { name: 'mass', [key]: members.get('west')?.id },
      });
      expect([key, response.statusCode]).toEqual([key, 422]);
    }
  });

  it('masks sensitive fields unless the role unmasks them, and audits unmasked views', async () => {
    const [mine] = owned.get('own') as string[];
    expect((await as('own').inject(`${RECORDS}/${mine}`)).json().phone).toBe('138****5678');
    const list = (await as('own').inject(RECORDS)).json().records;
    expect(list.every((r: { phone: string }) => r.phone === '138****5678')).toBe(true);
    const probe = await as('own').inject({
      method: 'POST',
      url: `${RECORDS}/query`,
      payload: { filter: { kind: 'condition', field: 'phone', op: 'eq', value: '13812345678' } },
    });
    expect(probe.statusCode).toBe(400);
    expect(probe.json().error.details.issues[0].code).toBe('FIELD_MASKED');
    expect((await as('company').inject(`${RECORDS}/${mine}`)).json().phone).toBe('13812345678');
    const audited = await db.kysely
      .selectFrom('audit_log')
      .select(['actor_id', 'details'])
      .where('action', '=', 'record.unmasked')
      .execute();
    const company = members.get('company')?.id;
    expect(
      audited.some(
        (a) => a.actor_id === company && (a.details.ids as string[]).includes(mine as string),
      ),
    ).toBe(true);
  });

  it('masks sensitive values in record history unless unmasked, and audits unmasked history', async () => {
    const [theirs] = owned.get('shanghai') as string[];
    const before = (await as('shanghai').inject(`${RECORDS}/${theirs}`)).json();
    const changed = await as('shanghai').inject({
      method: 'PATCH',
      url: `${RECORDS}/${theirs}`,
      headers: { 'if-match': `"${before.version}"` },
      payload: { phone: '13987654321' },
    });
    expect(changed.statusCode).toBe(200);
    const historyAudits = async (actor: string | undefined) =>
      (
        await db.kysely
          .selectFrom('audit_log')
          .select(['actor_id', 'details', 'target'])
          .where('action', '=', 'record.unmasked')
          .execute()
      ).filter(
        (a) =>
          a.actor_id === actor &&
          a.details.view === 'history' &&
          (a.details.ids as string[]).includes(theirs as string),
      );
    const masked = await as('shanghai').inject(`${RECORDS}/${theirs}/history`);
    expect(masked.statusCode).toBe(200);
    const version = changed.json().version;
    const maskedChange = masked
      .json()
      .entries.find((e: { version: number }) => e.version === version);
    expect(maskedChange.changes.phone).toEqual(['138****5678', '139****4321']);
    expect(await historyAudits(members.get('shanghai')?.id)).toHaveLength(0);

    const plain = await as('company').inject(`${RECORDS}/${theirs}/history`);
    expect(plain.statusCode).toBe(200);
    const plainChange = plain
      .json()
      .entries.find((e: { version: number }) => e.version === version);
    expect(plainChange.changes.phone).toEqual(['13812345678', '13987654321']);
    const audited = await historyAudits(members.get('company')?.id);
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ target: 'deal', details: { fields: ['phone'] } });

    // Administrators see everything in full, and are audited the same way.
    await admin.inject(`${RECORDS}/${theirs}/history`);
    expect(
      await historyAudits((await admin.inject('/api/v1/auth/me')).json().user.id),
    ).toHaveLength(1);
  });

  it('refuses an action the role does not grant with 403', async () => {
    const [mine] = owned.get('own') as string[];
    const remove = await as('own').inject({
      method: 'DELETE',
      url: `${RECORDS}/${mine}`,
      headers: { 'if-match': '"1"' },
    });
    expect(remove.statusCode).toBe(403);
    expect(remove.json().error).toMatchObject({
      code: 'PERMISSION_DENIED',
      details: { action: 'delete' },
    });
  });

  it('shares records matching a sharing rule with a role', async () => {
    expect((await visibleIds('big')).ids).toEqual([]);
    const rule = await admin.inject({
      method: 'POST',
      url: '/api/v1/identity/sharing-rules',
      payload: {
        objectName: 'deal',
        name: 'big deals',
        criteria: { kind: 'condition', field: 'amount', op: 'gte', value: 1800 },
        granteeKind: 'role',
        grantee: 'big_deals',
        access: 'read',
      },
    });
    expect(rule.statusCode).toBe(201);
    const expected = await visibleIds('company', {
      filter: { kind: 'condition', field: 'amount', op: 'gte', value: 1800 },
    });
    expect(expected.ids).toHaveLength(6);
    expect((await visibleIds('big')).ids).toEqual(expected.ids);
    const [shared] = expected.ids;
    const write = await as('big').inject({
      method: 'PATCH',
      url: `${RECORDS}/${shared}`,
      headers: { 'if-match': '"1"' },
      payload: { name: 'read only share' },
    });
    expect(write.statusCode).toBe(404);
  });

  it('shares one record by hand, for reading or editing', async () => {
    const [target] = owned.get('west') as string[];
    const userId = members.get('own')?.id;
    const share = await admin.inject({
      method: 'POST',
      url: '/api/v1/identity/record-shares',
      payload: {
        objectName: 'deal',
        recordId: target,
        granteeKind: 'user',
        grantee: userId,
        access: 'edit',
      },
    });
    expect(share.statusCode).toBe(201);
    expect((await visibleIds('own')).ids).toEqual([...idsOf('own'), target].sort());
    const patch = await as('own').inject({
      method: 'PATCH',
      url: `${RECORDS}/${target}`,
      headers: { 'if-match': '"1"' },
      payload: { name: 'edited through a share' },
    });
    expect(patch.statusCode).toBe(200);
    await admin.inject({
      method: 'POST',
      url: '/api/v1/identity/record-shares/remove',
      payload: { objectName: 'deal', recordId: target, granteeKind: 'user', grantee: userId },
    });
    expect((await as('own').inject(`${RECORDS}/${target}`)).statusCode).toBe(404);
  });

  it('lets the owner of a record share it by hand and revoke it, audited', async () => {
    const target = (owned.get('west') as string[])[1] as string;
    const shanghaiId = members.get('shanghai')?.id;
    const share = (as_: string, grantee: string | undefined, access = 'read') =>
      as(as_).inject({
        method: 'POST',
        url: '/api/v1/identity/record-shares',
        payload: { objectName: 'deal', recordId: target, granteeKind: 'user', grantee, access },
      });
    const revoke = (as_: string) =>
      as(as_).inject({
        method: 'POST',
        url: '/api/v1/identity/record-shares/remove',
        payload: { objectName: 'deal', recordId: target, granteeKind: 'user', grantee: shanghaiId },
      });
    expect((await as('shanghai').inject(`${RECORDS}/${target}`)).statusCode).toBe(404);
    // Seeing a record is not owning it: the company-scope user may not share West's deal.
    const notOwner = await share('company', members.get('company')?.id);
    expect(notOwner.statusCode).toBe(403);
    expect(notOwner.json().error.code).toBe('PERMISSION_DENIED');
    // A record the caller cannot see is not found, whoever owns it.
    const unseen = await as('shanghai').inject({
      method: 'POST',
      url: '/api/v1/identity/record-shares',
      payload: {
        objectName: 'deal',
        recordId: (owned.get('own') as string[])[0],
        granteeKind: 'user',
        grantee: shanghaiId,
        access: 'read',
      },
    });
    expect(unseen.statusCode).toBe(404);

    const shared = await share('west', shanghaiId);
    expect(shared.statusCode).toBe(201);
    expect(shared.json()).toMatchObject({ grantee: shanghaiId, access: 'read' });
    expect((await visibleIds('shanghai')).ids).toEqual([...idsOf('shanghai'), target].sort());
    const readOnly = await as('shanghai').inject({
      method: 'PATCH',
      url: `${RECORDS}/${target}`,
      headers: { 'if-match': '"1"' },
      payload: { name: 'not through a read share' },
    });
    expect(readOnly.statusCode).toBe(404);
    // A user a record is shared with does not share it on, nor revokes it.
    expect((await share('shanghai', members.get('tree')?.id)).statusCode).toBe(403);
    expect((await revoke('shanghai')).statusCode).toBe(403);
    const listed = await as('west').inject(
      `/api/v1/identity/record-shares?object=deal&record=${target}`,
    );
    expect(listed.statusCode).toBe(200);
    expect(listed.json().shares).toHaveLength(1);
    expect(listed.json().shares[0].createdBy).toBe(members.get('west')?.id);

    expect((await revoke('west')).statusCode).toBe(204);
    expect((await as('shanghai').inject(`${RECORDS}/${target}`)).statusCode).toBe(404);
    expect((await visibleIds('shanghai')).ids).toEqual(idsOf('shanghai'));
    const audited = await db.kysely
      .selectFrom('audit_log')
      .select(['action', 'actor_id', 'target'])
      .where('target', '=', `deal/${target}`)
      .execute();
    expect(audited.map((row) => [row.action, row.actor_id])).toEqual(
      expect.arrayContaining([
        ['record.shared', members.get('west')?.id],
        ['record.unshared', members.get('west')?.id],
      ]),
    );
    expect(audited).toHaveLength(2);
  });

  it('holds an API token to the intersection of its scopes and its user', async () => {
    const created = await as('own').inject({
      method: 'POST',
      url: '/api/v1/auth/tokens',
      payload: { name: 'reader', scopes: { objects: ['deal'], actions: ['read', 'delete'] } },
    });
    const bearer = { authorization: `Bearer ${created.json().token}` };
    const list = await app.server.inject({ url: `${RECORDS}?limit=200`, headers: bearer });
    expect(
      list
        .json()
        .records.map((r: { id: string }) => r.id)
        .sort(),
    ).toEqual(idsOf('own'));
    const [mine] = owned.get('own') as string[];
    // The scope names delete, but the user's role does not grant it.
    const remove = await app.server.inject({
      method: 'DELETE',
      url: `${RECORDS}/${mine}`,
      headers: { ...bearer, 'if-match': '"1"' },
    });
    expect(remove.statusCode).toBe(403);
  });

  it('shows the recycle bin and restores only within the scope of the delete permission', async () => {
    const create = async (key: string, name: string) =>
      (await as(key).inject({ method: 'POST', url: RECORDS, payload: { name } })).json()
        .id as string;
    const east = await create('dept', 'binned east deal');
    const west = await create('west', 'binned west deal');
    const remove = (id: string, version: number) =>
      as('company').inject({
        method: 'DELETE',
        url: `${RECORDS}/${id}`,
        headers: { 'if-match': `"${version}"` },
      });
    expect((await remove(east, 1)).statusCode).toBe(204);
    expect((await remove(west, 1)).statusCode).toBe(204);
    const bin = async (key: string) => {
      const response = await as(key).inject(`${RECORDS}?deleted=true&limit=200`);
      return {
        status: response.statusCode,
        ids:
          response.statusCode === 200
            ? response.json().records.map((r: { id: string }) => r.id)
            : [],
        code: response.statusCode === 200 ? undefined : response.json().error.code,
      };
    };
    // Without the delete permission: neither the bin nor a restore.
    expect(await bin('own')).toMatchObject({ status: 403, code: 'PERMISSION_DENIED' });
    const refused = await as('own').inject({ method: 'POST', url: `${RECORDS}/${east}/restore` });
    expect(refused.statusCode).toBe(403);
    const queried = await as('own').inject({
      method: 'POST',
      url: `${RECORDS}/query`,
      payload: { deleted: true },
    });
    expect(queried.statusCode).toBe(403);
    // A department-scope deleter sees and restores its department's deleted records only.
    const cleaner = await bin('cleaner');
    expect(cleaner.ids).toContain(east);
    expect(cleaner.ids).not.toContain(west);
    const outside = await as('cleaner').inject({
      method: 'POST',
      url: `${RECORDS}/${west}/restore`,
    });
    expect(outside.statusCode).toBe(404);
    const restored = await as('cleaner').inject({
      method: 'POST',
      url: `${RECORDS}/bulk`,
      payload: { op: 'restore', records: [{ id: east }, { id: west }] },
    });
    expect(restored.statusCode).toBe(200);
    expect(restored.json()).toMatchObject({ op: 'restore', succeeded: 1, failed: 1 });
    expect(restored.json().results.map((r: { status: number }) => r.status)).toEqual([200, 404]);
    expect((await bin('cleaner')).ids).not.toContain(east);
    expect((await bin('company')).ids).toContain(west);
    expect((await as('dept').inject(`${RECORDS}/${east}`)).statusCode).toBe(200);
    // Leave the live lists of the other tests as they were.
    expect((await remove(east, 3)).statusCode).toBe(204);
  });

  it('answers every write without the fields the role hides', async () => {
    const canary = 'CANARY-HIDDEN-WRITE';
    const created = await as('company').inject({
      method: 'POST',
      url: RECORDS,
      payload: { name: 'hidden answers' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).not.toHaveProperty('secret_note');
    const id = created.json().id as string;
    const noted = await admin.inject({
      method: 'PATCH',
      url: `${RECORDS}/${id}`,
      headers: { 'if-match': '"1"' },
      payload: { secret_note: canary },
    });
    expect(noted.json().secret_note).toBe(canary);
    const answers = [
      await as('company').inject({
        method: 'PATCH',
        url: `${RECORDS}/${id}`,
        headers: { 'if-match': '"2"' },
        payload: { name: 'renamed' },
      }),
      await as('company').inject({
        method: 'POST',
        url: `${RECORDS}/bulk`,
        payload: { op: 'update', records: [{ id, ifMatch: 3, patch: { amount: 5 } }] },
      }),
      await as('company').inject({
        method: 'DELETE',
        url: `${RECORDS}/${id}`,
        headers: { 'if-match': '"4"' },
      }),
      await as('company').inject({ method: 'POST', url: `${RECORDS}/${id}/restore` }),
    ];
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 204, 200]);
    for (const answer of answers) expect(answer.body).not.toContain(canary);
    expect(answers[0]?.json()).not.toHaveProperty('secret_note');
    expect(answers[3]?.json()).toMatchObject({ name: 'renamed', amount: '5', version: 6 });
    expect(answers[3]?.json()).not.toHaveProperty('secret_note');
    const removed = await as('company').inject({
      method: 'DELETE',
      url: `${RECORDS}/${id}`,
      headers: { 'if-match': '"6"' },
    });
    expect(removed.statusCode).toBe(204);
  });

  it('filters through a lookup only by targets the user may read, as if the others were empty', async () => {
    const create = async (name: string) =>
      (await as('own').inject({ method: 'POST', url: RECORDS, payload: { name } })).json()
        .id as string;
    const [outside] = owned.get('west') as string[];
    const [inside] = owned.get('own') as string[];
    const child = await create('child of west');
    const sibling = await create('child of own');
    for (const [id, parent] of [
      [child, outside],
      [sibling, inside],
    ]) {
      const linked = await admin.inject({
        method: 'PATCH',
        url: `${RECORDS}/${id}`,
        headers: { 'if-match': '"1"' },
        payload: { parent_deal: parent },
      });
      expect(linked.statusCode).toBe(200);
    }
    // Another test may have renamed the parent: filter by the name it has now.
    const parentName = (await admin.inject(`${RECORDS}/${outside}`)).json().name as string;
    const through = async (field: string, op: string, value?: unknown) =>
      (await visibleIds('own', { filter: { kind: 'condition', field, op, value } })).ids;
    expect(await through('parent_deal.name', 'eq', parentName)).toEqual([]);
    expect(await through('parent_deal.amount', 'gte', 0)).toEqual([sibling]);
    expect(await through('parent_deal.name', 'starts_with', 'own')).toEqual([sibling]);
    // The out-of-reach parent reads as empty: like a missing one, not like a live one.
    expect((await through('parent_deal.name', 'is_empty')).includes(child)).toBe(true);
    // The administrator reaches both parents, so the same filter finds the first child.
    const seen = await admin.inject({
      method: 'POST',
      url: `${RECORDS}/query`,
      payload: {
        filter: { kind: 'condition', field: 'parent_deal.name', op: 'eq', value: parentName },
      },
    });
    expect(seen.json().records.map((r: { id: string }) => r.id)).toEqual([child]);
    for (const id of [child, sibling]) {
      const removed = await admin.inject({
        method: 'DELETE',
        url: `${RECORDS}/${id}`,
        headers: { 'if-match': '"2"' },
      });
      expect(removed.statusCode).toBe(204);
    }
  });

  it('leaves a field since removed out of the history shown to non-administrators', async () => {
    const card = '110101199003070011';
    const created = await admin.inject({
      method: 'POST',
      url: '/api/v1/objects/person/records',
      payload: { name: '李四', id_card: card },
    });
    const history = async (server: SignedInServer) =>
      (await server.inject(`/api/v1/objects/person/records/${created.json().id}/history`)).json()
        .entries[0].changes;
    expect((await history(as('own'))).id_card[1]).not.toBe(card);
    const current = await admin.inject('/api/v1/metadata/object/person');
    const saved = await admin.inject({
      method: 'PUT',
      url: '/api/v1/metadata/object/person',
      headers: { 'if-match': String(current.headers.etag) },
      payload: { ...person, fields: person.fields.filter((field) => field.name !== 'id_card') },
    });
    expect(saved.statusCode).toBe(200);
    const published = await admin.inject({
      method: 'POST',
      url: '/api/v1/metadata/publish',
      payload: {},
    });
    expect(published.statusCode).toBe(200);
    const shown = await history(as('own'));
    expect(shown).not.toHaveProperty('id_card');
    expect(shown).toHaveProperty('name');
    expect((await history(admin)).id_card).toEqual([null, card]);
  });

  it('holds an API token that may not delete out of the recycle bin', async () => {
    const created = await as('company').inject({
      method: 'POST',
      url: '/api/v1/auth/tokens',
      payload: { name: 'bin reader', scopes: { objects: ['deal'], actions: ['read', 'update'] } },
    });
    const bearer = { authorization: `Bearer ${created.json().token}` };
    const bin = await app.server.inject({ url: `${RECORDS}?deleted=true`, headers: bearer });
    expect(bin.statusCode).toBe(403);
    const [mine] = owned.get('west') as string[];
    const restore = await app.server.inject({
      method: 'POST',
      url: `${RECORDS}/${mine}/restore`,
      headers: bearer,
    });
    expect(restore.statusCode).toBe(403);
    const live = await app.server.inject({ url: `${RECORDS}?limit=1`, headers: bearer });
    expect(live.statusCode).toBe(200);
  });

  it('keeps another tenant out entirely: no canary on any surface, 404 for its ids', async () => {
    const canary = 'CANARY-TENANT-ONE-7f3a';
    const mine = await admin.inject({
      method: 'POST',
      url: RECORDS,
      payload: { name: canary, secret_note: canary, phone: '13900000000' },
    });
    const canaryId = mine.json().id;
    // The canary is found in its own tenant, so the checks below can fail.
    expect((await admin.inject('/api/v1/search?q=TENANT-ONE')).body).toContain(canary);
    const other = await ensureTenant(db, { slug: 'other', name: 'Other' });
    const hash = await app.auth.hashPassword(PASSWORD);
    await db.kysely
      .insertInto('users')
      .values({
        tenant_id: other.id,
        id: crypto.randomUUID(),
        email: 'admin@other.example',
        name: 'Other',
        password_hash: hash,
        department_id: null,
      })
      .execute();
    const { id: otherUser } = await db.kysely
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'admin@other.example')
      .executeTakeFirstOrThrow();
    await db.kysely
      .insertInto('user_roles')
      .values({ tenant_id: other.id, user_id: otherUser, role_name: 'system_admin' })
      .execute();
    const login = await app.server.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'admin@other.example', password: PASSWORD, tenant: 'other' },
    });
    expect(login.statusCode).toBe(200);
    const cookie = String(login.headers['set-cookie']).split(';')[0] as string;
    const headers = { cookie, 'x-requested-with': 'tangram' };
    const surfaces = [
      '/api/v1/metadata',
      '/api/v1/metadata?kind=object',
      RECORDS,
      `${RECORDS}/${canaryId}`,
      `${RECORDS}/${canaryId}/history`,
      '/api/v1/search?q=TENANT-ONE',
      '/api/v1/openapi.json',
      '/api/v1/identity/users',
      '/api/v1/identity/departments',
      '/api/v1/auth/me',
    ];
    for (const url of surfaces) {
      const response = await app.server.inject({ url, headers });
      expect([url, response.body.includes(canary)]).toEqual([url, false]);
      expect([url, response.body.includes('example.com')]).toEqual([url, false]);
    }
    expect((await app.server.inject({ url: `${RECORDS}/${canaryId}`, headers })).statusCode).toBe(
      404,
    );
    // A tenant-one session cannot reach tenant two by naming it either.
    const named = await as('company').inject({
      url: '/api/v1/auth/me',
      headers: { 'x-tangram-tenant': 'other' },
    });
    expect(named.json().tenant.slug).toBe('default');
  });
});
