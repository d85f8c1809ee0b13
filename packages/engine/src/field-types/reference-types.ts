import type { FieldOf, FieldType } from './field-type.js';
import {
  ARRAY_OPERATORS,
  coerceUuid,
  coerceUuidList,
  EQUALITY_OPERATORS,
} from './value-coercion.js';

/** A field type holding one record id in a `u` slot, written and served as the id. */
export function recordReferenceType<F extends FieldOf<'lookup'> | FieldOf<'master_detail'>>(
  type: F['type'],
): FieldType<F> {
  return {
    type,
    valueKind: () => 'uuid',
    slotted: () => true,
    writable: true,
    coerce: (_field, input) => coerceUuid(input),
    serialize: (_field, stored) => String(stored),
    operators: () => EQUALITY_OPERATORS,
    filterValue: (_field, input) => coerceUuid(input),
  };
}

/** A field type holding a user or department id in a `u` slot, or with `multiple` a list in `extra`. */
export function directoryReferenceType<F extends FieldOf<'user'> | FieldOf<'department'>>(
  type: F['type'],
): FieldType<F> {
  return {
    type,
    valueKind: (field) => (field.multiple === true ? 'text_array' : 'uuid'),
    slotted: (field) => field.multiple !== true,
    writable: true,
    coerce: (field, input) => (field.multiple === true ? coerceUuidList(input) : coerceUuid(input)),
    serialize: (field, stored) =>
      field.multiple === true ? (Array.isArray(stored) ? stored.map(String) : []) : String(stored),
    operators: (field) => (field.multiple === true ? ARRAY_OPERATORS : EQUALITY_OPERATORS),
    filterValue: (_field, input) => coerceUuid(input),
  };
}
