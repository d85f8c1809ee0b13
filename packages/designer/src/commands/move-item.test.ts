import { describe, expect, it } from 'vitest';
import { moveItem } from './move-item.js';
import { layoutOf, testForm } from './test-form.js';

describe('moveItem', () => {
  it('moves a field down within its section', () => {
    const form = moveItem(testForm(), 'f_name', 'a', 2);
    expect(layoutOf(form).a).toEqual(['phone', 'name']);
  });

  it('moves a field up within its section', () => {
    const form = moveItem(testForm(), 'f_phone', 'a', 0);
    expect(layoutOf(form).a).toEqual(['phone', 'name']);
  });

  it('moves a field to another section at the given position', () => {
    const form = moveItem(testForm(), 'f_name', 'b', 0);
    expect(layoutOf(form)).toMatchObject({ a: ['phone'], b: ['name', 'amount'] });
  });

  it('moves a field into a section inside a tab', () => {
    const form = moveItem(testForm(), 'f_amount', 't1', 1);
    expect(layoutOf(form)).toMatchObject({ b: [], t1: ['notes', 'amount'] });
  });

  it('returns the same document when the move changes nothing', () => {
    const form = testForm();
    expect(moveItem(form, 'f_name', 'a', 0)).toBe(form);
    expect(moveItem(form, 'f_name', 'a', 1)).toBe(form);
  });

  it('returns the same document for an unknown item or section', () => {
    const form = testForm();
    expect(moveItem(form, 'nope', 'a', 0)).toBe(form);
    expect(moveItem(form, 'f_name', 'nope', 0)).toBe(form);
  });

  it('clamps a position past the end to the end', () => {
    const form = moveItem(testForm(), 'f_name', 'b', 99);
    expect(layoutOf(form).b).toEqual(['amount', 'name']);
  });

  it('leaves untouched sections as the same objects', () => {
    const before = testForm();
    const after = moveItem(before, 'f_name', 'a', 2);
    expect(after.items[1]).toBe(before.items[1]);
    expect(after.items[2]).toBe(before.items[2]);
  });
});
