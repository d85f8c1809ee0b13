import { describe, expect, it } from 'vitest';
import { maskValue } from './mask-value.js';

describe('maskValue', () => {
  it('keeps the first 3 and last 4 digits of a phone number', () => {
    expect(maskValue('13812345678', { mask: 'phone' })).toBe('138****5678');
  });

  it('keeps 4 and 4 of ID-card and bank-card numbers', () => {
    expect(maskValue('110101199003071234', { mask: 'id_card' })).toBe('1101**********1234');
    expect(maskValue('6222021234567890', { mask: 'bank_card' })).toBe('6222********7890');
  });

  it('keeps the first letter and the domain of an email', () => {
    expect(maskValue('zhang.san@example.com', { mask: 'email' })).toBe('z********@example.com');
  });

  it('keeps the first character of a name, counting Chinese characters as one each', () => {
    expect(maskValue('张三丰', { mask: 'name' })).toBe('张**');
  });

  it('follows a custom pattern and masks short values entirely', () => {
    expect(maskValue('ABCDEFGH', { mask: 'custom', pattern: '2*1' })).toBe('AB*****H');
    expect(maskValue('123', { mask: 'phone' })).toBe('***');
  });

  it('leaves empty values empty and masks list items one by one', () => {
    expect(maskValue(null, { mask: 'phone' })).toBeNull();
    expect(maskValue(['13812345678'], { mask: 'phone' })).toEqual(['138****5678']);
  });
});
