import type { FieldOf } from './field-type.js';
import { directoryReferenceType } from './reference-types.js';

/** A user id in a `u` slot, or with `multiple` a list of ids kept in `extra`. */
export const userType = directoryReferenceType<FieldOf<'user'>>('user');
