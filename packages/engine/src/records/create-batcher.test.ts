import { rejectionOf } from '@tangram/errors/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryMetadataStore } from '../metadata/memory-metadata-store.js';
import { createMetadataService, type MetadataService } from '../metadata/metadata-service.js';
import type { RecordStore } from '../ports/record-store.js';
import { sampleObject } from '../testing.js';
import { createMemoryRecordStore } from './memory-record-store.js';
import { createRecordService, type RecordContext } from './record-service.js';

const alice: RecordContext = { tenantId: 'tenant-a', actorId: 'alice' };
const bob: RecordContext = { tenantId: 'tenant-a', actorId: 'bob' };

const documents = [
  sampleObject('account', [
    { name: 'name', type: 'text', required: true },
    { name: 'tax_id', type: 'text', unique: true },
    {
      name: 'deals',
      type: 'rollup',
      childObject: 'deal',
      relationField: 'account',
      function: 'count',
    },
  ]),
  sampleObject('deal', [
    { name: 'title', type: 'text', required: true },
    { name: 'account', type: 'lookup', target: 'account' },
  ]),
];

let metadata: MetadataService;
let memory: ReturnType<typeof createMemoryRecordStore>;
const now = new Date('2026-03-15T04:00:00Z');
const clock = { now: () => now };

beforeEach(async () => {
  metadata = createMetadataService({ store: createMemoryMetadataStore(), clock });
  for (const document of documents) await metadata.saveDraft(alice, document);
  await metadata.publish(alice);
  memory = createMemoryRecordStore();
});

/**
 * A service over the memory store that counts its transactions and the rows of each insert,
 * inside a transaction or not.
 */
function countingService(fail?: (rows: number) => boolean, createBatch?: false) {
  const inserts: number[] = [];
  let transactions = 0;
  const counted =
    (insert: RecordStore['insert']): RecordStore['insert'] =>
    async (rows, audit) => {
      inserts.push(rows.length);
      if (fail?.(rows.length)) throw new Error('connection lost');
      return insert(rows, audit);
    };
  const store: RecordStore = {
    ...memory,
    insert: counted(memory.insert),
    transaction: (work) => {
      transactions += 1;
      return memory.transaction((tx) => work({ ...tx, insert: counted(tx.insert) }));
    },
  };
  const records = createRecordService({
    metadata,
    store,
    clock,
    ...(createBatch === undefined ? {} : { createBatch }),
  });
  return { records, inserts, transactions: () => transactions };
}

describe('create batching', () => {
  it('writes concurrent creates of one caller in shared transactions, each with its own record', async () => {
    const { records, inserts, transactions } = countingService();
    const account = await records.create(alice, 'account', { name: 'Acme' });
    const created = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        records.create(alice, 'deal', { title: `D${i}`, account: account.id }),
      ),
    );
    expect(created.map((record) => record.title)).toEqual(
      Array.from({ length: 12 }, (_, i) => `D${i}`),
    );
    expect(new Set(created.map((record) => record.id)).size).toBe(12);
    // The first two start at once; the ten arriving meanwhile share the next transaction. The
    // account's create moves no rollup: one statement, no transaction.
    expect(inserts).toEqual([1, 1, 1, 10]);
    expect(transactions()).toBe(3);
    expect(await records.get(alice, 'account', account.id)).toMatchObject({ deals: 12 });
  });

  it('fails only the create that is invalid or duplicates another, with its own error', async () => {
    const { records } = countingService();
    await records.create(alice, 'account', { name: 'First', tax_id: 'T-1' });
    const outcomes = await Promise.allSettled([
      records.create(alice, 'account', { name: 'A', tax_id: 'T-2' }),
      records.create(alice, 'account', { name: 'B', tax_id: 'T-3' }),
      records.create(alice, 'account', { tax_id: 'T-4' }),
      records.create(alice, 'account', { name: 'C', tax_id: 'T-1' }),
      records.create(alice, 'account', { name: 'D', tax_id: 'T-5' }),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'rejected',
      'fulfilled',
    ]);
    const reasons = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
    expect(reasons.map((reason) => reason.code)).toEqual(['RECORD_INVALID', 'RECORD_INVALID']);
    expect(reasons[0].details.issues[0]).toMatchObject({ field: 'name', code: 'REQUIRED' });
    expect(reasons[1].details.issues[0]).toMatchObject({ field: 'tax_id', code: 'UNIQUE' });
  });

  it('retries each create alone when the shared transaction fails as a whole', async () => {
    const { records, inserts } = countingService((rows) => rows > 1);
    const created = await Promise.all(
      ['A', 'B', 'C', 'D'].map((name) => records.create(alice, 'account', { name })),
    );
    expect(created.map((record) => record.name)).toEqual(['A', 'B', 'C', 'D']);
    expect(inserts).toEqual([1, 1, 2, 1, 1]);
    const all = await records.query(alice, 'account', { count: 'exact' });
    expect(all.count?.value).toBe(4);
  });

  it('never mixes callers: each record is created by its own actor', async () => {
    const { records } = countingService();
    const created = await Promise.all(
      [alice, bob, alice, bob, alice].map((ctx, i) =>
        records.create(ctx, 'account', { name: `N${i}` }),
      ),
    );
    expect(created.map((record) => record.created_by)).toEqual([
      'alice',
      'bob',
      'alice',
      'bob',
      'alice',
    ]);
  });

  it('batches callers by the plain data of their context, never one holding a function', async () => {
    const { records, inserts } = countingService();
    const principal = { user: { id: 'u1', roles: ['admin'] }, via: 'session' };
    const signed = () => ({ ...alice, principal: { ...principal } }) as RecordContext;
    await Promise.all(
      ['A', 'B', 'C', 'D'].map((name) => records.create(signed(), 'account', { name })),
    );
    expect(inserts).toEqual([1, 1, 2]);
    inserts.length = 0;
    const withFunction = () => ({ ...alice, fieldAccess: () => 'read' as const }) as RecordContext;
    await Promise.all(
      ['E', 'F', 'G', 'H'].map((name) => records.create(withFunction(), 'account', { name })),
    );
    expect(inserts).toEqual([1, 1, 1, 1]);
  });

  it('writes a create with an Idempotency-Key alone, and nothing at all for a replay', async () => {
    const { records, inserts } = countingService();
    const [first, again] = await Promise.all([
      records.create(alice, 'account', { name: 'K' }, { idempotencyKey: 'k' }),
      records.create(alice, 'account', { name: 'K' }, { idempotencyKey: 'k' }),
    ]);
    expect(again).toEqual(first);
    expect(inserts).toEqual([1]);
  });

  it('can be turned off: then every create is written alone', async () => {
    const { records, inserts } = countingService(undefined, false);
    await Promise.all(
      ['A', 'B', 'C', 'D'].map((name) => records.create(alice, 'account', { name })),
    );
    expect(inserts).toEqual([1, 1, 1, 1]);
    const error = await rejectionOf(records.create(alice, 'account', {}));
    expect(error.code).toBe('RECORD_INVALID');
  });
});
