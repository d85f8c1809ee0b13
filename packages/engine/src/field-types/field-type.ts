import type { FieldDef, FilterCondition } from '@tangram/schema';
import type { ExtraValue, StoredValue } from '../ports/record-store.js';
import type { RecordIssueCode } from '../records/record-issue-codes.js';
import type { ExtraKind, PlanValue } from '../records/record-plan.js';

/** A filter operator of the metadata filter tree. */
export type FilterOp = FilterCondition['op'];

/** The definition of a field of one type, e.g. `FieldOf<'currency'>`. */
export type FieldOf<T extends FieldDef['type']> = Extract<FieldDef, { type: T }>;

/** Why one value was refused: a stable code and a message; the caller adds path and field. */
export interface ValueIssue {
  readonly code: RecordIssueCode;
  readonly message: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

/** A value turned into its stored form, or the reason it could not be. */
export type Coercion<T = StoredValue | ExtraValue> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issue: ValueIssue };

/**
 * One field type of the registry: how its values are stored, coerced from API JSON, served back
 * and filtered. Adding a type means adding one file and naming it in the registry.
 */
export interface FieldType<F extends FieldDef = FieldDef> {
  readonly type: F['type'];
  /** The kind of the stored value: a slot kind, or an extra-only kind (arrays, JSON). */
  valueKind(field: F): ExtraKind;
  /** False for values always kept in `extra` (long text, multi-values, attachments). */
  slotted(field: F): boolean;
  /** False for values the runtime computes (formula, rollup, autonumber). */
  readonly writable: boolean;
  /** API JSON (never null or '') → stored form, enforcing the field's options. */
  coerce(field: F, input: unknown): Coercion;
  /** Stored form (never null) → API JSON. */
  serialize(field: F, stored: unknown): unknown;
  /** The filter operators the field supports. */
  operators(field: F): readonly FilterOp[];
  /** One operand of a filter (eq, in, between …) → a bound value; lenient about write-only rules. */
  filterValue(field: F, input: unknown): Coercion<PlanValue>;
}

/** A successful coercion. */
export function accept<T>(value: T): Coercion<T> {
  return { ok: true, value };
}

/** A refused value. */
export function refuse(
  code: RecordIssueCode,
  message: string,
  params?: Readonly<Record<string, unknown>>,
): { readonly ok: false; readonly issue: ValueIssue } {
  return { ok: false, issue: params === undefined ? { code, message } : { code, message, params } };
}
