import { describe, expect, it } from 'vitest';
import { insertItem } from './insert-item.js';
import { fieldItem, layoutOf, testForm } from './test-form.js';

describe('insertItem', () => {
  it('puts a field from the palette at a position of a section', () => {
    const form = insertItem(testForm(), 'a', 1, fieldItem('email'));
    expect(layoutOf(form).a).toEqual(['name', 'email', 'phone']);
  });

  it('puts a divider at the end of a section', () => {
    const form = insertItem(testForm(), 'b', 5, { type: 'divider', id: 'd1' });
    expect(layoutOf(form).b).toEqual(['amount', '<divider:d1>']);
  });

  it('refuses an id the form already uses', () => {
    const form = testForm();
    expect(insertItem(form, 'b', 0, fieldItem('name'))).toBe(form);
    expect(insertItem(form, 'b', 0, { type: 'divider', id: 'a' })).toBe(form);
  });

  it('does nothing for an unknown section', () => {
    const form = testForm();
    expect(insertItem(form, 'zzz', 0, fieldItem('email'))).toBe(form);
  });
});
