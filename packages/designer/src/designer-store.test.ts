import { describe, expect, it } from 'vitest';
import { moveItem } from './commands/move-item.js';
import { removeItem } from './commands/remove-item.js';
import { layoutOf, testForm } from './commands/test-form.js';
import { createDesignerStore } from './designer-store.js';

describe('createDesignerStore', () => {
  it('applies commands and undoes and redoes them in order', () => {
    const store = createDesignerStore(testForm());
    store.getState().apply((f) => moveItem(f, 'f_name', 'b', 0));
    store.getState().apply((f) => removeItem(f, 'f_phone'));
    expect(layoutOf(store.getState().form)).toMatchObject({ a: [], b: ['name', 'amount'] });
    store.getState().undo();
    expect(layoutOf(store.getState().form)).toMatchObject({ a: ['phone'], b: ['name', 'amount'] });
    store.getState().undo();
    expect(layoutOf(store.getState().form)).toMatchObject({ a: ['name', 'phone'], b: ['amount'] });
    store.getState().redo();
    expect(layoutOf(store.getState().form)).toMatchObject({ a: ['phone'], b: ['name', 'amount'] });
  });

  it('leaves no undo step for a command that changes nothing', () => {
    const store = createDesignerStore(testForm());
    store.getState().apply((f) => moveItem(f, 'nope', 'a', 0));
    expect(store.getState().past).toHaveLength(0);
  });

  it('drops the redo stack on a new edit', () => {
    const store = createDesignerStore(testForm());
    store.getState().apply((f) => removeItem(f, 'f_phone'));
    store.getState().undo();
    store.getState().apply((f) => removeItem(f, 'f_name'));
    expect(store.getState().future).toHaveLength(0);
    store.getState().redo();
    expect(layoutOf(store.getState().form).a).toEqual(['phone']);
  });

  it('is dirty after an edit and clean again after undoing it or marking it saved', () => {
    const store = createDesignerStore(testForm());
    store.getState().apply((f) => removeItem(f, 'f_phone'));
    expect(store.getState().dirty).toBe(true);
    store.getState().undo();
    expect(store.getState().dirty).toBe(false);
    store.getState().redo();
    store.getState().markSaved();
    expect(store.getState().dirty).toBe(false);
  });

  it('keeps each instance separate', () => {
    const one = createDesignerStore(testForm());
    const two = createDesignerStore(testForm());
    one.getState().apply((f) => removeItem(f, 'f_phone'));
    expect(layoutOf(two.getState().form).a).toEqual(['name', 'phone']);
  });
});
