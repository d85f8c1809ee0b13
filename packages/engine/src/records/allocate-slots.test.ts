import type { FieldDef, ObjectDoc } from '@tangram/schema';
import { describe, expect, it } from 'vitest';
import { allocateSlots, planSlots, withoutSlots } from './allocate-slots.js';

function field(name: string, type: string, extra: Record<string, unknown> = {}): FieldDef {
  return { name, type, label: { en: name }, ...extra } as FieldDef;
}

function object(fields: FieldDef[]): ObjectDoc {
  return {
    kind: 'object',
    schemaVersion: 1,
    name: 'deal',
    label: { en: 'Deal' },
    nameField: 'title',
    fields,
  };
}

function slots(document: ObjectDoc): Record<string, string | undefined> {
  return Object.fromEntries(document.fields.map((f) => [f.name, f.storage?.slot]));
}

describe('allocateSlots', () => {
  it('gives each new field the lowest free slot of its kind', () => {
    const next = object([
      field('title', 'text'),
      field('amount', 'currency', { currency: 'CNY' }),
      field('stage', 'single_select', { options: [{ value: 'open', label: { en: 'Open' } }] }),
      field('close_date', 'date'),
      field('closed_at', 'datetime'),
      field('won', 'boolean'),
      field('account', 'lookup', { target: 'account' }),
      field('notes', 'long_text'),
      field('tags', 'multi_select', { options: [{ value: 'a', label: { en: 'A' } }] }),
      field('team', 'user', { multiple: true }),
      field('score', 'formula', { resultType: 'number', expression: 1 }),
    ]);
    expect(slots(allocateSlots(next, []))).toEqual({
      title: 't1',
      amount: 'n1',
      stage: 't2',
      close_date: 'd1',
      closed_at: 'ts1',
      won: 'b1',
      account: 'u1',
      notes: 'extra',
      tags: 'extra',
      team: 'extra',
      score: 'n2',
    });
  });

  it('keeps the slots fields already have', () => {
    const published = allocateSlots(object([field('title', 'text'), field('code', 'text')]), []);
    const next = object([...published.fields, field('city', 'text')]);
    expect(slots(allocateSlots(next, [published]))).toEqual({
      title: 't1',
      code: 't2',
      city: 't3',
    });
  });

  it('never hands a deleted field’s slot to another field', () => {
    const v1 = allocateSlots(object([field('title', 'text'), field('code', 'text')]), []);
    const v2 = allocateSlots(object([v1.fields[0] as FieldDef]), [v1]);
    const v3 = allocateSlots(object([...v2.fields, field('city', 'text')]), [v2, v1]);
    expect(slots(v3)).toEqual({ title: 't1', city: 't3' });
  });

  it('gives a re-added field the slot it had, so its values come back', () => {
    const v1 = allocateSlots(object([field('title', 'text'), field('code', 'text')]), []);
    const v2 = allocateSlots(object([v1.fields[0] as FieldDef]), [v1]);
    const v3 = allocateSlots(object([field('title', 'text'), field('code', 'text')]), [v2, v1]);
    expect(slots(v3)).toEqual({ title: 't1', code: 't2' });
  });

  it('gives a field re-added with a type of another form a fresh slot, leaving old values be', () => {
    const v1 = allocateSlots(object([field('title', 'text'), field('code', 'text')]), []);
    const v2 = allocateSlots(object([v1.fields[0] as FieldDef]), [v1]);
    const v3 = allocateSlots(object([field('title', 'text'), field('code', 'integer')]), [v2, v1]);
    expect(slots(v3)).toEqual({ title: 't1', code: 'n1' });
  });

  it('spills to extra when a kind runs out of slots', () => {
    const booleans = Array.from({ length: 21 }, (_, i) => field(`flag_${i + 1}`, 'boolean'));
    const result = slots(allocateSlots(object([field('title', 'text'), ...booleans]), []));
    expect(result.flag_20).toBe('b20');
    expect(result.flag_21).toBe('extra');
  });

  it('refuses a draft that changes the slot of a published field', () => {
    const v1 = allocateSlots(object([field('title', 'text')]), []);
    const draft = object([{ ...field('title', 'text'), storage: { slot: 't9' } }]);
    const result = planSlots(draft, [v1]);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues).toEqual([
      expect.objectContaining({ path: '/fields/0/storage/slot', code: 'SLOT_CHANGED' }),
    ]);
  });

  it('refuses a slot that belonged to another field', () => {
    const v1 = allocateSlots(object([field('title', 'text'), field('code', 'text')]), []);
    const v2 = allocateSlots(object([v1.fields[0] as FieldDef]), [v1]);
    const draft = object([...v2.fields, { ...field('city', 'text'), storage: { slot: 't2' } }]);
    const result = planSlots(draft, [v2, v1]);
    expect(!result.ok && result.issues.map((i) => i.code)).toEqual(['SLOT_TAKEN']);
  });

  it('refuses a slot of the wrong kind', () => {
    const draft = object([{ ...field('amount', 'integer'), storage: { slot: 't1' } }]);
    const result = planSlots(draft, []);
    expect(!result.ok && result.issues.map((i) => i.code)).toEqual(['SLOT_KIND']);
  });

  it('refuses a type change across storage kinds, which needs a value migration', () => {
    const v1 = allocateSlots(object([field('title', 'text'), field('code', 'text')]), []);
    const draft = object([v1.fields[0] as FieldDef, field('code', 'integer')]);
    const result = planSlots(draft, [v1]);
    expect(!result.ok && result.issues.map((i) => i.code)).toEqual([
      'FIELD_TYPE_CHANGE_NEEDS_MIGRATION',
    ]);
  });

  it('lets a field whose values were moved take its new slot of another kind', () => {
    const v1 = allocateSlots(object([field('title', 'text'), field('code', 'text')]), []);
    const moved = { ...field('code', 'integer'), storage: { slot: 'n1' } };
    const result = planSlots(object([v1.fields[0] as FieldDef, moved]), [v1], {
      movedFields: new Set(['code']),
    });
    expect(result.ok && slots(result.document)).toEqual({ title: 't1', code: 'n1' });
  });

  it('lets a revert bring back a type with the slot the field held with it', () => {
    const v1 = allocateSlots(object([field('title', 'text'), field('code', 'text')]), []);
    const v2 = allocateSlots(
      object([v1.fields[0] as FieldDef, { ...field('code', 'integer'), storage: { slot: 'n1' } }]),
      [v1],
      { movedFields: new Set(['code']) },
    );
    const result = planSlots(v1, [v2, v1]);
    expect(result.ok && slots(result.document)).toEqual({ title: 't1', code: 't2' });
  });

  it('throws METADATA_INVALID listing the issues', () => {
    const draft = object([{ ...field('amount', 'integer'), storage: { slot: 'x1' } }]);
    expect(() => allocateSlots(draft, [])).toThrowError(
      expect.objectContaining({ code: 'METADATA_INVALID' }),
    );
  });

  it('strips slots for comparing a template with a published object', () => {
    const published = allocateSlots(object([field('title', 'text')]), []);
    expect(withoutSlots(published)).toEqual(object([field('title', 'text')]));
  });
});
