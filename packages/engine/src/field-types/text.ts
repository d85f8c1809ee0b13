import { accept, type FieldOf, type FieldType, refuse } from './field-type.js';
import { coerceText, TEXT_OPERATORS, textOperand } from './value-coercion.js';

/** Default maximum length of single-line text, in characters. */
export const TEXT_MAX_LENGTH = 255;

/** Single-line text in a `t` slot: length in characters, optional pattern. */
export const textType: FieldType<FieldOf<'text'>> = {
  type: 'text',
  valueKind: () => 'text',
  slotted: () => true,
  writable: true,
  coerce(field, input) {
    const text = coerceText(input, {
      maxLength: field.maxLength ?? TEXT_MAX_LENGTH,
      ...(field.minLength === undefined ? {} : { minLength: field.minLength }),
    });
    if (!text.ok) return text;
    if (field.pattern !== undefined && !new RegExp(field.pattern, 'u').test(text.value)) {
      return refuse('PATTERN', 'The text does not have the expected form.', {
        pattern: field.pattern,
      });
    }
    return accept(text.value);
  },
  serialize: (_field, stored) => String(stored),
  operators: () => TEXT_OPERATORS,
  filterValue: (_field, input) => textOperand(input),
};
