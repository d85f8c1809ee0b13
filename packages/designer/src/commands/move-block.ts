import type { FormDoc } from '@tangram/schema';
import { clampIndex } from './form-tree.js';

/**
 * Moves a top-level block (section or tabs) to `toIndex`, counted in the list as it is before the
 * move. Unchanged when no top-level block has the id.
 */
export function moveBlock(form: FormDoc, blockId: string, toIndex: number): FormDoc {
  const from = form.items.findIndex((b) => b.id === blockId);
  if (from < 0) return form;
  let index = clampIndex(toIndex, form.items.length);
  if (index > from) index -= 1;
  if (index === from) return form;
  const items = [...form.items];
  const [block] = items.splice(from, 1);
  items.splice(index, 0, block!);
  return { ...form, items };
}
