import type { FieldDef, SelectOption } from '../generated/types.js';
import type { MetadataIssueCode } from '../metadata-issue.js';
import { isRecordReference, isUserReference } from './seed-references.js';

/** What is wrong with one value, before it is placed at a path. */
export interface ValueProblem {
  code: MetadataIssueCode;
  message: string;
  params?: Record<string, unknown>;
  /** A sub-path inside the value (an index of a list), '' for the value itself. */
  at?: string;
}

/** Why a field cannot be given in a seed, or undefined when it can. */
export function unwritableReason(
  field: FieldDef,
): 'computed' | 'read_only' | 'not_seedable' | undefined {
  switch (field.type) {
    case 'formula':
    case 'rollup':
    case 'autonumber':
      return 'computed';
    // A template knows neither the tenant's departments nor any stored file.
    case 'department':
    case 'attachment':
      return 'not_seedable';
    default:
      return field.readOnly === true ? 'read_only' : undefined;
  }
}

const DEFAULT_TEXT_MAX_LENGTH = 255;
const REGION_CODE_DIGITS = { province: 2, city: 4, district: 6 } as const;
const PHONE_PATTERNS = {
  cn_mobile: /^1[3-9][0-9]{9}$/,
  e164: /^\+[1-9][0-9]{6,14}$/,
  any: /^\+?[0-9][0-9 ()-]{2,30}$/,
} as const;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE_PATTERN = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
const DATETIME_PATTERN =
  /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?Z$/;
const DECIMAL_TEXT_PATTERN = /^-?[0-9]+(\.[0-9]+)?$/;

/**
 * Checks one seed value against its field definition, roughly as the record service will: JSON
 * type, shape, length in characters, range, scale, options. `record` is the whole seed record, for
 * dependent options. Lookups are only checked for shape here; their targets need every seed file.
 */
export function checkSeedValue(
  field: FieldDef,
  value: unknown,
  record: Readonly<Record<string, unknown>>,
): ValueProblem[] {
  switch (field.type) {
    case 'text':
      return checkText(
        value,
        field.maxLength ?? DEFAULT_TEXT_MAX_LENGTH,
        field.minLength,
        field.pattern,
      );
    case 'long_text':
    case 'rich_text':
      return checkText(value, field.maxLength, undefined, undefined);
    case 'email':
      return checkShape(value, EMAIL_PATTERN, 'an e-mail address');
    case 'url':
      return checkUrl(value);
    case 'phone':
      return checkShape(
        value,
        PHONE_PATTERNS[field.format ?? 'any'],
        `a ${field.format ?? 'any'} phone number`,
      );
    case 'region':
      return checkShape(
        value,
        new RegExp(`^[0-9]{${REGION_CODE_DIGITS[field.level]}}$`),
        `a ${REGION_CODE_DIGITS[field.level]}-digit ${field.level} code`,
      );
    case 'integer':
      return checkNumber(value, { integer: true, min: field.min, max: field.max });
    case 'rating':
      return checkNumber(value, { integer: true, min: 1, max: field.max ?? 5 });
    case 'number':
    case 'currency':
      return checkNumber(value, {
        integer: false,
        min: field.min,
        max: field.max,
        scale: field.scale ?? (field.type === 'currency' ? 2 : undefined),
        // Exact decimals too long for a double travel as strings (ADR 0006).
        asText: (field.precision ?? 0) > 15,
      });
    case 'percent':
      return checkNumber(value, {
        integer: false,
        min: field.min,
        max: field.max,
        scale: field.scale,
      });
    case 'date':
      return checkDate(value, field.min, field.max);
    case 'datetime':
      return checkDatetime(value, field.min, field.max);
    case 'boolean':
      return typeof value === 'boolean' ? [] : [typeProblem('a boolean')];
    case 'single_select':
      return typeof value === 'string'
        ? checkOption(field.options, value, field.dependsOn, record)
        : [typeProblem('an option value')];
    case 'multi_select':
      return checkOptionList(field.options, value, field.maxSelected, field.dependsOn, record);
    case 'lookup':
    case 'master_detail':
      return isRecordReference(value) ? [] : [typeProblem('a { "$ref" } to another seed record')];
    case 'user':
      return checkUser(value, field.multiple === true);
    case 'department':
    case 'attachment':
    case 'formula':
    case 'rollup':
    case 'autonumber':
      // Refused before their value is looked at (unwritableReason).
      return [];
    default:
      return assertNever(field);
  }
}

