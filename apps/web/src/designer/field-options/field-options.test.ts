import { type FieldDef, type ObjectDoc, validateDocument } from '@tangram/schema';
import { describe, expect, it } from 'vitest';
import { changeFieldType, FIELD_TYPES } from '../field-types';
import { formatAutonumber } from './autonumber-options-editor';
import { initialOptions } from './field-option-editors';
import { previewFormula } from './formula-options-editor';
import { sampleRecord } from './sample-record';

const deal: ObjectDoc = {
  kind: 'object',
  schemaVersion: 1,
  name: 'deal',
  label: { en: 'Deal' },
  nameField: 'name',
  fields: [
    { name: 'name', type: 'text', label: { en: 'Name' } },
    { name: 'amount', type: 'currency', label: { en: 'Amount' }, currency: 'CNY' },
    {
      name: 'stage',
      type: 'single_select',
      label: { en: 'Stage' },
      options: [
        { value: 'open', label: { en: 'Open' } },
        { value: 'won', label: { en: 'Won' } },
      ],
    },
    { name: 'lookup_owner', type: 'user', label: { en: 'Owner' } },
  ],
};

describe('formatAutonumber', () => {
  it('fills the date tokens and pads the counter', () => {
    expect(formatAutonumber('Q-{YYYY}{MM}-{0000}', 7, new Date(2026, 2, 5))).toBe('Q-202603-0007');
    expect(formatAutonumber('{YY}{DD}/{00}', 123, new Date(2026, 2, 5))).toBe('2605/123');
  });
});

describe('sampleRecord', () => {
  it('gives plain fields a value and select fields their first option, skipping the one edited', () => {
    expect(sampleRecord(deal, 'name')).toEqual({ amount: 1000, stage: 'open' });
  });
});

describe('previewFormula', () => {
  it('evaluates a formula on the sample record', () => {
    expect(previewFormula({ '*': [{ var: 'amount' }, 2] }, sampleRecord(deal))).toEqual({
      value: 2000,
    });
  });

  it('reports a formula the expression language refuses', () => {
    expect(previewFormula({ log: 1 }, {}).error).toBeTypeOf('string');
  });
});

describe('changeFieldType', () => {
  it('keeps the common options and replaces the old type options with the new type initial ones', () => {
    const amount = deal.fields[1]!;
    const changed = changeFieldType(
      { ...amount, required: true, helpText: { en: 'In yuan' } } as FieldDef,
      'single_select',
      initialOptions('single_select', 'deal', 'en'),
    );
    expect(changed).toEqual({
      name: 'amount',
      type: 'single_select',
      label: { en: 'Amount' },
      required: true,
      helpText: { en: 'In yuan' },
      options: [{ value: 'option_1', label: { en: 'option_1' } }],
    });
  });
});

describe('initialOptions', () => {
  it('gives every field type of the schema a definition the schema accepts', () => {
    for (const type of FIELD_TYPES) {
      const field = { name: 'f', type, label: { en: 'F' }, ...initialOptions(type, 'deal', 'en') };
      const result = validateDocument({ ...deal, fields: [...deal.fields, field] });
      const schemaIssues = result.ok
        ? []
        : result.issues.filter((i) => i.path.startsWith('/fields/4'));
      expect({ type, issues: schemaIssues.map((i) => i.code) }).toEqual({ type, issues: [] });
    }
  });
});
