import type { FieldOf, FieldType } from './field-type.js';
import { accept, refuse } from './field-type.js';
import {
  coerceDate,
  coerceDatetime,
  numericOperand,
  ORDERED_OPERATORS,
  serializeDatetime,
  serializeDecimal,
  TEMPORAL_OPERATORS,
  TEXT_OPERATORS,
  textOperand,
  toDecimalString,
} from './value-coercion.js';

type FormulaField = FieldOf<'formula'>;

/** Digits after the point a numeric formula keeps when the definition names none. */
export const FORMULA_DEFAULT_SCALE = 6;

function roundDecimal(decimal: string, scale: number): string {
  const point = decimal.indexOf('.');
  if (point < 0 || decimal.length - point - 1 <= scale) return decimal;
  const rounded = Number(decimal).toFixed(scale);
  return toDecimalString(rounded) ?? rounded;
}

/**
 * A value computed from the record by `expression` on every write and stored in the slot of its
 * `resultType`, so that it can be filtered and sorted. Its `coerce` takes the computed result.
 */
export const formulaType: FieldType<FormulaField> = {
  type: 'formula',
  valueKind(field) {
    switch (field.resultType) {
      case 'text':
        return 'text';
      case 'number':
      case 'currency':
      case 'percent':
        return 'numeric';
      case 'date':
        return 'date';
      case 'datetime':
        return 'timestamptz';
      case 'boolean':
        return 'boolean';
    }
  },
  slotted: () => true,
  writable: false,
  coerce(field, result) {
    switch (field.resultType) {
      case 'text':
        return typeof result === 'object'
          ? refuse('TYPE', 'The formula gave no text.')
          : accept(String(result));
      case 'number':
      case 'currency':
      case 'percent': {
        const decimal = toDecimalString(result);
        if (decimal === undefined) return refuse('TYPE', 'The formula gave no number.');
        return accept(
          roundDecimal(
            decimal,
            field.scale ?? (field.resultType === 'number' ? FORMULA_DEFAULT_SCALE : 2),
          ),
        );
      }
      case 'date':
        return coerceDate(typeof result === 'string' ? result.slice(0, 10) : result);
      case 'datetime':
        return coerceDatetime(result);
      case 'boolean':
        return accept(Boolean(result));
    }
  },
  serialize(field, stored) {
    switch (field.resultType) {
      case 'text':
      case 'date':
        return String(stored);
      case 'number':
      case 'currency':
      case 'percent':
        return serializeDecimal(stored, 15);
      case 'datetime':
        return serializeDatetime(stored);
      case 'boolean':
        return stored === true || stored === 'true';
    }
  },
  operators(field) {
    switch (field.resultType) {
      case 'text':
        return TEXT_OPERATORS;
      case 'number':
      case 'currency':
      case 'percent':
        return ORDERED_OPERATORS;
      case 'date':
      case 'datetime':
        return TEMPORAL_OPERATORS;
      case 'boolean':
        return ['eq', 'ne', 'is_empty', 'is_not_empty'];
    }
  },
  filterValue(field, input) {
    switch (field.resultType) {
      case 'text':
        return textOperand(input);
      case 'number':
      case 'currency':
      case 'percent':
        return numericOperand(input);
      case 'date':
        return coerceDate(input);
      case 'datetime':
        return coerceDatetime(input);
      case 'boolean':
        return typeof input === 'boolean'
          ? accept(input)
          : refuse('TYPE', 'Expected true or false.');
    }
  },
};
