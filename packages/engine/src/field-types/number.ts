import type { FieldOf, FieldType } from './field-type.js';
import {
  coerceDecimal,
  numericOperand,
  ORDERED_OPERATORS,
  serializeDecimal,
} from './value-coercion.js';

/** Digits of a number field when the definition names none. */
export const NUMBER_DEFAULT_PRECISION = 18;
/** Digits after the point of a number field when the definition names none. */
export const NUMBER_DEFAULT_SCALE = 6;

/** Decimal numbers in an `n` slot, exact to `precision` and `scale`. */
export const numberType: FieldType<FieldOf<'number'>> = {
  type: 'number',
  valueKind: () => 'numeric',
  slotted: () => true,
  writable: true,
  coerce: (field, input) =>
    coerceDecimal(input, {
      precision: field.precision ?? NUMBER_DEFAULT_PRECISION,
      scale: field.scale ?? NUMBER_DEFAULT_SCALE,
      min: field.min,
      max: field.max,
    }),
  serialize: (field, stored) =>
    serializeDecimal(stored, field.precision ?? NUMBER_DEFAULT_PRECISION),
  operators: () => ORDERED_OPERATORS,
  filterValue: (_field, input) => numericOperand(input),
};
