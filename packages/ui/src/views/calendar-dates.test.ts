import { describe, expect, it } from 'vitest';
import { dayOfValue, moveToDay, shiftAnchor, shiftDays, visibleDays } from './calendar-dates.js';

describe('calendar dates', () => {
  it('shows whole weeks of a month, from Monday in Chinese and Sunday in English', () => {
    const zh = visibleDays('2026-03-18', 'month', 1);
    expect(zh).toHaveLength(42);
    expect(zh[0]).toBe('2026-02-23');
    expect(visibleDays('2026-03-18', 'month', 0)[0]).toBe('2026-03-01');
    expect(visibleDays('2026-03-18', 'week', 1)).toEqual([
      '2026-03-16',
      '2026-03-17',
      '2026-03-18',
      '2026-03-19',
      '2026-03-20',
      '2026-03-21',
      '2026-03-22',
    ]);
  });

  it('pages by month and by week', () => {
    expect(shiftAnchor('2026-01-31', 'month', 1)).toBe('2026-02-01');
    expect(shiftAnchor('2026-03-18', 'week', -1)).toBe('2026-03-11');
  });

  it('moves a datetime to another day keeping its local time, a date to the day itself', () => {
    const start = new Date(2026, 2, 18, 9, 30).toISOString();
    const moved = moveToDay(start, '2026-03-20');
    expect(moved && dayOfValue(moved)).toBe('2026-03-20');
    expect(moved && new Date(moved).getHours()).toBe(9);
    expect(moveToDay('2026-03-18', '2026-03-21')).toBe('2026-03-21');
    expect(shiftDays('2026-03-30', 3)).toBe('2026-04-02');
    expect(shiftDays(null, 3)).toBeNull();
  });
});