function assertNever(field: never): never {
  throw new Error(`unknown field type ${JSON.stringify((field as { type?: unknown }).type)}`);
}

function typeProblem(expected: string): ValueProblem {
  return { code: 'TYPE', message: `Must be ${expected}.`, params: { expected } };
}

function checkText(
  value: unknown,
  maxLength: number | undefined,
  minLength: number | undefined,
  pattern: string | undefined,
): ValueProblem[] {
  if (typeof value !== 'string') return [typeProblem('text')];
  const problems: ValueProblem[] = [];
  // Lengths count characters, not UTF-16 units, so 客户 is two long.
  const length = [...value].length;
  if (maxLength !== undefined && length > maxLength) {
    problems.push({
      code: 'TOO_LONG',
      message: `At most ${maxLength} characters.`,
      params: { limit: maxLength },
    });
  }
  if (minLength !== undefined && length < minLength) {
    problems.push({
      code: 'TOO_SHORT',
      message: `At least ${minLength} characters.`,
      params: { limit: minLength },
    });
  }
  if (pattern !== undefined && !new RegExp(pattern, 'u').test(value)) {
    problems.push({ code: 'PATTERN', message: `Must match ${pattern}.`, params: { pattern } });
  }
  return problems;
}

function checkShape(value: unknown, shape: RegExp, what: string): ValueProblem[] {
  if (typeof value !== 'string') return [typeProblem(what)];
  return shape.test(value)
    ? []
    : [{ code: 'FORMAT', message: `Must be ${what}.`, params: { format: what } }];
}

function checkUrl(value: unknown): ValueProblem[] {
  if (typeof value !== 'string') return [typeProblem('a web address')];
  const ok = URL.canParse(value) && /^https?:$/.test(new URL(value).protocol);
  return ok
    ? []
    : [{ code: 'FORMAT', message: 'Must be an http or https address.', params: { format: 'url' } }];
}

interface NumberRules {
  integer: boolean;
  min?: number | undefined;
  max?: number | undefined;
  scale?: number | undefined;
  asText?: boolean;
}

function checkNumber(value: unknown, rules: NumberRules): ValueProblem[] {
  let number: number;
  let text: string;
  if (typeof value === 'number' && Number.isFinite(value)) {
    number = value;
    text = String(value);
  } else if (
    rules.asText === true &&
    typeof value === 'string' &&
    DECIMAL_TEXT_PATTERN.test(value)
  ) {
    number = Number(value);
    text = value;
  } else {
    return [typeProblem(rules.integer ? 'a whole number' : 'a number')];
  }
  if (rules.integer && !Number.isInteger(number)) return [typeProblem('a whole number')];
  const problems: ValueProblem[] = [];
  if (rules.min !== undefined && number < rules.min) {
    problems.push({
      code: 'TOO_SMALL',
      message: `At least ${rules.min}.`,
      params: { limit: rules.min },
    });
  }
  if (rules.max !== undefined && number > rules.max) {
    problems.push({
      code: 'TOO_LARGE',
      message: `At most ${rules.max}.`,
      params: { limit: rules.max },
    });
  }
  if (rules.scale !== undefined && decimalsOf(text) > rules.scale) {
    problems.push({
      code: 'TOO_PRECISE',
      message: `At most ${rules.scale} digits after the point.`,
      params: { scale: rules.scale },
    });
  }
  return problems;
}

/** Digits after the decimal point of a number written as JSON or as decimal text. */
function decimalsOf(text: string): number {
  const [mantissa = '', exponent = '0'] = text.toLowerCase().split('e');
  const fraction = mantissa.split('.')[1] ?? '';
  return Math.max(0, fraction.length - Number(exponent));
}

function checkDate(
  value: unknown,
  min: string | undefined,
  max: string | undefined,
): ValueProblem[] {
  if (typeof value !== 'string') return [typeProblem('a date (YYYY-MM-DD)')];
  const real = DATE_PATTERN.test(value) && isRealInstant(`${value}T00:00:00Z`, value, 10);
  if (!real)
    return [
      { code: 'FORMAT', message: 'Must be a date (YYYY-MM-DD).', params: { format: 'date' } },
    ];
  return checkRange(value, min, max, (a, b) => a.localeCompare(b));
}

