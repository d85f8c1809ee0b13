import type { FieldOf, FieldType } from './field-type.js';
import { coerceBoolean, EQUALITY_OPERATORS } from './value-coercion.js';

/** Yes or no in a `b` slot. */
export const booleanType: FieldType<FieldOf<'boolean'>> = {
  type: 'boolean',
  valueKind: () => 'boolean',
  slotted: () => true,
  writable: true,
  coerce: (_field, input) => coerceBoolean(input),
  serialize: (_field, stored) => stored === true || stored === 'true',
  operators: () => EQUALITY_OPERATORS.filter((op) => op !== 'in' && op !== 'not_in'),
  filterValue: (_field, input) => coerceBoolean(input),
};
