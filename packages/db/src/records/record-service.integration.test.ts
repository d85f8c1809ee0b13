import { randomUUID } from 'node:crypto';
import {
  createMetadataService,
  createRecordService,
  type RecordContext,
  type RecordService,
} from '@tangram/engine';
import {
  countingRecordStore,
  expectedPipelineRollups,
  runPipelineWrites,
  samplePipeline,
} from '@tangram/engine/testing';
import { rejectionOf } from '@tangram/errors/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../database.js';
import { createMetadataStore } from '../metadata-store.js';
import { ensureTenant } from '../tenants.js';
import { createSignal, openTestDatabase, testBackends } from '../testing.js';
import { createRecordStore } from './record-store.js';

const label = (en: string) => ({ en });
const options = (values: string[]) => values.map((value) => ({ value, label: label(value) }));

const documents = [
  {
    kind: 'object',
    schemaVersion: 1,
    name: 'account',
    label: label('Account'),
    nameField: 'name',
    fields: [
      { name: 'name', type: 'text', label: label('Name'), required: true },
      {
        name: 'industry',
        type: 'single_select',
        label: label('Industry'),
        options: options(['government', 'retail']),
      },
      { name: 'tax_id', type: 'text', label: label('Tax id'), unique: true },
    ],
  },
  {
    kind: 'object',
    schemaVersion: 1,
    name: 'contract',
    label: label('Contract'),
    nameField: 'title',
    fields: [
      { name: 'title', type: 'text', label: label('Title'), required: true },
      { name: 'account', type: 'lookup', label: label('Account'), target: 'account' },
      { name: 'number', type: 'autonumber', label: label('Number'), pattern: 'HT-{YYYY}-{0000}' },
      { name: 'amount', type: 'currency', label: label('Amount'), currency: 'CNY' },
      {
        name: 'paid',
        type: 'rollup',
        label: label('Paid'),
        childObject: 'payment',
        relationField: 'contract',
        function: 'sum',
        field: 'amount',
      },
    ],
  },
  {
    kind: 'object',
    schemaVersion: 1,
    name: 'payment',
    label: label('Payment'),
    nameField: 'title',
    fields: [
      { name: 'title', type: 'text', label: label('Title'), required: true },
      { name: 'contract', type: 'master_detail', label: label('Contract'), target: 'contract' },
      { name: 'amount', type: 'currency', label: label('Amount'), currency: 'CNY' },
    ],
  },
  {
    kind: 'object',
    schemaVersion: 1,
    name: 'receipt',
    label: label('Receipt'),
    nameField: 'title',
    fields: [
      { name: 'title', type: 'text', label: label('Title'), required: true },
      {
        name: 'payment',
        type: 'lookup',
        label: label('Payment'),
        target: 'payment',
        onDelete: 'restrict',
      },
    ],
  },
];

