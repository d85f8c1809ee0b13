import type { FieldOf, FieldType } from './field-type.js';
import { refuse } from './field-type.js';
import { TEXT_OPERATORS, textOperand } from './value-coercion.js';

/** A number assigned on creation from `pattern`, in a `t` slot; never written by clients. */
export const autonumberType: FieldType<FieldOf<'autonumber'>> = {
  type: 'autonumber',
  valueKind: () => 'text',
  slotted: () => true,
  writable: false,
  coerce: () => refuse('READ_ONLY_FIELD', 'This number is assigned by the system.'),
  serialize: (_field, stored) => String(stored),
  operators: () => TEXT_OPERATORS,
  filterValue: (_field, input) => textOperand(input),
};
