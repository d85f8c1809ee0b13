import type { FormDoc } from '@tangram/schema';
import { clampIndex, findItem, findSection, locateItem, mapSections } from './form-tree.js';

/**
 * Moves an item to `toIndex` of section `toSectionId` (the same section or another, also across
 * tabs); `toIndex` counts positions in the target as it is before the move. Unchanged when the
 * item or the section does not exist.
 */
export function moveItem(
  form: FormDoc,
  itemId: string,
  toSectionId: string,
  toIndex: number,
): FormDoc {
  const from = locateItem(form, itemId);
  const item = findItem(form, itemId);
  const target = findSection(form, toSectionId);
  if (!from || !item || !target) return form;
  let index = clampIndex(toIndex, target.items.length);
  if (from.sectionId === toSectionId) {
    // Taking the item out first shifts later positions down by one.
    if (index > from.index) index -= 1;
    if (index === from.index) return form;
  }
  return mapSections(form, (section) => {
    const isSource = section.id === from.sectionId;
    const isTarget = section.id === toSectionId;
    if (!isSource && !isTarget) return section;
    const items = section.items.filter((i) => i.id !== itemId);
    if (isTarget) items.splice(index, 0, item);
    return { ...section, items };
  });
}
