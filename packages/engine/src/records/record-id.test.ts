import { describe, expect, it } from 'vitest';
import { createRecordIdGenerator } from './record-id.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The Unix milliseconds in the first 48 bits of an id. */
function millisecondsOf(id: string): number {
  return Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16);
}

function sortedCopy(ids: readonly string[]): string[] {
  return [...ids].sort();
}

describe('createRecordIdGenerator', () => {
  it('makes version 7 uuids that carry the time they were made', () => {
    const next = createRecordIdGenerator(() => Date.UTC(2026, 11, 2, 10, 0, 0, 123));
    const id = next();
    expect(id).toMatch(UUID_V7);
    expect(millisecondsOf(id)).toBe(Date.UTC(2026, 11, 2, 10, 0, 0, 123));
  });

  it('makes ids that sort in the order they were made, across milliseconds', () => {
    let time = 1_700_000_000_000;
    const next = createRecordIdGenerator(() => time);
    const ids: string[] = [];
    for (let index = 0; index < 3000; index += 1) {
      if (index % 7 === 0) time += 1;
      ids.push(next());
    }
    expect(sortedCopy(ids)).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps the order within one millisecond, borrowing the next one when its counter is full', () => {
    const fixed = 1_700_000_000_000;
    const next = createRecordIdGenerator(() => fixed);
    const ids = Array.from({ length: 10_000 }, () => next());
    expect(sortedCopy(ids)).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => UUID_V7.test(id))).toBe(true);
    expect(millisecondsOf(ids[0] ?? '')).toBe(fixed);
    expect(millisecondsOf(ids.at(-1) ?? '')).toBeGreaterThan(fixed);
  });

  it('never goes back when the clock does', () => {
    const times = [2_000, 2_001, 1_500, 1_000, 2_002];
    const next = createRecordIdGenerator(() => times.shift() ?? 0);
    const ids = Array.from({ length: 5 }, () => next());
    expect(sortedCopy(ids)).toEqual(ids);
    expect(millisecondsOf(ids[2] ?? '')).toBe(2_001);
    expect(millisecondsOf(ids[4] ?? '')).toBe(2_002);
  });

  it('draws the rest of the id at random', () => {
    const next = createRecordIdGenerator(() => 1_700_000_000_000);
    const tails = new Set(Array.from({ length: 1000 }, () => next().slice(19)));
    expect(tails.size).toBe(1000);
  });
});
