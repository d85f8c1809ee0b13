import { findRegion } from '../regions/cn-regions.js';
import { accept, type FieldOf, type FieldType, refuse } from './field-type.js';
import { EQUALITY_OPERATORS, textOperand } from './value-coercion.js';

// China's administrative division codes nest by prefix: province '11', city '1101', district
// '110105'. A field stores the code of the level it is picked to, so `starts_with '11'` finds
// everything in Beijing whatever the level.
const DIGITS_BY_LEVEL = { province: 2, city: 4, district: 6 } as const;

/**
 * The code of an administrative division of China at the field's level, in a `t` slot; the code
 * must be one of the divisions in `regions/cn-divisions-data.ts`.
 */
export const regionType: FieldType<FieldOf<'region'>> = {
  type: 'region',
  valueKind: () => 'text',
  slotted: () => true,
  writable: true,
  coerce(field, input) {
    const digits = DIGITS_BY_LEVEL[field.level];
    if (typeof input !== 'string' || !new RegExp(`^\\d{${digits}}$`).test(input)) {
      return refuse('FORMAT', `Expected a ${digits}-digit ${field.level} code.`, {
        format: 'region',
        level: field.level,
      });
    }
    if (!findRegion(input)) {
      return refuse('UNKNOWN_REGION', 'No administrative division of China has this code.', {
        level: field.level,
      });
    }
    return accept(input);
  },
  serialize: (_field, stored) => String(stored),
  operators: () => [...EQUALITY_OPERATORS, 'starts_with'],
  filterValue: (_field, input) => textOperand(input),
};
