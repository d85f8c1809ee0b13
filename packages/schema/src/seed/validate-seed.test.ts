import { describe, expect, it } from 'vitest';
import type { FieldDef, ObjectDoc } from '../generated/types.js';
import type { MetadataIssue } from '../metadata-issue.js';
import { validateSeed } from './validate-seed.js';

const installer = { $user: 'installer' };

function objectOf(name: string, fields: FieldDef[]): ObjectDoc {
  return {
    kind: 'object',
    schemaVersion: 1,
    name,
    label: { en: name },
    nameField: fields[0]?.name ?? 'name',
    fields,
  };
}

/** A company with one field of most kinds, and people working at companies. */
function sampleObjects(): ObjectDoc[] {
  const company = objectOf('company', [
    { name: 'name', type: 'text', label: { en: 'Name' }, required: true, maxLength: 8 },
    { name: 'code', type: 'text', label: { en: 'Code' }, pattern: '^[A-Z]{3}$', unique: true },
    {
      name: 'tier',
      type: 'single_select',
      label: { en: 'Tier' },
      required: true,
      default: { value: 'normal' },
      options: [
        { value: 'key', label: { en: 'Key' } },
        { value: 'normal', label: { en: 'Normal' } },
        { value: 'legacy', label: { en: 'Legacy' }, inactive: true },
      ],
    },
    {
      name: 'channel',
      type: 'single_select',
      label: { en: 'Channel' },
      options: [
        { value: 'web', label: { en: 'Web' } },
        { value: 'fair', label: { en: 'Fair' } },
      ],
    },
    {
      name: 'detail',
      type: 'single_select',
      label: { en: 'Detail' },
      dependsOn: 'channel',
      options: [
        { value: 'form', label: { en: 'Form' }, parents: ['web'] },
        { value: 'expo', label: { en: 'Expo' }, parents: ['fair'] },
      ],
    },
    {
      name: 'tags',
      type: 'multi_select',
      label: { en: 'Tags' },
      maxSelected: 2,
      options: [
        { value: 'hot', label: { en: 'Hot' } },
        { value: 'listed', label: { en: 'Listed' } },
        { value: 'public', label: { en: 'Public' } },
      ],
    },
    { name: 'employees', type: 'integer', label: { en: 'Employees' }, min: 0 },
    { name: 'revenue', type: 'currency', label: { en: 'Revenue' }, currency: 'CNY' },
    { name: 'founded', type: 'date', label: { en: 'Founded' } },
    { name: 'seen_at', type: 'datetime', label: { en: 'Seen at' } },
    { name: 'region', type: 'region', label: { en: 'Region' }, level: 'district' },
    { name: 'phone', type: 'phone', label: { en: 'Phone' }, format: 'cn_mobile' },
    { name: 'manager', type: 'user', label: { en: 'Manager' }, required: true },
    { name: 'parent', type: 'lookup', label: { en: 'Parent' }, target: 'company' },
    {
      name: 'revenue_k',
      type: 'formula',
      label: { en: 'Revenue (k)' },
      resultType: 'number',
      expression: { '/': [{ var: 'revenue' }, 1000] },
    },
    { name: 'number', type: 'autonumber', label: { en: 'Number' }, pattern: 'C-{0000}' },
    { name: 'last_seen', type: 'datetime', label: { en: 'Last seen' }, readOnly: true },
    { name: 'team', type: 'department', label: { en: 'Team' } },
  ]);
  const person = objectOf('person', [
    { name: 'name', type: 'text', label: { en: 'Name' }, required: true },
    {
      name: 'company',
      type: 'lookup',
      label: { en: 'Company' },
      target: 'company',
      required: true,
    },
    { name: 'mentor', type: 'lookup', label: { en: 'Mentor' }, target: 'person' },
  ]);
  return [company, person];
}

function company(ref: string, values: Record<string, unknown> = {}) {
  return { $ref: ref, name: '星河智造', manager: installer, ...values };
}

/** The issues of seed files against the sample objects, as `CODE at /path`. */
function issuesOf(...files: unknown[]): string[] {
  return validateSeed(files, sampleObjects()).map((issue) => `${issue.code} at ${issue.path}`);
}

