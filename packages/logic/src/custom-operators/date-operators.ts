import {
  addMonths,
  type CalendarDate,
  formatDate,
  formatDatetime,
  fromEpochDay,
  fromWallTime,
  isoWeekday,
  parseTemporal,
  startOfDayInstant,
  type Temporal,
  toEpochDay,
  toWallTime,
} from './calendar.js';
import { type CustomOperator, type RuleClock, toNumber } from './custom-operator.js';

/** Units `start_of` and `end_of` round to; weeks start on Monday. */
export const PERIOD_UNITS = ['day', 'week', 'month', 'quarter', 'year'] as const;
/** Units `date_add` and `date_diff` count in. */
export const DATE_UNITS = [...PERIOD_UNITS, 'hour', 'minute', 'second'] as const;

type PeriodUnit = (typeof PERIOD_UNITS)[number];
type DateUnit = (typeof DATE_UNITS)[number];

const UNIT_MS = { hour: 3_600_000, minute: 60_000, second: 1_000 } as const;
const MONTHS_PER = { month: 1, quarter: 3, year: 12 } as const;

function isPeriodUnit(unit: unknown): unit is PeriodUnit {
  return (PERIOD_UNITS as readonly unknown[]).includes(unit);
}

function isDateUnit(unit: unknown): unit is DateUnit {
  return (DATE_UNITS as readonly unknown[]).includes(unit);
}

/** The calendar date of a value in the clock's time zone. */
function dateOf(value: Temporal, clock: RuleClock): CalendarDate {
  return value.kind === 'date' ? value.date : toWallTime(value.instant, clock.timeZone);
}

/** The instant of a value: a date counts as its midnight in the clock's time zone. */
function instantOf(value: Temporal, clock: RuleClock): Date {
  return value.kind === 'datetime' ? value.instant : startOfDayInstant(value.date, clock.timeZone);
}

function addCalendar(date: CalendarDate, amount: number, unit: PeriodUnit): CalendarDate {
  switch (unit) {
    case 'day':
      return fromEpochDay(toEpochDay(date) + amount);
    case 'week':
      return fromEpochDay(toEpochDay(date) + amount * 7);
    case 'month':
    case 'quarter':
    case 'year':
      return addMonths(date, amount * MONTHS_PER[unit]);
    default: {
      const exhausted: never = unit;
      throw new TypeError(`unhandled unit ${String(exhausted)}`);
    }
  }
}

function dateAdd(value: Temporal, amount: number, unit: DateUnit, clock: RuleClock): string | null {
  if (unit === 'hour' || unit === 'minute' || unit === 'second') {
    return formatDatetime(new Date(instantOf(value, clock).getTime() + amount * UNIT_MS[unit]));
  }
  if (value.kind === 'date') return formatDate(addCalendar(value.date, amount, unit));
  // A datetime moves on the calendar of its time zone and keeps its wall-clock time.
  const wall = toWallTime(value.instant, clock.timeZone);
  const date = addCalendar(wall, amount, unit);
  return formatDatetime(fromWallTime({ ...wall, ...date }, clock.timeZone));
}

/** Whole months from a to b, counting a month only once its day of month is reached. */
function wholeMonths(a: CalendarDate, b: CalendarDate): number {
  const months = (b.year - a.year) * 12 + (b.month - a.month);
  if (months > 0 && b.day < a.day) return months - 1;
  if (months < 0 && b.day > a.day) return months + 1;
  return months;
}

function dateDiff(a: Temporal, b: Temporal, unit: DateUnit, clock: RuleClock): number {
  switch (unit) {
    case 'second':
    case 'minute':
    case 'hour':
      return Math.trunc(
        (instantOf(b, clock).getTime() - instantOf(a, clock).getTime()) / UNIT_MS[unit],
      );
    case 'day':
    case 'week': {
      const days = toEpochDay(dateOf(b, clock)) - toEpochDay(dateOf(a, clock));
      return unit === 'day' ? days : Math.trunc(days / 7);
    }
    case 'month':
    case 'quarter':
    case 'year':
      return Math.trunc(wholeMonths(dateOf(a, clock), dateOf(b, clock)) / MONTHS_PER[unit]);
    default: {
      const exhausted: never = unit;
      throw new TypeError(`unhandled unit ${String(exhausted)}`);
    }
  }
}

