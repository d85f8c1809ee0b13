import { describe, expect, it } from 'vitest';
import { DEFAULT_TIME_ZONE, type EvaluateOptions, evaluateRule } from '../index.js';

// Tuesday 24 November 2026, 10:30 in Shanghai.
const NOW = new Date('2026-11-24T02:30:00Z');

function run(rule: unknown, data: unknown = {}, options: EvaluateOptions = {}) {
  return evaluateRule(rule, data, { now: NOW, ...options });
}

describe('today and now', () => {
  it('gives today as a date in the default time zone, Asia/Shanghai', () => {
    expect(DEFAULT_TIME_ZONE).toBe('Asia/Shanghai');
    expect(run({ today: [] })).toBe('2026-11-24');
  });

  it('decides the date by the time zone given', () => {
    const lateEvening = new Date('2026-03-31T17:00:00Z');
    expect(evaluateRule({ today: [] }, {}, { now: lateEvening })).toBe('2026-04-01');
    expect(evaluateRule({ today: [] }, {}, { now: lateEvening, timeZone: 'UTC' })).toBe(
      '2026-03-31',
    );
    expect(
      evaluateRule({ today: [] }, {}, { now: lateEvening, timeZone: 'America/Los_Angeles' }),
    ).toBe('2026-03-31');
  });

  it('gives now as an ISO datetime in UTC', () => {
    expect(run({ now: [] })).toBe('2026-11-24T02:30:00.000Z');
  });

  it('refuses a time zone the runtime does not know', () => {
    expect(() => run({ today: [] }, {}, { timeZone: 'Mars/Olympus' })).toThrow(RangeError);
  });
});

describe('date_add', () => {
  it('adds days and weeks to a date', () => {
    expect(run({ date_add: ['2026-11-24', 10, 'day'] })).toBe('2026-12-04');
    expect(run({ date_add: ['2026-11-24', -2, 'week'] })).toBe('2026-11-10');
  });

  it('adds months, clamping to the end of a shorter month', () => {
    expect(run({ date_add: ['2026-01-31', 1, 'month'] })).toBe('2026-02-28');
    expect(run({ date_add: ['2024-01-31', 1, 'month'] })).toBe('2024-02-29');
    expect(run({ date_add: ['2026-11-30', 1, 'quarter'] })).toBe('2027-02-28');
    expect(run({ date_add: ['2024-02-29', 1, 'year'] })).toBe('2025-02-28');
  });

  it('adds to a date read from the record and to today', () => {
    const data = { signed_on: '2026-06-15' };
    expect(run({ date_add: [{ var: 'signed_on' }, '30', 'day'] }, data)).toBe('2026-07-15');
    expect(run({ date_add: [{ today: [] }, 7, 'day'] })).toBe('2026-12-01');
  });

  it('adds time units to a datetime', () => {
    expect(run({ date_add: ['2026-11-24T02:30:00Z', 90, 'minute'] })).toBe(
      '2026-11-24T04:00:00.000Z',
    );
    expect(run({ date_add: [{ now: [] }, -1, 'hour'] })).toBe('2026-11-24T01:30:00.000Z');
  });

  it('moves a datetime on the calendar of the time zone, keeping its wall-clock time', () => {
    // 31 January 20:00 UTC is 1 February 04:00 in Shanghai; a month later is 1 March 04:00.
    expect(run({ date_add: ['2026-01-31T20:00:00Z', 1, 'month'] })).toBe(
      '2026-02-28T20:00:00.000Z',
    );
    // 30 January 20:00 UTC is 31 January 04:00 in Shanghai; a month later is 28 February 04:00,
    // while on the UTC calendar it is 28 February 20:00.
    expect(run({ date_add: ['2026-01-30T20:00:00Z', 1, 'month'] })).toBe(
      '2026-02-27T20:00:00.000Z',
    );
    expect(run({ date_add: ['2026-01-30T20:00:00Z', 1, 'month'] }, {}, { timeZone: 'UTC' })).toBe(
      '2026-02-28T20:00:00.000Z',
    );
  });

  it('keeps the wall-clock time across a daylight saving change', () => {
    const options = { timeZone: 'Europe/Berlin' };
    // 09:00 in Berlin the day before clocks go forward, then the day after.
    expect(run({ date_add: ['2026-03-28T08:00:00Z', 1, 'day'] }, {}, options)).toBe(
      '2026-03-29T07:00:00.000Z',
    );
  });

  it('turns a date into a datetime when adding hours, from midnight in the time zone', () => {
    expect(run({ date_add: ['2026-11-24', 2, 'hour'] })).toBe('2026-11-23T18:00:00.000Z');
  });

  it('gives null for values that are not ISO dates', () => {
    expect(run({ date_add: [null, 1, 'day'] })).toBeNull();
    expect(run({ date_add: ['2026-02-30', 1, 'day'] })).toBeNull();
    expect(run({ date_add: ['24/11/2026', 1, 'day'] })).toBeNull();
    expect(run({ date_add: ['2026-11-24T10:00:00', 1, 'day'] })).toBeNull();
    expect(run({ date_add: ['2026-11-24', 'soon', 'day'] })).toBeNull();
    expect(run({ date_add: ['2026-11-24', 1, { cat: ['fort', 'night'] }] })).toBeNull();
  });
});

