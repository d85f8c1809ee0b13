import { describe, expect, it } from 'vitest';
import { findItem, findSection } from './form-tree.js';
import { testForm } from './test-form.js';
import { updateItem } from './update-item.js';

describe('updateItem', () => {
  it('sets a label override, placeholder and width on a field item', () => {
    const form = updateItem(testForm(), 'f_name', {
      label: { en: 'Full name' },
      placeholder: { en: 'Jane Doe' },
      span: 2,
    });
    expect(findItem(form, 'f_name')).toEqual({
      type: 'field',
      id: 'f_name',
      field: 'name',
      label: { en: 'Full name' },
      placeholder: { en: 'Jane Doe' },
      span: 2,
    });
  });

  it('removes a property set to undefined', () => {
    const withRule = updateItem(testForm(), 'f_phone', { rules: { visible: { var: 'name' } } });
    const without = updateItem(withRule, 'f_phone', { rules: undefined });
    expect(findItem(without, 'f_phone')).toEqual({ type: 'field', id: 'f_phone', field: 'phone' });
  });

  it('changes the columns of a section, kept between 1 and 4', () => {
    expect(findSection(updateItem(testForm(), 'a', { columns: 3 }), 'a')?.columns).toBe(3);
    expect(findSection(updateItem(testForm(), 'a', { columns: 0 }), 'a')?.columns).toBe(1);
  });

  it('renames a tab', () => {
    const form = updateItem(testForm(), 'tab1', { label: { en: 'Extra' } });
    const tabs = form.items[2];
    expect(tabs?.type === 'tabs' && tabs.tabs[0]?.label).toEqual({ en: 'Extra' });
  });

  it('never changes ids, types or children', () => {
    const form = testForm();
    const patch = { id: 'x', type: 'divider', items: [] } as unknown as Parameters<
      typeof updateItem
    >[2];
    expect(updateItem(form, 'f_name', patch)).toBe(form);
    expect(updateItem(form, 'a', patch)).toBe(form);
  });

  it('returns the same document when nothing differs or nothing has the id', () => {
    const form = testForm();
    expect(updateItem(form, 'a', { columns: 2 })).toBe(form);
    expect(updateItem(form, 'nope', { span: 2 })).toBe(form);
  });
});
