import type { FormDoc, FormSection, LocalizedText } from '@tangram/schema';
import { blockIdsOf, clampIndex } from './form-tree.js';

/** Where a new section goes: among the top-level blocks, or into a tab. */
export interface SectionPlace {
  readonly index: number;
  readonly tabId?: string;
}

/**
 * Adds an empty section with 1 to 4 columns at a place. Unchanged when the id is taken or the
 * tab does not exist.
 */
export function addSection(
  form: FormDoc,
  section: { readonly id: string; readonly columns: number; readonly label?: LocalizedText },
  place: SectionPlace,
): FormDoc {
  if (blockIdsOf(form).has(section.id)) return form;
  const created: FormSection = {
    type: 'section',
    id: section.id,
    columns: Math.max(1, Math.min(4, Math.trunc(section.columns))),
    ...(section.label ? { label: section.label } : {}),
    items: [],
  };
  if (place.tabId === undefined) {
    const items = [...form.items];
    items.splice(clampIndex(place.index, items.length), 0, created);
    return { ...form, items };
  }
  let found = false;
  const items = form.items.map((block) => {
    if (block.type !== 'tabs' || !block.tabs.some((t) => t.id === place.tabId)) return block;
    found = true;
    return {
      ...block,
      tabs: block.tabs.map((tab) => {
        if (tab.id !== place.tabId) return tab;
        const sections = [...tab.items];
        sections.splice(clampIndex(place.index, sections.length), 0, created);
        return { ...tab, items: sections };
      }),
    };
  });
  return found ? { ...form, items } : form;
}
