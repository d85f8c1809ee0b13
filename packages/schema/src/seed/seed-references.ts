import type { RecordReference, UserReference } from '../generated/types.js';

/** True for `{ "$ref": "<seed key>" }`, the value of a lookup or master-detail field in a seed. */
export function isRecordReference(value: unknown): value is RecordReference {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as Record<string, unknown>).$ref === 'string'
  );
}

/** True for `{ "$user": "installer" }`, the value of a user field in a seed. */
export function isUserReference(value: unknown): value is UserReference {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    (value as Record<string, unknown>).$user === 'installer'
  );
}
