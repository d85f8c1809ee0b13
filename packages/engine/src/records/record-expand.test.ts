import { rejectionOf } from '@tangram/errors/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryMetadataStore } from '../metadata/memory-metadata-store.js';
import { createMetadataService } from '../metadata/metadata-service.js';
import type { RecordStore } from '../ports/record-store.js';
import { createMemoryRecordStore } from './memory-record-store.js';
import { createRecordService, type RecordContext, type RecordService } from './record-service.js';

const alice: RecordContext = { tenantId: 'tenant-a', actorId: 'alice' };
const label = (en: string) => ({ en });

const documents = [
  {
    kind: 'object',
    schemaVersion: 1,
    name: 'account',
    label: label('Account'),
    nameField: 'name',
    fields: [{ name: 'name', type: 'text', label: label('Name'), required: true }],
  },
  {
    kind: 'object',
    schemaVersion: 1,
    name: 'contact',
    label: label('Contact'),
    nameField: 'full_name',
    fields: [{ name: 'full_name', type: 'text', label: label('Full name'), required: true }],
  },
  {
    kind: 'object',
    schemaVersion: 1,
    name: 'deal',
    label: label('Deal'),
    nameField: 'title',
    fields: [
      { name: 'title', type: 'text', label: label('Title'), required: true },
      { name: 'account', type: 'lookup', label: label('Account'), target: 'account' },
      { name: 'partner', type: 'lookup', label: label('Partner'), target: 'account' },
      { name: 'contact', type: 'lookup', label: label('Contact'), target: 'contact' },
      { name: 'amount', type: 'number', label: label('Amount') },
    ],
  },
];

/** getByIds calls by object id, counted on the way to the memory store. */
let reads: number[];
let records: RecordService;

beforeEach(async () => {
  const clock = { now: () => new Date('2026-03-15T04:00:00Z') };
  const metadata = createMetadataService({ store: createMemoryMetadataStore(), clock });
  for (const document of documents) await metadata.saveDraft(alice, document);
  await metadata.publish(alice);
  const memory = createMemoryRecordStore();
  reads = [];
  const store: RecordStore = {
    ...memory,
    getByIds: (tenantId, objectId, ids, options) => {
      reads.push(objectId);
      return memory.getByIds(tenantId, objectId, ids, options);
    },
  };
  records = createRecordService({ metadata, store, clock });
});

async function seedDeals(): Promise<string[]> {
  const accounts: string[] = [];
  for (const name of ['Acme', 'Globex', 'Initech']) {
    accounts.push((await records.create(alice, 'account', { name })).id);
  }
  for (let index = 0; index < 20; index += 1) {
    await records.create(alice, 'deal', {
      title: `Deal ${index}`,
      account: accounts[index % 3],
      amount: index,
    });
  }
  return accounts;
}

describe('expand', () => {
  it('resolves a page of 20 records with one getByIds for the target object', async () => {
    const accounts = await seedDeals();
    reads = [];
    const page = await records.query(alice, 'deal', {
      limit: 20,
      sort: [{ field: 'amount', direction: 'asc' }],
      expand: ['account'],
    });
    expect(page.records).toHaveLength(20);
    expect(reads).toHaveLength(1);
    expect(page.records.slice(0, 4).map((r) => r.$expanded)).toEqual([
      { account: { id: accounts[0], name: 'Acme' } },
      { account: { id: accounts[1], name: 'Globex' } },
      { account: { id: accounts[2], name: 'Initech' } },
      { account: { id: accounts[0], name: 'Acme' } },
    ]);
  });

  it('reads each target object once even when two fields point at it', async () => {
    const [acme, globex] = await seedDeals();
    const contact = await records.create(alice, 'contact', { full_name: 'Ada' });
    await records.create(alice, 'deal', {
      title: 'Joint',
      account: acme,
      partner: globex,
      contact: contact.id,
      amount: 100,
    });
    reads = [];
    const page = await records.query(alice, 'deal', {
      filter: { kind: 'condition', field: 'amount', op: 'gte', value: 19 },
      sort: [{ field: 'amount', direction: 'asc' }],
      fields: ['title'],
      expand: ['account', 'partner', 'contact'],
    });
    expect(reads).toHaveLength(2);
    expect(page.records.map((r) => [r.title, r.account, r.$expanded])).toEqual([
      [
        'Deal 19',
        undefined,
        { account: { id: globex, name: 'Globex' }, partner: null, contact: null },
      ],
      [
        'Joint',
        undefined,
        {
          account: { id: acme, name: 'Acme' },
          partner: { id: globex, name: 'Globex' },
          contact: { id: contact.id, name: 'Ada' },
        },
      ],
    ]);
  });

  it('gives a deleted target the name null', async () => {
    const [acme] = await seedDeals();
    const deal = await records.create(alice, 'deal', { title: 'Lost', account: acme });
    const account = await records.get(alice, 'account', acme as string);
    await records.remove(alice, 'account', account.id, { ifMatch: account.version });
    const read = await records.get(alice, 'deal', deal.id, { expand: ['account'] });
    expect(read.$expanded).toEqual({ account: { id: acme, name: null } });
  });

  it('reads nothing more without expand', async () => {
    await seedDeals();
    reads = [];
    const page = await records.query(alice, 'deal', { limit: 5 });
    expect(reads).toEqual([]);
    expect(page.records[0]).not.toHaveProperty('$expanded');
  });

  it('answers QUERY_INVALID for an unknown or non-lookup field', async () => {
    const error = await rejectionOf(
      records.query(alice, 'deal', { expand: ['nope', 'amount', 'account'] }),
    );
    expect(error.code).toBe('QUERY_INVALID');
    expect(
      (error.details as { issues: { field: string; code: string }[] }).issues.map((i) => [
        i.field,
        i.code,
      ]),
    ).toEqual([
      ['nope', 'UNKNOWN_FIELD'],
      ['amount', 'NOT_A_LOOKUP'],
    ]);
    const onGet = await rejectionOf(
      records.get(alice, 'deal', crypto.randomUUID(), { expand: ['title'] }),
    );
    expect(onGet.code).toBe('QUERY_INVALID');
  });

  it('expands at most ten fields', async () => {
    const error = await rejectionOf(
      records.query(alice, 'deal', {
        expand: Array.from({ length: 11 }, (_, index) => `field_${index}`),
      }),
    );
    expect(error.code).toBe('QUERY_INVALID');
    expect((error.details as { issues: { code: string }[] }).issues[0]?.code).toBe(
      'TOO_MANY_EXPANSIONS',
    );
  });
});
