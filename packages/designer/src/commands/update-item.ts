import type {
  FormDoc,
  FormFieldItem,
  FormSection,
  FormSectionItem,
  FormTab,
} from '@tangram/schema';
import { mapSections } from './form-tree.js';

/** Changes to a block's properties; a key set to undefined is removed from the block. */
export type BlockPatch<T> = { readonly [K in keyof T]?: T[K] | undefined };

/** What the inspector may change on a field item (not its id, type or field). */
export type FieldItemPatch = BlockPatch<Omit<FormFieldItem, 'id' | 'type' | 'field'>>;

function applyPatch<T extends object>(target: T, patch: object): T {
  const next = { ...target } as Record<string, unknown>;
  let changed = false;
  for (const [key, value] of Object.entries(patch)) {
    if (key === 'id' || key === 'type' || key === 'items') continue;
    if (value === undefined) {
      if (key in next) {
        delete next[key];
        changed = true;
      }
    } else if (next[key] !== value) {
      next[key] = value;
      changed = true;
    }
  }
  return changed ? (next as T) : target;
}

/**
 * Sets or removes properties of the item, section or tab with this id: label, placeholder,
 * help text, span, read-only, rules, a section's columns. Ids, types and children never change
 * here. Unchanged when nothing has the id or nothing differs.
 */
export function updateItem(
  form: FormDoc,
  id: string,
  patch:
    | FieldItemPatch
    | BlockPatch<Omit<FormSectionItem, 'id' | 'type'>>
    | BlockPatch<Omit<FormSection, 'id' | 'type' | 'items'>>
    | BlockPatch<Omit<FormTab, 'id' | 'items'>>,
): FormDoc {
  const viaSections = mapSections(form, (section) => {
    if (section.id === id) {
      const next = applyPatch(section, patch);
      if ('columns' in next && typeof next.columns === 'number') {
        const columns = Math.max(1, Math.min(4, Math.trunc(next.columns)));
        return columns === next.columns ? next : { ...next, columns };
      }
      return next;
    }
    if (!section.items.some((item) => item.id === id)) return section;
    const items = section.items.map((item) => (item.id === id ? applyPatch(item, patch) : item));
    return items.every((item, i) => item === section.items[i]) ? section : { ...section, items };
  });
  if (viaSections !== form) return viaSections;
  let changed = false;
  const items = form.items.map((block) => {
    if (block.type !== 'tabs') return block;
    const tabs = block.tabs.map((tab) => (tab.id === id ? applyPatch(tab, patch) : tab));
    if (tabs.every((t, i) => t === block.tabs[i])) return block;
    changed = true;
    return { ...block, tabs };
  });
  return changed ? { ...form, items } : form;
}