function periodStart(date: CalendarDate, unit: PeriodUnit): CalendarDate {
  switch (unit) {
    case 'day':
      return date;
    case 'week':
      return fromEpochDay(toEpochDay(date) - (isoWeekday(date) - 1));
    case 'month':
      return { ...date, day: 1 };
    case 'quarter':
      return { year: date.year, month: Math.floor((date.month - 1) / 3) * 3 + 1, day: 1 };
    case 'year':
      return { year: date.year, month: 1, day: 1 };
    default: {
      const exhausted: never = unit;
      throw new TypeError(`unhandled unit ${String(exhausted)}`);
    }
  }
}

function startOf(value: Temporal, unit: PeriodUnit, clock: RuleClock): string | null {
  const start = periodStart(dateOf(value, clock), unit);
  if (value.kind === 'date') return formatDate(start);
  return formatDatetime(startOfDayInstant(start, clock.timeZone));
}

function endOf(value: Temporal, unit: PeriodUnit, clock: RuleClock): string | null {
  const nextStart = addCalendar(periodStart(dateOf(value, clock), unit), 1, unit);
  if (value.kind === 'date') return formatDate(fromEpochDay(toEpochDay(nextStart) - 1));
  // The last millisecond before the next period starts.
  return formatDatetime(new Date(startOfDayInstant(nextStart, clock.timeZone).getTime() - 1));
}

function datePart(name: string, pick: (date: CalendarDate) => number): CustomOperator {
  return {
    name,
    arity: [1, 1],
    evaluate: ([value], clock) => {
      const parsed = parseTemporal(value);
      return parsed === undefined ? null : pick(dateOf(parsed, clock));
    },
  };
}

/** Relative dates and date arithmetic over ISO strings ('YYYY-MM-DD' dates, ISO 8601 datetimes). */
export const DATE_OPERATORS: readonly CustomOperator[] = [
  {
    name: 'today',
    arity: [0, 0],
    evaluate: (_args, clock) => formatDate(toWallTime(clock.now, clock.timeZone)),
  },
  {
    name: 'now',
    arity: [0, 0],
    evaluate: (_args, clock) => formatDatetime(clock.now),
  },
  {
    name: 'date_add',
    arity: [3, 3],
    choices: { 2: DATE_UNITS },
    evaluate: ([value, amount, unit], clock) => {
      const parsed = parseTemporal(value);
      const count = toNumber(amount);
      if (parsed === undefined || count === null || !isDateUnit(unit)) return null;
      return dateAdd(parsed, Math.trunc(count), unit, clock);
    },
  },
  {
    name: 'date_diff',
    arity: [3, 3],
    choices: { 2: DATE_UNITS },
    evaluate: ([from, to, unit], clock) => {
      const a = parseTemporal(from);
      const b = parseTemporal(to);
      if (a === undefined || b === undefined || !isDateUnit(unit)) return null;
      return dateDiff(a, b, unit, clock);
    },
  },
  {
    name: 'start_of',
    arity: [2, 2],
    choices: { 1: PERIOD_UNITS },
    evaluate: ([value, unit], clock) => {
      const parsed = parseTemporal(value);
      return parsed === undefined || !isPeriodUnit(unit) ? null : startOf(parsed, unit, clock);
    },
  },
  {
    name: 'end_of',
    arity: [2, 2],
    choices: { 1: PERIOD_UNITS },
    evaluate: ([value, unit], clock) => {
      const parsed = parseTemporal(value);
      return parsed === undefined || !isPeriodUnit(unit) ? null : endOf(parsed, unit, clock);
    },
  },
  datePart('year', (date) => date.year),
  datePart('month', (date) => date.month),
  datePart('day', (date) => date.day),
];
