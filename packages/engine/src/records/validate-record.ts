import { evaluateRule } from '@tangram/logic';
import {
  collectVarPaths,
  type FieldDef,
  type ObjectDoc,
  type ValidationRule,
} from '@tangram/schema';
import { fieldTypeOf } from '../field-types/field-type-registry.js';
import { isSameJson } from '../metadata/json-diff.js';
import type { FieldValue, RecordValues } from './record-codec.js';
import { serializeValue } from './record-codec.js';
import type { RecordIssue } from './record-errors.js';

/** Names clients may never write: the system columns of every record. */
export const SYSTEM_FIELDS: ReadonlySet<string> = new Set([
  'id',
  'tenant_id',
  'object_id',
  'owner_id',
  'created_by',
  'created_at',
  'updated_by',
  'updated_at',
  'version',
  'deleted_at',
]);

/** How `validateRecord` runs. */
export interface ValidateRecordOptions {
  readonly mode: 'create' | 'update';
  /** The record as stored (API JSON), for update. */
  readonly existing?: RecordValues;
  /** The instant rules read as now (defaults, formulas, validation rules). */
  readonly now?: Date;
  readonly timeZone?: string;
  /** The locale of validation-rule messages; 'zh-CN' when omitted. */
  readonly locale?: string;
}

/** The outcome of `validateRecord`: the values to store, or every issue. */
export type RecordValidation =
  | {
      readonly ok: true;
      /** Field name → stored value for every field to write (input, defaults, formulas). */
      readonly values: Readonly<Record<string, FieldValue>>;
      /** The whole record after the write, as API JSON (fields only). */
      readonly record: RecordValues;
    }
  | { readonly ok: false; readonly issues: readonly RecordIssue[] };

function isEmptyInput(value: unknown): boolean {
  return value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

function fieldIssue(
  field: string,
  code: string,
  message: string,
  params?: Readonly<Record<string, unknown>>,
): RecordIssue {
  return { path: `/${field}`, field, code, message, ...(params === undefined ? {} : { params }) };
}

function localized(text: Readonly<Record<string, string>>, locale: string): string {
  return text[locale] ?? text.en ?? Object.values(text)[0] ?? '';
}

/** Formulas ordered so that each comes after the formulas it reads (cycles are refused at publish). */
export function formulasInOrder(object: ObjectDoc): FieldDef[] {
  const formulas = new Map(
    object.fields.filter((f) => f.type === 'formula').map((f) => [f.name, f]),
  );
  const ordered: FieldDef[] = [];
  const visiting = new Set<string>();
  const visit = (field: FieldDef) => {
    if (ordered.includes(field) || visiting.has(field.name)) return;
    visiting.add(field.name);
    if (field.type === 'formula') {
      for (const name of collectVarPaths(field.expression)) {
        const dependency = formulas.get(name);
        if (dependency) visit(dependency);
      }
    }
    ordered.push(field);
  };
  for (const formula of formulas.values()) visit(formula);
  return ordered;
}

/**
 * Checks a create body or an update patch against the object's fields and validation rules and
 * computes what to store: coerced values, defaults (create), and every formula. Pure: lookups'
 * values are their ids; uniqueness and autonumbers are the service's business.
 */
export function validateRecord(
  object: ObjectDoc,
  input: unknown,
  options: ValidateRecordOptions,
): RecordValidation {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return {
      ok: false,
      issues: [{ path: '', code: 'TYPE', message: 'Expected a JSON object of field values.' }],
    };
  }
  const evaluation = {
    now: options.now ?? new Date(),
    ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
  };
  const fields = new Map(object.fields.map((f) => [f.name, f]));
  const issues: RecordIssue[] = [];
  const values: Record<string, FieldValue> = {};
  // The record as rules see it: API JSON of the stored record with the new values over it.
  const view: Record<string, unknown> = {};
  for (const field of object.fields) view[field.name] = options.existing?.[field.name] ?? null;

  for (const [name, raw] of Object.entries(input)) {
    const field = fields.get(name);
    if (SYSTEM_FIELDS.has(name)) {
      issues.push(fieldIssue(name, 'SYSTEM_FIELD', 'System fields are set by the system.'));
    } else if (!field) {
      issues.push(fieldIssue(name, 'UNKNOWN_FIELD', 'The object has no such field.'));
    } else if (
      !fieldTypeOf(field).writable ||
      (field.readOnly === true && options.mode === 'update')
    ) {
      issues.push(fieldIssue(name, 'READ_ONLY_FIELD', 'This field cannot be written.'));
    } else if (isEmptyInput(raw)) {
      if (field.required === true)
        issues.push(fieldIssue(name, 'REQUIRED', 'A value is required.'));
      values[name] = null;
      view[name] = null;
    } else {
      const coerced = fieldTypeOf(field).coerce(field, raw);
      if (coerced.ok) {
        values[name] = coerced.value;
        view[name] = serializeValue(field, coerced.value);
      } else {
        issues.push(
          fieldIssue(name, coerced.issue.code, coerced.issue.message, coerced.issue.params),
        );
        view[name] = null;
      }
    }
  }

  if (options.mode === 'create') {
    for (const field of object.fields) {
      // A new record has no children yet: its counts and sums are 0, not unknown.
      if (field.type === 'rollup' && (field.function === 'count' || field.function === 'sum')) {
        values[field.name] = '0';
        view[field.name] = serializeValue(field, '0');
        continue;
      }
      if (Object.hasOwn(input, field.name) || !fieldTypeOf(field).writable) continue;
      const value = defaultValue(field, view, evaluation, issues);
      if (value !== null) {
        values[field.name] = value;
        view[field.name] = serializeValue(field, value);
      } else if (field.required === true) {
        issues.push(fieldIssue(field.name, 'REQUIRED', 'A value is required.'));
      }
    }
  }

  for (const field of object.fields) {
    if (field.type !== 'single_select' || field.dependsOn === undefined) continue;
    const chosen = field.options.find((o) => o.value === view[field.name]);
    if (
      !chosen?.parents ||
      !(Object.hasOwn(values, field.name) || Object.hasOwn(values, field.dependsOn))
    )
      continue;
    if (!chosen.parents.includes(String(view[field.dependsOn]))) {
      issues.push(
        fieldIssue(
          field.name,
          'DEPENDENT_OPTION',
          'This option is not offered for the chosen parent value.',
          { dependsOn: field.dependsOn },
        ),
      );
    }
  }

  for (const field of formulasInOrder(object)) {
    const value = computeFormula(field, view, evaluation);
    view[field.name] = serializeValue(field, value);
    const before = options.existing?.[field.name] ?? null;
    if (options.mode === 'create' || !isSameJson({ v: before }, { v: view[field.name] })) {
      values[field.name] = value;
    }
  }

  for (const rule of object.validationRules ?? []) {
    if (ruleHolds(rule, view, evaluation)) {
      issues.push({
        path: rule.field === undefined ? '' : `/${rule.field}`,
        ...(rule.field === undefined ? {} : { field: rule.field }),
        code: 'VALIDATION_RULE',
        message: localized(rule.message, options.locale ?? 'zh-CN'),
        params: { rule: rule.name },
      });
    }
  }

  return issues.length > 0 ? { ok: false, issues } : { ok: true, values, record: view };
}

