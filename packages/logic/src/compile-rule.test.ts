import { describe, expect, it } from 'vitest';
import {
  compileRule,
  evaluateRule,
  fieldsReadBy,
  RULE_EVALUATION_FAILED,
  RULE_LIMIT_EXCEEDED,
  RULE_REJECTED,
} from './index.js';

const opportunity = () => ({
  stage: 'won',
  amount: 120_000,
  probability: 80,
  lines: [
    { quantity: 10, price: 9_000 },
    { quantity: 3, price: 10_000 },
  ],
});

describe('compileRule', () => {
  it('evaluates like evaluateRule, many times over different data', () => {
    const rules = [
      { and: [{ '==': [{ var: 'stage' }, 'won'] }, { '!': [{ var: 'amount' }] }] },
      { '*': [{ var: 'amount' }, { '/': [{ var: 'probability' }, 100] }] },
      {
        reduce: [
          { var: 'lines' },
          {
            '+': [
              { var: 'accumulator' },
              { '*': [{ var: 'current.quantity' }, { var: 'current.price' }] },
            ],
          },
          0,
        ],
      },
      { missing: ['stage', 'lost_reason'] },
      { var: ['ghost', 'fallback'] },
    ];
    const records = [opportunity(), { ...opportunity(), amount: 0, stage: 'lost' }, {}];
    for (const rule of rules) {
      const compiled = compileRule(rule);
      for (const record of records) {
        expect(compiled.evaluate(record)).toEqual(evaluateRule(rule, record));
      }
    }
  });

  it('refuses a rule that is not allowed when it is compiled, with every issue', () => {
    expect(() =>
      compileRule({ and: [{ log: 1 }, { var: 'ghost' }] }, { fields: ['stage'] }),
    ).toThrowError(
      expect.objectContaining({
        code: RULE_REJECTED.code,
        details: {
          issues: [
            expect.objectContaining({ path: '/and/0/log', code: 'EXCLUDED_OPERATOR' }),
            expect.objectContaining({ path: '/and/1/var', code: 'UNKNOWN_FIELD' }),
          ],
        },
      }),
    );
  });

  it('keeps a frozen copy, so editing the source afterwards changes nothing', () => {
    const source = { '==': [{ var: 'stage' }, 'won'] as unknown[] };
    const compiled = compileRule(source);
    source['=='][1] = 'lost';
    source['=='][0] = { log: 'x' };
    expect(compiled.evaluate({ stage: 'won' })).toBe(true);
    expect(compiled.rule).not.toBe(source);
    expect(Object.isFrozen(compiled.rule)).toBe(true);
    expect(Object.isFrozen((compiled.rule as { '==': unknown[] })['=='])).toBe(true);
    expect(Object.isFrozen(compiled)).toBe(true);
  });

  it('applies the limits it was compiled with to every evaluation', () => {
    const compiled = compileRule({ map: [{ var: 'numbers' }, 1] }, { limits: { maxSteps: 100 } });
    expect(compiled.evaluate({ numbers: [1, 2, 3] })).toEqual([1, 1, 1]);
    expect(() => compiled.evaluate({ numbers: new Array(500).fill(1) })).toThrowError(
      expect.objectContaining({
        code: RULE_LIMIT_EXCEEDED.code,
        details: { limit: 'maxSteps', max: 100 },
      }),
    );
  });

  it('costs the same steps as evaluateRule, down to the last one', () => {
    const rules = [
      { and: [{ '==': [{ var: 'stage' }, 'won'] }, { '>': [{ var: ['amount', 0] }, 10] }] },
      { if: [{ '==': [{ var: 'stage' }, 'lost'] }, 0, { '*': [{ var: 'amount' }, 2] }] },
      { var: [] },
      { cat: [{ var: 'stage' }, '-', { var: 'ghost' }] },
    ];
    const steps = (evaluate: (maxSteps: number) => unknown) => {
      for (let maxSteps = 1; maxSteps < 100; maxSteps += 1) {
        try {
          evaluate(maxSteps);
          return maxSteps;
        } catch (error) {
          expect(error).toMatchObject({ code: RULE_LIMIT_EXCEEDED.code });
        }
      }
      throw new Error('over 100 steps');
    };
    for (const rule of rules) {
      const interpreted = steps((maxSteps) =>
        evaluateRule(rule, opportunity(), { limits: { maxSteps } }),
      );
      const compiled = steps((maxSteps) =>
        compileRule(rule, { limits: { maxSteps } }).evaluate(opportunity()),
      );
      expect(compiled).toBe(interpreted);
    }
  });

  it('reads now and the time zone of each evaluation', () => {
    const compiled = compileRule({ today: [] });
    const now = new Date('2026-03-01T17:30:00Z');
    expect(compiled.evaluate({}, { now, timeZone: 'UTC' })).toBe('2026-03-01');
    expect(compiled.evaluate({}, { now, timeZone: 'Asia/Shanghai' })).toBe('2026-03-02');
  });

  it('reports a failure while evaluating as RULE_EVALUATION_FAILED', () => {
    const compiled = compileRule({ '==': [{ var: 'a' }, 1] });
    expect(() => compiled.evaluate({ a: { valueOf: null } })).toThrowError(
      expect.objectContaining({ code: RULE_EVALUATION_FAILED.code }),
    );
  });

  it('shows the rule only the fields it reads, as plain data', () => {
    const seen = compileRule({ var: 'account' }).evaluate({
      account: { name: 'Acme' },
      secret: 's',
    }) as Record<string, unknown>;
    expect(Object.getPrototypeOf(seen)).toBeNull();
    expect(seen).toEqual({ name: 'Acme' });
    // A rule reading the whole data sees the checked fields only.
    const whole = compileRule({ var: '' }, { fields: ['stage'] }).evaluate({
      stage: 'won',
      secret: 's',
    });
    expect({ ...(whole as object) }).toEqual({ stage: 'won' });
  });
});

