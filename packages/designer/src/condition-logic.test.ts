import { evaluateRule } from '@tangram/logic';
import { describe, expect, it } from 'vitest';
import { conditionsToLogic, logicToConditions } from './condition-logic.js';

describe('conditionsToLogic', () => {
  it('writes one condition as a single comparison', () => {
    expect(
      conditionsToLogic({
        match: 'all',
        conditions: [{ field: 'stage', op: 'eq', value: 'lost' }],
      }),
    ).toEqual({
      '==': [{ var: 'stage' }, 'lost'],
    });
  });

  it('combines several with and / or', () => {
    const rule = conditionsToLogic({
      match: 'any',
      conditions: [
        { field: 'stage', op: 'in', value: ['won', 'lost'] },
        { field: 'amount', op: 'gt', value: 100 },
      ],
    });
    expect(rule).toEqual({
      or: [{ in: [{ var: 'stage' }, ['won', 'lost']] }, { '>': [{ var: 'amount' }, 100] }],
    });
    expect(evaluateRule(rule, { stage: 'open', amount: 150 })).toBe(true);
    expect(evaluateRule(rule, { stage: 'open', amount: 50 })).toBe(false);
  });

  it('writes emptiness tests that the evaluator reads as expected', () => {
    const empty = conditionsToLogic({ match: 'all', conditions: [{ field: 'note', op: 'empty' }] });
    expect(evaluateRule(empty, { note: '' })).toBe(true);
    expect(evaluateRule(empty, { note: 'x' })).toBe(false);
  });

  it('is undefined without conditions, and skips rows without a field', () => {
    expect(conditionsToLogic({ match: 'all', conditions: [] })).toBeUndefined();
    expect(
      conditionsToLogic({ match: 'all', conditions: [{ field: '', op: 'eq', value: 1 }] }),
    ).toBeUndefined();
  });
});

describe('logicToConditions', () => {
  it('reads back what the builder wrote', () => {
    const group = {
      match: 'all' as const,
      conditions: [
        { field: 'stage', op: 'ne' as const, value: 'won' },
        { field: 'note', op: 'not_empty' as const },
        { field: 'level', op: 'in' as const, value: ['a', 'b'] },
      ],
    };
    expect(logicToConditions(conditionsToLogic(group))).toEqual(group);
  });

  it('reads no rule as an empty group', () => {
    expect(logicToConditions(undefined)).toEqual({ match: 'all', conditions: [] });
  });

  it('gives null for a rule the builder cannot show', () => {
    expect(logicToConditions({ '==': [{ '+': [{ var: 'a' }, 1] }, 2] })).toBeNull();
    expect(
      logicToConditions({ and: [{ '==': [{ var: 'a' }, 1] }, { if: [true, 1, 2] }] }),
    ).toBeNull();
    expect(logicToConditions(true)).toBeNull();
  });
});
