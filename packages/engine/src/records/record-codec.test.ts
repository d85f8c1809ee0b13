import type { ObjectDoc } from '@tangram/schema';
import { describe, expect, it } from 'vitest';
import type { StoredRecord } from '../ports/record-store.js';
import { allocateSlots } from './allocate-slots.js';
import { toApiRecord } from './record-codec.js';

const label = (en: string) => ({ en });

const deal = allocateSlots(
  {
    kind: 'object',
    schemaVersion: 1,
    name: 'deal',
    label: label('Deal'),
    nameField: 'title',
    fields: [
      { name: 'title', type: 'text', label: label('Title') },
      { name: 'amount', type: 'number', label: label('Amount'), precision: 2 },
      { name: 'won', type: 'boolean', label: label('Won') },
      { name: 'tags', type: 'multi_select', label: label('Tags'), options: [] },
      { name: 'closes_on', type: 'date', label: label('Closes on') },
    ],
  } as unknown as ObjectDoc,
  [],
);

function slotOf(name: string): string {
  const slot = deal.fields.find((f) => f.name === name)?.storage?.slot;
  if (slot === undefined) throw new Error(`no slot for ${name}`);
  return slot;
}

function storedRow(overrides: Partial<StoredRecord> = {}): StoredRecord {
  return {
    tenantId: 'tenant-a',
    objectId: 7,
    id: '0b0c8f3e-2f1a-4c55-9a55-1f2e3d4c5b6a',
    ownerId: 'alice',
    createdBy: 'alice',
    createdAt: '2026-03-15T04:00:00.000Z',
    updatedBy: 'bob',
    updatedAt: '2026-03-16T05:30:00.250Z',
    version: 3,
    deletedAt: null,
    slots: {
      [slotOf('title')]: 'Big deal',
      [slotOf('amount')]: '1200.50',
      [slotOf('won')]: true,
      [slotOf('closes_on')]: '2026-06-30',
    },
    extra: { tags: ['a', 'b'] },
    ...overrides,
  };
}

describe('toApiRecord', () => {
  it('serves system fields first, then every field in definition order', () => {
    expect(JSON.stringify(toApiRecord(deal, storedRow()))).toBe(
      JSON.stringify({
        id: '0b0c8f3e-2f1a-4c55-9a55-1f2e3d4c5b6a',
        version: 3,
        owner_id: 'alice',
        created_by: 'alice',
        created_at: '2026-03-15T04:00:00.000Z',
        updated_by: 'bob',
        updated_at: '2026-03-16T05:30:00.250Z',
        title: 'Big deal',
        amount: 1200.5,
        won: true,
        tags: ['a', 'b'],
        closes_on: '2026-06-30',
      }),
    );
  });

  it('serves deleted_at after updated_at for a deleted row only', () => {
    const deleted = toApiRecord(deal, storedRow({ deletedAt: '2026-03-17T00:00:00.000Z' }));
    expect(Object.keys(deleted).slice(6, 8)).toEqual(['updated_at', 'deleted_at']);
    expect(deleted.deleted_at).toBe('2026-03-17T00:00:00.000Z');
    expect(Object.keys(toApiRecord(deal, storedRow()))).not.toContain('deleted_at');
  });

  it('serves empty fields as null', () => {
    const record = toApiRecord(deal, storedRow({ slots: {}, extra: {} }));
    expect([record.title, record.amount, record.won, record.tags, record.closes_on]).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  it('serves only the fields named, and each set of names alike for every row', () => {
    const fields = new Set(['amount', 'title']);
    const first = toApiRecord(deal, storedRow(), fields);
    const second = toApiRecord(deal, storedRow({ slots: { [slotOf('amount')]: '7' } }), fields);
    expect(Object.keys(first)).toEqual([
      'id',
      'version',
      'owner_id',
      'created_by',
      'created_at',
      'updated_by',
      'updated_at',
      'title',
      'amount',
    ]);
    expect(second).toMatchObject({ title: null, amount: 7 });
    expect(Object.keys(toApiRecord(deal, storedRow(), new Set(['won'])))).toContain('won');
  });

  it('never shares state between the records it builds', () => {
    const first = toApiRecord(deal, storedRow()) as Record<string, unknown>;
    first.title = 'changed';
    expect(toApiRecord(deal, storedRow()).title).toBe('Big deal');
  });
});
