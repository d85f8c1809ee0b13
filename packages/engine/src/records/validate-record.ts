import { compileRule, type RuleEvaluationOptions } from '@tangram/logic';
import {
  collectVarPaths,
  type FieldDef,
  type ObjectDoc,
  SYSTEM_FIELD_NAMES,
} from '@tangram/schema';
import type { FieldType } from '../field-types/field-type.js';
import { fieldTypeOf } from '../field-types/field-type-registry.js';
import { isSameJson } from '../metadata/json-diff.js';
import type { FieldValue, RecordValues } from './record-codec.js';
import { serializeValue } from './record-codec.js';
import type { RecordIssue } from './record-errors.js';
import type { RecordIssueCode } from './record-issue-codes.js';

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
  /**
   * When true, `record` starts with the system keys of an API record (id, version, owner and
   * times), undefined and invisible to rules, so that a create can fill them in place and serve
   * the record in API order without copying it.
   */
  readonly systemKeys?: boolean;
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
  code: RecordIssueCode,
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

/** A rule compiled once per object version; one that does not compile fails every evaluation. */
interface CompiledExpression {
  evaluate(data: unknown, options: RuleEvaluationOptions): unknown;
}

function compileExpression(rule: unknown): CompiledExpression {
  try {
    return compileRule(rule);
  } catch (error) {
    return {
      evaluate() {
        throw error;
      },
    };
  }
}

/** An object's validation, defaults and formulas compiled once, for the version it was built from. */
export interface RecordValidator {
  /** As `validateRecord(object, input, options)`, without checking the object's rules again. */
  validate(input: unknown, options: ValidateRecordOptions): RecordValidation;
}

interface CompiledDefault {
  readonly field: FieldDef;
  readonly type: FieldType;
  readonly rule: CompiledExpression | undefined;
}

interface CompiledFormula {
  readonly field: FieldDef;
  readonly type: FieldType;
  readonly expression: CompiledExpression;
}

// Undefined values are left out of the data rules see, as if the keys were absent.
function systemKeys(): Record<string, unknown> {
  return {
    id: undefined,
    version: undefined,
    owner_id: undefined,
    created_by: undefined,
    created_at: undefined,
    updated_by: undefined,
    updated_at: undefined,
  };
}

function compileFormulas(object: ObjectDoc): CompiledFormula[] {
  return formulasInOrder(object).map((field) => ({
    field,
    type: fieldTypeOf(field),
    expression: compileExpression(field.type === 'formula' ? field.expression : null),
  }));
}

/**
 * Compiles what `validateRecord` needs of `object` (field lookups, ordered formulas, defaults,
 * validation rules): build it when an object version is loaded and keep it with that version.
 */
