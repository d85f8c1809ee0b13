import { describe, expect, it } from 'vitest';
import { fieldSchema } from './generated/schemas.js';
import type { FieldDef } from './generated/types.js';
import { issuesOf } from './testing/issues.js';
import { objectWith } from './testing/sample-documents.js';

/** The issues of a field placed second in an object, paths relative to the field. */
function fieldIssues(field: Record<string, unknown>): string[] {
  const object = objectWith({
    name: 'subject',
    label: { en: 'Subject' },
    ...field,
  } as unknown as FieldDef);
  return issuesOf(object).map((issue) => issue.replace(' at /fields/1', ' at '));
}

const validFields: ReadonlyArray<[string, Record<string, unknown>]> = [
  ['text', { type: 'text', maxLength: 100, minLength: 2, pattern: '^[A-Z]+$' }],
  ['long_text', { type: 'long_text', maxLength: 5000 }],
  ['rich_text', { type: 'rich_text' }],
  ['integer', { type: 'integer', min: 0, max: 10 }],
  ['number', { type: 'number', precision: 18, scale: 4 }],
  ['currency', { type: 'currency', currency: 'CNY', scale: 2 }],
  ['percent', { type: 'percent', scale: 1, min: 0, max: 100 }],
  ['date', { type: 'date', min: '2020-01-01' }],
  ['datetime', { type: 'datetime', max: '2030-01-01T00:00:00Z' }],
  ['boolean', { type: 'boolean', default: { value: false } }],
  [
    'single_select',
    { type: 'single_select', options: [{ value: 'a', label: { en: 'A' }, color: 'green' }] },
  ],
  [
    'multi_select',
    {
      type: 'multi_select',
      maxSelected: 2,
      options: [{ value: 'a', label: { en: 'A' }, inactive: true }],
    },
  ],
  ['email', { type: 'email', unique: true }],
  ['phone', { type: 'phone', format: 'cn_mobile', sensitive: { mask: 'phone' } }],
  ['url', { type: 'url' }],
  [
    'lookup',
    {
      type: 'lookup',
      target: 'account',
      onDelete: 'restrict',
      filter: { kind: 'condition', field: 'industry', op: 'eq', value: 'it' },
    },
  ],
  ['master_detail', { type: 'master_detail', target: 'account' }],
  ['user', { type: 'user', multiple: true }],
  ['department', { type: 'department' }],
  [
    'formula',
    { type: 'formula', resultType: 'currency', currency: 'CNY', expression: { var: 'name' } },
  ],
  [
    'rollup',
    { type: 'rollup', childObject: 'payment', relationField: 'contract', function: 'count' },
  ],
  ['autonumber', { type: 'autonumber', pattern: 'HT-{YYYY}{MM}-{0000}', startAt: 1 }],
  ['attachment', { type: 'attachment', maxFiles: 3, maxSizeMb: 20, accept: ['.pdf', 'image/*'] }],
  ['region', { type: 'region', level: 'district' }],
  ['rating', { type: 'rating', max: 10 }],
];

