import type { FieldDef, ObjectDoc } from './generated/types.js';

/**
 * Column names every record has; no field may take them, and clients never write them. One list
 * for the documents and the runtime: a field named like a column the runtime treats as a system
 * one would be unwritable, and always readable whatever its field-level security.
 */
export const SYSTEM_FIELD_NAMES: ReadonlySet<string> = new Set([
  'id',
  'tenant_id',
  'object_id',
  'owner_id',
  'created_by',
  'created_at',
  'updated_by',
  'updated_at',
  'version',
  'deleted_at',
]);

/** A field that points to a record of another object. */
export type RelationField = Extract<FieldDef, { type: 'lookup' | 'master_detail' }>;

/** True for lookup and master-detail fields. */
export function isRelationField(field: FieldDef): field is RelationField {
  return field.type === 'lookup' || field.type === 'master_detail';
}

/** True when the field holds a number that can be summed or averaged. */
export function isNumericField(field: FieldDef): boolean {
  switch (field.type) {
    case 'integer':
    case 'number':
    case 'currency':
    case 'percent':
    case 'rating':
    case 'rollup':
      return true;
    case 'formula':
      return (
        field.resultType === 'number' ||
        field.resultType === 'currency' ||
        field.resultType === 'percent'
      );
    default:
      return false;
  }
}

/** True when the field holds a date or a point in time. */
export function isTemporalField(field: FieldDef): boolean {
  if (field.type === 'date' || field.type === 'datetime') return true;
  return (
    field.type === 'formula' && (field.resultType === 'date' || field.resultType === 'datetime')
  );
}

/** The fields of an object by name (the first of a duplicated name wins). */
export function fieldsByName(object: ObjectDoc): Map<string, FieldDef> {
  const fields = new Map<string, FieldDef>();
  for (const field of object.fields) if (!fields.has(field.name)) fields.set(field.name, field);
  return fields;
}
