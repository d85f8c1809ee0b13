import type { PlanValue } from '../records/record-plan.js';
import { accept, type Coercion, type FilterOp, refuse } from './field-type.js';

/** Operators of text-like slots. */
export const TEXT_OPERATORS: readonly FilterOp[] = Object.freeze([
  'eq',
  'ne',
  'in',
  'not_in',
  'contains',
  'starts_with',
  'is_empty',
  'is_not_empty',
]);

/** Operators of ordered values (numbers). */
export const ORDERED_OPERATORS: readonly FilterOp[] = Object.freeze([
  'eq',
  'ne',
  'lt',
  'lte',
  'gt',
  'gte',
  'between',
  'in',
  'not_in',
  'is_empty',
  'is_not_empty',
]);

/** Operators of dates and datetimes: ordered, plus relative periods. */
export const TEMPORAL_OPERATORS: readonly FilterOp[] = Object.freeze([
  ...ORDERED_OPERATORS.filter((op) => op !== 'in' && op !== 'not_in'),
  'on_relative',
  'in_last',
  'in_next',
]);

/** Operators of values compared only for equality (booleans, references, choices). */
export const EQUALITY_OPERATORS: readonly FilterOp[] = Object.freeze([
  'eq',
  'ne',
  'in',
  'not_in',
  'is_empty',
  'is_not_empty',
]);

/** Operators of multi-valued fields: has any (in), has none (not_in), has (contains). */
export const ARRAY_OPERATORS: readonly FilterOp[] = Object.freeze([
  'contains',
  'in',
  'not_in',
  'is_empty',
  'is_not_empty',
]);

/** Operators of values only tested for presence (attachments). */
export const PRESENCE_OPERATORS: readonly FilterOp[] = Object.freeze(['is_empty', 'is_not_empty']);

/** Long text: substring and presence only (it is never indexed). */
export const LONG_TEXT_OPERATORS: readonly FilterOp[] = Object.freeze([
  'contains',
  'starts_with',
  'is_empty',
  'is_not_empty',
]);

/** Length in characters (code points), not UTF-16 units or bytes. */
export function characterLength(text: string): number {
  let length = 0;
  for (const _ of text) length += 1;
  return length;
}

/** A UTF-16 surrogate without its pair. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Whether `text` holds U+0000 or an unpaired surrogate. PostgreSQL stores neither in text or
 * jsonb: the first fails the statement, the second would be written as U+FFFD, changing the value
 * unseen.
 */
export function hasUnstorableCharacter(text: string): boolean {
  return text.includes('\u0000') || LONE_SURROGATE.test(text);
}

function refuseUnstorable(): Coercion<never> {
  return refuse(
    'UNSUPPORTED_CHARACTER',
    'The text holds a character that cannot be stored: U+0000 or an unpaired surrogate.',
  );
}

/** A string, checked for length in characters and for characters that cannot be stored. */
export function coerceText(
  input: unknown,
  { minLength, maxLength }: { readonly minLength?: number; readonly maxLength: number },
): Coercion<string> {
  if (typeof input !== 'string') return refuse('TYPE', 'Expected text.', { expected: 'string' });
  if (hasUnstorableCharacter(input)) return refuseUnstorable();
  const length = characterLength(input);
  if (length > maxLength) {
    return refuse('TOO_LONG', `At most ${maxLength} characters.`, { maxLength, length });
  }
  if (minLength !== undefined && length < minLength) {
    return refuse('TOO_SHORT', `At least ${minLength} characters.`, { minLength, length });
  }
  return accept(input);
}

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;
const EXPONENT = /^([+-]?)(\d+)(?:\.(\d+))?e([+-]?\d+)$/i;

/** Digits before the point that no numeric field holds more of (field.schema.json's cap). */
export const MAX_DECIMAL_PRECISION = 38;
/** Digits after the point that no numeric field keeps more of (field.schema.json's cap). */
export const MAX_DECIMAL_SCALE = 18;

