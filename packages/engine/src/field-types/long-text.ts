import type { FieldOf, FieldType } from './field-type.js';
import { coerceText, LONG_TEXT_OPERATORS, textOperand } from './value-coercion.js';

/** Default maximum length of long and rich text, in characters. */
export const LONG_TEXT_MAX_LENGTH = 100_000;

/** Multi-line plain text, kept in `extra` (never indexed). */
export const longTextType: FieldType<FieldOf<'long_text'>> = {
  type: 'long_text',
  valueKind: () => 'text',
  slotted: () => false,
  writable: true,
  coerce: (field, input) =>
    coerceText(input, { maxLength: field.maxLength ?? LONG_TEXT_MAX_LENGTH }),
  serialize: (_field, stored) => String(stored),
  operators: () => LONG_TEXT_OPERATORS,
  filterValue: (_field, input) => textOperand(input),
};
