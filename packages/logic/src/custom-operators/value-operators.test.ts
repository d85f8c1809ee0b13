import { describe, expect, it } from 'vitest';
import { evaluateRule } from '../index.js';

const record = () => ({
  amount: 2.345,
  discount: null,
  note: '',
  tags: [],
  zero: 0,
  flag: false,
  blank: ' ',
  text_amount: '12.345',
});

function run(rule: unknown) {
  return evaluateRule(rule, record());
}

describe('is_empty and is_not_empty', () => {
  it('counts null, a missing field, empty text and an empty array as empty', () => {
    for (const field of ['discount', 'ghost', 'note', 'tags']) {
      expect(run({ is_empty: [{ var: field }] }), field).toBe(true);
      expect(run({ is_not_empty: [{ var: field }] }), field).toBe(false);
    }
  });

  it('counts zero, false and a space as filled in', () => {
    for (const field of ['zero', 'flag', 'blank', 'amount']) {
      expect(run({ is_empty: [{ var: field }] }), field).toBe(false);
      expect(run({ is_not_empty: [{ var: field }] }), field).toBe(true);
    }
  });
});

describe('coalesce', () => {
  it('gives the first value that is not null', () => {
    expect(run({ coalesce: [{ var: 'discount' }, { var: 'ghost' }, { var: 'zero' }, 5] })).toBe(0);
    expect(run({ coalesce: [{ var: 'note' }, 'none'] })).toBe('');
    expect(run({ coalesce: [{ var: 'discount' }] })).toBeNull();
  });
});

describe('round', () => {
  it('rounds half away from zero at a scale', () => {
    expect(run({ round: [{ var: 'amount' }, 2] })).toBe(2.35);
    expect(run({ round: [1.005, 2] })).toBe(1.01);
    expect(run({ round: [-2.5] })).toBe(-3);
    expect(run({ round: [2.5, 0] })).toBe(3);
    expect(run({ round: [-0.004, 2] })).toBe(0);
    expect(Object.is(run({ round: [-0.004, 2] }), -0)).toBe(false);
  });

  it('rounds numbers written as text', () => {
    expect(run({ round: [{ var: 'text_amount' }, 1] })).toBe(12.3);
  });

  it('handles very small and very large numbers', () => {
    expect(run({ round: [1.5e-7, 7] })).toBe(2e-7);
    expect(run({ round: [1e21, 2] })).toBe(1e21);
  });

  it('gives null for values or scales it cannot use', () => {
    expect(run({ round: [{ var: 'discount' }, 2] })).toBeNull();
    expect(run({ round: ['abc'] })).toBeNull();
    expect(run({ round: [1.25, 1.5] })).toBeNull();
    expect(run({ round: [1.25, -1] })).toBeNull();
  });
});
