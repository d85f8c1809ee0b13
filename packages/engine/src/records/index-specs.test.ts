import type { FieldDef, ObjectDoc } from '@tangram/schema';
import { describe, expect, it } from 'vitest';
import { indexSpecsOf } from './index-specs.js';

const label = { en: 'x', 'zh-CN': 'x' };

function field(name: string, slot: string, props: Partial<FieldDef> = {}): FieldDef {
  return { name, label, type: 'text', storage: { slot }, ...props } as FieldDef;
}

function objectOf(fields: FieldDef[]): ObjectDoc {
  return { kind: 'object', schemaVersion: 1, name: 'deal', label, nameField: 'name', fields };
}

describe('indexSpecsOf', () => {
  const specs = indexSpecsOf(
    objectOf([
      field('name', 't1'),
      field('stage', 't2', {
        type: 'single_select',
        options: [{ value: 'won', label }],
        filterable: true,
      } as Partial<FieldDef>),
      field('region', 't3', { filterable: true, sortable: true }),
      field('code', 't4', { unique: true }),
      field('email', 't7', { unique: true, sortable: true }),
      field('account', 'u1', { type: 'lookup', target: 'account' } as Partial<FieldDef>),
      field('notes', 't5', { searchable: true }),
      field('plain', 't6'),
    ]),
  );
  const byName = new Map(specs.map((spec) => [spec.name, spec]));

  it('indexes a field only filtered on sparsely, under a name of its own', () => {
    expect(byName.get('t2_nn')).toMatchObject({ method: 'btree', unique: false, sparse: true });
    expect(byName.get('u1_nn')).toMatchObject({ method: 'btree', unique: false, sparse: true });
    expect(byName.has('t2')).toBe(false);
  });

  it('indexes sorted fields and the name in full, empty values included', () => {
    expect(byName.get('t1')).toMatchObject({ method: 'btree', sparse: false });
    expect(byName.get('t3')).toMatchObject({ method: 'btree', sparse: false });
  });

  it('makes unique and trigram indexes sparse, a unique one replacing its full predecessor', () => {
    expect(byName.get('t4_key')).toMatchObject({
      unique: true,
      sparse: true,
      replaces: 't4_unique',
    });
    expect(byName.has('t4_unique')).toBe(false);
  });

  it('keeps the unique index of a sorted field whole, replacing a sparse one', () => {
    expect(byName.get('t7_unique')).toMatchObject({
      unique: true,
      sparse: false,
      replaces: 't7_key',
    });
    expect(byName.has('t7_key')).toBe(false);
    expect(byName.get('t1_trgm')).toMatchObject({ method: 'trgm', sparse: true });
    expect(byName.get('t5_trgm')).toMatchObject({ method: 'trgm', sparse: true });
  });

  it('asks for extended statistics of single selects only', () => {
    expect(byName.get('t2_nn')).toMatchObject({ statistics: true });
    const others = specs.filter((spec) => spec.name !== 't2_nn');
    expect(others.length).toBeGreaterThan(0);
    expect(others.some((spec) => spec.statistics === true)).toBe(false);
  });

  it('indexes nothing for a field with no flag', () => {
    expect(
      specs.some((spec) => spec.columns.some((c) => c.kind === 'slot' && c.slot === 't6')),
    ).toBe(false);
  });
});