const invalidFields: ReadonlyArray<[string, Record<string, unknown>, string[]]> = [
  ['a text maxLength above 10000', { type: 'text', maxLength: 20000 }, ['TOO_LARGE at /maxLength']],
  [
    'a text pattern that is not a regex',
    { type: 'text', pattern: '([a-z' },
    ['FORMAT at /pattern'],
  ],
  [
    'a long text with a pattern',
    { type: 'long_text', pattern: 'x' },
    ['UNKNOWN_PROPERTY at /pattern'],
  ],
  ['a fractional integer bound', { type: 'integer', min: 0.5 }, ['TYPE at /min']],
  ['a number precision above 38', { type: 'number', precision: 39 }, ['TOO_LARGE at /precision']],
  ['a number scale above 18', { type: 'number', scale: 19 }, ['TOO_LARGE at /scale']],
  ['a currency without a currency code', { type: 'currency' }, ['REQUIRED at /currency']],
  [
    'a currency code in lower case',
    { type: 'currency', currency: 'cny' },
    ['PATTERN at /currency'],
  ],
  [
    'a percent with a currency',
    { type: 'percent', currency: 'CNY' },
    ['UNKNOWN_PROPERTY at /currency'],
  ],
  ['a date bound that is not a date', { type: 'date', min: '01/02/2020' }, ['FORMAT at /min']],
  ['a datetime bound without a time', { type: 'datetime', min: '2020-01-01' }, ['FORMAT at /min']],
  ['a boolean with options', { type: 'boolean', options: [] }, ['UNKNOWN_PROPERTY at /options']],
  ['a select without options', { type: 'single_select' }, ['REQUIRED at /options']],
  ['a select with no option', { type: 'single_select', options: [] }, ['TOO_FEW at /options']],
  [
    'an option value with capitals',
    { type: 'single_select', options: [{ value: 'Open', label: { en: 'O' } }] },
    ['PATTERN at /options/0/value'],
  ],
  [
    'an option colour outside the palette',
    { type: 'single_select', options: [{ value: 'a', label: { en: 'A' }, color: 'mauve' }] },
    ['PATTERN at /options/0/color'],
  ],
  [
    'an unknown option property',
    { type: 'multi_select', options: [{ value: 'a', label: { en: 'A' }, icon: 'x' }] },
    ['UNKNOWN_PROPERTY at /options/0/icon'],
  ],
  [
    'maxSelected on a single select',
    { type: 'single_select', maxSelected: 2, options: [{ value: 'a', label: { en: 'A' } }] },
    ['UNKNOWN_PROPERTY at /maxSelected'],
  ],
  ['an unknown phone format', { type: 'phone', format: 'us' }, ['ENUM at /format']],
  ['a lookup without a target', { type: 'lookup' }, ['REQUIRED at /target']],
  [
    'a lookup with an unknown onDelete',
    { type: 'lookup', target: 'account', onDelete: 'cascade' },
    ['ENUM at /onDelete'],
  ],
  [
    'a master-detail with onDelete',
    { type: 'master_detail', target: 'account', onDelete: 'restrict' },
    ['UNKNOWN_PROPERTY at /onDelete'],
  ],
  [
    'a user field with a target',
    { type: 'user', target: 'account' },
    ['UNKNOWN_PROPERTY at /target'],
  ],
  [
    'a formula without a result type',
    { type: 'formula', expression: { var: 'name' } },
    ['REQUIRED at /resultType'],
  ],
  [
    'a formula with an unknown result type',
    { type: 'formula', resultType: 'json', expression: 1 },
    ['ENUM at /resultType'],
  ],
  [
    'a sum rollup without a field',
    { type: 'rollup', childObject: 'payment', relationField: 'contract', function: 'sum' },
    ['REQUIRED at /field'],
  ],
  [
    'a rollup with an unknown function',
    { type: 'rollup', childObject: 'payment', relationField: 'contract', function: 'median' },
    ['ENUM at /function'],
  ],
  [
    'an autonumber without a counter',
    { type: 'autonumber', pattern: 'HT-{YYYY}' },
    ['PATTERN at /pattern'],
  ],
  [
    'an autonumber with an unknown token',
    { type: 'autonumber', pattern: 'HT-{HH}-{000}' },
    ['PATTERN at /pattern'],
  ],
  [
    'an attachment accepting a bare word',
    { type: 'attachment', accept: ['pdf'] },
    ['PATTERN at /accept/0'],
  ],
  ['an attachment size of zero', { type: 'attachment', maxSizeMb: 0 }, ['TOO_SMALL at /maxSizeMb']],
  ['a region without a level', { type: 'region' }, ['REQUIRED at /level']],
  ['a region at street level', { type: 'region', level: 'street' }, ['ENUM at /level']],
  ['a rating above 10', { type: 'rating', max: 11 }, ['TOO_LARGE at /max']],
  [
    'a custom mask without a pattern',
    { type: 'text', sensitive: { mask: 'custom' } },
    ['REQUIRED at /sensitive/pattern'],
  ],
  [
    'a mask pattern that is not keep-first*keep-last',
    { type: 'text', sensitive: { mask: 'custom', pattern: '3-4' } },
    ['PATTERN at /sensitive/pattern'],
  ],
  [
    'a storage slot with an unknown property',
    { type: 'text', storage: { slot: 't1', column: 'x' } },
    ['UNKNOWN_PROPERTY at /storage/column'],
  ],
  ['a help text that is not localized', { type: 'text', helpText: 'Help' }, ['TYPE at /helpText']],
  ['a required flag that is not boolean', { type: 'text', required: 'yes' }, ['TYPE at /required']],
];

describe('field schema', () => {
  it.each(validFields)('accepts a %s field with its options', (_type, field) => {
    expect(fieldIssues(field)).toEqual([]);
  });

  it.each(invalidFields)('rejects %s', (_what, field, issues) => {
    expect(fieldIssues(field)).toEqual(issues);
  });

  it('has a valid example for every field type', () => {
    expect(validFields.map(([type]) => type).sort()).toEqual(
      [...fieldSchema.properties.type.enum].sort(),
    );
  });
});
