import { accept, type FieldOf, type FieldType, refuse } from './field-type.js';
import { TEXT_OPERATORS, textOperand } from './value-coercion.js';

const CN_MOBILE = /^(?:\+?86)?(1[3-9]\d{9})$/;
const E164 = /^\+[1-9]\d{1,14}$/;
const ANY_PHONE = /^\+?[0-9][0-9 ()#*.-]{2,31}$/;

/** A phone number in a `t` slot; `cn_mobile` is stored as its 11 digits, `e164` as +digits. */
export const phoneType: FieldType<FieldOf<'phone'>> = {
  type: 'phone',
  valueKind: () => 'text',
  slotted: () => true,
  writable: true,
  coerce(field, input) {
    if (typeof input !== 'string')
      return refuse('TYPE', 'Expected a phone number.', { expected: 'string' });
    const format = field.format ?? 'any';
    const compact = input.replace(/[\s-]/g, '');
    switch (format) {
      case 'cn_mobile': {
        const match = CN_MOBILE.exec(compact);
        return match?.[1]
          ? accept(match[1])
          : refuse('FORMAT', 'Expected a mainland China mobile number.', { format });
      }
      case 'e164':
        return E164.test(compact)
          ? accept(compact)
          : refuse('FORMAT', 'Expected a number like +8613800138000.', { format });
      case 'any':
        return ANY_PHONE.test(input.trim())
          ? accept(input.trim())
          : refuse('FORMAT', 'Expected a phone number.', { format });
    }
  },
  serialize: (_field, stored) => String(stored),
  operators: () => TEXT_OPERATORS,
  filterValue: (_field, input) => textOperand(input),
};
