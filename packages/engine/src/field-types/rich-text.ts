import type { FieldOf, FieldType } from './field-type.js';
import { coerceText, LONG_TEXT_OPERATORS, textOperand } from './value-coercion.js';

/** Default maximum length of long and rich text, in characters. */
export const RICH_TEXT_MAX_LENGTH = 100_000;

/** Formatted text (HTML), kept in `extra` (never indexed). */
export const richTextType: FieldType<FieldOf<'rich_text'>> = {
  type: 'rich_text',
  valueKind: () => 'text',
  slotted: () => false,
  writable: true,
  coerce: (field, input) =>
    coerceText(input, { maxLength: field.maxLength ?? RICH_TEXT_MAX_LENGTH }),
  serialize: (_field, stored) => String(stored),
  operators: () => LONG_TEXT_OPERATORS,
  filterValue: (_field, input) => textOperand(input),
};