function refuseNotANumber(): Coercion<never> {
  return refuse('TYPE', 'Expected a number.', { expected: 'number' });
}

function refusePrecision(precision: number, scale: number): Coercion<never> {
  return refuse('PRECISION', `At most ${precision - scale} digits before the point.`, {
    precision,
    scale,
  });
}

function refuseScale(scale: number): Coercion<never> {
  return refuse('SCALE', `At most ${scale} digits after the decimal point.`, { scale });
}

/**
 * A number or numeric string as a canonical decimal string ('-12.5'), or undefined: also for
 * text whose exponent reaches past the digits any numeric field holds (see `readDecimal`).
 */
export function toDecimalString(input: unknown): string | undefined {
  const read = readDecimal(input);
  return read.ok ? read.value : undefined;
}

/**
 * `input` as a canonical decimal string, or refused: TYPE when it is no number; PRECISION or
 * SCALE when it is text whose exponent puts a digit further from the point than any numeric field
 * keeps one (MAX_DECIMAL_PRECISION before it, MAX_DECIMAL_SCALE after). That is decided before
 * the digits are written out: '1e999999999' would otherwise be a string of a billion zeros. A
 * number needs no bound, its exponent is at most 308, and formulas compute such numbers.
 */
function readDecimal(input: unknown): Coercion<string> {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return refuseNotANumber();
    text = String(input);
    // A finite number's shortest form is canonical already (no leading or trailing zeros, and
    // '0' for -0) unless it is written with an exponent: the common case, without regexes.
    if (!text.includes('e')) return accept(text);
  } else if (typeof input === 'string') {
    text = input.trim();
    if (isCanonicalDecimal(text)) return accept(text);
  } else {
    return refuseNotANumber();
  }
  const exponent = EXPONENT.exec(text);
  if (exponent) {
    const expanded = expandExponent(exponent, typeof input === 'string');
    if (!expanded.ok) return expanded;
    text = expanded.value;
  }
  const match = DECIMAL.exec(text);
  if (!match) return refuseNotANumber();
  const sign = match[1] === '-' ? '-' : '';
  const whole = (match[2] ?? '0').replace(/^0+(?=\d)/, '');
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  if (whole === '0' && fraction === '') return accept('0');
  return accept(`${sign}${whole}${fraction === '' ? '' : `.${fraction}`}`);
}

/**
 * Whether `text` is a decimal in the form toDecimalString returns: an optional '-', digits
 * without a leading zero (but '0' itself), and an optional fraction not ending in zero; never
 * '-0'. Checked by hand: a formula's result or a stored value is usually such a string already.
 */
