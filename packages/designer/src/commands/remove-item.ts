import type { FormBlock, FormDoc } from '@tangram/schema';
import { mapSections } from './form-tree.js';

/**
 * Removes the block, tab, section or item with this id (with everything inside it). A tabs
 * block that loses its last tab goes too. Unchanged when nothing has the id.
 */
export function removeItem(form: FormDoc, id: string): FormDoc {
  const withoutItem = mapSections(form, (section) =>
    section.items.some((item) => item.id === id)
      ? { ...section, items: section.items.filter((item) => item.id !== id) }
      : section,
  );
  if (withoutItem !== form) return withoutItem;
  let changed = false;
  const items: FormBlock[] = [];
  for (const block of form.items) {
    if (block.id === id) {
      changed = true;
      continue;
    }
    if (block.type === 'section') {
      items.push(block);
      continue;
    }
    const tabs = block.tabs
      .filter((tab) => tab.id !== id)
      .map((tab) =>
        tab.items.some((s) => s.id === id)
          ? { ...tab, items: tab.items.filter((s) => s.id !== id) }
          : tab,
      );
    if (tabs.length !== block.tabs.length || tabs.some((t, i) => t !== block.tabs[i]))
      changed = true;
    if (tabs.length > 0)
      items.push(tabs.every((t, i) => t === block.tabs[i]) ? block : { ...block, tabs });
  }
  return changed ? { ...form, items } : form;
}