export function compileRecordValidator(object: ObjectDoc): RecordValidator {
  const fields = new Map(object.fields.map((f) => [f.name, { field: f, type: fieldTypeOf(f) }]));
  // What a create fills in, in field order: a default rule may read the fields before it.
  const creation: ({ readonly field: FieldDef; readonly zero: unknown } | CompiledDefault)[] = [];
  for (const field of object.fields) {
    // A new record has no children yet: its counts and sums are 0, not unknown.
    if (field.type === 'rollup' && (field.function === 'count' || field.function === 'sum')) {
      creation.push({ field, zero: serializeValue(field, '0') });
    } else if (fieldTypeOf(field).writable) {
      const rule = field.default?.rule;
      creation.push({
        field,
        type: fieldTypeOf(field),
        rule: rule === undefined ? undefined : compileExpression(rule),
      });
    }
  }
  const dependents = object.fields.filter(
    (f): f is Extract<FieldDef, { type: 'single_select' }> =>
      f.type === 'single_select' && f.dependsOn !== undefined,
  );
  const formulas = compileFormulas(object);
  const blank: Record<string, unknown> = {};
  for (const field of object.fields) blank[field.name] = null;
  const laidOut: Record<string, unknown> = { ...systemKeys(), ...blank };
  const rules = (object.validationRules ?? []).map((rule) => ({
    rule,
    errorWhen: compileExpression(rule.errorWhen),
  }));

  function validate(input: unknown, options: ValidateRecordOptions): RecordValidation {
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      return {
        ok: false,
        issues: [{ path: '', code: 'TYPE', message: 'Expected a JSON object of field values.' }],
      };
    }
    const body = input as Record<string, unknown>;
    const evaluation: RuleEvaluationOptions = {
      now: options.now ?? new Date(),
      ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
    };
    const issues: RecordIssue[] = [];
    const values: Record<string, FieldValue> = {};
    // The record as rules see it: API JSON of the stored record with the new values over it.
    // Copied from a template of the same keys: far cheaper than adding them one by one.
    const view: Record<string, unknown> = { ...(options.systemKeys === true ? laidOut : blank) };
    const existing = options.existing;
    if (existing !== undefined) {
      for (const field of object.fields) view[field.name] = existing[field.name] ?? null;
    }

    for (const name of Object.keys(body)) {
      const raw = body[name];
      const entry = fields.get(name);
      if (SYSTEM_FIELD_NAMES.has(name)) {
        issues.push(fieldIssue(name, 'SYSTEM_FIELD', 'System fields are set by the system.'));
      } else if (!entry) {
        issues.push(fieldIssue(name, 'UNKNOWN_FIELD', 'The object has no such field.'));
      } else if (
        !entry.type.writable ||
        (entry.field.readOnly === true && options.mode === 'update')
      ) {
        issues.push(fieldIssue(name, 'READ_ONLY_FIELD', 'This field cannot be written.'));
      } else if (isEmptyInput(raw)) {
        if (entry.field.required === true)
          issues.push(fieldIssue(name, 'REQUIRED', 'A value is required.'));
        values[name] = null;
        view[name] = null;
      } else {
        const coerced = entry.type.coerce(entry.field, raw);
        if (coerced.ok) {
          values[name] = coerced.value;
          view[name] =
            coerced.value === null ? null : entry.type.serialize(entry.field, coerced.value);
        } else {
          issues.push(
            fieldIssue(name, coerced.issue.code, coerced.issue.message, coerced.issue.params),
          );
          view[name] = null;
        }
      }
    }

    if (options.mode === 'create') {
      for (const entry of creation) {
        const { field } = entry;
        if ('zero' in entry) {
          values[field.name] = '0';
          view[field.name] = entry.zero;
          continue;
        }
        if (Object.hasOwn(body, field.name)) continue;
        const value = defaultValue(entry, view, evaluation, issues);
        if (value !== null) {
          values[field.name] = value;
          view[field.name] = entry.type.serialize(field, value);
        } else if (field.required === true) {
          issues.push(fieldIssue(field.name, 'REQUIRED', 'A value is required.'));
        }
      }
    }

    for (const field of dependents) {
      const dependsOn = field.dependsOn as string;
      const chosen = field.options.find((o) => o.value === view[field.name]);
      if (
        !chosen?.parents ||
        !(Object.hasOwn(values, field.name) || Object.hasOwn(values, dependsOn))
      )
        continue;
      if (!chosen.parents.includes(String(view[dependsOn]))) {
        issues.push(
          fieldIssue(
            field.name,
            'DEPENDENT_OPTION',
            'This option is not offered for the chosen parent value.',
            { dependsOn },
          ),
        );
      }
    }

    for (const formula of formulas) {
      const { field } = formula;
      const value = computeFormula(formula, view, evaluation);
      const served = value === null ? null : formula.type.serialize(field, value);
      view[field.name] = served;
      if (
        options.mode === 'create' ||
        !isSameJson({ v: existing?.[field.name] ?? null }, { v: served })
      ) {
        values[field.name] = value;
      }
    }

    for (const { rule, errorWhen } of rules) {
      if (ruleHolds(errorWhen, view, evaluation)) {
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

  return { validate };
}

/**
 * Checks a create body or an update patch against the object's fields and validation rules and
 * computes what to store: coerced values, defaults (create), and every formula. Pure: lookups'
 * values are their ids; uniqueness and autonumbers are the service's business. Validating many
 * records of one object version is cheaper through `compileRecordValidator`.
 */
export function validateRecord(
  object: ObjectDoc,
  input: unknown,
  options: ValidateRecordOptions,
): RecordValidation {
  return compileRecordValidator(object).validate(input, options);
}

function defaultValue(
  { field, type, rule }: CompiledDefault,
  view: Readonly<Record<string, unknown>>,
  evaluation: RuleEvaluationOptions,
  issues: RecordIssue[],
): FieldValue {
  if (field.default === undefined) return null;
  let raw: unknown = field.default.value ?? null;
  if (rule !== undefined) {
    try {
      raw = rule.evaluate(view, evaluation);
    } catch {
      raw = null;
    }
  }
  if (raw === undefined || isEmptyInput(raw)) return null;
  const coerced = type.coerce(field, raw);
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
  { field, type, expression }: CompiledFormula,
  view: Readonly<Record<string, unknown>>,
  evaluation: RuleEvaluationOptions,
): FieldValue {
  if (field.type !== 'formula') return null;
  let result: unknown;
  try {
    result = expression.evaluate(view, evaluation);
  } catch {
    return null;
  }
  if (
    result === null ||
    result === undefined ||
    (typeof result === 'number' && !Number.isFinite(result))
  )
    return null;
  const coerced = type.coerce(field, result);
  return coerced.ok ? coerced.value : null;
}

function ruleHolds(
  errorWhen: CompiledExpression,
  view: Readonly<Record<string, unknown>>,
  evaluation: RuleEvaluationOptions,
): boolean {
  try {
    return Boolean(errorWhen.evaluate(view, evaluation));
  } catch {
    return false;
  }
}

/** The formulas of each object definition, compiled in order once (definitions never change). */
const compiledFormulas = new WeakMap<ObjectDoc, CompiledFormula[]>();

function compiledFormulasOf(object: ObjectDoc): CompiledFormula[] {
  let formulas = compiledFormulas.get(object);
  if (formulas === undefined) {
    formulas = compileFormulas(object);
    compiledFormulas.set(object, formulas);
  }
  return formulas;
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
  const formulas = compiledFormulasOf(object);
  const changed: Record<string, FieldValue> = {};
  if (formulas.length === 0) return changed;
  const view: Record<string, unknown> = {};
  for (const field of object.fields) view[field.name] = existing[field.name] ?? null;
  for (const formula of formulas) {
    const { field } = formula;
    const value = computeFormula(formula, view, evaluation);
    const served = serializeValue(field, value);
    if (!isSameJson({ v: view[field.name] }, { v: served })) changed[field.name] = value;
    view[field.name] = served;
  }
  return changed;
}
