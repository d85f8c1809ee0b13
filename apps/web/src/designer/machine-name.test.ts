import { describe, expect, it } from 'vitest';
import { machineNameFrom } from './machine-name';

describe('machineNameFrom', () => {
  it('turns an English label into snake case', () => {
    expect(machineNameFrom('Contract Amount (CNY)', 'field')).toBe('contract_amount_cny');
  });

  it('falls back for labels without ASCII letters, and avoids taken names', () => {
    expect(machineNameFrom('金额', 'field_3')).toBe('field_3');
    expect(machineNameFrom('Amount', 'x', new Set(['amount', 'amount_2']))).toBe('amount_3');
    expect(machineNameFrom('2024 plan', 'x')).toBe('plan');
  });
});
