import type { FieldOf, FieldType } from './field-type.js';
import { coerceOption } from './select-options.js';
import { EQUALITY_OPERATORS } from './value-coercion.js';

/** One option value in a `t` slot; inactive options are refused on write, kept on old records. */
export const singleSelectType: FieldType<FieldOf<'single_select'>> = {
  type: 'single_select',
  valueKind: () => 'text',
  slotted: () => true,
  writable: true,
  coerce: (field, input) => coerceOption(field.options, input, { allowInactive: false }),
  serialize: (_field, stored) => String(stored),
  operators: () => EQUALITY_OPERATORS,
  filterValue: (field, input) => coerceOption(field.options, input, { allowInactive: true }),
};
