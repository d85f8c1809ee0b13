import { describe, expect, it } from 'vitest';
import { addSection } from './add-section.js';
import { addTab, addTabs } from './add-tabs.js';
import { moveBlock } from './move-block.js';
import { testForm } from './test-form.js';

describe('addSection', () => {
  it('adds an empty section between top-level blocks', () => {
    const form = addSection(testForm(), { id: 's2', columns: 2 }, { index: 1 });
    expect(form.items.map((b) => b.id)).toEqual(['a', 's2', 'b', 'more']);
    expect(form.items[1]).toEqual({ type: 'section', id: 's2', columns: 2, items: [] });
  });

  it('keeps columns between 1 and 4', () => {
    const form = addSection(testForm(), { id: 's9', columns: 9 }, { index: 0 });
    expect(form.items[0]).toMatchObject({ columns: 4 });
  });

  it('adds a section into a tab', () => {
    const form = addSection(testForm(), { id: 's3', columns: 1 }, { index: 0, tabId: 'tab1' });
    const tabs = form.items[2];
    expect(tabs?.type === 'tabs' && tabs.tabs[0]?.items.map((s) => s.id)).toEqual(['s3', 't1']);
  });

  it('refuses a used id and an unknown tab', () => {
    const form = testForm();
    expect(addSection(form, { id: 'a', columns: 1 }, { index: 0 })).toBe(form);
    expect(addSection(form, { id: 'x', columns: 1 }, { index: 0, tabId: 'nope' })).toBe(form);
  });
});

describe('addTabs and addTab', () => {
  it('adds tabs, each with an empty section', () => {
    const form = addTabs(
      testForm(),
      'tabs2',
      [
        { id: 'k1', label: { en: 'One' }, sectionId: 'k1s' },
        { id: 'k2', label: { en: 'Two' }, sectionId: 'k2s' },
      ],
      0,
    );
    const block = form.items[0];
    expect(block?.type).toBe('tabs');
    expect(block?.type === 'tabs' && block.tabs.map((t) => t.items[0]?.id)).toEqual(['k1s', 'k2s']);
  });

  it('refuses duplicate ids', () => {
    const form = testForm();
    expect(addTabs(form, 'a', [{ id: 'k', label: { en: 'K' }, sectionId: 'ks' }], 0)).toBe(form);
    expect(addTab(form, 'more', { id: 'x', label: { en: 'X' }, sectionId: 'x' })).toBe(form);
  });

  it('appends a tab to a tabs block', () => {
    const form = addTab(testForm(), 'more', { id: 'tab2', label: { en: 'Two' }, sectionId: 't2' });
    const block = form.items[2];
    expect(block?.type === 'tabs' && block.tabs.map((t) => t.id)).toEqual(['tab1', 'tab2']);
  });
});

describe('moveBlock', () => {
  it('moves a top-level block', () => {
    expect(moveBlock(testForm(), 'more', 0).items.map((b) => b.id)).toEqual(['more', 'a', 'b']);
    expect(moveBlock(testForm(), 'a', 3).items.map((b) => b.id)).toEqual(['b', 'more', 'a']);
  });

  it('returns the same document when nothing moves', () => {
    const form = testForm();
    expect(moveBlock(form, 'a', 0)).toBe(form);
    expect(moveBlock(form, 'a', 1)).toBe(form);
    expect(moveBlock(form, 'nope', 1)).toBe(form);
  });
});