describe('date_diff', () => {
  it('counts days from the first date to the second', () => {
    expect(run({ date_diff: ['2026-11-01', '2026-11-24', 'day'] })).toBe(23);
    expect(run({ date_diff: ['2026-11-24', '2026-11-01', 'day'] })).toBe(-23);
  });

  it('counts whole weeks, months, quarters and years', () => {
    expect(run({ date_diff: ['2026-11-01', '2026-11-24', 'week'] })).toBe(3);
    expect(run({ date_diff: ['2026-01-31', '2026-02-28', 'month'] })).toBe(0);
    expect(run({ date_diff: ['2026-01-15', '2026-03-15', 'month'] })).toBe(2);
    expect(run({ date_diff: ['2026-03-15', '2026-01-16', 'month'] })).toBe(-1);
    expect(run({ date_diff: ['2026-01-01', '2026-12-31', 'quarter'] })).toBe(3);
    expect(run({ date_diff: ['1990-11-25', { today: [] }, 'year'] })).toBe(35);
    expect(run({ date_diff: ['1990-11-24', { today: [] }, 'year'] })).toBe(36);
  });

  it('counts calendar days of datetimes in the time zone', () => {
    // 23:00 and 01:00 the next day in Shanghai, two hours apart.
    const rule = { date_diff: ['2026-03-31T15:00:00Z', '2026-03-31T17:00:00Z', 'day'] };
    expect(run(rule)).toBe(1);
    expect(run(rule, {}, { timeZone: 'UTC' })).toBe(0);
  });

  it('counts whole hours, minutes and seconds between instants', () => {
    expect(run({ date_diff: ['2026-11-24T00:00:00Z', { now: [] }, 'hour'] })).toBe(2);
    expect(run({ date_diff: ['2026-11-24T00:00:00Z', { now: [] }, 'minute'] })).toBe(150);
    expect(run({ date_diff: ['2026-11-24T02:29:58.500Z', { now: [] }, 'second'] })).toBe(1);
    expect(run({ date_diff: ['2026-11-24', { now: [] }, 'hour'] })).toBe(10);
  });

  it('gives null when either value is not a date', () => {
    expect(run({ date_diff: [{ var: 'closed_on' }, '2026-11-24', 'day'] })).toBeNull();
  });
});

describe('start_of and end_of', () => {
  it('finds the week around a date, weeks starting on Monday', () => {
    expect(run({ start_of: ['2026-11-26', 'week'] })).toBe('2026-11-23');
    expect(run({ end_of: ['2026-11-26', 'week'] })).toBe('2026-11-29');
    expect(run({ start_of: ['2026-11-29', 'week'] })).toBe('2026-11-23');
  });

  it('finds the day, month, quarter and year around a date', () => {
    expect(run({ start_of: ['2026-05-20', 'day'] })).toBe('2026-05-20');
    expect(run({ end_of: ['2026-05-20', 'day'] })).toBe('2026-05-20');
    expect(run({ start_of: ['2026-02-20', 'month'] })).toBe('2026-02-01');
    expect(run({ end_of: ['2028-02-20', 'month'] })).toBe('2028-02-29');
    expect(run({ start_of: ['2026-05-20', 'quarter'] })).toBe('2026-04-01');
    expect(run({ end_of: ['2026-05-20', 'quarter'] })).toBe('2026-06-30');
    expect(run({ start_of: ['2026-05-20', 'year'] })).toBe('2026-01-01');
    expect(run({ end_of: ['2026-05-20', 'year'] })).toBe('2026-12-31');
  });

  it('finds periods of a datetime in the time zone', () => {
    // 1 April 01:00 in Shanghai.
    expect(run({ start_of: ['2026-03-31T17:00:00Z', 'day'] })).toBe('2026-03-31T16:00:00.000Z');
    expect(run({ end_of: ['2026-03-31T17:00:00Z', 'month'] })).toBe('2026-04-30T15:59:59.999Z');
    expect(run({ start_of: ['2026-03-31T17:00:00Z', 'month'] }, {}, { timeZone: 'UTC' })).toBe(
      '2026-03-01T00:00:00.000Z',
    );
  });

  it('tells whether a deal closes this month', () => {
    const thisMonth = {
      '==': [
        { start_of: [{ var: 'close_date' }, 'month'] },
        { start_of: [{ today: [] }, 'month'] },
      ],
    };
    expect(run(thisMonth, { close_date: '2026-11-30' })).toBe(true);
    expect(run(thisMonth, { close_date: '2026-12-01' })).toBe(false);
  });
});

describe('year, month and day', () => {
  it('reads the parts of a date', () => {
    expect(run({ year: ['2026-05-20'] })).toBe(2026);
    expect(run({ month: '2026-05-20' })).toBe(5);
    expect(run({ day: ['2026-05-20'] })).toBe(20);
  });

  it('reads the parts of a datetime in the time zone', () => {
    expect(run({ day: ['2026-03-31T17:00:00Z'] })).toBe(1);
    expect(run({ month: ['2026-03-31T17:00:00Z'] })).toBe(4);
    expect(run({ day: ['2026-03-31T17:00:00Z'] }, {}, { timeZone: 'UTC' })).toBe(31);
  });

  it('gives null for a value that is not a date', () => {
    expect(run({ year: [{ var: 'missing_date' }] })).toBeNull();
  });
});
