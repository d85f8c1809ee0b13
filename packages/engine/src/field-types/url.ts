import { accept, type FieldOf, type FieldType, refuse } from './field-type.js';
import { TEXT_OPERATORS, textOperand } from './value-coercion.js';

/** Longest web address accepted, in characters. */
export const URL_MAX_LENGTH = 2048;

/** An http(s) address in a `t` slot. */
export const urlType: FieldType<FieldOf<'url'>> = {
  type: 'url',
  valueKind: () => 'text',
  slotted: () => true,
  writable: true,
  coerce(_field, input) {
    if (typeof input !== 'string')
      return refuse('TYPE', 'Expected a web address.', { expected: 'string' });
    const text = input.trim();
    if (text.length > URL_MAX_LENGTH) {
      return refuse('TOO_LONG', `At most ${URL_MAX_LENGTH} characters.`, {
        maxLength: URL_MAX_LENGTH,
      });
    }
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return refuse('FORMAT', 'Expected a web address.', { format: 'url' });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return refuse('FORMAT', 'Expected an http or https address.', { format: 'url' });
    }
    return accept(text);
  },
  serialize: (_field, stored) => String(stored),
  operators: () => TEXT_OPERATORS,
  filterValue: (_field, input) => textOperand(input),
};
