import jsonPatch from 'fast-json-patch';
import type { JsonPatchOperation } from '../ports/metadata-store.js';

/** The RFC 6902 patch turning JSON value `from` into `to` (`{}` stands for "nothing"). */
export function diffJson(from: object, to: object): JsonPatchOperation[] {
  return jsonPatch.compare(from, to) as JsonPatchOperation[];
}

/** True when two JSON values are structurally equal (key order does not matter). */
export function isSameJson(a: object, b: object): boolean {
  return jsonPatch.compare(a, b).length === 0;
}
