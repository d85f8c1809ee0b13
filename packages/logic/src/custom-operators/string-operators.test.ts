import { describe, expect, it } from 'vitest';
import { evaluateRule } from '../index.js';

const contact = () => ({
  name: '  Li Lei  ',
  company: '星辰科技',
  email: 'li.lei@example.cn',
  tags: ['vip', 'partner'],
  city: '',
  district: null,
});

function run(rule: unknown) {
  return evaluateRule(rule, contact());
}

describe('string operators', () => {
  it('changes case and trims', () => {
    expect(run({ upper: [{ var: 'email' }] })).toBe('LI.LEI@EXAMPLE.CN');
    expect(run({ lower: ['ACME Ltd'] })).toBe('acme ltd');
    expect(run({ trim: [{ var: 'name' }] })).toBe('Li Lei');
    expect(run({ upper: [{ var: 'district' }] })).toBeNull();
    expect(run({ upper: [12] })).toBe('12');
  });

  it('measures text in characters and arrays in elements', () => {
    expect(run({ length: [{ var: 'company' }] })).toBe(4);
    expect(run({ length: ['👍ok'] })).toBe(3);
    expect(run({ length: [{ var: 'tags' }] })).toBe(2);
    expect(run({ length: [{ var: 'district' }] })).toBe(0);
  });

  it('tells whether text or an array contains a value', () => {
    expect(run({ contains: [{ var: 'email' }, '@example'] })).toBe(true);
    expect(run({ contains: [{ var: 'email' }, 'EXAMPLE'] })).toBe(false);
    expect(run({ contains: [{ var: 'tags' }, 'vip'] })).toBe(true);
    expect(run({ contains: [{ var: 'tags' }, 'lead'] })).toBe(false);
    expect(run({ contains: [{ var: 'district' }, 'a'] })).toBe(false);
  });

  it('tells how text starts and ends', () => {
    expect(run({ starts_with: [{ var: 'company' }, '星辰'] })).toBe(true);
    expect(run({ ends_with: [{ var: 'email' }, '.cn'] })).toBe(true);
    expect(run({ ends_with: [{ var: 'email' }, '.com'] })).toBe(false);
    expect(run({ starts_with: [{ var: 'district' }, ''] })).toBe(false);
  });

  it('joins the filled-in values with a separator', () => {
    const address = {
      concat_ws: [', ', { var: 'company' }, { var: 'city' }, { var: 'district' }, 'China'],
    };
    expect(run(address)).toBe('星辰科技, China');
    expect(run({ concat_ws: [' / ', { var: 'tags' }, 3] })).toBe('vip / partner / 3');
  });
});