function defaultValue(
  field: FieldDef,
  view: Readonly<Record<string, unknown>>,
  evaluation: { now: Date; timeZone?: string },
  issues: RecordIssue[],
): FieldValue {
  if (field.default === undefined) return null;
  let raw: unknown = field.default.value ?? null;
  if (field.default.rule !== undefined) {
    try {
      raw = evaluateRule(field.default.rule, view, evaluation);
    } catch {
      raw = null;
    }
  }
  if (raw === undefined || isEmptyInput(raw)) return null;
  const coerced = fieldTypeOf(field).coerce(field, raw);
  if (coerced.ok) return coerced.value;
  issues.push(
    fieldIssue(
      field.name,
      'DEFAULT_INVALID',
      `The default value is not valid: ${coerced.issue.message}`,
      { cause: coerced.issue.code },
    ),
  );
  return null;
}

// A formula that fails (a division by zero, a type mismatch) stores no value rather than
// refusing the write: the inputs are valid, only the derived value is undefined.
function computeFormula(
  field: FieldDef,
  view: Readonly<Record<string, unknown>>,
  evaluation: { now: Date; timeZone?: string },
): FieldValue {
  if (field.type !== 'formula') return null;
  let result: unknown;
  try {
    result = evaluateRule(field.expression, view, evaluation);
  } catch {
    return null;
  }
  if (
    result === null ||
    result === undefined ||
    (typeof result === 'number' && !Number.isFinite(result))
  )
    return null;
  const coerced = fieldTypeOf(field).coerce(field, result);
  return coerced.ok ? coerced.value : null;
}

function ruleHolds(
  rule: ValidationRule,
  view: Readonly<Record<string, unknown>>,
  evaluation: { now: Date; timeZone?: string },
): boolean {
  try {
    return Boolean(evaluateRule(rule.errorWhen, view, evaluation));
  } catch {
    return false;
  }
}

/**
 * Recomputes every formula of a stored record (after a rollup changed, say) and returns the
 * formulas whose value changed, in stored form.
 */
export function recomputeFormulas(
  object: ObjectDoc,
  existing: RecordValues,
  options: { readonly now?: Date; readonly timeZone?: string } = {},
): Record<string, FieldValue> {
  const evaluation = {
    now: options.now ?? new Date(),
    ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
  };
  const view: Record<string, unknown> = {};
  for (const field of object.fields) view[field.name] = existing[field.name] ?? null;
  const changed: Record<string, FieldValue> = {};
  for (const field of formulasInOrder(object)) {
    const value = computeFormula(field, view, evaluation);
    const served = serializeValue(field, value);
    if (!isSameJson({ v: view[field.name] }, { v: served })) changed[field.name] = value;
    view[field.name] = served;
  }
  return changed;
}
