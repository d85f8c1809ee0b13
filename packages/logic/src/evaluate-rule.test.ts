import { AppError } from '@tangram/errors';
import jsonLogic from 'json-logic-js';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_RULE_LIMITS,
  evaluateRule,
  RULE_EVALUATION_FAILED,
  RULE_LIMIT_EXCEEDED,
  RULE_REJECTED,
} from './index.js';

function thrownBy(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

const opportunity = () => ({
  name: 'ERP upgrade',
  stage: 'negotiation',
  amount: 120_000,
  tags: ['vip', 'renewal'],
  account: { name: 'Acme', industry: 'manufacturing' },
  lines: [
    { product: 'licence', quantity: 10, price: 9_000 },
    { product: 'service', quantity: 3, price: 10_000 },
  ],
});

describe('evaluateRule', () => {
  it('evaluates a rule over record data', () => {
    const rule = {
      and: [
        { '==': [{ var: 'account.industry' }, 'manufacturing'] },
        { '>=': [{ var: 'amount' }, 100_000] },
      ],
    };
    expect(evaluateRule(rule, opportunity())).toBe(true);
  });

  it('sums child lines with reduce', () => {
    const lineTotal = { '*': [{ var: 'current.quantity' }, { var: 'current.price' }] };
    const rule = { reduce: [{ var: 'lines' }, { '+': [{ var: 'accumulator' }, lineTotal] }, 0] };
    expect(evaluateRule(rule, opportunity())).toBe(120_000);
  });

  it('refuses a rule that is not allowed, with every issue in the details', () => {
    const error = thrownBy(() =>
      evaluateRule({ and: [{ log: 1 }, { var: 'ghost' }] }, {}, { fields: ['a'] }),
    );
    expect(error.code).toBe(RULE_REJECTED.code);
    expect(error.status).toBe(422);
    expect(error.details).toEqual({
      issues: [
        expect.objectContaining({ path: '/and/0/log', code: 'EXCLUDED_OPERATOR' }),
        expect.objectContaining({ path: '/and/1/var', code: 'UNKNOWN_FIELD' }),
      ],
    });
  });

  it('rejects the method operator before anything runs', () => {
    const error = thrownBy(() => evaluateRule({ method: ['abc', 'toUpperCase'] }, {}));
    expect(error.code).toBe(RULE_REJECTED.code);
  });

  it('rejects a computed var path reaching __proto__ when it is read', () => {
    const rule = { var: { cat: ['__pro', 'to__'] } };
    const error = thrownBy(() => evaluateRule(rule, {}));
    expect(error.code).toBe(RULE_REJECTED.code);
    expect(error.details).toEqual({
      issues: [expect.objectContaining({ code: 'FORBIDDEN_VAR_PATH' })],
    });
  });

  it('rejects a computed missing key naming constructor when it is read', () => {
    const rule = { missing: { merge: ['name', 'constructor'] } };
    expect(thrownBy(() => evaluateRule(rule, {})).code).toBe(RULE_REJECTED.code);
  });
});

describe('evaluateRule data access', () => {
  afterEach(() => {
    delete (Object.prototype as Record<string, unknown>).polluted;
  });

  it('cannot read methods inherited by arrays', () => {
    expect(evaluateRule({ var: 'tags.map' }, opportunity())).toBeNull();
    expect(evaluateRule({ var: ['tags.includes', 'none'] }, opportunity())).toBe('none');
  });

  it('can read the own length of an array', () => {
    expect(evaluateRule({ var: 'tags.length' }, opportunity())).toBe(2);
  });

  it('cannot read inherited properties, even when Object.prototype is polluted', () => {
    (Object.prototype as Record<string, unknown>).polluted = 'leak';
    expect(evaluateRule({ var: 'polluted' }, {})).toBeNull();
    expect(evaluateRule({ var: 'account.polluted' }, opportunity())).toBeNull();
    const reduce = { reduce: [{ var: 'tags' }, { var: 'accumulator.polluted' }, 0] };
    expect(evaluateRule(reduce, opportunity())).toBeNull();
  });

  it('cannot read getters of class instances', () => {
    class Secretive {
      get secret() {
        return 'leak';
      }
    }
    expect(evaluateRule({ var: 'holder.secret' }, { holder: new Secretive() })).toBeNull();
  });

  it('sees no functions in the data', () => {
    const data = { name: 'Acme', greet: () => 'hi' };
    expect(evaluateRule({ var: 'greet' }, data)).toBeNull();
    expect(evaluateRule({ missing: ['name', 'greet'] }, data)).toEqual(['greet']);
  });

  it('sees dates as ISO strings', () => {
    const data = { signed_at: new Date('2026-03-01T08:00:00Z') };
    expect(evaluateRule({ var: 'signed_at' }, data)).toBe('2026-03-01T08:00:00.000Z');
  });

  it('sees only the listed fields when fields are given', () => {
    const rule = { var: { cat: ['sal', 'ary'] } };
    const data = { name: 'Li Lei', salary: 30_000 };
    expect(evaluateRule(rule, data)).toBe(30_000);
    expect(evaluateRule(rule, data, { fields: ['name'] })).toBeNull();
  });

  it('hands back copies, never the caller’s objects', () => {
    const data = opportunity();
    const tags = evaluateRule({ var: 'tags' }, data) as string[];
    tags.push('changed');
    expect(data.tags).toEqual(['vip', 'renewal']);
  });

  it('fails cleanly when an object is compared to a number', () => {
    const error = thrownBy(() => evaluateRule({ '==': [{ var: 'account' }, 1] }, opportunity()));
    expect(error.code).toBe(RULE_EVALUATION_FAILED.code);
  });

  it('leaves json-logic-js without the log operator', () => {
    expect(() => jsonLogic.apply({ log: 'x' } as never)).toThrow(/Unrecognized operation/);
  });
});

describe('evaluateRule limits', () => {
  const sum = { '+': [{ var: 'accumulator' }, { var: 'current' }] };

  it('lets a reduce within the work cap finish', () => {
    const data = { numbers: Array.from({ length: 1_000 }, (_, i) => i) };
    expect(evaluateRule({ reduce: [{ var: 'numbers' }, sum, 0] }, data)).toBe(499_500);
  });

  it('stops a reduce over a huge array at the work cap', () => {
    const data = { numbers: new Array(90_000).fill(1) };
    const error = thrownBy(() => evaluateRule({ reduce: [{ var: 'numbers' }, sum, 0] }, data));
    expect(error.code).toBe(RULE_LIMIT_EXCEEDED.code);
    expect(error.status).toBe(422);
    expect(error.details).toEqual({ limit: 'maxSteps', max: DEFAULT_RULE_LIMITS.maxSteps });
  });

  it('counts iterations whose body is a plain value', () => {
    const data = { numbers: new Array(2_000).fill(1) };
    const rule = { map: [{ var: 'numbers' }, 1] };
    const error = thrownBy(() => evaluateRule(rule, data, { limits: { maxSteps: 1_000 } }));
    expect(error.details).toEqual({ limit: 'maxSteps', max: 1_000 });
  });

  it('stops an array that doubles on every step', () => {
    const doubling = { merge: [{ var: 'accumulator' }, { var: 'accumulator' }] };
    const rule = { reduce: [{ var: 'numbers' }, doubling, [1]] };
    const error = thrownBy(() => evaluateRule(rule, { numbers: new Array(60).fill(0) }));
    expect(error.code).toBe(RULE_LIMIT_EXCEEDED.code);
  });

  it('stops a string that doubles on every step', () => {
    const doubling = { cat: [{ var: 'accumulator' }, { var: 'accumulator' }] };
    const rule = { reduce: [{ var: 'numbers' }, doubling, 'ab'] };
    const error = thrownBy(() => evaluateRule(rule, { numbers: new Array(60).fill(0) }));
    expect(error.code).toBe(RULE_LIMIT_EXCEEDED.code);
  });

  it('refuses data nested deeper than the limit, including cycles', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const error = thrownBy(() => evaluateRule({ var: 'self.name' }, cyclic));
    expect(error.details).toEqual({ limit: 'maxDataDepth', max: DEFAULT_RULE_LIMITS.maxDataDepth });
  });

  it('copies only the fields a rule reads, so a cycle elsewhere in the data costs nothing', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    expect(evaluateRule({ var: 'name' }, cyclic)).toBe('loop');
  });

  it('copies every field for a rule whose path is computed', () => {
    const cyclic: Record<string, unknown> = { name: 'loop', key: 'name' };
    cyclic.self = cyclic;
    const error = thrownBy(() => evaluateRule({ var: { var: 'key' } }, cyclic));
    expect(error.details).toEqual({ limit: 'maxDataDepth', max: DEFAULT_RULE_LIMITS.maxDataDepth });
  });

  it('refuses data with more values than the limit', () => {
    const data = { numbers: new Array(200).fill(1) };
    const error = thrownBy(() =>
      evaluateRule({ var: 'numbers' }, data, { limits: { maxDataNodes: 100 } }),
    );
    expect(error.details).toEqual({ limit: 'maxDataNodes', max: 100 });
  });
});