describe('fieldsReadBy', () => {
  it('lists the first segment of every record path', () => {
    const rule = {
      and: [{ '==': [{ var: 'account.industry' }, 'x'] }, { '>': [{ var: ['amount', 0] }, 1] }],
    };
    expect(fieldsReadBy(rule)).toEqual(new Set(['account', 'amount']));
  });

  it('counts the keys of missing and missing_some', () => {
    expect(fieldsReadBy({ missing: ['a', 'b.c'] })).toEqual(new Set(['a', 'b']));
    expect(fieldsReadBy({ missing: 'a' })).toEqual(new Set(['a']));
    expect(fieldsReadBy({ missing_some: [1, ['x', 'y']] })).toEqual(new Set(['x', 'y']));
  });

  it('leaves out paths read from elements inside map, filter and reduce', () => {
    const rule = {
      reduce: [
        { filter: [{ var: 'lines' }, { '>': [{ var: 'price' }, 0] }] },
        { '+': [{ var: 'accumulator' }, { var: 'current.price' }] },
        { var: 'start' },
      ],
    };
    expect(fieldsReadBy(rule)).toEqual(new Set(['lines', 'start']));
  });

  it('gives up on a computed or empty path, which may read any field', () => {
    expect(fieldsReadBy({ var: { cat: ['amount_', { var: 'currency' }] } })).toBeUndefined();
    expect(fieldsReadBy({ var: '' })).toBeUndefined();
    expect(fieldsReadBy({ var: [] })).toBeUndefined();
    expect(fieldsReadBy({ missing: [{ var: 'keys' }] })).toBeUndefined();
    // Inside an iteration a computed path reads the element, not the record.
    expect(fieldsReadBy({ map: [{ var: 'lines' }, { var: { var: 'key' } }] })).toEqual(
      new Set(['lines']),
    );
  });
});
