import type { FormDoc, FormFieldItem, FormSection } from '@tangram/schema';

/** A field item for tests. */
export function fieldItem(field: string, extra: Partial<FormFieldItem> = {}): FormFieldItem {
  return { type: 'field', id: `f_${field}`, field, ...extra };
}

/** A section for tests. */
export function section(id: string, fields: string[], columns = 2): FormSection {
  return { type: 'section', id, columns, items: fields.map((f) => fieldItem(f)) };
}

/** A form with two sections (`a`: name, phone; `b`: amount) and a tabs block for tests. */
export function testForm(): FormDoc {
  return {
    kind: 'form',
    schemaVersion: 1,
    name: 'deal_form',
    label: { en: 'Deal' },
    object: 'deal',
    items: [
      section('a', ['name', 'phone']),
      section('b', ['amount']),
      {
        type: 'tabs',
        id: 'more',
        tabs: [{ id: 'tab1', label: { en: 'More' }, items: [section('t1', ['notes'], 1)] }],
      },
    ],
  };
}

/** The field names of each section, in order, for compact assertions. */
export function layoutOf(form: FormDoc): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const visit = (s: FormSection) => {
    out[s.id] = s.items.map((i) => (i.type === 'field' ? i.field : `<${i.type}:${i.id}>`));
  };
  for (const block of form.items) {
    if (block.type === 'section') visit(block);
    else for (const tab of block.tabs) for (const s of tab.items) visit(s);
  }
  return out;
}
