import {
  collectVarPaths,
  type FieldDef,
  type ObjectDoc,
  SYSTEM_FIELD_NAMES,
} from '@tangram/schema';
import type { FieldVisibility } from '../records/plan-query.js';
import { fieldLevelOf, type ObjectAccess } from './object-access.js';

/** What field visibility is worked out from: the objects and the user's access to each. */
export interface FieldVisibilitySource {
  readonly objectOf: (objectName: string) => ObjectDoc | undefined;
  readonly accessOf: (objectName: string) => ObjectAccess;
}

/** The fields (object, field) a computed field's value is made from. */
function sourcesOf(object: ObjectDoc, field: FieldDef): [string, string][] {
  if (field.type === 'formula') {
    return collectVarPaths(field.expression).flatMap((path): [string, string][] => {
      const [head = '', next] = path.split('.');
      const lookup = object.fields.find((f) => f.name === head);
      const target = lookup?.type === 'lookup' || lookup?.type === 'master_detail';
      return next !== undefined && target
        ? [
            [object.name, head],
            [lookup.target, next],
          ]
        : [[object.name, head]];
    });
  }
  if (field.type === 'rollup') {
    return [[field.childObject, field.field ?? field.relationField]];
  }
  return [];
}

/**
 * How a user sees each field: hidden, masked or readable. A field is hidden when the user cannot
 * read its object or the role hides it; a sensitive field is masked unless the role unmasks it;
 * and a formula or rollup is hidden when any field it is computed from is not fully readable,
 * since its value would show what the role keeps from the user (a weighted amount reveals the
 * amount). Results are memoised; a dependency cycle counts as hidden.
 */
export function createFieldVisibility(
  source: FieldVisibilitySource,
): (objectName: string, field: string) => FieldVisibility {
  const known = new Map<string, FieldVisibility>();
  const visit = (objectName: string, field: string): FieldVisibility => {
    if (SYSTEM_FIELD_NAMES.has(field)) return 'read';
    const key = `${objectName}\0${field}`;
    const seen = known.get(key);
    if (seen !== undefined) return seen;
    known.set(key, 'none');
    const access = source.accessOf(objectName);
    const object = source.objectOf(objectName);
    const def = object?.fields.find((f) => f.name === field);
    let result: FieldVisibility = 'read';
    if (!access.actions.read || fieldLevelOf(access, field) === 'none') result = 'none';
    else if (def?.sensitive && access.unmask !== '*' && !access.unmask.has(field)) {
      result = 'masked';
    } else if (object && def) {
      const hides = sourcesOf(object, def).some(([o, f]) => visit(o, f) !== 'read');
      if (hides) result = 'none';
    }
    known.set(key, result);
    return result;
  };
  return visit;
}
