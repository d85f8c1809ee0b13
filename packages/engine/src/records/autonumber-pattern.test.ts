import { describe, expect, it } from 'vitest';
import { autonumberPeriod, formatAutonumber } from './autonumber-pattern.js';

describe('autonumber patterns', () => {
  it('fills date tokens and pads the counter to the zero run', () => {
    expect(formatAutonumber('HT-{YYYY}-{0000}', '2026-03-05', 7)).toBe('HT-2026-0007');
    expect(formatAutonumber('{YY}{MM}{DD}-{000}', '2026-03-05', 12)).toBe('260305-012');
  });

  it('lets the counter grow past the zero run', () => {
    expect(formatAutonumber('N{00}', '2026-03-05', 12345)).toBe('N12345');
  });

  it('counts per the finest date token of the pattern, or forever without one', () => {
    expect(autonumberPeriod('HT-{YYYY}-{0000}', '2026-03-05')).toBe('2026');
    expect(autonumberPeriod('{YYYY}{MM}-{000}', '2026-03-05')).toBe('2026-03');
    expect(autonumberPeriod('{YY}{MM}{DD}{000}', '2026-03-05')).toBe('2026-03-05');
    expect(autonumberPeriod('C-{00000}', '2026-03-05')).toBe('');
  });
});
