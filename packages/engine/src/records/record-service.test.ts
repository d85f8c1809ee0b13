import { rejectionOf } from '@tangram/errors/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryMetadataStore } from '../metadata/memory-metadata-store.js';
import { createMetadataService, type MetadataService } from '../metadata/metadata-service.js';
import type { RecordStore, RecordTransaction } from '../ports/record-store.js';
import { samplePipeline } from '../testing.js';
import { createMemoryRecordStore } from './memory-record-store.js';
import { type RecordAggregatePlan, systemColumn } from './record-plan.js';
import { createRecordService, type RecordContext, type RecordService } from './record-service.js';
import {
  countingRecordStore,
  expectedPipelineRollups,
  runPipelineWrites,
} from './rollup-testing.js';

const alice: RecordContext = { tenantId: 'tenant-a', actorId: 'alice' };
const otherTenant: RecordContext = { tenantId: 'tenant-b', actorId: 'bob' };

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
      {
        name: 'account',
        type: 'lookup',
        label: label('Account'),
        target: 'account',
        onDelete: 'restrict',
      },
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
      {
        name: 'payments',
        type: 'rollup',
        label: label('Payments'),
        childObject: 'payment',
        relationField: 'contract',
        function: 'count',
      },
      {
        name: 'unpaid',
        type: 'formula',
        label: label('Unpaid'),
        resultType: 'currency',
        expression: { '-': [{ var: 'amount' }, { var: 'paid' }] },
      },
      {
        name: 'agency',
        type: 'lookup',
        label: label('Agency'),
        target: 'account',
        filter: { kind: 'condition', field: 'industry', op: 'eq', value: 'government' },
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
];

let metadata: MetadataService;
let records: RecordService;
let store: ReturnType<typeof createMemoryRecordStore>;
let now: Date;

beforeEach(async () => {
  now = new Date('2026-03-15T04:00:00Z');
  const clock = { now: () => now };
  metadata = createMetadataService({ store: createMemoryMetadataStore(), clock });
  for (const ctx of [alice, otherTenant]) {
    for (const document of documents) await metadata.saveDraft(ctx, document);
    await metadata.publish(ctx);
  }
  store = createMemoryRecordStore();
  records = createRecordService({ metadata, store, clock });
});

describe('create and get', () => {
  it('creates a record with system fields and version 1, and reads it back', async () => {
    const created = await records.create(alice, 'account', { name: 'Acme', industry: 'retail' });
    expect(created).toMatchObject({
      version: 1,
      created_by: 'alice',
      created_at: '2026-03-15T04:00:00.000Z',
      name: 'Acme',
      industry: 'retail',
      tax_id: null,
    });
    expect(await records.get(alice, 'account', created.id)).toEqual(created);
  });

  it('refuses an invalid record with every issue and stores nothing', async () => {
    const error = await rejectionOf(
      records.create(alice, 'account', { industry: 'farming', id: 'x' }),
    );
    expect(error.code).toBe('RECORD_INVALID');
    expect(
      (error.details as { issues: { field: string; code: string }[] }).issues.map((i) => [
        i.field,
        i.code,
      ]),
    ).toEqual([
      ['industry', 'UNKNOWN_OPTION'],
      ['id', 'SYSTEM_FIELD'],
      ['name', 'REQUIRED'],
    ]);
    expect((await records.query(alice, 'account', { count: 'exact' })).count).toEqual({
      value: 0,
      exact: true,
    });
  });

  it('refuses a duplicate value of a unique field', async () => {
    await records.create(alice, 'account', { name: 'A', tax_id: 'T1' });
    const error = await rejectionOf(records.create(alice, 'account', { name: 'B', tax_id: 'T1' }));
    expect(error.details).toEqual({
      issues: [expect.objectContaining({ field: 'tax_id', code: 'UNIQUE' })],
    });
  });

  it('answers 404 for an unknown object, and for a record of another tenant', async () => {
    expect((await rejectionOf(records.create(alice, 'ghost', {}))).code).toBe('OBJECT_NOT_FOUND');
    const created = await records.create(alice, 'account', { name: 'Acme' });
    expect((await rejectionOf(records.get(otherTenant, 'account', created.id))).code).toBe(
      'RECORD_NOT_FOUND',
    );
    expect((await rejectionOf(records.get(alice, 'account', 'not-a-uuid'))).code).toBe(
      'RECORD_NOT_FOUND',
    );
  });

  it('numbers records from the pattern, per year', async () => {
    const first = await records.create(alice, 'contract', { title: 'A' });
    const second = await records.create(alice, 'contract', { title: 'B' });
    now = new Date('2027-01-01T00:00:00Z');
    const third = await records.create(alice, 'contract', { title: 'C' });
    expect([first.number, second.number, third.number]).toEqual([
      'HT-2026-0001',
      'HT-2026-0002',
      'HT-2027-0001',
    ]);
  });

  it("numbers by the tenant's date, which turns at local midnight to the millisecond", async () => {
    // Asia/Shanghai is UTC+8: its 2027 starts at 16:00 UTC on 31 December.
    now = new Date('2026-12-31T15:59:59.999Z');
    const last = await records.create(alice, 'contract', { title: 'A' });
    now = new Date('2026-12-31T16:00:00.000Z');
    const next = await records.create(alice, 'contract', { title: 'B' });
    expect([last.number, next.number]).toEqual(['HT-2026-0001', 'HT-2027-0001']);
  });
});

