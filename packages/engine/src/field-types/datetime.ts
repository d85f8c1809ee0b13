import type { FieldOf, FieldType } from './field-type.js';
import { coerceDatetime, serializeDatetime, TEMPORAL_OPERATORS } from './value-coercion.js';

/** A point in time in a `ts` slot, served as ISO 8601 UTC. */
export const datetimeType: FieldType<FieldOf<'datetime'>> = {
  type: 'datetime',
  valueKind: () => 'timestamptz',
  slotted: () => true,
  writable: true,
  coerce: (field, input) => coerceDatetime(input, { min: field.min, max: field.max }),
  serialize: (_field, stored) => serializeDatetime(stored),
  operators: () => TEMPORAL_OPERATORS,
  filterValue: (_field, input) => coerceDatetime(input),
};
