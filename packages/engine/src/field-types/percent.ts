import type { FieldOf, FieldType } from './field-type.js';
import {
  coerceDecimal,
  numericOperand,
  ORDERED_OPERATORS,
  serializeDecimal,
} from './value-coercion.js';

/** Digits after the point of a percent field when the definition names none. */
export const PERCENT_DEFAULT_SCALE = 2;

/** A percentage (50 means 50 %) in an `n` slot. */
export const percentType: FieldType<FieldOf<'percent'>> = {
  type: 'percent',
  valueKind: () => 'numeric',
  slotted: () => true,
  writable: true,
  coerce: (field, input) =>
    coerceDecimal(input, {
      precision: 15,
      scale: field.scale ?? PERCENT_DEFAULT_SCALE,
      min: field.min,
      max: field.max,
    }),
  serialize: (_field, stored) => serializeDecimal(stored, 15),
  operators: () => ORDERED_OPERATORS,
  filterValue: (_field, input) => numericOperand(input),
};
