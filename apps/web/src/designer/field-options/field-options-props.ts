import type { FieldDef, ObjectDoc } from '@tangram/schema';

/** What an option editor of one field type is given: the field being edited and its context. */
export interface FieldOptionsProps {
  readonly field: FieldDef;
  /** Replaces the field definition (type options included). */
  readonly onChange: (field: FieldDef) => void;
  /** The object the field belongs to, as edited. */
  readonly object: ObjectDoc;
  /** The names and labels of every object of the tenant (lookup targets, rollup children). */
  readonly objects: readonly { readonly name: string; readonly label: unknown }[];
  readonly locale: string;
}

/** Sets or removes (undefined) one option of a field. */
export function withOption(field: FieldDef, key: string, value: unknown): FieldDef {
  const next: Record<string, unknown> = { ...field };
  if (value === undefined || value === '' || value === null) delete next[key];
  else next[key] = value;
  return next as unknown as FieldDef;
}
