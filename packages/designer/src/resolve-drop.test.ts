import type { ObjectDoc } from '@tangram/schema';
import { describe, expect, it } from 'vitest';
import { layoutOf, testForm } from './commands/test-form.js';
import { type DropContext, dragId, resolveDrop } from './resolve-drop.js';

const line: ObjectDoc = {
  kind: 'object',
  schemaVersion: 1,
  name: 'line',
  label: { en: 'Line' },
  nameField: 'product',
  fields: [
    { name: 'product', type: 'text', label: { en: 'Product' } },
    { name: 'deal', type: 'master_detail', label: { en: 'Deal' }, target: 'deal' },
    { name: 'qty', type: 'integer', label: { en: 'Qty' } },
  ],
};

const context: DropContext = {
  sectionLabel: { en: 'New section' },
  tabLabel: (n) => ({ en: `Tab ${n}` }),
  childRelations: [{ object: line, relationField: 'deal' }],
};

function drop(activeId: string, overId: string | null) {
  const form = testForm();
  const command = resolveDrop(form, activeId, overId, context);
  return command ? command(form) : null;
}

describe('resolveDrop', () => {
  it('puts a palette field before the item it is dropped on', () => {
    expect(layoutOf(drop(dragId.paletteField('email'), dragId.item('f_phone'))!).a).toEqual([
      'name',
      'email',
      'phone',
    ]);
  });

  it('puts a palette field at the end of a section dropped on its empty area', () => {
    expect(layoutOf(drop(dragId.paletteField('email'), dragId.sectionEnd('b'))!).b).toEqual([
      'amount',
      'email',
    ]);
  });

  it('moves a canvas item down onto a later item of its section, taking its place', () => {
    expect(layoutOf(drop(dragId.item('f_name'), dragId.item('f_phone'))!).a).toEqual([
      'phone',
      'name',
    ]);
  });

  it('moves a canvas item up onto an earlier item, before it', () => {
    expect(layoutOf(drop(dragId.item('f_phone'), dragId.item('f_name'))!).a).toEqual([
      'phone',
      'name',
    ]);
  });

  it('moves a canvas item into another section and into a tab', () => {
    expect(layoutOf(drop(dragId.item('f_name'), dragId.item('f_amount'))!)).toMatchObject({
      a: ['phone'],
      b: ['name', 'amount'],
    });
    expect(layoutOf(drop(dragId.item('f_name'), dragId.sectionEnd('t1'))!).t1).toEqual([
      'notes',
      'name',
    ]);
  });

  it('adds a two-column section where a section palette block is dropped', () => {
    const form = drop(dragId.paletteSection(2), dragId.gap(1))!;
    expect(form.items.map((b) => b.id)).toEqual(['a', 'section', 'b', 'more']);
    expect(form.items[1]).toMatchObject({
      type: 'section',
      columns: 2,
      label: { en: 'New section' },
    });
  });

  it('adds tabs with two tabs before the block dropped on', () => {
    const form = drop(dragId.paletteTabs, dragId.block('b'))!;
    expect(form.items.map((b) => b.type)).toEqual(['section', 'tabs', 'section', 'tabs']);
  });

  it('adds a sub-table of a child object with its first columns', () => {
    const form = drop(dragId.paletteSubtable('line', 'deal'), dragId.sectionEnd('b'))!;
    const section = form.items[1];
    expect(section?.type === 'section' && section.items[1]).toMatchObject({
      type: 'subtable',
      object: 'line',
      relationField: 'deal',
      columns: ['product', 'qty'],
    });
  });

  it('moves a top-level block', () => {
    expect(drop(dragId.block('more'), dragId.block('a'))!.items.map((b) => b.id)).toEqual([
      'more',
      'a',
      'b',
    ]);
  });

  it('means nothing when dropped outside or on itself', () => {
    expect(drop(dragId.item('f_name'), null)).toBeNull();
    expect(drop(dragId.item('f_name'), dragId.item('f_name'))).toBeNull();
    expect(drop(dragId.paletteSubtable('nope', 'x'), dragId.sectionEnd('a'))).toBeNull();
    expect(drop(dragId.paletteField('name'), dragId.sectionEnd('b'))).toBeNull();
  });
});
