import { AppError } from '@tangram/errors';
import { rejectionOf } from '@tangram/errors/testing';
import type { FieldDef, ObjectDoc } from '@tangram/schema';
import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryMetadataStore } from '../metadata/memory-metadata-store.js';
import { createMetadataService, type MetadataService } from '../metadata/metadata-service.js';
import type { RecordStore } from '../ports/record-store.js';
import { allocateSlots } from './allocate-slots.js';
import { convertValue, createFieldTypeChanges, planFieldTypeChange } from './field-type-change.js';
import { createMemoryRecordStore } from './memory-record-store.js';
import { createRecordService, type RecordContext, type RecordService } from './record-service.js';

const alice: RecordContext = { tenantId: 'tenant-a', actorId: 'alice' };
const label = (en: string) => ({ en });

function field(name: string, type: string, extra: Record<string, unknown> = {}): FieldDef {
  return { name, type, label: label(name), ...extra } as FieldDef;
}

function deal(fields: FieldDef[]): ObjectDoc {
  return {
    kind: 'object',
    schemaVersion: 1,
    name: 'deal',
    label: label('Deal'),
    nameField: 'title',
    fields,
  };
}

const numberField = { type: 'number', label: label('Code'), precision: 10, scale: 2 };

function thrown(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the call to throw');
}

describe('convertValue', () => {
  const text = field('code', 'text', { storage: { slot: 't2' } });
  const number = field('code', 'number', { scale: 2, storage: { slot: 'n1' } });

  it('converts numeric text to a number with the number type’s own rules', () => {
    expect(convertValue(text, number, '12')).toEqual({ ok: true, value: '12' });
    expect(convertValue(text, number, '3.5')).toEqual({ ok: true, value: '3.5' });
  });

  it('reports text that is no number, and digits beyond the new scale', () => {
    expect(convertValue(text, number, 'abc')).toMatchObject({ ok: false, issue: { code: 'TYPE' } });
    expect(convertValue(text, number, '1.234')).toMatchObject({
      ok: false,
      issue: { code: 'SCALE' },
    });
  });

  it('keeps empty values empty', () => {
    expect(convertValue(text, number, null)).toEqual({ ok: true, value: null });
  });

  it('writes numbers as text when the new type holds text', () => {
    expect(convertValue(number, text, '12.5')).toEqual({ ok: true, value: '12.5' });
  });
});

describe('planFieldTypeChange', () => {
  const v1 = allocateSlots(deal([field('title', 'text'), field('code', 'text')]), []);

  it('moves values across storage kinds into a slot no version ever used', () => {
    const old = allocateSlots(deal([field('title', 'text'), field('score', 'number')]), []);
    const plan = planFieldTypeChange(v1, [old], 'code', numberField);
    expect(plan.moves).toBe(true);
    expect(plan.fromColumn).toEqual({ kind: 'slot', slot: 't2', type: 'text' });
    expect(plan.toColumn).toEqual({ kind: 'slot', slot: 'n2', type: 'numeric' });
    expect(plan.object.fields[1]).toMatchObject({ name: 'code', type: 'number' });
  });

  it('keeps the slot when the storage kind stays', () => {
    const plan = planFieldTypeChange(v1, [], 'code', { type: 'email', label: label('Code') });
    expect(plan.moves).toBe(false);
    expect(plan.to.storage).toEqual({ slot: 't2' });
  });

  it('refuses an unknown field, an invalid definition and a computed type', () => {
    expect(thrown(() => planFieldTypeChange(v1, [], 'nope', numberField)).code).toBe(
      'FIELD_NOT_FOUND',
    );
    expect(thrown(() => planFieldTypeChange(v1, [], 'code', { type: 'number' })).code).toBe(
      'METADATA_INVALID',
    );
    const formula = { type: 'formula', label: label('C'), resultType: 'number', expression: 1 };
    expect(thrown(() => planFieldTypeChange(v1, [], 'code', formula)).code).toBe(
      'FIELD_TYPE_CHANGE_UNSUPPORTED',
    );
  });

  it('refuses a body naming another field', () => {
    const renamed = { ...numberField, name: 'other' };
    expect(thrown(() => planFieldTypeChange(v1, [], 'code', renamed)).code).toBe(
      'METADATA_NAME_MISMATCH',
    );
  });
});

