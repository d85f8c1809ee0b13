import type { FormDoc, FormSectionItem } from '@tangram/schema';
import { blockIdsOf, clampIndex, mapSections } from './form-tree.js';

/**
 * Puts a new item (a field, divider, sub-table or text dropped from the palette) into a section
 * at `index`. Unchanged when the section does not exist or the item's id is already used.
 */
export function insertItem(
  form: FormDoc,
  sectionId: string,
  index: number,
  item: FormSectionItem,
): FormDoc {
  if (blockIdsOf(form).has(item.id)) return form;
  return mapSections(form, (section) => {
    if (section.id !== sectionId) return section;
    const items = [...section.items];
    items.splice(clampIndex(index, items.length), 0, item);
    return { ...section, items };
  });
}
