import type { FieldDef } from '@tangram/schema';
import { metadataSchemas } from '@tangram/schema';

/** Every field type of the schema, in the schema's order. */
export const FIELD_TYPES: readonly FieldDef['type'][] = (
  metadataSchemas['field.schema.json'] as { properties: { type: { enum: FieldDef['type'][] } } }
).properties.type.enum;

/** The options every field type has (everything else in a definition belongs to its type). */
export const COMMON_FIELD_KEYS = new Set([
  'name',
  'type',
  'label',
  'description',
  'helpText',
  'required',
  'unique',
  'readOnly',
  'indexed',
  'filterable',
  'sortable',
  'searchable',
  'externalId',
  'default',
  'sensitive',
  'storage',
]);

/** The field with another type: common options kept, the old type's options replaced. */
export function changeFieldType(
  field: FieldDef,
  type: FieldDef['type'],
  initial: Record<string, unknown>,
): FieldDef {
  const kept = Object.fromEntries(
    Object.entries(field).filter(([key]) => COMMON_FIELD_KEYS.has(key)),
  );
  return { ...kept, ...initial, type } as unknown as FieldDef;
}
