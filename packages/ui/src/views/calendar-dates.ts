/** A day as `YYYY-MM-DD` in local time. */
export function dayKey(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The local day a date or datetime value falls on. */
export function dayOfValue(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : dayKey(new Date(value));
}

function parseDay(day: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1);
}

/** The first day of the week for a locale: Monday, but Sunday in English (US) use. */
export function weekStartOf(locale: string): 0 | 1 {
  return locale.startsWith('en') ? 0 : 1;
}

/** The days a month or week view shows around `anchor`: whole weeks, 42 days or 7. */
export function visibleDays(anchor: string, mode: 'month' | 'week', weekStart: 0 | 1): string[] {
  const base = parseDay(anchor);
  const first = mode === 'month' ? new Date(base.getFullYear(), base.getMonth(), 1) : base;
  const back = (first.getDay() - weekStart + 7) % 7;
  const start = new Date(first.getFullYear(), first.getMonth(), first.getDate() - back);
  return Array.from({ length: mode === 'month' ? 42 : 7 }, (_, i) =>
    dayKey(new Date(start.getFullYear(), start.getMonth(), start.getDate() + i)),
  );
}

/** The anchor one page earlier or later: a month or a week. */
export function shiftAnchor(anchor: string, mode: 'month' | 'week', step: number): string {
  const base = parseDay(anchor);
  return mode === 'month'
    ? dayKey(new Date(base.getFullYear(), base.getMonth() + step, 1))
    : dayKey(new Date(base.getFullYear(), base.getMonth(), base.getDate() + 7 * step));
}

/**
 * A date or datetime value moved to another day: a date becomes that day, a datetime keeps its
 * local time of day. `null` stays null.
 */
export function moveToDay(value: string | null, day: string): string | null {
  if (value === null) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return day;
  const from = new Date(value);
  const to = parseDay(day);
  to.setHours(from.getHours(), from.getMinutes(), from.getSeconds(), from.getMilliseconds());
  return to.toISOString();
}

/** Whole days from one day key to another (negative when earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((parseDay(to).getTime() - parseDay(from).getTime()) / 86_400_000);
}

/** A date or datetime value shifted by whole days, datetimes keeping their local time. */
export function shiftDays(value: string | null, days: number): string | null {
  if (value === null) return null;
  const day = dayOfValue(value);
  const base = parseDay(day);
  return moveToDay(
    value,
    dayKey(new Date(base.getFullYear(), base.getMonth(), base.getDate() + days)),
  );
}
