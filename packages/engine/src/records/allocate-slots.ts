import type { FieldDef, MetadataIssue, ObjectDoc } from '@tangram/schema';
import { METADATA_INVALID } from '../metadata/metadata-errors.js';
import type { SlotKind } from './record-plan.js';
import { EXTRA_SLOT, SLOT_CAPACITY, slotKindOfSlot, storageKindOf } from './slots.js';

/** The outcome of slot planning: the object with every field's `storage.slot`, or the issues. */
export type SlotAllocation =
  | { readonly ok: true; readonly document: ObjectDoc }
  | { readonly ok: false; readonly issues: MetadataIssue[] };

function issue(
  index: number,
  code: string,
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

/**
 * Gives every field of `next` a storage slot. `history` holds the object's published versions,
 * newest first. A field keeps the slot it has, or finds again the slot it had in the newest
 * version naming it (so a restored field finds its values); a new field takes the lowest slot
 * of its kind no version ever gave another field, or 'extra' when the kind is full. Refused:
 * a slot changed from the published one, a slot of the wrong kind (a type change across kinds
 * needs a value migration), a slot another field holds or held.
 */
export function planSlots(next: ObjectDoc, history: readonly ObjectDoc[]): SlotAllocation {
  const issues: MetadataIssue[] = [];
  const published = new Map((history[0]?.fields ?? []).map((f) => [f.name, f]));
  // slot → the field name that owns it in any version; first claim (newest) wins.
  const owners = new Map<string, string>();
  const previousSlot = new Map<string, string>();
  for (const version of history) {
    for (const field of version.fields) {
      const slot = field.storage?.slot;
      if (slot === undefined) continue;
      if (!previousSlot.has(field.name) && fits(slot, storageKindOf(field))) {
        previousSlot.set(field.name, slot);
      }
      if (slot !== EXTRA_SLOT && !owners.has(slot)) owners.set(slot, field.name);
    }
  }

  const chosen: (string | undefined)[] = next.fields.map((field, index) => {
    const kind = storageKindOf(field);
    const before = published.get(field.name);
    const beforeSlot = before?.storage?.slot;
    if (before && beforeSlot !== undefined && !fits(beforeSlot, kind)) {
      issues.push(
        issue(
          index,
          'FIELD_TYPE_CHANGE_NEEDS_MIGRATION',
          'The new type stores values elsewhere; change the type with a value migration.',
          {
            field: field.name,
            from: before.type,
            to: field.type,
          },
        ),
      );
      return undefined;
    }
    const slot = field.storage?.slot;
    if (slot === undefined) return previousSlot.get(field.name);
    if (beforeSlot !== undefined && slot !== beforeSlot) {
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

function freeSlot(kind: SlotKind | typeof EXTRA_SLOT, used: ReadonlySet<string>): string {
  if (kind === EXTRA_SLOT) return EXTRA_SLOT;
  const { prefix, count } = SLOT_CAPACITY[kind];
  for (let i = 1; i <= count; i += 1) {
    if (!used.has(`${prefix}${i}`)) return `${prefix}${i}`;
  }
  return EXTRA_SLOT;
}

/** `planSlots`, throwing METADATA_INVALID with every issue when the slots cannot be kept. */
export function allocateSlots(next: ObjectDoc, history: readonly ObjectDoc[]): ObjectDoc {
  const allocation = planSlots(next, history);
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
