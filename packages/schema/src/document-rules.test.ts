import { describe, expect, it } from 'vitest';
import { listDocumentRules } from './document-rules.js';
import { objectWith, sampleDocuments } from './testing/sample-documents.js';

describe('listDocumentRules', () => {
  it('lists the formula, rule default and validation rules of an object with their paths', () => {
    const object = objectWith(
      { name: 'amount', type: 'number', label: { en: 'Amount' } },
      {
        name: 'double',
        type: 'formula',
        label: { en: 'Double' },
        resultType: 'number',
        expression: { '*': [{ var: 'amount' }, 2] },
      },
      {
        name: 'due',
        type: 'date',
        label: { en: 'Due' },
        default: { rule: { today: [] } },
      },
    );
    object.validationRules = [
      { name: 'positive', errorWhen: { '<': [{ var: 'amount' }, 0] }, message: { en: 'No' } },
    ];
    expect(listDocumentRules(object).map((r) => [r.path, r.object])).toEqual([
      ['/fields/2/expression', 'thing'],
      ['/fields/3/default/rule', 'thing'],
      ['/validationRules/0/errorWhen', 'thing'],
    ]);
  });

  it('lists field rules of a form against the form object', () => {
    const { contractForm } = sampleDocuments();
    const rules = listDocumentRules(contractForm);
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      expect(rule.object).toBe(contractForm.object);
      expect(rule.path).toMatch(/^\/items\/\d+\/.*\/rules\/(visible|required|readOnly)$/);
    }
  });

  it('lists the trigger condition of a workflow', () => {
    const { contractWorkflow } = sampleDocuments();
    contractWorkflow.trigger.condition = { '>': [{ var: 'amount' }, 100] };
    expect(listDocumentRules(contractWorkflow).map((r) => r.path)).toEqual(['/trigger/condition']);
  });

  it('finds none in a view', () => {
    expect(listDocumentRules(sampleDocuments().contractList)).toEqual([]);
  });
});