describe('idempotent create', () => {
  /** The create every test of this block sends, and retries, under the key k1. */
  const createAcme = (ctx: RecordContext) =>
    records.create(ctx, 'account', { name: 'Acme' }, { idempotencyKey: 'k1' });

  it('replays the first response for a retry and creates nothing new', async () => {
    const first = await createAcme(alice);
    const again = await createAcme(alice);
    expect(again).toEqual(first);
    expect((await records.query(alice, 'account', { count: 'exact' })).count?.value).toBe(1);
  });

  it('forgets a key after 24 hours: the same request then creates a new record', async () => {
    const first = await createAcme(alice);
    now = new Date(now.getTime() + 24 * 60 * 60 * 1000 - 1);
    const retried = await createAcme(alice);
    expect(retried).toEqual(first);
    now = new Date(now.getTime() + 2);
    const later = await createAcme(alice);
    expect(later.id).not.toBe(first.id);
    expect((await records.query(alice, 'account', { count: 'exact' })).count?.value).toBe(2);
  });

  it('refuses the same key with a different body', async () => {
    await createAcme(alice);
    const error = await rejectionOf(
      records.create(alice, 'account', { name: 'Other' }, { idempotencyKey: 'k1' }),
    );
    expect(error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it("never replays one user's response to another sending the same key and body", async () => {
    const first = await createAcme(alice);
    const error = await rejectionOf(createAcme({ ...alice, actorId: 'bob' }));
    expect(error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await records.query(alice, 'account', { count: 'exact' })).count?.value).toBe(1);
    const again = await createAcme(alice);
    expect(again).toEqual(first);
  });
});

describe('update', () => {
  it('needs If-Match, refuses a stale one, and bumps the version', async () => {
    const created = await records.create(alice, 'account', { name: 'Acme' });
    expect(
      (await rejectionOf(records.update(alice, 'account', created.id, { name: 'B' }, {}))).code,
    ).toBe('PRECONDITION_REQUIRED');
    const updated = await records.update(
      alice,
      'account',
      created.id,
      { name: 'B' },
      { ifMatch: 1 },
    );
    expect(updated).toMatchObject({ version: 2, name: 'B' });
    const stale = await rejectionOf(
      records.update(alice, 'account', created.id, { name: 'C' }, { ifMatch: 1 }),
    );
    expect(stale.code).toBe('RECORD_STALE');
    expect((await records.get(alice, 'account', created.id)).name).toBe('B');
  });

  it('records who changed what in the history', async () => {
    const created = await records.create(alice, 'account', { name: 'Acme' });
    now = new Date('2026-03-16T00:00:00Z');
    await records.update(
      { ...alice, actorId: 'bob' },
      'account',
      created.id,
      { industry: 'retail' },
      { ifMatch: 1 },
    );
    expect(await records.history(alice, 'account', created.id)).toEqual([
      {
        version: 2,
        action: 'update',
        actorId: 'bob',
        at: '2026-03-16T00:00:00.000Z',
        changes: { industry: [null, 'retail'] },
      },
      {
        version: 1,
        action: 'create',
        actorId: 'alice',
        at: '2026-03-15T04:00:00.000Z',
        changes: { name: [null, 'Acme'] },
      },
    ]);
  });
});

describe('references', () => {
  const issueOf = async (promise: Promise<unknown>) =>
    ((await rejectionOf(promise)).details as { issues: { field: string; code: string }[] }).issues;

  it('refuses a lookup to a record that does not exist or is deleted, and stores nothing', async () => {
    const gone = await records.create(alice, 'account', { name: 'Gone' });
    await records.remove(alice, 'account', gone.id, { ifMatch: 1 });
    for (const account of [gone.id, '01939a5e-0000-7000-8000-000000000000']) {
      expect(await issueOf(records.create(alice, 'contract', { title: 'C', account }))).toEqual([
        expect.objectContaining({ field: 'account', code: 'REFERENCE_NOT_FOUND' }),
      ]);
    }
    expect((await records.query(alice, 'contract', {})).records).toEqual([]);
  });

  it('refuses a master-detail to a master of another tenant', async () => {
    const foreign = await records.create(otherTenant, 'contract', { title: 'Theirs' });
    const [result] = await records.bulkCreate(alice, 'payment', [
      { title: 'P', contract: foreign.id, amount: 5 },
    ]);
    expect(result?.ok).toBe(false);
    expect(await records.get(otherTenant, 'contract', foreign.id)).toEqual(foreign);
  });

  it('refuses a lookup to a record the caller may not read', async () => {
    const theirs = await records.create({ ...alice, actorId: 'bob' }, 'account', { name: 'B' });
    const mine = await records.create(alice, 'account', { name: 'A' });
    const scoped: typeof alice = {
      ...alice,
      accessOf: async () => ({
        kind: 'compare',
        column: systemColumn('created_by'),
        op: 'eq',
        value: 'alice',
      }),
    };
    expect(
      await issueOf(records.create(scoped, 'contract', { title: 'C', account: theirs.id })),
    ).toEqual([expect.objectContaining({ field: 'account', code: 'REFERENCE_NOT_FOUND' })]);
    const created = await records.create(scoped, 'contract', { title: 'C', account: mine.id });
    expect(created.account).toBe(mine.id);
  });

  it("refuses a lookup to a record the field's filter does not select", async () => {
    const shop = await records.create(alice, 'account', { name: 'Shop', industry: 'retail' });
    const gov = await records.create(alice, 'account', { name: 'Gov', industry: 'government' });
    expect(
      await issueOf(records.create(alice, 'contract', { title: 'C', agency: shop.id })),
    ).toEqual([expect.objectContaining({ field: 'agency', code: 'REFERENCE_FILTERED' })]);
    expect((await records.create(alice, 'contract', { title: 'C', agency: gov.id })).agency).toBe(
      gov.id,
    );
  });

  it('checks a lookup again only when an update changes it', async () => {
    const gov = await records.create(alice, 'account', { name: 'Gov', industry: 'government' });
    const pointing = await records.create(alice, 'contract', { title: 'D', agency: gov.id });
    const other = await records.create(alice, 'contract', { title: 'E' });
    await records.remove(alice, 'account', gov.id, { ifMatch: 1 });
    const renamed = await records.update(
      alice,
      'contract',
      pointing.id,
      { title: 'F' },
      {
        ifMatch: 1,
      },
    );
    expect(renamed).toMatchObject({ title: 'F', agency: gov.id });
    expect(
      await issueOf(
        records.update(alice, 'contract', other.id, { agency: gov.id }, { ifMatch: 1 }),
      ),
    ).toEqual([expect.objectContaining({ field: 'agency', code: 'REFERENCE_NOT_FOUND' })]);
  });
});

describe('delete and restore', () => {
  /** A contract with one payment, deleted: the payment went with it. */
  async function deletedContractWithPayment() {
    const contract = await records.create(alice, 'contract', { title: 'C' });
    const payment = await records.create(alice, 'payment', {
      title: 'P',
      contract: contract.id,
      amount: 10,
    });
    const current = await records.get(alice, 'contract', contract.id);
    await records.remove(alice, 'contract', contract.id, { ifMatch: current.version });
    return { contract, payment };
  }

  it('soft-deletes with If-Match and restores', async () => {
    const created = await records.create(alice, 'account', { name: 'Acme' });
    expect((await rejectionOf(records.remove(alice, 'account', created.id, {}))).code).toBe(
      'PRECONDITION_REQUIRED',
    );
    await records.remove(alice, 'account', created.id, { ifMatch: 1 });
    expect((await rejectionOf(records.get(alice, 'account', created.id))).code).toBe(
      'RECORD_NOT_FOUND',
    );
    const restored = await records.restore(alice, 'account', created.id);
    expect(restored).toMatchObject({ id: created.id, version: 3, name: 'Acme' });
  });

  it('deletes master-detail children with their parent', async () => {
    const { payment } = await deletedContractWithPayment();
    expect((await rejectionOf(records.get(alice, 'payment', payment.id))).code).toBe(
      'RECORD_NOT_FOUND',
    );
  });

  it('restores with a master the children its delete took, not those deleted before', async () => {
    const contract = await records.create(alice, 'contract', { title: 'C', amount: 100 });
    const pay = (title: string, amount: number) =>
      records.create(alice, 'payment', { title, contract: contract.id, amount });
    const earlier = await pay('earlier', 10);
    const kept = await pay('kept', 20);
    await pay('more', 30);
    await records.remove(alice, 'payment', earlier.id, { ifMatch: 1 });
    now = new Date('2026-03-15T05:00:00Z');
    const before = await records.get(alice, 'contract', contract.id);
    expect(before).toMatchObject({ paid: 50, payments: 2, unpaid: 50 });
    await records.remove(alice, 'contract', contract.id, { ifMatch: before.version });

    now = new Date('2026-03-15T06:00:00Z');
    const restored = await records.restore(alice, 'contract', contract.id);
    expect(restored.deleted_at).toBeUndefined();
    const live = await records.query(alice, 'payment', { sort: [{ field: 'title' }] });
    expect(live.records.map((r) => [r.title, r.version])).toEqual([
      ['kept', 3],
      ['more', 3],
    ]);
    expect((await rejectionOf(records.get(alice, 'payment', earlier.id))).code).toBe(
      'RECORD_NOT_FOUND',
    );
    expect(await records.get(alice, 'contract', contract.id)).toMatchObject({
      paid: 50,
      payments: 2,
    });
    const history = await records.history(alice, 'payment', kept.id);
    expect(history.map((entry) => [entry.action, entry.version])).toEqual([
      ['restore', 3],
      ['delete', 2],
      ['create', 1],
    ]);
  });

  it('refuses to restore a detail while its master is deleted', async () => {
    const { payment } = await deletedContractWithPayment();
    const error = await rejectionOf(records.restore(alice, 'payment', payment.id));
    expect(error.code).toBe('RECORD_PARENT_DELETED');
    expect(error.details).toMatchObject({ field: 'contract', master: 'contract' });
    const [result] = await records.bulkRestore(alice, 'payment', [{ id: payment.id }]);
    expect(result).toMatchObject({ index: 0, ok: false });
    expect((await rejectionOf(records.get(alice, 'payment', payment.id))).code).toBe(
      'RECORD_NOT_FOUND',
    );
  });

  it('lists the recycle bin: deleted records only, last deleted first', async () => {
    const names = ['A', 'B', 'C', 'D'];
    const created = [];
    for (const name of names) created.push(await records.create(alice, 'account', { name }));
    for (const [index, record] of created.slice(0, 3).entries()) {
      now = new Date(Date.UTC(2026, 3, 1 + index));
      await records.remove(alice, 'account', record.id, { ifMatch: 1 });
    }
    const bin = await records.query(alice, 'account', { deleted: true, limit: 2 });
    expect(bin.records.map((r) => r.name)).toEqual(['C', 'B']);
    expect(bin.records[0]?.deleted_at).toBe('2026-04-03T00:00:00.000Z');
    expect(bin.records[0]?.updated_by).toBe('alice');
    const rest = await records.query(alice, 'account', {
      deleted: true,
      limit: 2,
      cursor: bin.nextCursor,
    });
    expect(rest.records.map((r) => r.name)).toEqual(['A']);
    const live = await records.query(alice, 'account', {});
    expect(live.records.map((r) => r.name)).toEqual(['D']);
    const results = await records.bulkRestore(alice, 'account', [
      { id: String(created[0]?.id) },
      { id: String(created[1]?.id) },
    ]);
    expect(results.map((r) => [r.ok, r.record?.version])).toEqual([
      [true, 3],
      [true, 3],
    ]);
    const after = await records.query(alice, 'account', { deleted: true });
    expect(after.records.map((r) => r.name)).toEqual(['C']);
    const invalid = await rejectionOf(records.query(alice, 'account', { deleted: 'yes' }));
    expect(invalid.code).toBe('QUERY_INVALID');
  });

  it('refuses to delete a record a restricting lookup points to', async () => {
    const account = await records.create(alice, 'account', { name: 'Acme' });
    await records.create(alice, 'contract', { title: 'C', account: account.id });
    const error = await rejectionOf(records.remove(alice, 'account', account.id, { ifMatch: 1 }));
    expect(error.code).toBe('RECORD_REFERENCED');
    expect((await records.get(alice, 'account', account.id)).version).toBe(1);
  });
});

describe('rollups', () => {
  it('keeps sums and counts of children, and the formulas reading them, current', async () => {
    const contract = await records.create(alice, 'contract', { title: 'C', amount: 100 });
    expect(contract).toMatchObject({ paid: 0, unpaid: 100 });
    const p1 = await records.create(alice, 'payment', {
      title: 'P1',
      contract: contract.id,
      amount: 30,
    });
    await records.create(alice, 'payment', { title: 'P2', contract: contract.id, amount: 20 });
    expect(await records.get(alice, 'contract', contract.id)).toMatchObject({
      paid: 50,
      payments: 2,
      unpaid: 50,
    });
    await records.update(alice, 'payment', p1.id, { amount: 40 }, { ifMatch: 1 });
    expect(await records.get(alice, 'contract', contract.id)).toMatchObject({
      paid: 60,
      unpaid: 40,
    });
    await records.remove(alice, 'payment', p1.id, { ifMatch: 2 });
    expect(await records.get(alice, 'contract', contract.id)).toMatchObject({
      paid: 20,
      payments: 1,
      unpaid: 80,
    });
  });
});

describe('metadata reads', () => {
  /** The service over a metadata service that counts the object heads read, by name. */
  function countingMetadata() {
    const reads = new Map<string, number>();
    const counted: MetadataService = {
      ...metadata,
      get: (ctx, kind, name, options) => {
        reads.set(name, (reads.get(name) ?? 0) + 1);
        return metadata.get(ctx, kind, name, options);
      },
    };
    const clock = { now: () => now };
    return { reads, service: createRecordService({ metadata: counted, store, clock }) };
  }

  it('reads each object once per call, and again on the next call', async () => {
    const contract = await records.create(alice, 'contract', { title: 'C', amount: 100 });
    const { reads, service } = countingMetadata();
    const input = { title: 'P', contract: contract.id, amount: 30 };
    const payment = await service.create(alice, 'payment', input);
    expect(Object.fromEntries(reads)).toEqual({ payment: 1, contract: 1 });
    await service.update(alice, 'payment', payment.id, { amount: 40 }, { ifMatch: 1 });
    expect(Object.fromEntries(reads)).toEqual({ payment: 2, contract: 2 });
  });

  it('reads each object once while following the references of a delete', async () => {
    const contract = await records.create(alice, 'contract', { title: 'C', amount: 100 });
    await records.create(alice, 'payment', { title: 'P', contract: contract.id, amount: 30 });
    const { reads, service } = countingMetadata();
    await service.remove(alice, 'contract', contract.id, { ifMatch: 2 });
    expect(Object.fromEntries(reads)).toEqual({ account: 1, contract: 1, payment: 1 });
  });
});

/** The service over a store counting its transactions and the calls made through them. */
function countingService() {
  const { calls, args, store: counted } = countingRecordStore(store);
  const clock = { now: () => now };
  /** The functions of the aggregates each aggregateGroups call computed. */
  const aggregated = () =>
    (args.get('aggregateGroups') ?? []).map(([plans]) =>
      (plans as readonly RecordAggregatePlan[]).map((plan) => plan.function),
    );
  return { calls, aggregated, service: createRecordService({ metadata, store: counted, clock }) };
}

/** The service over a store noting each `liveIds` call: its lock and whether in a transaction. */
function liveIdsWatchingService() {
  const checks: { lock: string | undefined; inTransaction: boolean }[] = [];
  const watching = <T extends RecordTransaction>(target: T, inTransaction: boolean): T => ({
    ...target,
    liveIds: (tenantId, objectId, ids, access, options) => {
      checks.push({ lock: options?.lock, inTransaction });
      return target.liveIds(tenantId, objectId, ids, access, options);
    },
  });
  const watched: RecordStore = {
    ...watching(store, false),
    transaction: (work) => store.transaction((tx) => work(watching(tx, true))),
  };
  const service = createRecordService({ metadata, store: watched, clock: { now: () => now } });
  return { checks, service };
}

describe('references a delete depends on', () => {
  it('holds a master named by a detail live from its check to the write, in one transaction', async () => {
    const contract = await records.create(alice, 'contract', { title: 'C' });
    const other = await records.create(alice, 'contract', { title: 'D' });
    const { checks, service } = liveIdsWatchingService();
    const payment = await service.create(alice, 'payment', { title: 'P', contract: contract.id });
    await service.update(alice, 'payment', payment.id, { contract: other.id }, { ifMatch: 1 });
    expect(checks).toEqual([
      { lock: 'key share', inTransaction: true },
      { lock: 'key share', inTransaction: true },
    ]);
  });

  it('holds the target of a restricting lookup live as well, and not that of a plain one', async () => {
    const account = await records.create(alice, 'account', { name: 'A', industry: 'government' });
    const { checks, service } = liveIdsWatchingService();
    await service.create(alice, 'contract', { title: 'C', account: account.id });
    await service.create(alice, 'contract', { title: 'D', agency: account.id });
    expect(checks.map((check) => check.lock)).toEqual(['key share', undefined]);
  });
});

describe('rollups of many parents', () => {
  it('refreshes every parent of a bulk write with one locking read, one aggregate and one update', async () => {
    const contracts = await records.bulkCreate(
      alice,
      'contract',
      ['A', 'B', 'C'].map((title) => ({ title, amount: 100 })),
    );
    const [a = '', b = '', c = ''] = contracts.map((result) => String(result.record?.id));
    const { calls, service } = countingService();
    const payments = [
      { title: 'P1', contract: a, amount: 30 },
      { title: 'P2', contract: a, amount: 20 },
      { title: 'P3', contract: b, amount: 45 },
      { title: 'P4', contract: c, amount: 1 },
    ];
    const results = await service.bulkCreate(alice, 'payment', payments);
    expect(results.every((result) => result.ok)).toBe(true);
    expect(calls.get('getByIds')).toBe(1);
    // The sum and the count of payments in one grouped statement.
    expect(calls.get('aggregateGroups')).toBe(1);
    expect(calls.get('updateMany')).toBe(1);
    expect(calls.get('getById')).toBeUndefined();
    expect(calls.get('update')).toBeUndefined();
    const read = async (id: string) => records.get(alice, 'contract', id);
    expect(await read(a)).toMatchObject({ paid: 50, payments: 2, unpaid: 50, version: 2 });
    expect(await read(b)).toMatchObject({ paid: 45, payments: 1, unpaid: 55, version: 2 });
    expect(await read(c)).toMatchObject({ paid: 1, payments: 1, unpaid: 99, version: 2 });
    expect((await records.history(alice, 'contract', a))[0]).toMatchObject({
      action: 'update',
      version: 2,
    });
  });

  it('leaves the parents alone when an update changes no field their rollups read', async () => {
    const contract = await records.create(alice, 'contract', { title: 'C', amount: 100 });
    const payment = await records.create(alice, 'payment', {
      title: 'P',
      contract: contract.id,
      amount: 30,
    });
    const { calls, aggregated, service } = countingService();
    const renamed = await service.update(
      alice,
      'payment',
      payment.id,
      { title: 'Q' },
      {
        ifMatch: payment.version,
      },
    );
    expect(renamed).toMatchObject({ title: 'Q', version: 2 });
    expect(calls.get('getByIds')).toBeUndefined();
    expect(calls.get('aggregateGroups')).toBeUndefined();
    await service.update(alice, 'payment', payment.id, { amount: 45 }, { ifMatch: 2 });
    expect(calls.get('getByIds')).toBe(1);
    // The amount moves the sum; the count reads only the relation, so it is not recomputed.
    expect(aggregated()).toEqual([['sum']]);
    expect(await records.get(alice, 'contract', contract.id)).toMatchObject({
      paid: 45,
      version: 3,
    });
  });

  it('empties the rollups of a parent whose last child goes', async () => {
    const contract = await records.create(alice, 'contract', { title: 'C', amount: 100 });
    const payment = await records.create(alice, 'payment', {
      title: 'P',
      contract: contract.id,
      amount: 30,
    });
    await records.remove(alice, 'payment', payment.id, { ifMatch: payment.version });
    expect(await records.get(alice, 'contract', contract.id)).toMatchObject({
      paid: 0,
      payments: 0,
      unpaid: 100,
    });
  });
});

describe('rollups with filters', () => {
  beforeEach(async () => {
    for (const document of samplePipeline()) await metadata.saveDraft(alice, document);
    await metadata.publish(alice);
  });

  const team = async (name: string) => (await records.create(alice, 'team', { name })).id;

  async function expectExact(teams: readonly string[]) {
    const expected = await expectedPipelineRollups(records, alice, teams);
    for (const id of teams) {
      expect(await records.get(alice, 'team', id)).toMatchObject(expected[id] ?? {});
    }
  }

  it('stays exact across creates, updates, moves, deletes, restores and bulk writes', async () => {
    await runPipelineWrites(records, alice, expectExact);
  });

  it('does not refresh a parent for a created child that matches no rollup filter', async () => {
    const a = await team('A');
    const { calls, aggregated, service } = countingService();
    await service.create(alice, 'deal', { title: 'Lost', team: a, stage: 'lost', amount: 50 });
    expect(calls.get('insert')).toBe(1);
    expect(calls.get('getByIds')).toBeUndefined();
    expect(calls.get('aggregateGroups')).toBeUndefined();
    // One statement writes the row and its audit entry: no transaction is opened for it.
    expect(calls.get('transaction')).toBeUndefined();
    await service.create(alice, 'deal', { title: 'Won', team: a, stage: 'won', amount: 50 });
    expect(calls.get('transaction')).toBe(1);
    expect(calls.get('getByIds')).toBe(1);
    // The won total and count; neither the open deals nor the total of big ones.
    expect(aggregated()).toEqual([['sum', 'count']]);
    expect(await records.get(alice, 'team', a)).toMatchObject({ won_total: 50, won_count: 1 });
  });

  it('keeps rollups exact for a writer who may not read the fields their filters name', async () => {
    const a = await team('A');
    // Field-level security hides the stage from this writer; the won rollups filter on it.
    const blind: RecordContext = {
      ...alice,
      fieldAccess: (object, field) => (object === 'deal' && field === 'stage' ? 'none' : 'read'),
    };
    const won = await records.create(blind, 'deal', {
      title: 'W',
      team: a,
      stage: 'won',
      amount: 40,
    });
    expect(await records.get(alice, 'team', a)).toMatchObject({ won_total: 40, won_count: 1 });
    await records.update(blind, 'deal', won.id, { amount: 65 }, { ifMatch: 1 });
    expect(await records.get(alice, 'team', a)).toMatchObject({ won_total: 65, won_count: 1 });
    await expectExact([a]);
  });

  it('plans a rollup filter again once the parent publishes a new one', async () => {
    const a = await team('A');
    await records.create(alice, 'deal', { title: 'W', team: a, stage: 'won', amount: 40 });
    expect(await records.get(alice, 'team', a)).toMatchObject({ won_total: 40 });
    const teamDoc = samplePipeline()[0] as { fields: Record<string, unknown>[] };
    const lost = { kind: 'condition', field: 'stage', op: 'eq', value: 'lost' };
    const { revision } = await metadata.get(alice, 'object', 'team');
    await metadata.saveDraft(
      alice,
      {
        ...teamDoc,
        fields: teamDoc.fields.map((f) => (f.name === 'won_total' ? { ...f, filter: lost } : f)),
      } as never,
      { ifMatch: revision },
    );
    await metadata.publish(alice);
    await records.create(alice, 'deal', { title: 'L', team: a, stage: 'lost', amount: 30 });
    expect(await records.get(alice, 'team', a)).toMatchObject({ won_total: 30 });
  });

  it('does not recompute a sum for a child whose aggregated field is empty', async () => {
    const a = await team('A');
    const { aggregated, service } = countingService();
    await service.create(alice, 'deal', { title: 'Won', team: a, stage: 'won' });
    // Only the count of won deals moves; the sums read an empty amount.
    expect(aggregated()).toEqual([['count']]);
    expect(await records.get(alice, 'team', a)).toMatchObject({ won_total: 0, won_count: 1 });
  });

  it('writes an update that matches no filter before or after without a transaction', async () => {
    const a = await team('A');
    const lost = await records.create(alice, 'deal', { title: 'L', team: a, stage: 'lost' });
    const { calls, service } = countingService();
    await service.update(alice, 'deal', lost.id, { amount: 70 }, { ifMatch: 1 });
    expect(calls.get('transaction')).toBeUndefined();
    await service.update(alice, 'deal', lost.id, { stage: 'won' }, { ifMatch: 2 });
    expect(calls.get('transaction')).toBe(1);
    expect(await records.get(alice, 'team', a)).toMatchObject({ won_total: 70, won_count: 1 });
  });

  it('refreshes the parents of a bulk update once, with only the rollups it moves', async () => {
    const [a, b] = [await team('A'), await team('B')];
    const created = await records.bulkCreate(alice, 'deal', [
      { title: 'W1', team: a, stage: 'won', amount: 100 },
      { title: 'W2', team: a, stage: 'won', amount: 200 },
      { title: 'W3', team: b, stage: 'won', amount: 300 },
    ]);
    const { calls, aggregated, service } = countingService();
    const results = await service.bulkUpdate(
      alice,
      'deal',
      created.map((result, index) => ({
        id: String(result.record?.id),
        patch: { amount: 10 * (index + 1) },
        ifMatch: 1,
      })),
    );
    expect(results.every((result) => result.ok)).toBe(true);
    expect(calls.get('getByIds')).toBe(1);
    expect(aggregated()).toEqual([['sum']]);
    expect(calls.get('updateMany')).toBe(1);
    await expectExact([a, b]);
  });

  it('takes the children a cascade deletes out of the rollups of their other parents', async () => {
    const a = await team('A');
    const project = await records.create(alice, 'project', { name: 'P' });
    const deal = { team: a, stage: 'won', project: project.id };
    await records.bulkCreate(alice, 'deal', [
      { title: 'In', amount: 40, ...deal },
      { title: 'Out', amount: 2, team: a, stage: 'won' },
    ]);
    expect(await records.get(alice, 'team', a)).toMatchObject({ won_total: 42, won_count: 2 });
    await records.remove(alice, 'project', project.id, { ifMatch: 1 });
    await expectExact([a]);
    expect(await records.get(alice, 'team', a)).toMatchObject({ won_total: 2, won_count: 1 });
  });

  it('refreshes a parent outside the access scope of the writer of its child', async () => {
    const a = await team('A');
    const scoped: RecordContext = {
      tenantId: alice.tenantId,
      actorId: '00000000-0000-4000-8000-000000000001',
      access: {
        kind: 'compare',
        column: systemColumn('owner_id'),
        op: 'eq',
        value: '00000000-0000-4000-8000-000000000001',
      },
    };
    await records.create(scoped, 'deal', { title: 'W', team: a, stage: 'won', amount: 5 });
    expect(await records.get(alice, 'team', a)).toMatchObject({ won_total: 5, won_count: 1 });
  });
});

describe('bulk', () => {
  it('creates valid rows and reports the invalid ones per row', async () => {
    const results = await records.bulkCreate(alice, 'account', [
      { name: 'A' },
      { industry: 'x' },
      { name: 'C' },
    ]);
    expect(results.map((r) => [r.index, r.ok, r.error?.code])).toEqual([
      [0, true, undefined],
      [1, false, 'RECORD_INVALID'],
      [2, true, undefined],
    ]);
  });

  it('refuses more than 1000 rows', async () => {
    const inputs = Array.from({ length: 1001 }, () => ({ name: 'A' }));
    expect((await rejectionOf(records.bulkCreate(alice, 'account', inputs))).code).toBe(
      'LIMIT_EXCEEDED',
    );
  });

  it('updates and removes with a result per row', async () => {
    const [a, b] = await records.bulkCreate(alice, 'account', [{ name: 'A' }, { name: 'B' }]);
    const ids = [a?.record?.id ?? '', b?.record?.id ?? ''];
    const updated = await records.bulkUpdate(alice, 'account', [
      { id: ids[0] ?? '', patch: { name: 'A2' }, ifMatch: 1 },
      { id: ids[1] ?? '', patch: { name: 'B2' }, ifMatch: 7 },
    ]);
    expect(updated.map((r) => [r.ok, r.error?.code])).toEqual([
      [true, undefined],
      [false, 'RECORD_STALE'],
    ]);
    const removed = await records.bulkRemove(alice, 'account', [
      { id: ids[1] ?? '' },
      { id: ids[1] ?? '' },
    ]);
    expect(removed.map((r) => [r.ok, r.error?.code])).toEqual([
      [true, undefined],
      [false, 'RECORD_NOT_FOUND'],
    ]);
  });
});

describe('query', () => {
  beforeEach(async () => {
    const accounts = await records.bulkCreate(alice, 'account', [
      { name: 'Gov', industry: 'government' },
      { name: 'Shop', industry: 'retail' },
    ]);
    const [gov, shop] = accounts.map((r) => r.record?.id);
    await records.bulkCreate(
      alice,
      'contract',
      [10, 20, 30, 40, 50].map((amount, i) => ({
        title: `C${i}`,
        amount,
        account: i % 2 === 0 ? gov : shop,
      })),
    );
  });

  it('sorts empty values last in both directions, across pages', async () => {
    await records.create(alice, 'contract', { title: 'No amount' });
    for (const direction of ['asc', 'desc'] as const) {
      const seen: unknown[] = [];
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<RecordService['query']>> = await records.query(
          alice,
          'contract',
          {
            sort: [{ field: 'amount', direction }],
            limit: 2,
            ...(cursor === null ? {} : { cursor }),
          },
        );
        seen.push(...page.records.map((r) => r.amount));
        cursor = page.nextCursor;
      } while (cursor !== null);
      const filled = direction === 'asc' ? [10, 20, 30, 40, 50] : [50, 40, 30, 20, 10];
      expect(seen).toEqual([...filled, null]);
    }
  });

  it('filters, sorts and pages with keyset cursors', async () => {
    const request = {
      filter: { kind: 'condition', field: 'amount', op: 'gte', value: 20 },
      sort: [{ field: 'amount', direction: 'desc' }],
      limit: 2,
    } as const;
    const first = await records.query(alice, 'contract', request);
    expect(first.records.map((r) => r.amount)).toEqual([50, 40]);
    const second = await records.query(alice, 'contract', {
      ...request,
      cursor: first.nextCursor ?? '',
    });
    expect(second.records.map((r) => r.amount)).toEqual([30, 20]);
    expect(second.nextCursor).toBeNull();
  });

  it('filters through a lookup path', async () => {
    const page = await records.query(alice, 'contract', {
      filter: { kind: 'condition', field: 'account.industry', op: 'eq', value: 'government' },
      sort: [{ field: 'amount', direction: 'asc' }],
    });
    expect(page.records.map((r) => r.amount)).toEqual([10, 30, 50]);
  });

  it('reads a missing lookup target as empty, as the database does', async () => {
    await records.create(alice, 'contract', { title: 'Orphan', amount: 60 });
    const empty = await records.query(alice, 'contract', {
      filter: { kind: 'condition', field: 'account.industry', op: 'is_empty' },
    });
    expect(empty.records.map((r) => r.amount)).toEqual([60]);
    const retail = await records.query(alice, 'contract', {
      filter: { kind: 'condition', field: 'account.industry', op: 'eq', value: 'retail' },
      sort: [{ field: 'amount', direction: 'asc' }],
    });
    expect(retail.records.map((r) => r.amount)).toEqual([20, 40]);
  });

  it('answers QUERY_INVALID for an unknown field, never touching the store', async () => {
    const error = await rejectionOf(
      records.query(alice, 'contract', {
        filter: { kind: 'condition', field: 'nope', op: 'eq', value: 1 },
      }),
    );
    expect(error.code).toBe('QUERY_INVALID');
  });

  it('serves only the selected fields', async () => {
    const page = await records.query(alice, 'contract', { fields: ['title'], limit: 1 });
    expect(Object.keys(page.records[0] ?? {}).sort()).toEqual(
      [
        'created_at',
        'created_by',
        'id',
        'owner_id',
        'title',
        'updated_at',
        'updated_by',
        'version',
      ].sort(),
    );
  });

  it('ANDs the access predicate into the query', async () => {
    const access = {
      kind: 'compare',
      column: { kind: 'system', column: 'created_by', type: 'text' },
      op: 'eq',
      value: 'nobody',
    } as const;
    const page = await records.query({ ...alice, access }, 'contract', {});
    expect(page.records).toEqual([]);
  });

  it('sees nothing of another tenant', async () => {
    expect((await records.query(otherTenant, 'contract', {})).records).toEqual([]);
  });
});

describe('indexes', () => {
  it('asks the store for the object’s runtime indexes', async () => {
    await records.create(alice, 'account', { name: 'Acme' });
    const objectId = await store.resolveObjectId('tenant-a', 'account');
    expect(
      store.indexes.get(`tenant-a/${objectId}`)?.map((s) => [s.name, s.method, s.unique]),
    ).toEqual([
      ['t1', 'btree', false],
      ['t1_trgm', 'trgm', false],
      ['t3_key', 'btree', true],
    ]);
  });
});
