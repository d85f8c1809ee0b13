import type { FieldOf } from './field-type.js';
import { recordReferenceType } from './reference-types.js';

/** A reference to a record of `target` in a `u` slot, written and served as the record id. */
export const lookupType = recordReferenceType<FieldOf<'lookup'>>('lookup');
