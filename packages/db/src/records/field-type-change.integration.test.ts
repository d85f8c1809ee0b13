import { randomUUID } from 'node:crypto';
import {
  createMetadataService,
  createRecordService,
  type MetadataService,
  type RecordContext,
  type RecordService,
} from '@tangram/engine';
import { rejectionOf } from '@tangram/errors/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../database.js';
import { createMetadataStore } from '../metadata-store.js';
import { ensureTenant } from '../tenants.js';
import { openTestDatabase, testBackends } from '../testing.js';
import { createRecordStore } from './record-store.js';

const label = (en: string) => ({ en });

const deal = {
  kind: 'object',
  schemaVersion: 1,
  name: 'deal',
  label: label('Deal'),
  nameField: 'title',
  fields: [
    { name: 'title', type: 'text', label: label('Title'), required: true },
    { name: 'code', type: 'text', label: label('Code') },
  ],
};

const numberCode = { type: 'number', label: label('Code'), precision: 12, scale: 2 };

describe.each(testBackends())('field type change on the $name record store', (backend) => {
  let db: Database;
  let metadata: MetadataService;
  let records: RecordService;
  const clock = { now: () => new Date('2026-03-15T04:00:00.000Z') };

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    metadata = createMetadataService({ store: createMetadataStore(db), clock });
    records = createRecordService({ metadata, store: createRecordStore(db), clock });
  });
  afterAll(async () => {
    await db.close();
  });

  /** A tenant of its own with `deal` published and four records whose codes are text. */
  async function dealsWithTextCodes() {
    const slug = `t_${randomUUID().slice(0, 8)}`;
    const ctx: RecordContext = {
      tenantId: (await ensureTenant(db, { slug, name: slug })).id,
      actorId: 'alice',
    };
    await metadata.saveDraft(ctx, deal);
    await metadata.publish(ctx);
    const ids: Record<string, string> = {};
    for (const code of ['12', '3.5', 'abc', '']) {
      ids[code] = String((await records.create(ctx, 'deal', { title: `deal ${code}`, code })).id);
    }
    const revision = async () => (await metadata.get(ctx, 'object', 'deal')).revision;
    return { ctx, ids, revision };
  }

  async function slotValue(ctx: RecordContext, id: string, slot: 't2' | 'n1') {
    const result = await sql<{ value: unknown }>`select ${sql.ref(slot)} as value from records
      where tenant_id = ${ctx.tenantId}::uuid and id = ${id}::uuid`.execute(db.kysely);
    return result.rows[0]?.value;
  }

  it('previews exactly the record whose text is no number', async () => {
    const { ctx, ids } = await dealsWithTextCodes();
    const preview = await records.previewFieldTypeChange(ctx, 'deal', 'code', numberCode);
    expect(preview).toMatchObject({ fromSlot: 't2', toSlot: 'n1', total: 4, convertible: 3 });
    expect(preview.failures.map((f) => f.id)).toEqual([ids.abc]);
  });

  it('refuses the change and changes nothing when asked to refuse', async () => {
    const { ctx, ids, revision } = await dealsWithTextCodes();
    const before = await revision();
    const error = await rejectionOf(
      records.applyFieldTypeChange(ctx, 'deal', 'code', numberCode, {
        ifMatch: before,
        onFailure: 'refuse',
      }),
    );
    expect(error.code).toBe('FIELD_TYPE_CHANGE_REFUSED');
    expect(error.status).toBe(422);
    expect(await revision()).toBe(before);
    expect(await slotValue(ctx, ids['12'] ?? '', 'n1')).toBeNull();
    expect(await records.get(ctx, 'deal', ids['12'] ?? '')).toMatchObject({ code: '12' });
  });

  it('moves what converts to a numeric slot, keeps the rest readable, and filters by number', async () => {
    const { ctx, ids, revision } = await dealsWithTextCodes();
    const result = await records.applyFieldTypeChange(ctx, 'deal', 'code', numberCode, {
      ifMatch: await revision(),
      onFailure: 'keep',
    });
    expect(result).toMatchObject({ toSlot: 'n1', total: 4, converted: 3, keptCount: 1 });
    expect(result.kept.map((f) => f.id)).toEqual([ids.abc]);
    expect(await records.get(ctx, 'deal', ids['3.5'] ?? '')).toMatchObject({ code: 3.5 });
    expect(await slotValue(ctx, ids.abc ?? '', 't2')).toBe('abc');

    const found = await records.query(ctx, 'deal', {
      filter: { kind: 'condition', field: 'code', op: 'gt', value: 5 },
    });
    expect(found.records.map((r) => r.id)).toEqual([ids['12']]);
  });

  it('restores the text field with every original value on a revert', async () => {
    const { ctx, ids, revision } = await dealsWithTextCodes();
    await records.applyFieldTypeChange(ctx, 'deal', 'code', numberCode, {
      ifMatch: await revision(),
      onFailure: 'keep',
    });
    await metadata.revert(ctx, 'object', 'deal', { version: 1, ifMatch: await revision() });
    records.invalidate(ctx.tenantId);
    const codes: unknown[] = [];
    for (const code of ['12', '3.5', 'abc', '']) {
      codes.push((await records.get(ctx, 'deal', ids[code] ?? '')).code);
    }
    expect(codes).toEqual(['12', '3.5', 'abc', null]);
  });

  it('keeps a deleted field’s values and finds them when the field is added back', async () => {
    const { ctx, ids, revision } = await dealsWithTextCodes();
    const [title] = deal.fields;
    await metadata.saveDraft(ctx, { ...deal, fields: [title] }, { ifMatch: await revision() });
    await metadata.publish(ctx);
    records.invalidate(ctx.tenantId);
    expect(await records.get(ctx, 'deal', ids.abc ?? '')).not.toHaveProperty('code');
    expect(await slotValue(ctx, ids.abc ?? '', 't2')).toBe('abc');

    await metadata.saveDraft(ctx, deal, { ifMatch: await revision() });
    await metadata.publish(ctx);
    records.invalidate(ctx.tenantId);
    expect(await records.get(ctx, 'deal', ids.abc ?? '')).toMatchObject({ code: 'abc' });
  });

  it('moves values into extra for a type kept there, and back into a slot', async () => {
    const { ctx, ids, revision } = await dealsWithTextCodes();
    const longText = { type: 'long_text', label: label('Code') };
    const toExtra = await records.applyFieldTypeChange(ctx, 'deal', 'code', longText, {
      ifMatch: await revision(),
    });
    expect(toExtra).toMatchObject({ toSlot: 'extra', converted: 4 });
    expect(await records.get(ctx, 'deal', ids.abc ?? '')).toMatchObject({ code: 'abc' });
    const back = await records.applyFieldTypeChange(ctx, 'deal', 'code', numberCode, {
      ifMatch: await revision(),
      onFailure: 'keep',
    });
    expect(back).toMatchObject({ fromSlot: 'extra', toSlot: 'n1', converted: 3, keptCount: 1 });
    expect(await records.get(ctx, 'deal', ids['12'] ?? '')).toMatchObject({ code: 12 });
  });

  /** `dealsWithTextCodes`, plus '012' (the number 12 too) and a deleted '3.50' (3.5 too). */
  async function dealsWithCollidingCodes() {
    const deals = await dealsWithTextCodes();
    const { ctx, ids } = deals;
    for (const code of ['012', '3.50']) {
      ids[code] = String((await records.create(ctx, 'deal', { title: `deal ${code}`, code })).id);
    }
    await records.remove(ctx, 'deal', ids['3.50'] ?? '', { ifMatch: 1 });
    return deals;
  }

  const uniqueNumberCode = { ...numberCode, unique: true };

  it('previews the live records whose text becomes the same number in a unique field', async () => {
    const { ctx, ids } = await dealsWithCollidingCodes();
    const preview = await records.previewFieldTypeChange(ctx, 'deal', 'code', uniqueNumberCode);
    expect(preview).toMatchObject({ total: 6, failureCount: 3 });
    const byId = new Map(preview.failures.map((f) => [f.id, [f.code, f.params]]));
    expect(byId).toEqual(
      new Map([
        [ids.abc, ['TYPE', { expected: 'number' }]],
        [ids['12'], ['UNIQUE', { converted: 12 }]],
        [ids['012'], ['UNIQUE', { converted: 12 }]],
      ]),
    );
  });

  it('keeps those values in the old slot, so that the unique column holds each number once', async () => {
    const { ctx, ids, revision } = await dealsWithCollidingCodes();
    const result = await records.applyFieldTypeChange(ctx, 'deal', 'code', uniqueNumberCode, {
      ifMatch: await revision(),
      onFailure: 'keep',
    });
    expect(result).toMatchObject({ converted: 3, keptCount: 3 });
    for (const code of ['12', '012']) {
      expect([code, await slotValue(ctx, ids[code] ?? '', 'n1')]).toEqual([code, null]);
      expect([code, await slotValue(ctx, ids[code] ?? '', 't2')]).toEqual([code, code]);
    }
    const held = await sql<{ value: string; holders: number }>`
      select n1::text as value, count(*)::int as holders from records
      where tenant_id = ${ctx.tenantId}::uuid and deleted_at is null and n1 is not null
      group by n1`.execute(db.kysely);
    expect(held.rows).toEqual([{ value: '3.5', holders: 1 }]);
  });

  it('writes a batch only into rows still at the version read', async () => {
    const { ctx, ids } = await dealsWithTextCodes();
    const store = createRecordStore(db);
    const objectId = await store.resolveObjectId(ctx.tenantId, 'deal');
    const column = { kind: 'slot', slot: 'n5', type: 'numeric' } as const;
    const written = await store.writeColumnBatch(ctx.tenantId, objectId, column, [
      { id: ids['12'] ?? '', version: 1, value: '12' },
      { id: ids['3.5'] ?? '', version: 2, value: '3.5' },
    ]);
    expect(written).toEqual([ids['12']]);
    const text = { kind: 'slot', slot: 't2', type: 'text' } as const;
    const read = await store.readColumnBatch(ctx.tenantId, objectId, [column, text], null, 10);
    expect(read.filter((r) => r.values[0] !== null)).toEqual([
      { id: ids['12'], version: 1, values: ['12', '12'] },
    ]);
  });
});
