// Small metadata documents for tests of the engine and of the layers above it.

/** An `account` object draft whose fields are plain text fields with the given names. */
export function sampleAccount(fields: readonly string[] = ['name', 'industry']) {
  return {
    kind: 'object',
    schemaVersion: 1,
    name: 'account',
    label: { en: 'Account', 'zh-CN': '客户' },
    nameField: 'name',
    fields: fields.map((name) => ({ name, type: 'text', label: { en: name } })),
  };
}

/** An `account_form` of one two-column section placing the given account fields. */
export function sampleAccountForm(fields: readonly string[] = ['name', 'industry']) {
  return {
    kind: 'form',
    schemaVersion: 1,
    name: 'account_form',
    label: { en: 'Account' },
    object: 'account',
    items: [
      {
        type: 'section',
        id: 'main',
        columns: 2,
        items: fields.map((name) => ({ type: 'field', id: `f_${name}`, field: name })),
      },
    ],
  };
}

/** An object draft named `name` with the given fields; the first field names the records. */
export function sampleObject(name: string, fields: readonly Record<string, unknown>[]) {
  return {
    kind: 'object',
    schemaVersion: 1,
    name,
    label: { en: name },
    nameField: String(fields[0]?.name ?? 'name'),
    fields: fields.map((field) => ({ label: { en: String(field.name) }, ...field })),
  };
}

/**
 * A `team` object with four rollups of its `deal`s (the sum and count of won deals, the count of
 * open ones, the sum of amounts of at least 1000), the `deal` object, and a `project` whose
 * deletion deletes its deals (master-detail).
 */
export function samplePipeline() {
  const won = { kind: 'condition', field: 'stage', op: 'eq', value: 'won' };
  const rollup = (name: string, rest: Record<string, unknown>) => ({
    name,
    type: 'rollup',
    childObject: 'deal',
    relationField: 'team',
    ...rest,
  });
  return [
    sampleObject('team', [
      { name: 'name', type: 'text', required: true },
      rollup('won_total', { function: 'sum', field: 'amount', filter: won }),
      rollup('won_count', { function: 'count', filter: won }),
      rollup('open_deals', {
        function: 'count',
        filter: { kind: 'condition', field: 'stage', op: 'not_in', value: ['won', 'lost'] },
      }),
      rollup('big_total', {
        function: 'sum',
        field: 'amount',
        filter: { kind: 'condition', field: 'amount', op: 'gte', value: 1000 },
      }),
    ]),
    sampleObject('deal', [
      { name: 'title', type: 'text', required: true },
      { name: 'team', type: 'lookup', target: 'team' },
      {
        name: 'stage',
        type: 'single_select',
        options: ['open', 'won', 'lost'].map((value) => ({ value, label: { en: value } })),
      },
      { name: 'amount', type: 'currency', currency: 'CNY' },
      { name: 'project', type: 'master_detail', target: 'project' },
    ]),
    sampleObject('project', [{ name: 'name', type: 'text', required: true }]),
  ];
}

export {
  countingRecordStore,
  expectedPipelineRollups,
  runPipelineWrites,
} from './records/rollup-testing.js';