/** The issues of one company record with `values` on top of a valid one. */
function companyIssues(values: Record<string, unknown>): string[] {
  return issuesOf({ object: 'company', records: [company('c1', values)] });
}

describe('validateSeed', () => {
  it('accepts records that fit their objects', () => {
    const files = [
      {
        object: 'company',
        records: [
          company('c1', {
            code: 'XHZ',
            tier: 'key',
            channel: 'web',
            detail: 'form',
            tags: ['hot', 'listed'],
            employees: 1800,
            revenue: 1250000.5,
            founded: '2012-03-01',
            seen_at: '2026-11-20T02:30:00Z',
            region: '320576',
            phone: '13800000101',
          }),
          company('c2', { parent: { $ref: 'c1' } }),
        ],
      },
      { object: 'person', records: [{ $ref: 'p1', name: '周建国', company: { $ref: 'c2' } }] },
    ];
    expect(validateSeed(files, sampleObjects())).toEqual([]);
  });

  it('checks each file against the seed schema', () => {
    expect(issuesOf({ object: 'company' })).toEqual(['REQUIRED at /records']);
  });

  it('refuses a record without a seed key', () => {
    expect(issuesOf({ object: 'company', records: [{ name: 'x' }] })).toEqual([
      'REQUIRED at /records/0/$ref',
    ]);
  });

  it('reports a seed of an object the template does not have', () => {
    expect(issuesOf({ object: 'invoice', records: [{ $ref: 'i1' }] })).toEqual([
      'UNKNOWN_OBJECT at /object',
    ]);
  });

  it('reports a second file for the same object', () => {
    const file = { object: 'company', records: [company('c1')] };
    expect(issuesOf(file, { ...file, records: [company('c2')] })).toEqual([
      'DUPLICATE_NAME at /object',
    ]);
  });

  it('names the seed file each issue is in', () => {
    const [issue] = validateSeed(
      [{ object: 'person', records: [{ $ref: 'p1', name: 'x' }] }],
      sampleObjects(),
    );
    expect(issue).toMatchObject<Partial<MetadataIssue>>({
      code: 'REQUIRED',
      path: '/records/0/company',
      document: { kind: 'seed', name: 'person' },
    });
  });

  it('reports a key that names no field', () => {
    expect(companyIssues({ industry: 'it' })).toEqual(['UNKNOWN_FIELD at /records/0/industry']);
  });

  it('refuses system fields', () => {
    expect(companyIssues({ created_at: '2026-01-01T00:00:00Z' })).toEqual([
      'RESERVED_NAME at /records/0/created_at',
    ]);
  });

  it.each([
    ['a formula', 'revenue_k', 1],
    ['an autonumber', 'number', 'C-0001'],
    ['a read-only field', 'last_seen', '2026-01-01T00:00:00Z'],
    ['a department', 'team', 'sales'],
  ])('refuses a value for %s', (_what, field, value) => {
    expect(companyIssues({ [field]: value })).toEqual([`NOT_WRITABLE at /records/0/${field}`]);
  });

  it('requires required fields that have no default', () => {
    expect(issuesOf({ object: 'company', records: [{ $ref: 'c1', name: 'x' }] })).toEqual([
      'REQUIRED at /records/0/manager',
    ]);
  });

  it('reports a value of the wrong JSON type', () => {
    expect(companyIssues({ employees: '1800' })).toEqual(['TYPE at /records/0/employees']);
  });

  it('counts text length in characters', () => {
    expect(companyIssues({ name: '星河智造科技有限' })).toEqual([]);
    expect(companyIssues({ name: '星河智造科技有限公司' })).toEqual([
      'TOO_LONG at /records/0/name',
    ]);
  });

  it('reports text that does not match the field pattern', () => {
    expect(companyIssues({ code: 'xh1' })).toEqual(['PATTERN at /records/0/code']);
  });

  it('reports an option the field does not have', () => {
    expect(companyIssues({ tier: 'gold' })).toEqual(['UNKNOWN_OPTION at /records/0/tier']);
  });

  it('refuses an inactive option', () => {
    expect(companyIssues({ tier: 'legacy' })).toEqual(['INACTIVE_OPTION at /records/0/tier']);
  });

  it('refuses a dependent option not offered for the controlling value', () => {
    expect(companyIssues({ channel: 'web', detail: 'expo' })).toEqual([
      'OPTION_NOT_ALLOWED at /records/0/detail',
    ]);
  });

  it('reports each unknown value of a multi-select at its index', () => {
    expect(companyIssues({ tags: ['hot', 'cold'] })).toEqual([
      'UNKNOWN_OPTION at /records/0/tags/1',
    ]);
  });

  it('limits how many options a multi-select holds', () => {
    expect(companyIssues({ tags: ['hot', 'listed', 'public'] })).toEqual([
      'TOO_MANY at /records/0/tags',
    ]);
  });

  it('reports a number below the field minimum', () => {
    expect(companyIssues({ employees: -1 })).toEqual(['TOO_SMALL at /records/0/employees']);
  });

  it('reports more decimals than a currency keeps', () => {
    expect(companyIssues({ revenue: 10.005 })).toEqual(['TOO_PRECISE at /records/0/revenue']);
  });

  it('refuses a date that does not exist', () => {
    expect(companyIssues({ founded: '2026-02-30' })).toEqual(['FORMAT at /records/0/founded']);
  });

  it('wants datetimes in UTC', () => {
    expect(companyIssues({ seen_at: '2026-11-20T10:30:00+08:00' })).toEqual([
      'FORMAT at /records/0/seen_at',
    ]);
  });

  it('wants a region code of the field level', () => {
    expect(companyIssues({ region: '3205' })).toEqual(['FORMAT at /records/0/region']);
  });

  it('wants a mainland mobile number in a cn_mobile phone field', () => {
    expect(companyIssues({ phone: '010-50000000' })).toEqual(['FORMAT at /records/0/phone']);
  });

  it('takes only the installer placeholder in a user field', () => {
    expect(companyIssues({ manager: 'zhou' })).toEqual(['TYPE at /records/0/manager']);
  });

  it('refuses a seed key used twice', () => {
    expect(issuesOf({ object: 'company', records: [company('c1'), company('c1')] })).toEqual([
      'DUPLICATE_ID at /records/1/$ref',
    ]);
  });

  it('reports a reference to a seed key no record has', () => {
    expect(companyIssues({ parent: { $ref: 'nobody' } })).toEqual([
      'UNKNOWN_RECORD at /records/0/parent/$ref',
    ]);
  });

  it('reports a reference to a record of another object than the lookup target', () => {
    const people = {
      object: 'person',
      records: [{ $ref: 'p1', name: 'x', company: { $ref: 'c1' } }],
    };
    const companies = { object: 'company', records: [company('c1', { parent: { $ref: 'p1' } })] };
    expect(issuesOf(companies, people)).toEqual(['INVALID_RELATION at /records/0/parent/$ref']);
  });

  it('reports a value given twice for a unique field', () => {
    const records = [company('c1', { code: 'XHZ' }), company('c2', { code: 'XHZ' })];
    expect(issuesOf({ object: 'company', records })).toEqual([
      'DUPLICATE_VALUE at /records/1/code',
    ]);
  });

  it('reports records that require each other in a cycle', () => {
    const objects = [
      objectOf('node', [
        { name: 'name', type: 'text', label: { en: 'Name' } },
        { name: 'next', type: 'lookup', label: { en: 'Next' }, target: 'node', required: true },
      ]),
    ];
    const records = [
      { $ref: 'a', next: { $ref: 'b' } },
      { $ref: 'b', next: { $ref: 'a' } },
    ];
    const issues = validateSeed([{ object: 'node', records }], objects);
    expect(issues.map((issue) => issue.code)).toEqual(['REFERENCE_CYCLE']);
    expect(issues[0]?.params).toEqual({ cycle: ['a', 'b', 'a'] });
  });

  it('accepts records that point to each other through optional lookups', () => {
    const records = [
      { $ref: 'p1', name: 'a', company: { $ref: 'c1' }, mentor: { $ref: 'p2' } },
      { $ref: 'p2', name: 'b', company: { $ref: 'c1' }, mentor: { $ref: 'p1' } },
    ];
    expect(
      issuesOf({ object: 'company', records: [company('c1')] }, { object: 'person', records }),
    ).toEqual([]);
  });
});
