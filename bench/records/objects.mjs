// The two measured objects as metadata documents, with the dataset's slots named in
// `storage.slot`: what the metadata service publishes and what the query planner reads.
import { INDUSTRIES, SLOTS, STAGES } from './dataset.mjs';

const label = (en) => ({ en, 'zh-CN': en });

/** The Account object document. */
export function accountDoc() {
  return fieldDocs(SLOTS.account).account;
}

function fieldDocs(slots) {
  const storage = (name) => ({ storage: { slot: slots[name] } });
  return {
    account: {
      kind: 'object',
      schemaVersion: 1,
      name: 'account',
      label: label('Account'),
      nameField: 'name',
      fields: [
        { name: 'name', type: 'text', label: label('Name'), required: true, ...storage('name') },
        {
          name: 'industry',
          type: 'single_select',
          label: label('Industry'),
          options: INDUSTRIES.map((value) => ({ value, label: label(value) })),
          filterable: true,
          ...storage('industry'),
        },
        { name: 'city', type: 'text', label: label('City'), ...storage('city') },
        { name: 'employees', type: 'integer', label: label('Employees'), ...storage('employees') },
      ],
    },
  };
}

/** The Opportunity object document, with `extraFields` more text fields appended. */
export function opportunityDoc(extraFields) {
  const slot = (name) => ({ storage: { slot: SLOTS.opportunity[name] } });
  return {
    kind: 'object',
    schemaVersion: 1,
    name: 'opportunity',
    label: label('Opportunity'),
    nameField: 'name',
    fields: [
      { name: 'name', type: 'text', label: label('Name'), required: true, ...slot('name') },
      {
        name: 'stage',
        type: 'single_select',
        label: label('Stage'),
        options: STAGES.map((value) => ({ value, label: label(value) })),
        filterable: true,
        ...slot('stage'),
      },
      { name: 'next_step', type: 'text', label: label('Next step'), ...slot('next_step') },
      {
        name: 'amount',
        type: 'currency',
        currency: 'CNY',
        label: label('Amount'),
        sortable: true,
        ...slot('amount'),
      },
      { name: 'probability', type: 'percent', label: label('Probability'), ...slot('probability') },
      { name: 'close_date', type: 'date', label: label('Close date'), ...slot('close_date') },
      {
        name: 'account',
        type: 'lookup',
        target: 'account',
        label: label('Account'),
        filterable: true,
        ...slot('account'),
      },
      ...Array.from({ length: extraFields }, (_, index) => ({
        name: `note_${index + 1}`,
        type: 'text',
        label: label(`Note ${index + 1}`),
        // The next free text slots after t3.
        storage: { slot: `t${index + 4}` },
      })),
    ],
  };
}
