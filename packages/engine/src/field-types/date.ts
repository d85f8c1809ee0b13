import type { FieldOf, FieldType } from './field-type.js';
import { coerceDate, TEMPORAL_OPERATORS } from './value-coercion.js';

/** A calendar date 'YYYY-MM-DD' in a `d` slot. */
export const dateType: FieldType<FieldOf<'date'>> = {
  type: 'date',
  valueKind: () => 'date',
  slotted: () => true,
  writable: true,
  coerce: (field, input) => coerceDate(input, { min: field.min, max: field.max }),
  serialize: (_field, stored) => String(stored).slice(0, 10),
  operators: () => TEMPORAL_OPERATORS,
  filterValue: (_field, input) => coerceDate(input),
};
