import type { FormDoc, FormSectionItem, LocalizedText, ObjectDoc } from '@tangram/schema';
import { addSection } from './commands/add-section.js';
import { addTabs } from './commands/add-tabs.js';
import { freshBlockId, locateItem, placedFields, sectionsOf } from './commands/form-tree.js';
import { insertItem } from './commands/insert-item.js';
import { moveBlock } from './commands/move-block.js';
import { moveItem } from './commands/move-item.js';
import type { FormCommand } from './designer-store.js';

/** A child object that can appear as a sub-table: its records point here through `relationField`. */
export interface ChildRelation {
  readonly object: ObjectDoc;
  readonly relationField: string;
}

/** What a drop needs besides the form: default labels for new blocks and the child objects. */
export interface DropContext {
  readonly sectionLabel: LocalizedText;
  readonly tabLabel: (n: number) => LocalizedText;
  readonly childRelations?: readonly ChildRelation[];
}

/** Drag and drop ids: what is dragged and what it is dropped on, as plain strings. */
export const dragId = {
  paletteField: (field: string) => `palette-field:${field}`,
  paletteSection: (columns: number) => `palette-block:section-${columns}`,
  paletteTabs: 'palette-block:tabs',
  paletteDivider: 'palette-block:divider',
  paletteText: 'palette-block:text',
  paletteSubtable: (object: string, relationField: string) =>
    `palette-subtable:${object}:${relationField}`,
  item: (id: string) => `item:${id}`,
  block: (id: string) => `block:${id}`,
  sectionEnd: (sectionId: string) => `section-end:${sectionId}`,
  gap: (index: number) => `gap:${index}`,
} as const;

type ItemPlace = { readonly sectionId: string; readonly index: number; readonly overItem: boolean };

function split(id: string): [string, string] {
  const at = id.indexOf(':');
  return at < 0 ? [id, ''] : [id.slice(0, at), id.slice(at + 1)];
}

function topLevelIndexOf(form: FormDoc, sectionOrBlockId: string): number {
  return form.items.findIndex(
    (block) =>
      block.id === sectionOrBlockId ||
      (block.type === 'tabs' &&
        block.tabs.some(
          (tab) => tab.id === sectionOrBlockId || tab.items.some((s) => s.id === sectionOrBlockId),
        )),
  );
}

/** Where an item dropped on `overId` goes: a section and a position in it. */
function itemPlace(form: FormDoc, overId: string): ItemPlace | undefined {
  const [kind, rest] = split(overId);
  if (kind === 'item') {
    const at = locateItem(form, rest);
    return at ? { ...at, overItem: true } : undefined;
  }
  if (kind === 'section-end' || kind === 'block') {
    const section = sectionsOf(form).find((s) => s.id === rest);
    return section
      ? { sectionId: section.id, index: section.items.length, overItem: false }
      : undefined;
  }
  return undefined;
}

/** Where a block dropped on `overId` goes among the top-level blocks. */
function blockIndex(form: FormDoc, overId: string): number | undefined {
  const [kind, rest] = split(overId);
  if (kind === 'gap') return Number(rest);
  if (kind === 'block' || kind === 'section-end') {
    const index = topLevelIndexOf(form, rest);
    return index < 0 ? undefined : index;
  }
  if (kind === 'item') {
    const at = locateItem(form, rest);
    const index = at ? topLevelIndexOf(form, at.sectionId) : -1;
    return index < 0 ? undefined : index;
  }
  return undefined;
}

function newItem(
  form: FormDoc,
  activeId: string,
  context: DropContext,
): FormSectionItem | undefined {
  const [kind, rest] = split(activeId);
  if (kind === 'palette-field') {
    if (placedFields(form).has(rest)) return undefined;
    return { type: 'field', id: freshBlockId(form, `f_${rest}`), field: rest };
  }
  if (activeId === dragId.paletteDivider)
    return { type: 'divider', id: freshBlockId(form, 'divider') };
  if (activeId === dragId.paletteText) {
    return { type: 'text', id: freshBlockId(form, 'text'), content: { ...context.sectionLabel } };
  }
  if (kind === 'palette-subtable') {
    const [object, relationField] = rest.split(':');
    const child = context.childRelations?.find(
      (c) => c.object.name === object && c.relationField === relationField,
    );
    if (!child) return undefined;
    const columns = child.object.fields
      .filter((f) => f.name !== relationField)
      .slice(0, 4)
      .map((f) => f.name);
    if (columns.length === 0) return undefined;
    return {
      type: 'subtable',
      id: freshBlockId(form, `sub_${child.object.name}`),
      object: child.object.name,
      relationField: child.relationField,
      label: child.object.pluralLabel ?? child.object.label,
      columns,
    };
  }
  return undefined;
}

/**
 * The command a drop performs: a palette field, divider, text or sub-table put into a section, a
 * canvas item moved, a new section or tabs block put among the blocks, or a block moved. Null
 * when the drop means nothing (dropped outside, or a field already on the form).
 */
export function resolveDrop(
  form: FormDoc,
  activeId: string,
  overId: string | null,
  context: DropContext,
): FormCommand | null {
  if (overId === null || overId === activeId) return null;
  const [kind, rest] = split(activeId);

  if (kind === 'item') {
    const from = locateItem(form, rest);
    const to = itemPlace(form, overId);
    if (!from || !to) return null;
    // Dropped on a later item of its own section, it takes that item's place (after it).
    const index =
      to.overItem && to.sectionId === from.sectionId && from.index < to.index
        ? to.index + 1
        : to.index;
    return (f) => moveItem(f, rest, to.sectionId, index);
  }

  if (kind === 'block') {
    const to = blockIndex(form, overId);
    const from = form.items.findIndex((b) => b.id === rest);
    if (to === undefined || from < 0) return null;
    return (f) => moveBlock(f, rest, from < to ? to + 1 : to);
  }

  if (activeId.startsWith('palette-block:section-')) {
    const columns = Number(activeId.slice('palette-block:section-'.length));
    const index = blockIndex(form, overId);
    if (index === undefined) return null;
    return (f) =>
      addSection(
        f,
        { id: freshBlockId(f, 'section'), columns, label: context.sectionLabel },
        { index },
      );
  }

  if (activeId === dragId.paletteTabs) {
    const index = blockIndex(form, overId);
    if (index === undefined) return null;
    return (f) => {
      const tabsId = freshBlockId(f, 'tabs');
      const one = freshBlockId(f, 'tab');
      const two = `${one}_b`;
      return addTabs(
        f,
        tabsId,
        [
          { id: one, label: context.tabLabel(1), sectionId: `${one}_s` },
          { id: two, label: context.tabLabel(2), sectionId: `${two}_s` },
        ],
        index,
      );
    };
  }

  const item = newItem(form, activeId, context);
  const to = itemPlace(form, overId);
  if (!item || !to) return null;
  return (f) => insertItem(f, to.sectionId, to.index, item);
}
