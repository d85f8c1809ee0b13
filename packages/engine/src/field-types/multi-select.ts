import { accept, type FieldOf, type FieldType, refuse } from './field-type.js';
import { coerceOption } from './select-options.js';
import { ARRAY_OPERATORS } from './value-coercion.js';

/** An array of distinct option values, kept in `extra`. */
export const multiSelectType: FieldType<FieldOf<'multi_select'>> = {
  type: 'multi_select',
  valueKind: () => 'text_array',
  slotted: () => false,
  writable: true,
  coerce(field, input) {
    if (!Array.isArray(input)) {
      return refuse('TYPE', 'Expected a list of option values.', { expected: 'array' });
    }
    const values: string[] = [];
    for (const item of input) {
      const option = coerceOption(field.options, item, { allowInactive: false });
      if (!option.ok) return option;
      if (!values.includes(option.value)) values.push(option.value);
    }
    if (field.maxSelected !== undefined && values.length > field.maxSelected) {
      return refuse('TOO_MANY', `At most ${field.maxSelected} options.`, {
        maxSelected: field.maxSelected,
      });
    }
    return accept(values);
  },
  serialize: (_field, stored) => (Array.isArray(stored) ? stored.map(String) : []),
  operators: () => ARRAY_OPERATORS,
  filterValue: (field, input) => coerceOption(field.options, input, { allowInactive: true }),
};
