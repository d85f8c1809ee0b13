import type { FieldOf, FieldType } from './field-type.js';
import { coerceDecimal, numericOperand, ORDERED_OPERATORS } from './value-coercion.js';

/** Stars of a rating field when the definition names none. */
export const RATING_DEFAULT_MAX = 5;

/** Whole stars from 1 to `max` in an `n` slot. */
export const ratingType: FieldType<FieldOf<'rating'>> = {
  type: 'rating',
  valueKind: () => 'numeric',
  slotted: () => true,
  writable: true,
  coerce: (field, input) =>
    coerceDecimal(input, { precision: 2, scale: 0, min: 1, max: field.max ?? RATING_DEFAULT_MAX }),
  serialize: (_field, stored) => Number(stored),
  operators: () => ORDERED_OPERATORS,
  filterValue: (_field, input) => numericOperand(input),
};
