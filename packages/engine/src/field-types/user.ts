import type { FieldOf, FieldType } from './field-type.js';
import {
  ARRAY_OPERATORS,
  coerceUuid,
  coerceUuidList,
  EQUALITY_OPERATORS,
} from './value-coercion.js';

/** A user id in a `u` slot, or with `multiple` a list of ids kept in `extra`. */
export const userType: FieldType<FieldOf<'user'>> = {
  type: 'user',
  valueKind: (field) => (field.multiple === true ? 'text_array' : 'uuid'),
  slotted: (field) => field.multiple !== true,
  writable: true,
  coerce: (field, input) => (field.multiple === true ? coerceUuidList(input) : coerceUuid(input)),
  serialize: (field, stored) =>
    field.multiple === true ? (Array.isArray(stored) ? stored.map(String) : []) : String(stored),
  operators: (field) => (field.multiple === true ? ARRAY_OPERATORS : EQUALITY_OPERATORS),
  filterValue: (_field, input) => coerceUuid(input),
};
