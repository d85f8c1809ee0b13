import type { FieldDef, MetadataIssue, MetadataIssueCode, ObjectDoc } from '@tangram/schema';
import { fieldTypeOf } from '../field-types/field-type-registry.js';
import { METADATA_INVALID } from '../metadata/metadata-errors.js';
import type { SlotKind } from './record-plan.js';
import { EXTRA_SLOT, SLOT_CAPACITY, slotKindOfSlot, storageKindOf } from './slots.js';

/** The outcome of slot planning: the object with every field's `storage.slot`, or the issues. */
export type SlotAllocation =
  | { readonly ok: true; readonly document: ObjectDoc }
  | { readonly ok: false; readonly issues: MetadataIssue[] };

function issue(
  index: number,
  code: MetadataIssueCode,
  message: string,
  params: Record<string, unknown>,
): MetadataIssue {
  return { path: `/fields/${index}/storage/slot`, code, message, params };
}

// A slot fits a field when it is extra, or a slot column of the kind the field's type needs.
function fits(slot: string, kind: SlotKind | typeof EXTRA_SLOT): boolean {
  if (slot === EXTRA_SLOT) return true;
  return kind !== EXTRA_SLOT && slotKindOfSlot(slot) === kind;
}

function valueKindOf(field: FieldDef): string {
  return fieldTypeOf(field).valueKind(field);
}

/** How slots may be planned beyond the rules every publish follows. */
export interface SlotPlanOptions {
  /**
   * Fields whose values were moved to the slot `next` names for them by a field type change
   * (see field-type-change.ts), so their slot may differ in kind from the published one.
   */
  readonly movedFields?: ReadonlySet<string>;
}

/**
 * Gives every field of `next` a storage slot. `history` holds the object's published versions,
 * newest first. A field keeps the slot it has, or finds again the slot it had in the newest
 * version naming it (so a restored field finds its values); a new field takes the lowest slot
 * of its kind no version ever gave another field, or 'extra' when the kind is full. Refused:
 * a slot changed from the published one, a slot of the wrong kind, a slot another field holds
 * or held, and a type change across storage kinds — unless the field returns to a slot it held
 * with that kind in an earlier version (a revert), or its values were moved (`movedFields`).
 */
