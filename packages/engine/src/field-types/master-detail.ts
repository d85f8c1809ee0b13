import type { FieldOf } from './field-type.js';
import { recordReferenceType } from './reference-types.js';

/** A reference to the parent record (`target`) in a `u` slot; deleting the parent cascades. */
export const masterDetailType = recordReferenceType<FieldOf<'master_detail'>>('master_detail');
