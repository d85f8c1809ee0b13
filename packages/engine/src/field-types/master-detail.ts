import type { FieldOf, FieldType } from './field-type.js';
import { coerceUuid, EQUALITY_OPERATORS } from './value-coercion.js';

/** A reference to the parent record (`target`) in a `u` slot, written and served as the record id. */
export const masterDetailType: FieldType<FieldOf<'master_detail'>> = {
  type: 'master_detail',
  valueKind: () => 'uuid',
  slotted: () => true,
  writable: true,
  coerce: (_field, input) => coerceUuid(input),
  serialize: (_field, stored) => String(stored),
  operators: () => EQUALITY_OPERATORS,
  filterValue: (_field, input) => coerceUuid(input),
};
