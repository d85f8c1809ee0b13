/** A calendar date without time or zone. Months are 1–12. */
export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** A date and a time of day as read on a wall clock in some time zone. */
export interface WallTime extends CalendarDate {
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
}

/** A value a date operator works on: a plain date, or an instant (a datetime). */
export type Temporal =
  | { readonly kind: 'date'; readonly date: CalendarDate }
  | { readonly kind: 'datetime'; readonly instant: Date };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// An offset is required so that a datetime means the same instant in every browser and server.
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const DAY_MS = 86_400_000;

/** Reads 'YYYY-MM-DD' as a date and ISO 8601 with Z or an offset as a datetime; else undefined. */
export function parseTemporal(value: unknown): Temporal | undefined {
  if (typeof value !== 'string') return undefined;
  const date = DATE.exec(value);
  if (date) {
    const parsed = { year: Number(date[1]), month: Number(date[2]), day: Number(date[3]) };
    const roundTrip = fromEpochDay(toEpochDay(parsed));
    const valid = roundTrip.month === parsed.month && roundTrip.day === parsed.day;
    return valid ? { kind: 'date', date: parsed } : undefined;
  }
  if (DATETIME.test(value)) {
    const instant = new Date(value);
    return Number.isNaN(instant.getTime()) ? undefined : { kind: 'datetime', instant };
  }
  return undefined;
}

/** 'YYYY-MM-DD', or null outside years 0–9999. */
export function formatDate(date: CalendarDate): string | null {
  if (date.year < 0 || date.year > 9999) return null;
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

/** ISO 8601 in UTC with milliseconds and Z, or null when out of range. */
export function formatDatetime(instant: Date): string | null {
  const year = instant.getUTCFullYear();
  return Number.isNaN(instant.getTime()) || year < 0 || year > 9999 ? null : instant.toISOString();
}

/** Days since 1970-01-01 (negative before). */
export function toEpochDay(date: CalendarDate): number {
  return Math.floor(Date.UTC(date.year, date.month - 1, date.day) / DAY_MS);
}

/** The calendar date `epochDay` days after 1970-01-01. */
export function fromEpochDay(epochDay: number): CalendarDate {
  const d = new Date(epochDay * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Days in a month of a year. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The date `months` months later, clamped to the last day of a shorter month (Jan 31 → Feb 28). */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const total = date.year * 12 + (date.month - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  return { year, month, day: Math.min(date.day, daysInMonth(year, month)) };
}

/** ISO weekday: Monday 1 … Sunday 7. */
export function isoWeekday(date: CalendarDate): number {
  // 1970-01-01 was a Thursday (4).
  return ((((toEpochDay(date) + 3) % 7) + 7) % 7) + 1;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Throws a RangeError when `timeZone` is not a time zone this runtime knows. */
export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

/** The wall-clock reading of an instant in a time zone. */
export function toWallTime(instant: Date, timeZone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
    millisecond: instant.getUTCMilliseconds(),
  };
}

function wallAsUtc(wall: WallTime): number {
  return Date.UTC(
    wall.year,
    wall.month - 1,
    wall.day,
    wall.hour,
    wall.minute,
    wall.second,
    wall.millisecond,
  );
}

/** The instant a wall-clock reading in a time zone stands for. */
export function fromWallTime(wall: WallTime, timeZone: string): Date {
  const guess = wallAsUtc(wall);
  const offsetAt = (ms: number) => wallAsUtc(toWallTime(new Date(ms), timeZone)) - ms;
  const first = guess - offsetAt(guess);
  // A second pass settles readings near an offset change (daylight saving).
  const second = guess - offsetAt(first);
  return new Date(second);
}

/** Midnight at the start of a date in a time zone. */
export function startOfDayInstant(date: CalendarDate, timeZone: string): Date {
  return fromWallTime({ ...date, hour: 0, minute: 0, second: 0, millisecond: 0 }, timeZone);
}
