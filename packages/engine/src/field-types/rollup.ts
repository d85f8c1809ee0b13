import type { FieldOf, FieldType } from './field-type.js';
import { accept, refuse } from './field-type.js';
import {
  numericOperand,
  ORDERED_OPERATORS,
  serializeDecimal,
  toDecimalString,
} from './value-coercion.js';

/**
 * An aggregate of child records kept in an `n` slot, recomputed in the transaction that writes a
 * child. Its `coerce` takes the aggregate. (Rollups of dates are stored as numbers for now.)
 */
export const rollupType: FieldType<FieldOf<'rollup'>> = {
  type: 'rollup',
  valueKind: () => 'numeric',
  slotted: () => true,
  writable: false,
  coerce(_field, aggregate) {
    const decimal = toDecimalString(aggregate);
    return decimal === undefined ? refuse('TYPE', 'The rollup gave no number.') : accept(decimal);
  },
  serialize: (_field, stored) => serializeDecimal(stored, 15),
  operators: () => ORDERED_OPERATORS,
  filterValue: (_field, input) => numericOperand(input),
};
