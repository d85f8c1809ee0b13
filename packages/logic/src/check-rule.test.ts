import { describe, expect, it } from 'vitest';
import { checkRule } from './index.js';

function codes(rule: unknown, options?: Parameters<typeof checkRule>[1]) {
  return checkRule(rule, options).map((issue) => issue.code);
}

function nest(levels: number): unknown {
  let rule: unknown = true;
  for (let i = 0; i < levels; i += 1) rule = { '!': [rule] };
  return rule;
}

describe('checkRule', () => {
  it('accepts a form rule over known fields', () => {
    const rule = { and: [{ '==': [{ var: 'stage' }, 'won'] }, { '>': [{ var: 'amount' }, 0] }] };
    expect(checkRule(rule, { fields: ['stage', 'amount'] })).toEqual([]);
  });

  it('rejects the log operator', () => {
    expect(checkRule({ log: 'hello' })).toEqual([
      expect.objectContaining({
        path: '/log',
        code: 'EXCLUDED_OPERATOR',
        params: { operator: 'log' },
      }),
    ]);
  });

  it('rejects the method operator', () => {
    expect(codes({ method: [{ var: 'name' }, 'toUpperCase'] })).toEqual(['EXCLUDED_OPERATOR']);
  });

  it('rejects a dotted operator reaching into the operator table', () => {
    expect(codes({ 'var.call': [null, 'a'] })).toEqual(['EXCLUDED_OPERATOR']);
  });

  it('rejects an unknown operator', () => {
    expect(codes({ eval: '1 + 1' })).toEqual(['UNKNOWN_OPERATOR']);
  });

  it('rejects an operator nested deep inside allowed ones, with its path', () => {
    const rule = { if: [true, { cat: ['a', { log: 1 }] }, null] };
    expect(checkRule(rule)).toEqual([
      expect.objectContaining({ path: '/if/1/cat/1/log', code: 'EXCLUDED_OPERATOR' }),
    ]);
  });

  it('rejects a var path reaching __proto__', () => {
    expect(codes({ var: '__proto__' })).toEqual(['FORBIDDEN_VAR_PATH']);
    expect(codes({ var: 'account.__proto__.polluted' })).toEqual(['FORBIDDEN_VAR_PATH']);
  });

  it('rejects a var path naming constructor or prototype', () => {
    expect(codes({ var: 'constructor' })).toEqual(['FORBIDDEN_VAR_PATH']);
    expect(codes({ var: 'name.constructor.prototype' })).toEqual(['FORBIDDEN_VAR_PATH']);
  });

  it('rejects var paths that are not field names or array indexes', () => {
    for (const path of ['toString', 'Name', 'a b', 'a..b', 'a.', '-1', 1.5, -1, true]) {
      expect(codes({ var: path }), String(path)).toEqual(['FORBIDDEN_VAR_PATH']);
    }
  });

  it('rejects forbidden paths in missing and missing_some', () => {
    expect(codes({ missing: ['name', 'constructor'] })).toEqual(['FORBIDDEN_VAR_PATH']);
    expect(codes({ missing_some: [1, ['__proto__']] })).toEqual(['FORBIDDEN_VAR_PATH']);
  });

  it('accepts the empty path, array indexes and lookup paths', () => {
    expect(codes({ var: '' })).toEqual([]);
    expect(codes({ var: 'lines.0.amount' })).toEqual([]);
    expect(codes({ var: 1 })).toEqual([]);
    expect(codes({ var: 'account.industry' }, { fields: ['account'] })).toEqual([]);
  });

  it('rejects a field the record does not have', () => {
    expect(checkRule({ var: 'secret_salary' }, { fields: new Set(['amount']) })).toEqual([
      expect.objectContaining({
        path: '/var',
        code: 'UNKNOWN_FIELD',
        params: { field: 'secret_salary' },
      }),
    ]);
    expect(codes({ missing: ['amount', 'ghost'] }, { fields: ['amount'] })).toEqual([
      'UNKNOWN_FIELD',
    ]);
  });

  it('reads element fields freely inside map, filter, all, some and none', () => {
    const rule = { some: [{ var: 'lines' }, { '>': [{ var: 'quantity' }, 10] }] };
    expect(codes(rule, { fields: ['lines'] })).toEqual([]);
  });

  it('allows only current and accumulator inside reduce', () => {
    const sum = { '+': [{ var: 'accumulator' }, { var: 'current.amount' }] };
    expect(codes({ reduce: [{ var: 'lines' }, sum, 0] })).toEqual([]);
    const wrong = { '+': [{ var: 'accumulator' }, { var: 'amount' }] };
    expect(codes({ reduce: [{ var: 'lines' }, wrong, 0] })).toEqual(['UNKNOWN_FIELD']);
  });

  it('checks the array and initial value of reduce against the record', () => {
    const rule = { reduce: [{ var: 'ghost' }, { var: 'current' }, { var: 'start' }] };
    expect(checkRule(rule, { fields: ['start'] })).toEqual([
      expect.objectContaining({ path: '/reduce/0/var', code: 'UNKNOWN_FIELD' }),
    ]);
  });

  it('checks a computed var path as a rule and leaves its value to evaluation', () => {
    expect(codes({ var: { cat: ['a', 'b'] } })).toEqual([]);
    expect(codes({ var: { log: 'a' } })).toEqual(['EXCLUDED_OPERATOR']);
  });

  it('rejects a rule nested deeper than the limit', () => {
    expect(codes(nest(10), { limits: { maxDepth: 40 } })).toEqual([]);
    expect(codes(nest(30), { limits: { maxDepth: 40 } })).toEqual(['TOO_DEEP']);
    expect(codes(nest(100))).toEqual(['TOO_DEEP']);
  });

  it('rejects a rule larger than the limit, once', () => {
    expect(codes({ '+': new Array(6_000).fill(1) })).toEqual(['TOO_LARGE']);
    expect(codes({ '+': new Array(100).fill(1) }, { limits: { maxNodes: 50 } })).toEqual([
      'TOO_LARGE',
    ]);
  });

  it('rejects objects that are not one operator', () => {
    expect(codes({ '==': [1, 1], '!=': [1, 2] })).toEqual(['INVALID_NODE']);
    expect(codes({})).toEqual(['INVALID_NODE']);
  });

  it('rejects values that are not JSON', () => {
    expect(codes({ '+': [1, Number.NaN] })).toEqual(['INVALID_NODE']);
    expect(codes({ '+': [1, () => 2] })).toEqual(['INVALID_NODE']);
    expect(codes({ '==': [new Date(0), 1] })).toEqual(['INVALID_NODE']);
  });

  it('rejects a custom operator called with the wrong number of arguments', () => {
    expect(checkRule({ date_add: ['2026-01-01', 1] })).toEqual([
      expect.objectContaining({
        path: '/date_add',
        code: 'INVALID_ARITY',
        params: { operator: 'date_add', min: 3, max: 3, actual: 2 },
      }),
    ]);
    expect(codes({ today: [1] })).toEqual(['INVALID_ARITY']);
    expect(codes({ today: [] })).toEqual([]);
  });

  it('rejects a literal unit a date operator does not know', () => {
    expect(checkRule({ start_of: [{ var: 'close_date' }, 'fortnight'] })).toEqual([
      expect.objectContaining({ path: '/start_of/1', code: 'INVALID_ARGUMENT' }),
    ]);
    expect(codes({ date_add: [{ today: [] }, 1, 'hour'] })).toEqual([]);
    expect(codes({ start_of: [{ today: [] }, 'hour'] })).toEqual(['INVALID_ARGUMENT']);
  });

  it('reports every issue of a rule', () => {
    const rule = { and: [{ log: 1 }, { var: '__proto__' }, { nope: [] }, { var: 'ghost' }] };
    expect(codes(rule, { fields: ['amount'] })).toEqual([
      'EXCLUDED_OPERATOR',
      'FORBIDDEN_VAR_PATH',
      'UNKNOWN_OPERATOR',
      'UNKNOWN_FIELD',
    ]);
  });
});
