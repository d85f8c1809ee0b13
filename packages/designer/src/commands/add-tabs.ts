import type { FormDoc, FormTabs, LocalizedText } from '@tangram/schema';
import { blockIdsOf, clampIndex } from './form-tree.js';

/** One tab to create, with the id of the empty section it starts with. */
export interface NewTab {
  readonly id: string;
  readonly label: LocalizedText;
  readonly sectionId: string;
}

/**
 * Adds a tabs block at a top-level index, each tab holding one empty one-column section.
 * Unchanged when any id is taken or there is no tab.
 */
export function addTabs(
  form: FormDoc,
  tabsId: string,
  tabs: readonly NewTab[],
  index: number,
): FormDoc {
  const used = blockIdsOf(form);
  const ids = [tabsId, ...tabs.flatMap((t) => [t.id, t.sectionId])];
  if (tabs.length === 0 || ids.some((id) => used.has(id)) || new Set(ids).size !== ids.length) {
    return form;
  }
  const block: FormTabs = {
    type: 'tabs',
    id: tabsId,
    tabs: tabs.map((tab) => ({
      id: tab.id,
      label: tab.label,
      items: [{ type: 'section', id: tab.sectionId, columns: 1, items: [] }],
    })),
  };
  const items = [...form.items];
  items.splice(clampIndex(index, items.length), 0, block);
  return { ...form, items };
}

/** Adds one tab (with an empty section) at the end of a tabs block. */
export function addTab(form: FormDoc, tabsId: string, tab: NewTab): FormDoc {
  const used = blockIdsOf(form);
  if (used.has(tab.id) || used.has(tab.sectionId) || tab.id === tab.sectionId) return form;
  let found = false;
  const items = form.items.map((block) => {
    if (block.type !== 'tabs' || block.id !== tabsId) return block;
    found = true;
    return {
      ...block,
      tabs: [
        ...block.tabs,
        {
          id: tab.id,
          label: tab.label,
          items: [{ type: 'section' as const, id: tab.sectionId, columns: 1, items: [] }],
        },
      ],
    };
  });
  return found ? { ...form, items } : form;
}
