import type { CustomOperator } from './custom-operators/custom-operator.js';
import { DATE_OPERATORS } from './custom-operators/date-operators.js';
import { STRING_OPERATORS } from './custom-operators/string-operators.js';
import { VALUE_OPERATORS } from './custom-operators/value-operators.js';

/** The JsonLogic operators we keep: pure, bounded, without access to the host. */
export const STANDARD_OPERATORS: readonly string[] = Object.freeze([
  'var',
  'missing',
  'missing_some',
  'if',
  '?:',
  '==',
  '===',
  '!=',
  '!==',
  '!',
  '!!',
  'or',
  'and',
  '>',
  '>=',
  '<',
  '<=',
  'max',
  'min',
  '+',
  '-',
  '*',
  '/',
  '%',
  'in',
  'cat',
  'substr',
  'merge',
  'map',
  'filter',
  'reduce',
  'all',
  'some',
  'none',
]);

/** Operators known to JsonLogic implementations that we refuse, with the reason. */
export const EXCLUDED_OPERATORS: ReadonlyMap<string, string> = new Map([
  ['log', 'it writes to the console, a side effect with no place in a rule'],
  ['method', 'it calls a method of a host object, which is arbitrary code'],
]);

/** Every CRM operator added to JsonLogic, by name. */
export const CUSTOM_OPERATORS: ReadonlyMap<string, CustomOperator> = new Map(
  [...DATE_OPERATORS, ...STRING_OPERATORS, ...VALUE_OPERATORS].map((op) => [op.name, op]),
);

/** Every operator a rule may use: the kept standard ones and the custom ones. */
export const ALLOWED_OPERATORS: ReadonlySet<string> = new Set([
  ...STANDARD_OPERATORS,
  ...CUSTOM_OPERATORS.keys(),
]);

/**
 * Operators whose second argument is evaluated once per element of the array in the first,
 * with the element (or `{ current, accumulator }` for reduce) as its data.
 */
export const ITERATING_OPERATORS: ReadonlyMap<string, 'element' | 'reduce'> = new Map([
  ['map', 'element'],
  ['filter', 'element'],
  ['all', 'element'],
  ['some', 'element'],
  ['none', 'element'],
  ['reduce', 'reduce'],
]);

/** Operators that hand back a value they were given instead of building a new one. */
export const PASS_THROUGH_OPERATORS: ReadonlySet<string> = new Set([
  'var',
  'if',
  '?:',
  'and',
  'or',
  'coalesce',
]);

/** Whether a rule may use an operator name, and if not, whether it is deliberately excluded. */
export function classifyOperator(name: string): 'allowed' | 'excluded' | 'unknown' {
  if (ALLOWED_OPERATORS.has(name)) return 'allowed';
  // A dotted name would reach into members of the operator table.
  if (EXCLUDED_OPERATORS.has(name) || name.includes('.')) return 'excluded';
  return 'unknown';
}
