import type { FieldDef, MetadataIssue, ObjectDoc } from '@tangram/schema';
import type { IndexSpec } from '../ports/record-store.js';
import { columnOfField } from './slots.js';

/** Most runtime-managed indexes one object may ask for. */
export const MAX_INDEXES_PER_OBJECT = 32;

function wantsIndex(object: ObjectDoc, field: FieldDef): boolean {
  return (
    field.type === 'lookup' ||
    field.type === 'master_detail' ||
    field.unique === true ||
    field.externalId === true ||
    field.indexed === true ||
    field.filterable === true ||
    field.sortable === true ||
    field.name === object.nameField
  );
}

/**
 * Whether a field's btree must hold its empty values too: a sort walks the index for every page,
 * the empty values last, so a sorted field (the name is always sortable) is indexed in full.
 */
function sortsByIndex(object: ObjectDoc, field: FieldDef): boolean {
  return field.sortable === true || field.name === object.nameField;
}

/**
 * The indexes the runtime keeps for an object: a btree per lookup, master-detail, unique,
 * external-id, indexed, filterable or sortable field in a slot (unique where the field is), and
 * a trigram index for the name field and searchable text. Fields held in `extra` get none.
 *
 * Indexes that only filters and uniqueness use are sparse (ADR 0015): a comparison, `in` or
 * text match never matches an empty value, and empty values never conflict, so rows leaving the
 * field empty are not in the index, and an optional field most records leave empty costs their
 * writes nothing. Sparse btrees are named `<slot>_nn`, sparse unique ones `<slot>_key`: an index
 * is shared by the objects of one id in every tenant, and each name stands for one definition. A
 * sorted field keeps its full index, unique or not: a sort walks it, empty values last.
 *
 * A single select's btree also asks for extended statistics (`IndexSpec.statistics`), so that
 * the planner learns each tenant's and object's mix of its few values.
 */
export function indexSpecsOf(object: ObjectDoc): IndexSpec[] {
  const specs: IndexSpec[] = [];
  for (const field of object.fields) {
    const column = columnOfField(field);
    if (column?.kind !== 'slot') continue;
    if (wantsIndex(object, field)) {
      const unique = field.unique === true || field.externalId === true;
      const sparse = !sortsByIndex(object, field);
      if (unique) {
        // Empty values never conflict, so a unique index of a field no sort walks needs none of
        // them. The two kinds replace each other when the field starts or stops being sorted
        // (and the sparse one the full one of earlier versions).
        const full = `${column.slot}_unique`;
        const key = `${column.slot}_key`;
        specs.push({
          name: sparse ? key : full,
          columns: [column],
          method: 'btree',
          unique,
          sparse,
          replaces: sparse ? full : key,
        });
      } else {
        specs.push({
          name: sparse ? `${column.slot}_nn` : column.slot,
          columns: [column],
          method: 'btree',
          unique,
          sparse,
          ...(field.type === 'single_select' ? { statistics: true } : {}),
        });
      }
    }
    if (column.type === 'text' && (field.searchable === true || field.name === object.nameField)) {
      specs.push({
        name: `${column.slot}_trgm`,
        columns: [column],
        method: 'trgm',
        unique: false,
        sparse: true,
      });
    }
  }
  return specs;
}

/** An issue when an object asks for more indexes than MAX_INDEXES_PER_OBJECT. */
export function checkIndexCap(object: ObjectDoc): MetadataIssue[] {
  const count = indexSpecsOf(object).length;
  if (count <= MAX_INDEXES_PER_OBJECT) return [];
  return [
    {
      path: '/fields',
      code: 'TOO_MANY_INDEXES',
      message: `An object may have at most ${MAX_INDEXES_PER_OBJECT} indexed fields; mark fewer fields filterable, sortable, searchable or unique.`,
      params: { max: MAX_INDEXES_PER_OBJECT, actual: count },
    },
  ];
}