describe('field type change through the record service', () => {
  let metadata: MetadataService;
  let store: ReturnType<typeof createMemoryRecordStore>;
  let records: RecordService;
  const ids: Record<string, string> = {};

  async function revision(): Promise<number> {
    return (await metadata.get(alice, 'object', 'deal')).revision;
  }

  beforeEach(async () => {
    const clock = { now: () => new Date('2026-03-15T04:00:00Z') };
    metadata = createMetadataService({ store: createMemoryMetadataStore(), clock });
    await metadata.saveDraft(alice, deal([field('title', 'text'), field('code', 'text')]));
    await metadata.publish(alice);
    store = createMemoryRecordStore();
    records = createRecordService({ metadata, store, clock });
    for (const code of ['12', '3.5', 'abc', '']) {
      ids[code] = (await records.create(alice, 'deal', { title: `deal ${code}`, code })).id;
    }
  });

  it('previews every value that would not convert, by record id', async () => {
    const preview = await records.previewFieldTypeChange(alice, 'deal', 'code', numberField);
    expect(preview).toMatchObject({
      fromSlot: 't2',
      toSlot: 'n1',
      moves: true,
      total: 4,
      convertible: 3,
      failureCount: 1,
      failures: [{ id: ids.abc, value: 'abc', code: 'TYPE' }],
    });
  });

  it('refuses, changing nothing, when a value does not convert', async () => {
    const ifMatch = await revision();
    const error = await rejectionOf(
      records.applyFieldTypeChange(alice, 'deal', 'code', numberField, { ifMatch }),
    );
    expect(error.code).toBe('FIELD_TYPE_CHANGE_REFUSED');
    expect(error.details).toMatchObject({ failureCount: 1, failures: [{ id: ids.abc }] });
    expect(await revision()).toBe(ifMatch);
    expect(await records.get(alice, 'deal', ids['12'] ?? '')).toMatchObject({ code: '12' });
  });

  it('moves what converts, keeps what does not in the old slot, and publishes the new type', async () => {
    const result = await records.applyFieldTypeChange(alice, 'deal', 'code', numberField, {
      ifMatch: await revision(),
      onFailure: 'keep',
    });
    expect(result).toMatchObject({ version: 2, fromSlot: 't2', toSlot: 'n1', converted: 3 });
    expect(result.kept).toEqual([expect.objectContaining({ id: ids.abc, value: 'abc' })]);
    expect(await records.get(alice, 'deal', ids['3.5'] ?? '')).toMatchObject({ code: 3.5 });
    expect(await records.get(alice, 'deal', ids.abc ?? '')).toMatchObject({ code: null });
    const kept = await store.getById({ tenantId: 'tenant-a', objectId: 1, id: ids.abc ?? '' });
    expect(kept?.slots.t2).toBe('abc');
    const history = await metadata.history(alice, 'object', 'deal');
    expect(history[0]?.message).toContain(ids.abc);
  });

  it('brings the old type and its values back on a revert', async () => {
    await records.applyFieldTypeChange(alice, 'deal', 'code', numberField, {
      ifMatch: await revision(),
      onFailure: 'keep',
    });
    await metadata.revert(alice, 'object', 'deal', { version: 1, ifMatch: await revision() });
    records.invalidate();
    const codes = await Promise.all(
      ['12', '3.5', 'abc', ''].map(async (code) => {
        const record = await records.get(alice, 'deal', ids[code] ?? '');
        return record.code;
      }),
    );
    expect(codes).toEqual(['12', '3.5', 'abc', null]);
  });

  it('needs the revision read (428) and refuses a stale one (412)', async () => {
    const missing = await rejectionOf(
      records.applyFieldTypeChange(alice, 'deal', 'code', numberField, {}),
    );
    expect(missing.code).toBe('PRECONDITION_REQUIRED');
    const stale = await rejectionOf(
      records.applyFieldTypeChange(alice, 'deal', 'code', numberField, { ifMatch: 99 }),
    );
    expect(stale.code).toBe('METADATA_STALE');
  });

  it('still refuses a draft that changes the type directly, pointing at the change endpoint', async () => {
    const published = (await metadata.get(alice, 'object', 'deal'))
      .document as unknown as ObjectDoc;
    const fields = published.fields.map((f) => (f.name === 'code' ? field('code', 'number') : f));
    await metadata.saveDraft(alice, deal(fields), { ifMatch: await revision() });
    const error = await rejectionOf(metadata.publish(alice));
    expect(error.details).toMatchObject({
      issues: [expect.objectContaining({ code: 'FIELD_TYPE_CHANGE_NEEDS_MIGRATION' })],
    });
    expect(JSON.stringify(error.details)).toContain('/fields/code/type-change/preview');
  });

  it('checks a change within the slot kind without moving values', async () => {
    const email = { type: 'email', label: label('Code') };
    const result = await records.applyFieldTypeChange(alice, 'deal', 'code', email, {
      ifMatch: await revision(),
      onFailure: 'keep',
    });
    expect(result).toMatchObject({ fromSlot: 't2', toSlot: 't2', converted: 1, keptCount: 3 });
    expect(await records.get(alice, 'deal', ids.abc ?? '')).toMatchObject({ code: 'abc' });
  });

  it('finds the values of a deleted field again when it is added back', async () => {
    const published = (await metadata.get(alice, 'object', 'deal'))
      .document as unknown as ObjectDoc;
    await metadata.saveDraft(alice, deal([field('title', 'text')]), { ifMatch: await revision() });
    await metadata.publish(alice);
    records.invalidate();
    expect(await records.get(alice, 'deal', ids['12'] ?? '')).not.toHaveProperty('code');
    await metadata.saveDraft(alice, deal([field('title', 'text'), field('code', 'text')]), {
      ifMatch: await revision(),
    });
    await metadata.publish(alice);
    records.invalidate();
    const restored = (await metadata.get(alice, 'object', 'deal')).document as unknown as ObjectDoc;
    expect(restored.fields[1]?.storage).toEqual(published.fields[1]?.storage);
    expect(await records.get(alice, 'deal', ids.abc ?? '')).toMatchObject({ code: 'abc' });
  });

  it('moves in batches, converting again rows written while their values moved', async () => {
    let raced = false;
    // While the batch holding '12' is written, '12' becomes '8' (that write misses it, so it is
    // read again) and 'abc' becomes '7' (a later pass over the values catches it).
    const racing: RecordStore = {
      ...store,
      async writeColumnBatch(tenantId, objectId, column, rows) {
        if (!raced && rows.some((row) => row.id === ids['12'])) {
          raced = true;
          for (const [code, value] of [
            ['12', '8'],
            ['abc', '7'],
          ] as const) {
            const id = ids[code] ?? '';
            const row = await store.getById({ tenantId, objectId, id });
            await records.update(alice, 'deal', id, { code: value }, { ifMatch: row?.version });
          }
        }
        return store.writeColumnBatch(tenantId, objectId, column, rows);
      },
    };
    const changes = createFieldTypeChanges({ metadata, store: racing, batchSize: 2 });
    const result = await changes.apply(alice, 'deal', 'code', numberField, {
      ifMatch: await revision(),
      onFailure: 'keep',
    });
    records.invalidate();
    const all = await records.query(alice, 'deal', {
      filter: { kind: 'condition', field: 'code', op: 'gte', value: 0 },
    });
    expect(raced).toBe(true);
    expect(result.keptCount).toBe(0);
    expect(all.records.map((r) => r.code).sort()).toEqual([3.5, 7, 8]);
  });
});

