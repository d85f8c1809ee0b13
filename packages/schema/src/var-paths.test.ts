import { describe, expect, it } from 'vitest';
import { collectVarPaths, collectVarReferences } from './var-paths.js';

describe('collectVarPaths', () => {
  it('lists the distinct vars of a rule in first-seen order', () => {
    const rule = {
      and: [{ '>': [{ var: 'amount' }, 0] }, { '==': [{ var: 'stage' }, { var: 'amount' }] }],
    };
    expect(collectVarPaths(rule)).toEqual(['amount', 'stage']);
  });

  it('reads the name of a var with a default value, and vars inside the default', () => {
    expect(collectVarPaths({ var: ['discount', { var: 'rate' }] })).toEqual(['discount', 'rate']);
  });

  it('keeps lookup paths whole', () => {
    expect(collectVarPaths({ var: 'account.industry' })).toEqual(['account.industry']);
  });

  it('ignores the vars of array operators that read the current element', () => {
    const rule = {
      reduce: [
        { var: 'lines' },
        { '+': [{ var: 'current.amount' }, { var: 'accumulator' }] },
        { var: 'base' },
      ],
    };
    expect(collectVarPaths(rule)).toEqual(['lines', 'base']);
  });

  it('ignores the whole-data var and literal objects', () => {
    expect(collectVarPaths({ cat: [{ var: '' }, { a: { var: 'x' }, b: 1 }] })).toEqual([]);
  });

  it('returns nothing for a scalar rule', () => {
    expect(collectVarPaths(true)).toEqual([]);
    expect(collectVarPaths(null)).toEqual([]);
  });

  it('reports numeric var names as text so that they fail field checks', () => {
    expect(collectVarPaths({ var: 0 })).toEqual(['0']);
  });
});

describe('collectVarReferences', () => {
  it('gives the JSON pointer of each var name inside the rule', () => {
    const rule = { if: [{ var: ['a', 1] }, { var: 'b' }, 0] };
    expect(collectVarReferences(rule)).toEqual([
      { name: 'a', path: '/if/0/var/0' },
      { name: 'b', path: '/if/1/var' },
    ]);
  });

  it('escapes operator names in paths', () => {
    expect(collectVarReferences({ 'a/b': [{ var: 'x' }] })).toEqual([
      { name: 'x', path: '/a~1b/0/var' },
    ]);
  });
});
