import { type CustomOperator, toNumber } from './custom-operator.js';

/** True for null, undefined, '' and []: what a CRM user calls "not filled in". */
export function isEmptyValue(value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    value === '' ||
    (Array.isArray(value) && value.length === 0)
  );
}

/** Moves the decimal point of a finite number by `places`, without binary rounding noise. */
function shiftDecimal(value: number, places: number): number {
  const [mantissa, exponent = '0'] = String(value).split('e');
  return Number(`${mantissa}e${Number(exponent) + places}`);
}

/** Rounds half away from zero at `scale` decimals, as money is rounded (2.345 → 2.35). */
export function roundHalfAwayFromZero(value: number, scale: number): number {
  const rounded = shiftDecimal(Math.round(shiftDecimal(Math.abs(value), scale)), -scale);
  // Adding 0 turns -0 into 0.
  return Math.sign(value) * rounded + 0;
}

/** Empty checks, coalescing and rounding. */
export const VALUE_OPERATORS: readonly CustomOperator[] = [
  { name: 'is_empty', arity: [1, 1], evaluate: ([value]) => isEmptyValue(value) },
  { name: 'is_not_empty', arity: [1, 1], evaluate: ([value]) => !isEmptyValue(value) },
  {
    name: 'coalesce',
    arity: [1, Number.POSITIVE_INFINITY],
    evaluate: (values) => values.find((value) => value !== null && value !== undefined) ?? null,
  },
  {
    name: 'round',
    arity: [1, 2],
    evaluate: ([value, scale = 0]) => {
      const number = toNumber(value);
      const places = toNumber(scale);
      if (number === null || places === null) return null;
      if (!Number.isInteger(places) || places < 0 || places > 18) return null;
      return roundHalfAwayFromZero(number, places);
    },
  },
];