function isCanonicalDecimal(text: string): boolean {
  const length = text.length;
  let index = text.charCodeAt(0) === 45 ? 1 : 0;
  const start = index;
  while (index < length && isDigit(text.charCodeAt(index))) index += 1;
  const wholeDigits = index - start;
  if (wholeDigits === 0 || (wholeDigits > 1 && text.charCodeAt(start) === 48)) return false;
  if (index === length) return !(start === 1 && wholeDigits === 1 && text.charCodeAt(1) === 48);
  if (text.charCodeAt(index) !== 46 || index === length - 1) return false;
  for (index += 1; index < length; index += 1) {
    if (!isDigit(text.charCodeAt(index))) return false;
  }
  return text.charCodeAt(length - 1) !== 48;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * The digits of `1.5e3` written out ('1500'). When `bounded`, refused instead where the first
 * significant digit would land beyond what any numeric field holds, so that the zeros written
 * are never more than MAX_DECIMAL_PRECISION or MAX_DECIMAL_SCALE.
 */
function expandExponent(match: RegExpExecArray, bounded: boolean): Coercion<string> {
  const [, sign = '', whole = '0', fraction = '', power = '0'] = match;
  const written = whole + fraction;
  const digits = written.replace(/^0+/, '');
  if (digits === '') return accept('0');
  // Where the point falls counted from the first significant digit: '0.05e2' is 5 (point 1).
  const point = whole.length - (written.length - digits.length) + Number(power);
  if (bounded && point > MAX_DECIMAL_PRECISION) return refusePrecision(MAX_DECIMAL_PRECISION, 0);
  if (bounded && 1 - point > MAX_DECIMAL_SCALE) return refuseScale(MAX_DECIMAL_SCALE);
  if (point <= 0) return accept(`${sign}0.${'0'.repeat(-point)}${digits}`);
  if (point >= digits.length) return accept(`${sign}${digits}${'0'.repeat(point - digits.length)}`);
  return accept(`${sign}${digits.slice(0, point)}.${digits.slice(point)}`);
}

/** A decimal within `precision` total digits and `scale` digits after the point, and min/max. */
export function coerceDecimal(
  input: unknown,
  limits: {
    readonly precision: number;
    readonly scale: number;
    readonly min?: number | undefined;
    readonly max?: number | undefined;
  },
): Coercion<string> {
  const read = readDecimal(input);
  if (!read.ok) {
    // Past the digits of every field is past this field's: said in this field's own limits.
    if (read.issue.code === 'PRECISION') return refusePrecision(limits.precision, limits.scale);
    if (read.issue.code === 'SCALE') return refuseScale(limits.scale);
    return read;
  }
  const decimal = read.value;
  // Canonical, so the digits are counted by position: '-' at most first, '.' at most once.
  const start = decimal.startsWith('-') ? 1 : 0;
  const point = decimal.indexOf('.');
  const fractionDigits = point < 0 ? 0 : decimal.length - point - 1;
  if (fractionDigits > limits.scale) return refuseScale(limits.scale);
  const wholeEnd = point < 0 ? decimal.length : point;
  const wholeDigits =
    wholeEnd - start === 1 && decimal.charCodeAt(start) === 48 ? 0 : wholeEnd - start;
  if (wholeDigits > limits.precision - limits.scale) {
    return refusePrecision(limits.precision, limits.scale);
  }
  if (limits.min === undefined && limits.max === undefined) return accept(decimal);
  const value = Number(decimal);
  if (limits.min !== undefined && value < limits.min) {
    return refuse('TOO_SMALL', `At least ${limits.min}.`, { min: limits.min });
  }
  if (limits.max !== undefined && value > limits.max) {
    return refuse('TOO_LARGE', `At most ${limits.max}.`, { max: limits.max });
  }
  return accept(decimal);
}

/** A decimal string served as a JSON number, or as a string when it needs more than 15 digits. */
export function serializeDecimal(stored: unknown, precision: number): number | string {
  const text = String(stored);
  return precision > 15 ? text : Number(text);
}

/** The number written by the ASCII digits of `text` from `start` to `end`, or -1. */
function digitsAt(text: string, start: number, end: number): number {
  let value = 0;
  for (let index = start; index < end; index += 1) {
    const digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * True for a real calendar date written 'YYYY-MM-DD' (proleptic Gregorian, years 0001–9999:
 * PostgreSQL has no year 0).
 */
export function isIsoDate(text: string): boolean {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return false;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 7);
  const day = digitsAt(text, 8, 10);
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days =
    month === 2
      ? leap
        ? 29
        : 28
      : month === 4 || month === 6 || month === 9 || month === 11
        ? 30
        : 31;
  return day <= days;
}

/** A calendar date 'YYYY-MM-DD' within min/max. */
export function coerceDate(
  input: unknown,
  limits: { readonly min?: string | undefined; readonly max?: string | undefined } = {},
): Coercion<string> {
  if (typeof input !== 'string' || !isIsoDate(input)) {
    return refuse('TYPE', 'Expected a date written YYYY-MM-DD.', { expected: 'date' });
  }
  if (limits.min !== undefined && input < limits.min) {
    return refuse('TOO_SMALL', `On or after ${limits.min}.`, { min: limits.min });
  }
  if (limits.max !== undefined && input > limits.max) {
    return refuse('TOO_LARGE', `On or before ${limits.max}.`, { max: limits.max });
  }
  return accept(input);
}

const DATETIME = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;

/** A point in time written ISO 8601 with a zone, as an ISO UTC string, within min/max. */
export function coerceDatetime(
  input: unknown,
  limits: { readonly min?: string | undefined; readonly max?: string | undefined } = {},
): Coercion<string> {
  const match = typeof input === 'string' ? DATETIME.exec(input) : null;
  const time = match && isIsoDate(match[1] ?? '') ? Date.parse(String(input)) : Number.NaN;
  if (Number.isNaN(time)) {
    return refuse('TYPE', 'Expected a date and time in ISO 8601 with a time zone.', {
      expected: 'datetime',
    });
  }
  if (limits.min !== undefined && time < Date.parse(limits.min)) {
    return refuse('TOO_SMALL', `On or after ${limits.min}.`, { min: limits.min });
  }
  if (limits.max !== undefined && time > Date.parse(limits.max)) {
    return refuse('TOO_LARGE', `On or before ${limits.max}.`, { max: limits.max });
  }
  return accept(new Date(time).toISOString());
}

/** A stored timestamp served as ISO 8601 UTC. */
export function serializeDatetime(stored: unknown): string {
  return stored instanceof Date ? stored.toISOString() : new Date(String(stored)).toISOString();
}

/**
 * 0 when `text` is no uuid (8-4-4-4-12 hex digits), 1 when it is one in lower case, 2 in mixed
 * case. Scanned by hand: every lookup and user value of a bulk write is checked, and the regex
 * was a twentieth of validating a record.
 */
function uuidForm(text: string): 0 | 1 | 2 {
  if (text.length !== 36) return 0;
  let form: 1 | 2 = 1;
  for (let index = 0; index < 36; index += 1) {
    const code = text.charCodeAt(index);
    if (index === 8 || index === 13 || index === 18 || index === 23) {
      if (code !== 45) return 0;
    } else if (code >= 65 && code <= 70) {
      form = 2;
    } else if (!((code >= 48 && code <= 57) || (code >= 97 && code <= 102))) {
      return 0;
    }
  }
  return form;
}

/** A uuid, lower-cased. */
export function coerceUuid(input: unknown): Coercion<string> {
  const form = typeof input === 'string' ? uuidForm(input) : 0;
  if (form === 0) {
    return refuse('TYPE', 'Expected a record id (a uuid).', { expected: 'uuid' });
  }
  const text = input as string;
  return accept(form === 1 ? text : text.toLowerCase());
}

/** A boolean. */
export function coerceBoolean(input: unknown): Coercion<boolean> {
  if (typeof input !== 'boolean')
    return refuse('TYPE', 'Expected true or false.', { expected: 'boolean' });
  return accept(input);
}

/** A non-empty array of distinct uuids, for multi-valued references. */
export function coerceUuidList(input: unknown): Coercion<string[]> {
  if (!Array.isArray(input))
    return refuse('TYPE', 'Expected a list of ids.', { expected: 'array' });
  const ids: string[] = [];
  for (const item of input) {
    const id = coerceUuid(item);
    if (!id.ok) return id;
    if (!ids.includes(id.value)) ids.push(id.value);
  }
  return accept(ids);
}

/** A filter operand for a text column: any string. */
export function textOperand(input: unknown): Coercion<PlanValue> {
  if (typeof input !== 'string') return refuse('TYPE', 'Expected text.', { expected: 'string' });
  if (hasUnstorableCharacter(input)) return refuseUnstorable();
  return accept(input);
}

/** A filter operand for a numeric column, refused past the digits any numeric field holds. */
export function numericOperand(input: unknown): Coercion<PlanValue> {
  return readDecimal(input);
}