function checkDatetime(
  value: unknown,
  min: string | undefined,
  max: string | undefined,
): ValueProblem[] {
  if (typeof value !== 'string') return [typeProblem('a UTC date-time')];
  const real = DATETIME_PATTERN.test(value) && isRealInstant(value, value, 10);
  if (!real) {
    return [
      {
        code: 'FORMAT',
        message: 'Must be an ISO 8601 UTC date-time.',
        params: { format: 'date-time' },
      },
    ];
  }
  return checkRange(value, min, max, (a, b) => Date.parse(a) - Date.parse(b));
}

// 2026-02-30 parses to March 2nd; a real date reads back the same.
function isRealInstant(iso: string, value: string, datePrefix: number): boolean {
  const time = Date.parse(iso);
  return (
    !Number.isNaN(time) &&
    new Date(time).toISOString().slice(0, datePrefix) === value.slice(0, datePrefix)
  );
}

function checkRange(
  value: string,
  min: string | undefined,
  max: string | undefined,
  compare: (a: string, b: string) => number,
): ValueProblem[] {
  if (min !== undefined && compare(value, min) < 0) {
    return [{ code: 'TOO_SMALL', message: `Not before ${min}.`, params: { limit: min } }];
  }
  if (max !== undefined && compare(value, max) > 0) {
    return [{ code: 'TOO_LARGE', message: `Not after ${max}.`, params: { limit: max } }];
  }
  return [];
}

function checkOption(
  options: readonly SelectOption[],
  value: string,
  dependsOn: string | undefined,
  record: Readonly<Record<string, unknown>>,
): ValueProblem[] {
  const option = options.find((candidate) => candidate.value === value);
  if (option === undefined) {
    return [
      {
        code: 'UNKNOWN_OPTION',
        message: `${JSON.stringify(value)} is not an option of this field.`,
        params: {
          value,
          allowedValues: options.filter((o) => o.inactive !== true).map((o) => o.value),
        },
      },
    ];
  }
  if (option.inactive === true) {
    return [
      {
        code: 'INACTIVE_OPTION',
        message: `${JSON.stringify(value)} is no longer offered.`,
        params: { value },
      },
    ];
  }
  const parent = dependsOn === undefined ? undefined : record[dependsOn];
  if (
    typeof parent === 'string' &&
    option.parents !== undefined &&
    !option.parents.includes(parent)
  ) {
    return [
      {
        code: 'OPTION_NOT_ALLOWED',
        message: `${JSON.stringify(value)} is not offered when ${dependsOn} is ${JSON.stringify(parent)}.`,
        params: { value, dependsOn, parent },
      },
    ];
  }
  return [];
}

function checkOptionList(
  options: readonly SelectOption[],
  value: unknown,
  maxSelected: number | undefined,
  dependsOn: string | undefined,
  record: Readonly<Record<string, unknown>>,
): ValueProblem[] {
  if (!Array.isArray(value)) return [typeProblem('a list of option values')];
  const problems: ValueProblem[] = [];
  if (maxSelected !== undefined && value.length > maxSelected) {
    problems.push({
      code: 'TOO_MANY',
      message: `At most ${maxSelected} options.`,
      params: { limit: maxSelected },
    });
  }
  const seen = new Set<unknown>();
  value.forEach((item, index) => {
    const at = `/${index}`;
    if (seen.has(item)) {
      problems.push({
        code: 'DUPLICATE_VALUE',
        message: `${JSON.stringify(item)} is listed twice.`,
        at,
      });
      return;
    }
    seen.add(item);
    if (typeof item !== 'string') problems.push({ ...typeProblem('an option value'), at });
    else
      problems.push(
        ...checkOption(options, item, dependsOn, record).map((problem) => ({ ...problem, at })),
      );
  });
  return problems;
}

function checkUser(value: unknown, multiple: boolean): ValueProblem[] {
  const expected = 'the user placeholder { "$user": "installer" }';
  if (!multiple) return isUserReference(value) ? [] : [typeProblem(expected)];
  if (!Array.isArray(value)) return [typeProblem(`a list of ${expected}`)];
  return value.flatMap((item, index) =>
    isUserReference(item) ? [] : [{ ...typeProblem(expected), at: `/${index}` }],
  );
}
