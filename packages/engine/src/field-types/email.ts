import { accept, type FieldOf, type FieldType, refuse } from './field-type.js';
import { coerceText, TEXT_OPERATORS, textOperand } from './value-coercion.js';

const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/u;

/** An e-mail address in a `t` slot, stored trimmed with the domain lower-cased. */
export const emailType: FieldType<FieldOf<'email'>> = {
  type: 'email',
  valueKind: () => 'text',
  slotted: () => true,
  writable: true,
  coerce(_field, input) {
    const text = coerceText(typeof input === 'string' ? input.trim() : input, { maxLength: 254 });
    if (!text.ok) return text;
    if (!EMAIL.test(text.value))
      return refuse('FORMAT', 'Expected an e-mail address.', { format: 'email' });
    const at = text.value.lastIndexOf('@');
    return accept(text.value.slice(0, at) + text.value.slice(at).toLowerCase());
  },
  serialize: (_field, stored) => String(stored),
  operators: () => TEXT_OPERATORS,
  filterValue: (_field, input) => textOperand(input),
};
