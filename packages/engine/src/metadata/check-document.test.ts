import { describe, expect, it } from 'vitest';
import { checkDocument } from './check-document.js';

function objectWithFormula(expression: unknown) {
  return {
    kind: 'object',
    schemaVersion: 1,
    name: 'deal',
    label: { en: 'Deal' },
    nameField: 'name',
    fields: [
      { name: 'name', type: 'text', label: { en: 'Name' } },
      { name: 'amount', type: 'number', label: { en: 'Amount' } },
      { name: 'score', type: 'formula', label: { en: 'Score' }, resultType: 'number', expression },
    ],
  };
}

function issuesOf(input: unknown) {
  const result = checkDocument(input);
  return result.ok ? [] : result.issues.map((issue) => [issue.path, issue.code]);
}

describe('checkDocument', () => {
  it('accepts a formula built from allowed operators', () => {
    expect(checkDocument(objectWithFormula({ '*': [{ var: 'amount' }, 2] })).ok).toBe(true);
  });

  it('rejects the excluded method operator at its path in the document', () => {
    const expression = { method: [{ var: 'name' }, 'toUpperCase'] };
    expect(issuesOf(objectWithFormula(expression))).toEqual([
      ['/fields/2/expression/method', 'EXCLUDED_OPERATOR'],
    ]);
  });

  it('rejects a dotted operator inside a form rule', () => {
    const form = {
      kind: 'form',
      schemaVersion: 1,
      name: 'deal_form',
      label: { en: 'Deal' },
      object: 'deal',
      items: [
        {
          type: 'section',
          id: 'main',
          columns: 1,
          items: [
            {
              type: 'field',
              id: 'amount',
              field: 'amount',
              rules: { visible: { 'Math.max': [1, { var: 'amount' }] } },
            },
          ],
        },
      ],
    };
    expect(issuesOf(form)).toEqual([
      ['/items/0/items/0/rules/visible/Math.max', 'EXCLUDED_OPERATOR'],
    ]);
  });

  it('reports schema issues before looking at rules', () => {
    const broken = { ...objectWithFormula({ method: [] }), nameField: 7 };
    expect(issuesOf(broken).map(([, code]) => code)).toContain('TYPE');
  });
});
