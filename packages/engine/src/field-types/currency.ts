import type { FieldOf, FieldType } from './field-type.js';
import {
  coerceDecimal,
  numericOperand,
  ORDERED_OPERATORS,
  serializeDecimal,
} from './value-coercion.js';

/** Digits of a currency field when the definition names none. */
export const CURRENCY_DEFAULT_PRECISION = 15;
/** Digits after the point of a currency field when the definition names none. */
export const CURRENCY_DEFAULT_SCALE = 2;

/** Money in one currency in an `n` slot, exact; served as a string past 15 digits. */
export const currencyType: FieldType<FieldOf<'currency'>> = {
  type: 'currency',
  valueKind: () => 'numeric',
  slotted: () => true,
  writable: true,
  coerce: (field, input) =>
    coerceDecimal(input, {
      precision: field.precision ?? CURRENCY_DEFAULT_PRECISION,
      scale: field.scale ?? CURRENCY_DEFAULT_SCALE,
      min: field.min,
      max: field.max,
    }),
  serialize: (field, stored) =>
    serializeDecimal(stored, field.precision ?? CURRENCY_DEFAULT_PRECISION),
  operators: () => ORDERED_OPERATORS,
  filterValue: (_field, input) => numericOperand(input),
};
