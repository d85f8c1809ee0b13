import type { FormDoc, ObjectDoc } from '@tangram/schema';
import { describe, expect, it } from 'vitest';
import { evaluateFormState, findMissingRequired } from './form-rules.js';

const object: ObjectDoc = {
  kind: 'object',
  schemaVersion: 1,
  name: 'deal',
  label: { en: 'Deal' },
  nameField: 'name',
  fields: [
    { name: 'name', type: 'text', label: { en: 'Name' }, required: true },
    {
      name: 'stage',
      type: 'single_select',
      label: { en: 'Stage' },
      options: [
        { value: 'open', label: { en: 'Open' } },
        { value: 'lost', label: { en: 'Lost' } },
      ],
    },
    { name: 'reason', type: 'text', label: { en: 'Reason' } },
    { name: 'amount', type: 'number', label: { en: 'Amount' } },
    { name: 'code', type: 'autonumber', label: { en: 'Code' }, pattern: 'D-{0000}' },
  ],
};

const isLost = { '==': [{ var: 'stage' }, 'lost'] };

function form(): FormDoc {
  return {
    kind: 'form',
    schemaVersion: 1,
    name: 'deal_form',
    label: { en: 'Deal' },
    object: 'deal',
    items: [
      {
        type: 'section',
        id: 'main',
        columns: 2,
        items: [
          { type: 'field', id: 'f_name', field: 'name' },
          { type: 'field', id: 'f_stage', field: 'stage' },
          {
            type: 'field',
            id: 'f_reason',
            field: 'reason',
            rules: { visible: isLost, required: isLost },
          },
          { type: 'field', id: 'f_amount', field: 'amount', rules: { readOnly: isLost } },
          { type: 'field', id: 'f_code', field: 'code' },
        ],
      },
      {
        type: 'section',
        id: 'loss',
        columns: 1,
        rules: { visible: isLost },
        items: [{ type: 'divider', id: 'd1' }],
      },
      {
        type: 'tabs',
        id: 'tabs',
        tabs: [
          {
            id: 'tab_lost',
            label: { en: 'Loss' },
            rules: { visible: isLost },
            items: [{ type: 'section', id: 'tab_section', columns: 1, items: [] }],
          },
        ],
      },
    ],
  };
}

describe('evaluateFormState', () => {
  it('hides a field whose visible-if rule is false and shows it when it turns true', () => {
    expect(evaluateFormState(form(), object, { stage: 'open' }).items.f_reason?.visible).toBe(
      false,
    );
    expect(evaluateFormState(form(), object, { stage: 'lost' }).items.f_reason?.visible).toBe(true);
  });

  it('makes a field required by its required-if rule, and by the field definition', () => {
    const state = evaluateFormState(form(), object, { stage: 'lost' });
    expect(state.items.f_reason?.required).toBe(true);
    expect(state.items.f_name?.required).toBe(true);
    expect(evaluateFormState(form(), object, { stage: 'open' }).items.f_reason?.required).toBe(
      false,
    );
  });

  it('makes a field read-only by its read-only-if rule, and computed fields always', () => {
    const state = evaluateFormState(form(), object, { stage: 'lost' });
    expect(state.items.f_amount?.readOnly).toBe(true);
    expect(state.items.f_code?.readOnly).toBe(true);
    expect(evaluateFormState(form(), object, {}).items.f_amount?.readOnly).toBe(false);
  });

  it('hides the items of a hidden section and the sections of a hidden tab', () => {
    const open = evaluateFormState(form(), object, { stage: 'open' });
    expect(open.items.loss?.visible).toBe(false);
    expect(open.items.d1?.visible).toBe(false);
    expect(open.items.tab_lost?.visible).toBe(false);
    expect(open.items.tab_section?.visible).toBe(false);
  });

  it('keeps the default state and reports a rule that cannot be evaluated', () => {
    const broken = form();
    const main = broken.items[0];
    if (main?.type !== 'section') throw new Error('fixture');
    main.items[0] = { type: 'field', id: 'f_name', field: 'name', rules: { visible: { log: 1 } } };
    const state = evaluateFormState(broken, object, {});
    expect(state.items.f_name?.visible).toBe(true);
    expect(state.failures).toEqual([
      expect.objectContaining({ itemId: 'f_name', rule: 'visible' }),
    ]);
  });
});

describe('findMissingRequired', () => {
  it('lists the shown required fields without a value', () => {
    const values = { stage: 'lost', name: '' };
    const state = evaluateFormState(form(), object, values);
    expect(findMissingRequired(form(), state, values)).toEqual(['name', 'reason']);
  });

  it('ignores a required-if field while it is hidden', () => {
    const values = { stage: 'open', name: 'Pilot' };
    expect(findMissingRequired(form(), evaluateFormState(form(), object, values), values)).toEqual(
      [],
    );
  });
});