describe.each(testBackends())('record service on the $name record store', (backend) => {
  let db: Database;
  let records: RecordService;
  let now = new Date('2026-03-15T04:00:00.000Z');
  const clock = { now: () => now };

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    const metadata = createMetadataService({ store: createMetadataStore(db), clock });
    records = createRecordService({ metadata, store: createRecordStore(db), clock });
  });
  afterAll(async () => {
    await db.close();
  });

  /** A tenant of its own with the three objects published. */
  async function newTenant(): Promise<RecordContext> {
    const slug = `t_${randomUUID().slice(0, 8)}`;
    const ctx = { tenantId: (await ensureTenant(db, { slug, name: slug })).id, actorId: 'alice' };
    const metadata = createMetadataService({ store: createMetadataStore(db), clock });
    for (const document of documents) await metadata.saveDraft(ctx, document);
    await metadata.publish(ctx);
    return ctx;
  }

  it('creates, reads, updates with If-Match, deletes, restores and keeps the history', async () => {
    const ctx = await newTenant();
    const created = await records.create(ctx, 'account', { name: 'Acme', industry: 'retail' });
    expect(created).toMatchObject({ version: 1, created_by: 'alice', name: 'Acme', tax_id: null });
    expect(await records.get(ctx, 'account', String(created.id))).toEqual(created);

    now = new Date('2026-03-16T04:00:00.000Z');
    const updated = await records.update(
      ctx,
      'account',
      String(created.id),
      { industry: 'government' },
      { ifMatch: 1 },
    );
    expect(updated).toMatchObject({
      version: 2,
      industry: 'government',
      updated_at: now.toISOString(),
    });
    const stale = await rejectionOf(
      records.update(ctx, 'account', String(created.id), { name: 'B' }, { ifMatch: 1 }),
    );
    expect(stale.code).toBe('RECORD_STALE');

    await records.remove(ctx, 'account', String(created.id), { ifMatch: 2 });
    expect((await rejectionOf(records.get(ctx, 'account', String(created.id)))).code).toBe(
      'RECORD_NOT_FOUND',
    );
    const restored = await records.restore(ctx, 'account', String(created.id));
    expect(restored).toMatchObject({ version: 4, industry: 'government' });

    const history = await records.history(ctx, 'account', String(created.id));
    expect(history.map((entry) => [entry.action, entry.version])).toEqual([
      ['restore', 4],
      ['delete', 3],
      ['update', 2],
      ['create', 1],
    ]);
    expect(history[2]?.changes).toMatchObject({ industry: ['retail', 'government'] });
  });

  it('lists the recycle bin and restores a master with the details its delete took', async () => {
    const ctx = await newTenant();
    now = new Date('2026-04-01T00:00:00.000Z');
    const contract = await records.create(ctx, 'contract', { title: 'C', amount: 100 });
    const pay = (title: string, amount: number) =>
      records.create(ctx, 'payment', { title, contract: contract.id, amount });
    const earlier = await pay('earlier', 10);
    await pay('kept', 20);
    await pay('more', 30);
    await records.remove(ctx, 'payment', String(earlier.id), { ifMatch: 1 });
    now = new Date('2026-04-02T00:00:00.000Z');
    const current = await records.get(ctx, 'contract', String(contract.id));
    expect(current.paid).toBe(50);
    await records.remove(ctx, 'contract', String(contract.id), { ifMatch: current.version });

    const bin = await records.query(ctx, 'payment', { deleted: true, limit: 2 });
    expect(bin.records.map((r) => r.deleted_at)).toEqual([now.toISOString(), now.toISOString()]);
    const rest = await records.query(ctx, 'payment', {
      deleted: true,
      limit: 2,
      cursor: bin.nextCursor,
    });
    expect(rest.records.map((r) => r.title)).toEqual(['earlier']);
    expect((await rejectionOf(records.restore(ctx, 'payment', String(earlier.id)))).code).toBe(
      'RECORD_PARENT_DELETED',
    );

    now = new Date('2026-04-03T00:00:00.000Z');
    await records.restore(ctx, 'contract', String(contract.id));
    const live = await records.query(ctx, 'payment', { sort: [{ field: 'title' }] });
    expect(live.records.map((r) => r.title)).toEqual(['kept', 'more']);
    expect((await records.get(ctx, 'contract', String(contract.id))).paid).toBe(50);
    const left = await records.query(ctx, 'payment', { deleted: true });
    expect(left.records.map((r) => r.title)).toEqual(['earlier']);
  });

  it('undoes a failed row of a bulk delete whole, cascade included, and deletes the others', async () => {
    const ctx = await newTenant();
    const blocked = await records.create(ctx, 'contract', { title: 'blocked' });
    const free = await records.create(ctx, 'contract', { title: 'free' });
    const payment = await records.create(ctx, 'payment', { title: 'P', contract: blocked.id });
    await records.create(ctx, 'receipt', { title: 'R', payment: payment.id });
    const results = await records.bulkRemove(ctx, 'contract', [
      { id: String(blocked.id), ifMatch: 1 },
      { id: String(free.id), ifMatch: 1 },
    ]);
    expect(results.map((r) => (r.ok ? 'ok' : r.error?.code))).toEqual(['RECORD_REFERENCED', 'ok']);
    expect(await records.get(ctx, 'contract', String(blocked.id))).toMatchObject({ version: 1 });
    expect(await records.get(ctx, 'payment', String(payment.id))).toMatchObject({ version: 1 });
    expect((await rejectionOf(records.get(ctx, 'contract', String(free.id)))).code).toBe(
      'RECORD_NOT_FOUND',
    );
  });

  it('answers a bulk restore row whose unique value was taken 409 and restores the rest', async () => {
    const ctx = await newTenant();
    const taken = await records.create(ctx, 'account', { name: 'A', tax_id: 'T-1' });
    const other = await records.create(ctx, 'account', { name: 'C', tax_id: 'T-2' });
    await records.remove(ctx, 'account', String(taken.id), { ifMatch: 1 });
    await records.remove(ctx, 'account', String(other.id), { ifMatch: 1 });
    await records.create(ctx, 'account', { name: 'B', tax_id: 'T-1' });
    const results = await records.bulkRestore(ctx, 'account', [
      { id: String(other.id) },
      { id: String(taken.id) },
    ]);
    expect(results.map((r) => (r.ok ? 'ok' : r.error?.code))).toEqual(['ok', 'RECORD_DUPLICATE']);
    expect(await records.get(ctx, 'account', String(other.id))).toMatchObject({ version: 3 });
    const bin = await records.query(ctx, 'account', { deleted: true });
    expect(bin.records.map((r) => r.name)).toEqual(['A']);
  });

  it('queries with a filter, a sort, keyset cursors, a lookup path and an exact count', async () => {
    const ctx = await newTenant();
    const [gov, shop] = await Promise.all([
      records.create(ctx, 'account', { name: 'Gov', industry: 'government' }),
      records.create(ctx, 'account', { name: 'Shop', industry: 'retail' }),
    ]);
    for (const [index, amount] of [10, 20, 30, 40, 50, 30].entries()) {
      await records.create(ctx, 'contract', {
        title: `C${index}`,
        amount,
        account: index % 2 === 0 ? gov.id : shop.id,
      });
    }
    const request = {
      filter: { kind: 'condition', field: 'amount', op: 'gte', value: 20 },
      sort: [{ field: 'amount', direction: 'desc' }],
      limit: 2,
      count: 'exact',
    } as const;
    const seen: unknown[] = [];
    let page = await records.query(ctx, 'contract', request);
    expect(page.count).toEqual({ value: 5, exact: true });
    seen.push(...page.records.map((record) => record.amount));
    while (page.nextCursor !== null) {
      page = await records.query(ctx, 'contract', { ...request, cursor: page.nextCursor });
      seen.push(...page.records.map((record) => record.amount));
    }
    expect(seen).toEqual([50, 40, 30, 30, 20]);

    const viaLookup = await records.query(ctx, 'contract', {
      filter: { kind: 'condition', field: 'account.industry', op: 'eq', value: 'government' },
      sort: [{ field: 'title', direction: 'asc' }],
    });
    expect(viaLookup.records.map((record) => record.title)).toEqual(['C0', 'C2', 'C4']);
    const other = await newTenant();
    expect((await records.query(other, 'contract', {})).records).toEqual([]);
    expect((await rejectionOf(records.get(other, 'account', String(gov.id)))).code).toBe(
      'RECORD_NOT_FOUND',
    );
  });

  it("refreshes a parent's rollup by bulk creates without touching or auditing its other fields", async () => {
    const ctx = await newTenant();
    const account = await records.create(ctx, 'account', { name: 'Acme' });
    const contract = await records.create(ctx, 'contract', {
      title: 'C',
      amount: 100,
      account: account.id,
    });
    // Two bulk calls: the locking refresh of bulk creates, over more than one batch of children.
    for (const batch of [0, 1]) {
      const created = await records.bulkCreate(
        ctx,
        'payment',
        Array.from({ length: 60 }, (_, index) => ({
          title: `P${batch}-${index}`,
          contract: contract.id,
          amount: 1.5,
        })),
      );
      expect(created.every((row) => row.ok)).toBe(true);
    }
    const after = await records.get(ctx, 'contract', String(contract.id));
    expect(after).toEqual({
      ...contract,
      paid: 180,
      version: 3,
      updated_at: after.updated_at,
    });
    const history = await records.history(ctx, 'contract', String(contract.id));
    expect(history.map((entry) => entry.changes)).toEqual([
      { paid: [90, 180] },
      { paid: [0, 90] },
      expect.objectContaining({ title: [null, 'C'] }),
    ]);
  });

  it('numbers concurrent creates uniquely and replays an idempotent create', async () => {
    const ctx = await newTenant();
    const created = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        records.create(ctx, 'contract', { title: `C${index}` }),
      ),
    );
    expect(new Set(created.map((record) => record.number)).size).toBe(20);
    expect(created.map((record) => record.number).sort()).toContain('HT-2026-0020');

    const first = await records.create(ctx, 'account', { name: 'Once' }, { idempotencyKey: 'k1' });
    const again = await records.create(ctx, 'account', { name: 'Once' }, { idempotencyKey: 'k1' });
    expect(again).toEqual(first);
    expect((await records.query(ctx, 'account', { count: 'exact' })).count?.value).toBe(1);
  });

  it('answers concurrent retries of a keyed create with its one record, unique fields too', async () => {
    const ctx = await newTenant();
    // The runtime builds the unique index after the object's first write; the race needs it.
    await records.create(ctx, 'account', { name: 'First', tax_id: 'T-0' });
    await uniqueIndexBuilt(ctx.tenantId, 'account');
    const input = { name: 'Retried', tax_id: 'T-1' };
    const answers = await Promise.allSettled(
      Array.from({ length: 8 }, () =>
        records.create(ctx, 'account', input, { idempotencyKey: 'k' }),
      ),
    );
    const failures = answers.flatMap((a) => (a.status === 'rejected' ? [a.reason] : []));
    expect(failures).toEqual([]);
    const ids = answers.map((a) => (a.status === 'fulfilled' ? a.value.id : undefined));
    expect(new Set(ids).size).toBe(1);
    expect((await records.query(ctx, 'account', { count: 'exact' })).count?.value).toBe(2);
  });

  /** Waits until the runtime's unique index of `object` in the tenant is built and valid. */
  async function uniqueIndexBuilt(tenantId: string, object: string): Promise<void> {
    const objectId = await createRecordStore(db).resolveObjectId(tenantId, object);
    for (let attempt = 0; attempt < 200; attempt++) {
      const result = await sql<{ count: number }>`select count(*)::int as count
        from pg_index i join pg_class c on c.oid = i.indexrelid
        where i.indisunique and i.indisvalid and c.relname like 'rx\\_%'
          and pg_get_expr(i.indpred, i.indrelid) like ${`%object_id = ${objectId}%`}`.execute(
        db.kysely,
      );
      if ((result.rows[0]?.count ?? 0) > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no unique index on ${object} after 10 s`);
  }

  it('leaves no live detail under a master deleted while details were being added', async () => {
    const ctx = await newTenant();
    for (let round = 0; round < 4; round++) {
      const contract = await records.create(ctx, 'contract', { title: `C${round}` });
      const racing = await Promise.allSettled([
        ...Array.from({ length: 6 }, (_, index) =>
          records.create(ctx, 'payment', { title: `P${index}`, contract: contract.id, amount: 1 }),
        ),
        records.bulkRemove(ctx, 'contract', [{ id: String(contract.id) }]),
        ...Array.from({ length: 6 }, (_, index) =>
          records.create(ctx, 'payment', { title: `Q${index}`, contract: contract.id, amount: 1 }),
        ),
      ]);
      // Each create either went in before the delete (and was cascaded) or found no master.
      for (const answer of racing) {
        if (answer.status === 'rejected') expect(answer.reason.code).toBe('RECORD_INVALID');
      }
      const removal = racing[6];
      expect(removal?.status === 'fulfilled' && removal.value).toMatchObject([{ ok: true }]);
      const orphans = await records.query(ctx, 'payment', {
        filter: { kind: 'condition', field: 'contract', op: 'eq', value: contract.id },
        count: 'exact',
      });
      expect(orphans.count?.value).toBe(0);
    }
  });

  it('maintains a rollup in the same transaction as the child write', async () => {
    const ctx = await newTenant();
    const contract = await records.create(ctx, 'contract', { title: 'C', amount: 100 });
    await records.create(ctx, 'payment', { title: 'P1', contract: contract.id, amount: 30 });
    await records.create(ctx, 'payment', { title: 'P2', contract: contract.id, amount: 12.5 });
    expect(await records.get(ctx, 'contract', String(contract.id))).toMatchObject({ paid: 42.5 });
  });

  /** A tenant of its own with the pipeline of rollups with filters published. */
  async function pipelineTenant(): Promise<RecordContext> {
    const slug = `t_${randomUUID().slice(0, 8)}`;
    const ctx = { tenantId: (await ensureTenant(db, { slug, name: slug })).id, actorId: 'alice' };
    const metadata = createMetadataService({ store: createMetadataStore(db), clock });
    for (const document of samplePipeline()) await metadata.saveDraft(ctx, document);
    await metadata.publish(ctx);
    return ctx;
  }

  /**
   * A pipeline tenant with one team, and a service over a store that counts its calls (creates
   * written alone, not batched).
   */
  async function countedPipeline() {
    const ctx = await pipelineTenant();
    const team = (await records.create(ctx, 'team', { name: 'A' })).id;
    const metadata = createMetadataService({ store: createMetadataStore(db), clock });
    const { calls, store } = countingRecordStore(createRecordStore(db));
    const counted = createRecordService({ metadata, store, clock, createBatch: false });
    return { ctx, team, calls, counted };
  }

  async function expectExact(ctx: RecordContext, teams: readonly string[]) {
    const expected = await expectedPipelineRollups(records, ctx, teams);
    for (const id of teams) {
      expect(await records.get(ctx, 'team', id)).toMatchObject(expected[id] ?? {});
    }
  }

  it('keeps filtered rollups exact across creates, updates, deletes, restores and bulk writes', async () => {
    const ctx = await pipelineTenant();
    await runPipelineWrites(records, ctx, (teams) => expectExact(ctx, teams));
  });

  it('keeps filtered rollups exact under concurrent writes of children of the same parents', async () => {
    const ctx = await pipelineTenant();
    const metadata = createMetadataService({ store: createMetadataStore(db), clock });
    const alone = createRecordService({
      metadata,
      store: createRecordStore(db),
      clock,
      createBatch: false,
    });
    const teams = await Promise.all(
      ['A', 'B'].map(async (name) => (await records.create(ctx, 'team', { name })).id),
    );
    const stages = ['won', 'lost', 'open', 'won'];
    const input = (index: number) => ({
      title: `D${index}`,
      team: teams[index % 2],
      stage: stages[index % stages.length],
      amount: 100 + index,
    });
    const first = await Promise.all(
      Array.from({ length: 12 }, (_, index) => alone.create(ctx, 'deal', input(index))),
    );
    await Promise.all([
      ...Array.from({ length: 12 }, (_, index) => alone.create(ctx, 'deal', input(12 + index))),
      ...first.map((deal, index) =>
        alone.update(
          ctx,
          'deal',
          deal.id,
          index % 3 === 0 ? { team: teams[(index + 1) % 2] } : { stage: stages[(index + 1) % 4] },
          { ifMatch: 1 },
        ),
      ),
      alone.bulkCreate(ctx, 'deal', [input(30), input(31), input(32)]),
    ]);
    await expectExact(ctx, teams);
  });

  it('neither locks nor recomputes a parent for a child that matches no rollup filter', async () => {
    const { ctx, team, calls, counted } = await countedPipeline();
    const lost = await counted.create(ctx, 'deal', { title: 'L', team, stage: 'lost', amount: 5 });
    expect(calls.get('insert')).toBe(1);
    expect(calls.get('getByIds')).toBeUndefined();
    expect(calls.get('aggregateGroups')).toBeUndefined();
    expect(calls.get('updateMany')).toBeUndefined();
    expect(calls.get('transaction')).toBeUndefined();
    const [audit] = await counted.history(ctx, 'deal', lost.id);
    expect(audit).toMatchObject({ action: 'create', version: 1 });
    // A won deal moves the team's sum and count: refreshed in the statement of the insert.
    await counted.create(ctx, 'deal', { title: 'W', team, stage: 'won', amount: 7 });
    expect(calls.get('insertRefreshing')).toBe(1);
    expect(calls.get('transaction')).toBeUndefined();
    expect(calls.get('getByIds')).toBeUndefined();
    expect(await records.get(ctx, 'team', team)).toMatchObject({
      won_total: 7,
      won_count: 1,
      version: 2,
    });
  });

  it('refreshes the parents of a bulk create of more than a batch in the statement of its insert', async () => {
    const { ctx, team, calls, counted } = await countedPipeline();
    const deals = Array.from({ length: 60 }, (_, i) => ({
      title: `W${i}`,
      team,
      stage: 'won',
      amount: 1,
    }));
    expect((await counted.bulkCreate(ctx, 'deal', deals)).every((r) => r.ok)).toBe(true);
    // Rows as jsonb (ADR 0019): no transaction, no locking read, no separate insert.
    expect(calls.get('insertRefreshing')).toBe(1);
    expect(calls.get('transaction')).toBeUndefined();
    expect(calls.get('getByIds')).toBeUndefined();
    expect(calls.get('insert')).toBeUndefined();
    expect(await records.get(ctx, 'team', team)).toMatchObject({
      won_total: 60,
      won_count: 60,
      version: 2,
    });
    const [refreshed] = await records.history(ctx, 'team', team);
    expect(refreshed?.changes).toEqual({ won_total: [0, 60], won_count: [0, 60] });
  });

  it('audits a rollup refreshed with the insert as the locking refresh does', async () => {
    const ctx = await pipelineTenant();
    const metadata = createMetadataService({ store: createMetadataStore(db), clock });
    const { insertRefreshing: _, ...locking } = createRecordStore(db);
    const ways = [
      createRecordService({ metadata, store: createRecordStore(db), clock, createBatch: false }),
      createRecordService({ metadata, store: locking, clock, createBatch: false }),
    ];
    const refreshed = [];
    for (const way of ways) {
      const team = (await records.create(ctx, 'team', { name: 'T' })).id;
      await way.create(ctx, 'deal', { title: 'W1', team, stage: 'won', amount: 12.5 });
      await way.create(ctx, 'deal', { title: 'W2', team, stage: 'won', amount: 1000.5 });
      // More rows than a batch bound one by one: the rows travel as jsonb.
      const bulk = Array.from({ length: 60 }, (_, i) => ({
        title: `B${i}`,
        team,
        stage: i % 2 === 0 ? 'won' : 'open',
        amount: 0.25 * i,
      }));
      expect((await way.bulkCreate(ctx, 'deal', bulk)).every((row) => row.ok)).toBe(true);
      const entries = await records.history(ctx, 'team', team);
      refreshed.push({
        team: await records.get(ctx, 'team', team),
        changes: entries.filter((entry) => entry.action === 'update').map((e) => e.changes),
      });
    }
    const [fast, slow] = refreshed;
    expect(fast?.changes).toEqual(slow?.changes);
    expect(fast?.changes).toHaveLength(3);
    // 30 won of 0, 0.5, …, 14.5: 217.5 more; open_deals counts the other 30.
    const team = { won_total: 1230.5, won_count: 32, big_total: 1000.5, open_deals: 30 };
    expect(fast?.team).toMatchObject(team);
    expect(slow?.team).toMatchObject(team);
  });

  it.runIf(backend.name === 'postgres').each([
    { way: 'a create', rows: 1 },
    { way: 'a bulk create', rows: 60 },
  ])(
    'takes the locking way for $way when a concurrent writer changed the parent meanwhile',
    async ({ rows }) => {
      const { ctx, team, calls, counted } = await countedPipeline();
      // The deals' indexes exist before: their concurrent build would wait for the writer below.
      await counted.create(ctx, 'deal', { title: 'L', team, stage: 'lost' });
      calls.clear();
      // A writer holding the team's row lock, opened apart from the create's async context.
      const held = createSignal();
      const locked = createSignal();
      const holder = db.kysely.transaction().execute(async (trx) => {
        await sql`update records set version = version + 1
          where tenant_id = ${ctx.tenantId}::uuid and id = ${team}::uuid`.execute(trx);
        locked.give();
        await held.wait;
      });
      await locked.wait;
      const won = (title: string) => ({ title, team, stage: 'won', amount: 7 });
      const creating =
        rows === 1
          ? counted.create(ctx, 'deal', won('W'))
          : counted.bulkCreate(
              ctx,
              'deal',
              Array.from({ length: rows }, (_, i) => won(`W${i}`)),
            );
      // The insert's statement waits for that lock; the writer commits, then the statement goes on.
      for (let tries = 0; tries < 200; tries++) {
        const waiting = await sql<{ n: number }>`select count(*)::int as n
          from pg_stat_activity where wait_event = 'transactionid'
            and query like '%insert into record_audit%'`.execute(db.kysely);
        if ((waiting.rows[0]?.n ?? 0) > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      held.give();
      await holder;
      await creating;
      expect(calls.get('insertRefreshing')).toBe(1);
      expect(calls.get('transaction')).toBe(1);
      expect(await records.get(ctx, 'team', team)).toMatchObject({
        won_total: 7 * rows,
        won_count: rows,
        version: 3,
      });
      const deals = await records.query(ctx, 'deal', { count: 'exact' });
      expect(deals.count?.value).toBe(1 + rows);
      // For a while after, children of that object are created the locking way at once.
      await counted.create(ctx, 'deal', won('After'));
      expect(calls.get('insertRefreshing')).toBe(1);
      expect(calls.get('transaction')).toBe(2);
      expect(await records.get(ctx, 'team', team)).toMatchObject({ won_count: rows + 1 });
    },
  );

  it('refuses a duplicate unique value and stores nothing', async () => {
    const ctx = await newTenant();
    await records.create(ctx, 'account', { name: 'A', tax_id: 'X1' });
    const duplicate = await rejectionOf(
      records.create(ctx, 'account', { name: 'B', tax_id: 'X1' }),
    );
    expect(['RECORD_INVALID', 'RECORD_DUPLICATE']).toContain(duplicate.code);
    const count = await sql<{ count: number }>`select count(*)::int as count from records
      where tenant_id = ${ctx.tenantId}::uuid`.execute(db.kysely);
    expect(count.rows[0]?.count).toBe(1);
  });
});
