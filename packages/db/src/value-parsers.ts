/**
 * How column values come back to JavaScript, the same on both backends, so that code and tests
 * never see a value whose type depends on where the data lives.
 *
 * - `timestamptz` → `Date` (an instant; both drivers' own parser, kept).
 * - `date` → `'YYYY-MM-DD'` string: a calendar day has no time zone, and a `Date` would shift it.
 * - `int8` (counts, sums of integers) → `number` while exactly representable, `bigint` beyond
 *   `Number.MAX_SAFE_INTEGER`, so no value is ever rounded silently.
 * - `numeric` → decimal string, never a float: money and percentages keep every digit.
 * - `json`/`jsonb` → parsed values (both drivers already do this).
 */

/** Type OIDs of the PostgreSQL types whose parsing is decided here. */
export const PG_TYPE_OID = {
  int8: 20,
  date: 1082,
  numeric: 1700,
} as const;

/** Parses an `int8` text value without ever losing precision. */
export function parseInt8(text: string): number | bigint {
  const value = BigInt(text);
  const safe = value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER);
  return safe ? Number(value) : value;
}

/** Keeps a value as the text PostgreSQL sent (`date`, `numeric`). */
export function keepText(text: string): string {
  return text;
}

/** Parser per type OID, shared by the `pg` pool and PGlite. */
export const valueParsers: Readonly<Record<number, (text: string) => unknown>> = {
  [PG_TYPE_OID.int8]: parseInt8,
  [PG_TYPE_OID.date]: keepText,
  [PG_TYPE_OID.numeric]: keepText,
};
