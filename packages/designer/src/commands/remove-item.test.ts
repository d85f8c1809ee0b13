import { describe, expect, it } from 'vitest';
import { removeItem } from './remove-item.js';
import { layoutOf, testForm } from './test-form.js';

describe('removeItem', () => {
  it('removes a field from its section', () => {
    expect(layoutOf(removeItem(testForm(), 'f_phone')).a).toEqual(['name']);
  });

  it('removes a whole section with its fields', () => {
    const form = removeItem(testForm(), 'a');
    expect(Object.keys(layoutOf(form))).toEqual(['b', 't1']);
  });

  it('removes a section inside a tab', () => {
    const form = removeItem(testForm(), 't1');
    expect(Object.keys(layoutOf(form))).toEqual(['a', 'b']);
    expect(form.items).toHaveLength(3);
  });

  it('removes a tabs block when its last tab goes', () => {
    const form = removeItem(testForm(), 'tab1');
    expect(form.items.map((b) => b.id)).toEqual(['a', 'b']);
  });

  it('returns the same document for an unknown id', () => {
    const form = testForm();
    expect(removeItem(form, 'nope')).toBe(form);
  });
});
