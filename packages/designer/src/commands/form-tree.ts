import type {
  FormBlock,
  FormDoc,
  FormSection,
  FormSectionItem,
  FormTab,
  FormTabs,
} from '@tangram/schema';

/** Where an item sits: the section holding it and its index there. */
export interface ItemLocation {
  readonly sectionId: string;
  readonly index: number;
}

/** Every section of a form in document order, those inside tabs included. */
export function sectionsOf(form: FormDoc): FormSection[] {
  const out: FormSection[] = [];
  for (const block of form.items) {
    if (block.type === 'section') out.push(block);
    else for (const tab of block.tabs) out.push(...tab.items);
  }
  return out;
}

/** The section with this id, anywhere in the form. */
export function findSection(form: FormDoc, sectionId: string): FormSection | undefined {
  return sectionsOf(form).find((s) => s.id === sectionId);
}

/** Where the item with this id sits, or undefined when no section holds it. */
export function locateItem(form: FormDoc, itemId: string): ItemLocation | undefined {
  for (const section of sectionsOf(form)) {
    const index = section.items.findIndex((item) => item.id === itemId);
    if (index >= 0) return { sectionId: section.id, index };
  }
  return undefined;
}

/** The item with this id, anywhere in the form. */
export function findItem(form: FormDoc, itemId: string): FormSectionItem | undefined {
  const at = locateItem(form, itemId);
  if (!at) return undefined;
  return findSection(form, at.sectionId)?.items[at.index];
}

/** Returns the form with each section passed through `update` (unchanged ones keep identity). */
export function mapSections(form: FormDoc, update: (section: FormSection) => FormSection): FormDoc {
  let changed = false;
  const mapSection = (section: FormSection) => {
    const next = update(section);
    if (next !== section) changed = true;
    return next;
  };
  const items = form.items.map((block): FormBlock => {
    if (block.type === 'section') return mapSection(block);
    let tabsChanged = false;
    const tabs = block.tabs.map((tab): FormTab => {
      const sections = tab.items.map(mapSection);
      if (sections.every((s, i) => s === tab.items[i])) return tab;
      tabsChanged = true;
      return { ...tab, items: sections };
    });
    return tabsChanged ? { ...block, tabs } : block;
  });
  return changed ? { ...form, items } : form;
}

/** Every block id used in the form: blocks, tabs, sections and items. */
export function blockIdsOf(form: FormDoc): Set<string> {
  const ids = new Set<string>();
  for (const block of form.items) {
    ids.add(block.id);
    if (block.type === 'tabs') for (const tab of block.tabs) ids.add(tab.id);
  }
  for (const section of sectionsOf(form)) {
    ids.add(section.id);
    for (const item of section.items) ids.add(item.id);
  }
  return ids;
}

/** The names of the fields the form places. */
export function placedFields(form: FormDoc): Set<string> {
  const names = new Set<string>();
  for (const section of sectionsOf(form)) {
    for (const item of section.items) if (item.type === 'field') names.add(item.field);
  }
  return names;
}

/** A block id not yet used in the form: `prefix`, `prefix_2`, `prefix_3`, … */
export function freshBlockId(form: FormDoc, prefix: string): string {
  const used = blockIdsOf(form);
  const base = prefix.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 56) || 'block';
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) {
    const id = `${base}_${n}`;
    if (!used.has(id)) return id;
  }
}

/** The tabs block with this id. */
export function findTabs(form: FormDoc, tabsId: string): FormTabs | undefined {
  return form.items.find((b): b is FormTabs => b.type === 'tabs' && b.id === tabsId);
}

/** Clamps an insertion index into 0..length. */
export function clampIndex(index: number, length: number): number {
  return Math.max(0, Math.min(Math.trunc(index), length));
}
