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

export {
  countingRecordStore,
  expectedPipelineRollups,
  runPipelineWrites,
  samplePipeline,
} from './records/rollup-testing.js';
