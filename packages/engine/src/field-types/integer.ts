import { accept, type FieldOf, type FieldType, refuse } from './field-type.js';
import { coerceDecimal, numericOperand, ORDERED_OPERATORS } from './value-coercion.js';

/** Whole numbers in an `n` slot, within JavaScript's safe integer range. */
export const integerType: FieldType<FieldOf<'integer'>> = {
  type: 'integer',
  valueKind: () => 'numeric',
  slotted: () => true,
  writable: true,
  coerce(field, input) {
    const decimal = coerceDecimal(input, {
      precision: 15,
      scale: 0,
      min: field.min,
      max: field.max,
    });
    if (!decimal.ok) {
      return decimal.issue.code === 'SCALE' ? refuse('TYPE', 'Expected a whole number.') : decimal;
    }
    if (!Number.isSafeInteger(Number(decimal.value))) {
      return refuse('TOO_LARGE', 'The number is too large.', { max: Number.MAX_SAFE_INTEGER });
    }
    return accept(decimal.value);
  },
  serialize: (_field, stored) => Number(stored),
  operators: () => ORDERED_OPERATORS,
  filterValue: (_field, input) => numericOperand(input),
};