export function planSlots(
  next: ObjectDoc,
  history: readonly ObjectDoc[],
  options: SlotPlanOptions = {},
): SlotAllocation {
  const issues: MetadataIssue[] = [];
  const published = new Map((history[0]?.fields ?? []).map((f) => [f.name, f]));
  // slot → the field name that owns it in any version; first claim (newest) wins.
  const owners = new Map<string, string>();
  for (const version of history) {
    for (const field of version.fields) {
      const slot = field.storage?.slot;
      if (slot !== undefined && slot !== EXTRA_SLOT && !owners.has(slot)) {
        owners.set(slot, field.name);
      }
    }
  }
  // The slot the newest version naming the field gave it for values of the same form.
  const previousSlot = (field: FieldDef): string | undefined => {
    for (const version of history) {
      const old = version.fields.find((f) => f.name === field.name);
      const slot = old?.storage?.slot;
      if (old === undefined || slot === undefined) continue;
      if (fits(slot, storageKindOf(field)) && valueKindOf(old) === valueKindOf(field)) return slot;
    }
    return undefined;
  };

  const chosen: (string | undefined)[] = next.fields.map((field, index) => {
    const kind = storageKindOf(field);
    const before = published.get(field.name);
    const beforeSlot = before?.storage?.slot;
    const slot = field.storage?.slot;
    // Values change form when the storage kind or the stored value's kind changes, even where
    // both live in `extra` (a spilled text field turned number, long text turned multi-select).
    const kindChanged =
      before !== undefined &&
      beforeSlot !== undefined &&
      (storageKindOf(before) !== kind || valueKindOf(before) !== valueKindOf(field));
    // A slot of the new kind that already holds this field's values: moved there by a type
    // change, or held by the field when it had this type in an earlier version.
    const movedOrReturning =
      slot !== undefined &&
      fits(slot, kind) &&
      (options.movedFields?.has(field.name) === true ||
        (slot !== EXTRA_SLOT && owners.get(slot) === field.name));
    if (kindChanged && !movedOrReturning) {
      issues.push(
        issue(
          index,
          'FIELD_TYPE_CHANGE_NEEDS_MIGRATION',
          'The new type stores values elsewhere: preview and apply the change with ' +
            `POST /api/v1/metadata/object/${next.name}/fields/${field.name}/type-change/preview ` +
            'and /apply, which move the values.',
          { field: field.name, from: before.type, to: field.type },
        ),
      );
      return undefined;
    }
    if (slot === undefined) return previousSlot(field);
    if (beforeSlot !== undefined && slot !== beforeSlot && !movedOrReturning) {
      issues.push(
        issue(index, 'SLOT_CHANGED', 'The storage slot of a published field cannot change.', {
          field: field.name,
          from: beforeSlot,
          to: slot,
        }),
      );
    } else if (!fits(slot, kind)) {
      issues.push(
        issue(index, 'SLOT_KIND', 'The storage slot does not fit the field type.', {
          field: field.name,
          slot,
        }),
      );
    }
    return slot;
  });

  const taken = new Map<string, string>();
  chosen.forEach((slot, index) => {
    const name = next.fields[index]?.name ?? '';
    if (slot === undefined || slot === EXTRA_SLOT) return;
    const owner = owners.get(slot) ?? taken.get(slot);
    if (owner !== undefined && owner !== name) {
      issues.push(
        issue(index, 'SLOT_TAKEN', 'The storage slot belongs to another field.', {
          field: name,
          slot,
          owner,
        }),
      );
    }
    taken.set(slot, name);
  });
  if (issues.length > 0) return { ok: false, issues };

  const used = new Set([...owners.keys(), ...taken.keys()]);
  const fields = next.fields.map((field, index): FieldDef => {
    const slot = chosen[index] ?? freeSlot(storageKindOf(field), used);
    used.add(slot);
    return field.storage?.slot === slot ? field : { ...field, storage: { slot } };
  });
  return { ok: true, document: { ...next, fields } };
}

/** Every slot column any version of the object gave a field: never handed to another one. */
export function usedSlots(history: readonly ObjectDoc[]): Set<string> {
  const used = new Set<string>();
  for (const version of history) {
    for (const field of version.fields) {
      const slot = field.storage?.slot;
      if (slot !== undefined && slot !== EXTRA_SLOT) used.add(slot);
    }
  }
  return used;
}

/** The lowest slot of `kind` not in `used`, or 'extra' when the kind is full or extra-only. */
export function freeSlot(kind: SlotKind | typeof EXTRA_SLOT, used: ReadonlySet<string>): string {
  if (kind === EXTRA_SLOT) return EXTRA_SLOT;
  const { prefix, count } = SLOT_CAPACITY[kind];
  for (let i = 1; i <= count; i += 1) {
    if (!used.has(`${prefix}${i}`)) return `${prefix}${i}`;
  }
  return EXTRA_SLOT;
}

/** `planSlots`, throwing METADATA_INVALID with every issue when the slots cannot be kept. */
export function allocateSlots(
  next: ObjectDoc,
  history: readonly ObjectDoc[],
  options: SlotPlanOptions = {},
): ObjectDoc {
  const allocation = planSlots(next, history, options);
  if (!allocation.ok) throw METADATA_INVALID({ issues: allocation.issues });
  return allocation.document;
}

/** A document without the slots the runtime assigns, to compare a template with what is published. */
export function withoutSlots(document: object): object {
  const doc = document as { kind?: unknown; fields?: unknown };
  if (doc.kind !== 'object' || !Array.isArray(doc.fields)) return document;
  return {
    ...document,
    fields: doc.fields.map((field: Record<string, unknown>) => {
      const { storage: _storage, ...rest } = field;
      return rest;
    }),
  };
}