describe('field type change of a unique field', () => {
  let metadata: MetadataService;
  let store: ReturnType<typeof createMemoryRecordStore>;
  let records: RecordService;
  const ids: Record<string, string> = {};
  const uniqueNumber = { ...numberField, scale: 0, unique: true };

  async function revision(): Promise<number> {
    return (await metadata.get(alice, 'object', 'deal')).revision;
  }

  /** The codes of the live records, as the published type serves them. */
  async function codes(): Promise<unknown[]> {
    records.invalidate();
    const page = await records.query(alice, 'deal', {
      sort: [{ field: 'title', direction: 'asc' }],
    });
    return page.records.map((r) => r.code);
  }

  beforeEach(async () => {
    const clock = { now: () => new Date('2026-03-15T04:00:00Z') };
    metadata = createMetadataService({ store: createMemoryMetadataStore(), clock });
    const code = field('code', 'text', { unique: true });
    await metadata.saveDraft(alice, deal([field('title', 'text'), code]));
    await metadata.publish(alice);
    store = createMemoryRecordStore();
    records = createRecordService({ metadata, store, clock });
    for (const value of ['12', '012', '7']) {
      ids[value] = (
        await records.create(alice, 'deal', { title: `deal ${value}`, code: value })
      ).id;
    }
  });

  it('previews each record whose value would become another’s, with the value it becomes', async () => {
    const preview = await records.previewFieldTypeChange(alice, 'deal', 'code', uniqueNumber);
    expect(preview).toMatchObject({ total: 3, convertible: 1, failureCount: 2 });
    expect(preview.failures).toEqual(
      expect.arrayContaining(
        ['12', '012'].map((value) =>
          expect.objectContaining({
            id: ids[value],
            value,
            code: 'UNIQUE',
            params: { converted: 12 },
          }),
        ),
      ),
    );
  });

  it('refuses to make two records hold one value, changing nothing', async () => {
    const ifMatch = await revision();
    const error = await rejectionOf(
      records.applyFieldTypeChange(alice, 'deal', 'code', uniqueNumber, { ifMatch }),
    );
    expect(error.code).toBe('FIELD_TYPE_CHANGE_REFUSED');
    expect(error.details).toMatchObject({ failureCount: 2 });
    expect(await revision()).toBe(ifMatch);
    expect(await codes()).toEqual(['012', '12', '7']);
  });

  it('keeps the colliding values unconverted when asked to keep, and a revert brings them back', async () => {
    const result = await records.applyFieldTypeChange(alice, 'deal', 'code', uniqueNumber, {
      ifMatch: await revision(),
      onFailure: 'keep',
    });
    expect(result).toMatchObject({ converted: 1, keptCount: 2 });
    expect(result.kept.map((f) => f.id).sort()).toEqual([ids['12'], ids['012']].sort());
    expect(await codes()).toEqual([null, null, 7]);
    await metadata.revert(alice, 'object', 'deal', { version: 1, ifMatch: await revision() });
    expect(await codes()).toEqual(['012', '12', '7']);
  });

  it('lets a live value become one a soft-deleted record’s value becomes', async () => {
    const deleted = await records.get(alice, 'deal', ids['012'] ?? '');
    await records.remove(alice, 'deal', deleted.id, { ifMatch: deleted.version });
    const preview = await records.previewFieldTypeChange(alice, 'deal', 'code', uniqueNumber);
    expect(preview).toMatchObject({ total: 3, failureCount: 0 });
    await records.applyFieldTypeChange(alice, 'deal', 'code', uniqueNumber, {
      ifMatch: await revision(),
    });
    expect(await codes()).toEqual([12, 7]);
  });

  it('refuses, even asked to keep, values that collide in a change within the slot', async () => {
    const email = { type: 'email', label: label('Code'), unique: true };
    const [a, b] = [ids['12'] ?? '', ids['7'] ?? ''];
    for (const [id, code] of [
      [a, 'sales@Example.com'],
      [b, 'sales@example.com'],
    ] as const) {
      const { version } = await records.get(alice, 'deal', id);
      await records.update(alice, 'deal', id, { code }, { ifMatch: version });
    }
    const error = await rejectionOf(
      records.applyFieldTypeChange(alice, 'deal', 'code', email, {
        ifMatch: await revision(),
        onFailure: 'keep',
      }),
    );
    expect(error.code).toBe('FIELD_TYPE_CHANGE_REFUSED');
    expect(error.details).toMatchObject({
      failureCount: 2,
      failures: [{ code: 'UNIQUE' }, { code: 'UNIQUE' }],
    });
  });

  it('keeps too the values a record created while the values moved makes duplicates', async () => {
    let raced = false;
    // '07' is other text than '7', so the text field takes it, but it is the number 7 too.
    const racing: RecordStore = {
      ...store,
      async writeColumnBatch(tenantId, objectId, column, rows) {
        if (!raced) {
          raced = true;
          ids['07'] = (await records.create(alice, 'deal', { title: 'deal 07', code: '07' })).id;
        }
        return store.writeColumnBatch(tenantId, objectId, column, rows);
      },
    };
    const changes = createFieldTypeChanges({ metadata, store: racing, batchSize: 2 });
    const result = await changes.apply(alice, 'deal', 'code', uniqueNumber, {
      ifMatch: await revision(),
      onFailure: 'keep',
    });
    expect(raced).toBe(true);
    expect(result.kept.map((f) => f.id).sort()).toEqual(
      [ids['12'], ids['012'], ids['7'], ids['07']].sort(),
    );
    expect(await codes()).toEqual([null, null, null, null]);
  });
});
