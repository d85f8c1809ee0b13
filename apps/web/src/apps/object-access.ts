import type { AppDoc, ObjectDoc, SortSpec } from '@tangram/schema';
import { useSession } from '../auth/session-store';

/** The object-level actions GET /auth/me grants, per object. */
export interface ObjectPermissions {
  readonly create: boolean;
  readonly read: boolean;
  readonly update: boolean;
  readonly delete: boolean;
  readonly export: boolean;
  readonly import: boolean;
}

/** One object's field restrictions from GET /auth/me; fields not listed are readable. */
export interface FieldRestrictions {
  readonly hidden: readonly string[];
  readonly masked: readonly string[];
  readonly readOnly: readonly string[];
}

const NONE: ObjectPermissions = Object.freeze({
  create: false,
  read: false,
  update: false,
  delete: false,
  export: false,
  import: false,
});

/** What the signed-in user may do on an object; nothing on one /auth/me does not list. */
export function permissionsOf(object: string): ObjectPermissions {
  const { permissions } = useSession.getState();
  return Object.hasOwn(permissions, object) ? (permissions[object] as ObjectPermissions) : NONE;
}

/** The same, as a hook that follows the session. */
export function usePermissions(object: string): ObjectPermissions {
  const permissions = useSession((s) => s.permissions);
  return Object.hasOwn(permissions, object) ? (permissions[object] as ObjectPermissions) : NONE;
}

/** Whether the user may read an object's records at all. */
export const canRead = (object: string) => permissionsOf(object).read;

/**
 * An object as the user may see it: the fields the role hides left out (so no list column,
 * chooser entry, filter, sort, card, detail or form widget offers them) and masked fields made
 * unsortable and marked read-only (their stored value never reaches the browser).
 */
export function restrictObject(doc: ObjectDoc): ObjectDoc {
  const restrictions = useSession.getState().fields[doc.name];
  if (!restrictions) return doc;
  const hidden = new Set(restrictions.hidden);
  const masked = new Set(restrictions.masked);
  const readOnly = new Set(restrictions.readOnly);
  if (hidden.size + masked.size + readOnly.size === 0) return doc;
  return {
    ...doc,
    fields: doc.fields
      .filter((field) => !hidden.has(field.name))
      .map((field) =>
        masked.has(field.name) || readOnly.has(field.name)
          ? { ...field, sortable: false, readOnly: true }
          : field,
      ),
  } as ObjectDoc;
}

/** The fields of an object the user sees masked. */
export const maskedFields = (object: string): ReadonlySet<string> =>
  new Set(useSession.getState().fields[object]?.masked ?? []);

/** The fields of an object a filter may name: readable and not masked. */
export function filterableObject(doc: ObjectDoc): ObjectDoc {
  const masked = maskedFields(doc.name);
  if (masked.size === 0) return doc;
  return { ...doc, fields: doc.fields.filter((field) => !masked.has(field.name)) };
}

/** An app as the user may use it: unreadable objects and their menu entries left out. */
export function restrictApp(app: AppDoc): AppDoc {
  return {
    ...app,
    objects: (app.objects ?? []).filter((object) => canRead(object)),
    navigation: (app.navigation ?? []).filter(
      (item) => item.type !== 'object' || canRead(item.object),
    ),
  };
}

/** A view's columns the user may see: those naming a field of the (restricted) object. */
export function readableColumns(
  doc: ObjectDoc,
  columns: readonly { readonly field: string }[],
): string[] {
  const names = new Set(doc.fields.map((f) => f.name));
  return columns.map((c) => c.field).filter((name) => names.has(name));
}

/** A view's sort without the fields the role hides or masks (the server refuses those). */
export function readableSort(doc: ObjectDoc, sort: readonly SortSpec[] | undefined): SortSpec[] {
  const restrictions = useSession.getState().fields[doc.name];
  const refused = new Set([...(restrictions?.hidden ?? []), ...(restrictions?.masked ?? [])]);
  return (sort ?? []).filter((s) => !refused.has(s.field));
}
