import pg from 'pg';

/** The `pg` driver's own `timestamptz` parser: the slow path for text the fast one does not know. */
const parseTimestamptz = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ) as (
  text: string,
) => Date;

/**
 * An instant read from PostgreSQL as the ISO 8601 UTC string the record API serves
 * (`2026-12-01T08:30:00.250Z`, what `Date#toISOString` gives), from either a `Date` or the
 * text form of a `timestamptz` (`2026-12-01 08:30:00.25+00`, what a `::text` cast yields in a
 * UTC session). Record reads select instants as text so that a page of rows does not parse every
 * one into a `Date` only to format it again: in a UTC session the text is rearranged in place
 * (sub-millisecond digits are dropped, as `Date` drops them); any other form (another zone
 * offset, a year past 9999, BC) goes through the driver's parser and `Date`, as before.
 */
export function isoInstant(value: Date | string): string {
  if (typeof value !== 'string') return value.toISOString();
  const length = value.length;
  if (
    length >= 22 &&
    length <= 29 &&
    value.endsWith('+00') &&
    value[4] === '-' &&
    value[7] === '-' &&
    value[10] === ' ' &&
    value[13] === ':' &&
    value[16] === ':' &&
    (length === 22 || value[19] === '.')
  ) {
    const fraction = length === 22 ? '000' : `${value.slice(20, length - 3)}00`.slice(0, 3);
    return `${value.slice(0, 10)}T${value.slice(11, 19)}.${fraction}Z`;
  }
  return parseTimestamptz(value).toISOString();
}
