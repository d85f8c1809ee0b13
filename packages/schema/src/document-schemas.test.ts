import { describe, expect, it } from 'vitest';
import type { FilterNode } from './generated/types.js';
import { issuesOf } from './testing/issues.js';
import { sampleDocuments } from './testing/sample-documents.js';

/** The issues of a list view filtered by `filter`. */
function filterIssues(filter: unknown): string[] {
  const { contractList } = sampleDocuments();
  return issuesOf({ ...contractList, filter });
}

describe('filter tree', () => {
  const valid: ReadonlyArray<[string, FilterNode]> = [
    ['a comparison', { kind: 'condition', field: 'amount', op: 'gte', value: 100 }],
    ['between two values', { kind: 'condition', field: 'amount', op: 'between', value: [1, 9] }],
    ['not in a list', { kind: 'condition', field: 'stage', op: 'not_in', value: ['draft'] }],
    ['an emptiness test without a value', { kind: 'condition', field: 'amount', op: 'is_empty' }],
    [
      'this quarter',
      {
        kind: 'condition',
        field: 'signed_on',
        op: 'on_relative',
        value: { unit: 'quarter', offset: 0 },
      },
    ],
    [
      'the last 7 days',
      { kind: 'condition', field: 'signed_on', op: 'in_last', value: { unit: 'day', amount: 7 } },
    ],
    [
      'a negated group',
      {
        kind: 'not',
        child: {
          kind: 'or',
          children: [{ kind: 'condition', field: 'number', op: 'starts_with', value: 'HT' }],
        },
      },
    ],
    [
      'a condition through a lookup path',
      { kind: 'condition', field: 'account.industry', op: 'eq', value: 'it' },
    ],
  ];

  it.each(valid)('accepts %s', (_what, filter) => {
    expect(filterIssues(filter)).toEqual([]);
  });

  const invalid: ReadonlyArray<[string, unknown, string[]]> = [
    ['an unknown node kind', { kind: 'xor', children: [] }, ['ENUM at /filter/kind']],
    ['an empty group', { kind: 'and', children: [] }, ['TOO_FEW at /filter/children']],
    [
      'a group with a child property',
      { kind: 'and', child: { kind: 'condition' } },
      ['REQUIRED at /filter/children', 'UNKNOWN_PROPERTY at /filter/child'],
    ],
    [
      'an unknown operator',
      { kind: 'condition', field: 'amount', op: 'like', value: 'x' },
      ['ENUM at /filter/op'],
    ],
    [
      'a comparison without a value',
      { kind: 'condition', field: 'amount', op: 'eq' },
      ['REQUIRED at /filter/value'],
    ],
    [
      'a comparison with an object value',
      { kind: 'condition', field: 'amount', op: 'lt', value: { a: 1 } },
      ['TYPE at /filter/value'],
    ],
    [
      'between with one bound',
      { kind: 'condition', field: 'amount', op: 'between', value: [1] },
      ['TOO_FEW at /filter/value'],
    ],
    [
      'in with a single value',
      { kind: 'condition', field: 'stage', op: 'in', value: 'draft' },
      ['TYPE at /filter/value'],
    ],
    [
      'an emptiness test with a value',
      { kind: 'condition', field: 'amount', op: 'is_not_empty', value: 1 },
      ['UNKNOWN_PROPERTY at /filter/value'],
    ],
    [
      'a relative date in hours',
      {
        kind: 'condition',
        field: 'signed_on',
        op: 'on_relative',
        value: { unit: 'hour', offset: 0 },
      },
      ['ENUM at /filter/value/unit'],
    ],
    [
      'in_last without an amount',
      { kind: 'condition', field: 'signed_on', op: 'in_last', value: { unit: 'day' } },
      ['REQUIRED at /filter/value/amount'],
    ],
    [
      'a typo in a nested condition',
      { kind: 'or', children: [{ kind: 'condition', feild: 'amount', op: 'is_empty' }] },
      ['REQUIRED at /filter/children/0/field', 'UNKNOWN_PROPERTY at /filter/children/0/feild'],
    ],
    [
      'a field path with capitals',
      { kind: 'condition', field: 'Account.name', op: 'is_empty' },
      ['PATTERN at /filter/field'],
    ],
  ];

  it.each(invalid)('rejects %s', (_what, filter, issues) => {
    expect(filterIssues(filter)).toEqual(issues);
  });
});

describe('form schema', () => {
  it('rejects a section with five columns', () => {
    const { contractForm } = sampleDocuments();
    (contractForm.items[0] as unknown as { columns: number }).columns = 5;
    expect(issuesOf(contractForm)).toEqual(['TOO_LARGE at /items/0/columns']);
  });

  it('rejects an unknown block type at its path', () => {
    const { contractForm } = sampleDocuments();
    contractForm.items.push({ type: 'grid', id: 'g' } as never);
    expect(issuesOf(contractForm)).toEqual(['ENUM at /items/2/type']);
  });

  it('rejects a field item with an unknown property at its path', () => {
    const { contractForm } = sampleDocuments();
    const section = contractForm.items[0] as unknown as { items: Record<string, unknown>[] };
    section.items[0]!.width = 2;
    expect(issuesOf(contractForm)).toEqual(['UNKNOWN_PROPERTY at /items/0/items/0/width']);
  });

  it('rejects a field rule key that is not visible, required or readOnly', () => {
    const { contractForm } = sampleDocuments();
    const section = contractForm.items[0] as unknown as { items: Record<string, unknown>[] };
    section.items[0]!.rules = { hidden: true };
    expect(issuesOf(contractForm)).toEqual(['UNKNOWN_PROPERTY at /items/0/items/0/rules/hidden']);
  });

  it('rejects a text item without content', () => {
    const { contractForm } = sampleDocuments();
    const section = contractForm.items[0] as unknown as { items: Record<string, unknown>[] };
    section.items.push({ type: 'text', id: 'note' });
    expect(issuesOf(contractForm)).toEqual(['REQUIRED at /items/0/items/4/content']);
  });

  it('rejects a block id with spaces', () => {
    const { contractForm } = sampleDocuments();
    (contractForm.items[0] as unknown as { id: string }).id = 'main section';
    expect(issuesOf(contractForm)).toEqual(['PATTERN at /items/0/id']);
  });

  it('rejects a tab holding a field directly', () => {
    const { contractForm } = sampleDocuments();
    const tabs = contractForm.items[1] as unknown as { tabs: { items: unknown[] }[] };
    tabs.tabs[0]!.items.push({ type: 'field', id: 'x', field: 'amount' });
    expect(issuesOf(contractForm)).toEqual([
      'REQUIRED at /items/1/tabs/0/items/1/columns',
      'REQUIRED at /items/1/tabs/0/items/1/items',
      'UNKNOWN_PROPERTY at /items/1/tabs/0/items/1/field',
      'ENUM at /items/1/tabs/0/items/1/type',
    ]);
  });

  it('rejects duplicate block ids across sections and tabs', () => {
    const { contractForm } = sampleDocuments();
    const tabs = contractForm.items[1] as unknown as { tabs: { items: { id: string }[] }[] };
    tabs.tabs[0]!.items[0]!.id = 'main';
    expect(issuesOf(contractForm)).toEqual(['DUPLICATE_ID at /items/1/tabs/0/items/0/id']);
  });

  it('rejects an item spanning more columns than its section has', () => {
    const { contractForm } = sampleDocuments();
    const section = contractForm.items[0] as unknown as { items: Record<string, unknown>[] };
    section.items[0]!.span = 3;
    expect(issuesOf(contractForm)).toEqual(['SPAN_EXCEEDS_COLUMNS at /items/0/items/0/span']);
  });
});

describe('view schema', () => {
  it('rejects a kanban view without kanban settings', () => {
    const { contractBoard } = sampleDocuments();
    delete contractBoard.kanban;
    expect(issuesOf(contractBoard)).toEqual(['REQUIRED at /kanban']);
  });

  it('rejects a calendar view without calendar settings', () => {
    const { contractList } = sampleDocuments();
    expect(issuesOf({ ...contractList, type: 'calendar' })).toEqual(['REQUIRED at /calendar']);
  });

  it('rejects a page size above 200', () => {
    const { contractList } = sampleDocuments();
    expect(issuesOf({ ...contractList, pageSize: 500 })).toEqual(['TOO_LARGE at /pageSize']);
  });

  it('rejects a sort direction other than asc or desc', () => {
    const { contractList } = sampleDocuments();
    const sort = [{ field: 'amount', direction: 'down' }];
    expect(issuesOf({ ...contractList, sort })).toEqual(['ENUM at /sort/0/direction']);
  });

  it('rejects a view without columns', () => {
    const { contractList } = sampleDocuments();
    expect(issuesOf({ ...contractList, columns: [] })).toEqual(['TOO_FEW at /columns']);
  });

  it('rejects the same column twice', () => {
    const { contractList } = sampleDocuments();
    contractList.columns.push({ field: 'amount' });
    expect(issuesOf(contractList)).toEqual(['DUPLICATE_VALUE at /columns/3/field']);
  });
});

describe('app schema', () => {
  it('rejects a version that is not semver', () => {
    const { salesApp } = sampleDocuments();
    expect(issuesOf({ ...salesApp, version: '1.0' })).toEqual(['PATTERN at /version']);
  });

  it('rejects a navigation entry missing what it opens', () => {
    const { salesApp } = sampleDocuments();
    salesApp.navigation.push({ type: 'view' } as never);
    expect(issuesOf(salesApp)).toEqual(['REQUIRED at /navigation/3/view']);
  });

  it('rejects a url entry with an object property', () => {
    const { salesApp } = sampleDocuments();
    salesApp.navigation.push({
      type: 'url',
      url: 'https://a.example',
      label: { en: 'A' },
      object: 'x',
    } as never);
    expect(issuesOf(salesApp)).toEqual(['UNKNOWN_PROPERTY at /navigation/3/object']);
  });

  it('rejects a url that is not http', () => {
    const { salesApp } = sampleDocuments();
    salesApp.navigation.push({ type: 'url', url: 'javascript:alert(1)', label: { en: 'A' } });
    expect(issuesOf(salesApp)).toEqual(['PATTERN at /navigation/3/url']);
  });

  it('rejects an object listed twice', () => {
    const { salesApp } = sampleDocuments();
    salesApp.objects.push('account');
    expect(issuesOf(salesApp)).toEqual(['DUPLICATE_VALUE at /objects']);
  });
});

describe('workflow schema', () => {
  it('rejects a scheduled trigger without a schedule', () => {
    const { contractWorkflow } = sampleDocuments();
    contractWorkflow.trigger = { type: 'scheduled' };
    expect(issuesOf(contractWorkflow)).toEqual(['REQUIRED at /trigger/schedule']);
  });

  it('rejects an unknown step type', () => {
    const { contractWorkflow } = sampleDocuments();
    contractWorkflow.steps.push({ id: 's2', type: 'sms', params: {} } as never);
    expect(issuesOf(contractWorkflow)).toEqual(['ENUM at /steps/1/type']);
  });

  it('rejects a step going to an unknown step', () => {
    const { contractWorkflow } = sampleDocuments();
    contractWorkflow.steps[0]!.next = 'missing';
    expect(issuesOf(contractWorkflow)).toEqual(['UNKNOWN_STEP at /steps/0/next']);
  });

  it('rejects two steps with the same id', () => {
    const { contractWorkflow } = sampleDocuments();
    contractWorkflow.steps.push({ id: 'notify', type: 'wait', params: {} });
    expect(issuesOf(contractWorkflow)).toEqual(['DUPLICATE_ID at /steps/1/id']);
  });
});

describe('report schema', () => {
  it('rejects a sum measure without a field', () => {
    const { contractReport } = sampleDocuments();
    contractReport.measures = [{ name: 'total', function: 'sum' }];
    expect(issuesOf(contractReport)).toEqual(['REQUIRED at /measures/0/field']);
  });

  it('rejects an unknown chart type', () => {
    const { contractReport } = sampleDocuments();
    contractReport.chart = { type: 'radar' } as never;
    expect(issuesOf(contractReport)).toEqual(['ENUM at /chart/type']);
  });

  it('rejects two measures with the same name', () => {
    const { contractReport } = sampleDocuments();
    contractReport.measures!.push({ name: 'total', function: 'count' });
    expect(issuesOf(contractReport)).toEqual(['DUPLICATE_NAME at /measures/1/name']);
  });
});

describe('dashboard schema', () => {
  it('rejects a report widget without a report', () => {
    const { salesDashboard } = sampleDocuments();
    delete salesDashboard.widgets[0]!.report;
    expect(issuesOf(salesDashboard)).toEqual(['REQUIRED at /widgets/0/report']);
  });

  it('rejects a widget wider than the grid', () => {
    const { salesDashboard } = sampleDocuments();
    salesDashboard.widgets[0]!.layout.w = 13;
    expect(issuesOf(salesDashboard)).toEqual(['TOO_LARGE at /widgets/0/layout/w']);
  });

  it('rejects two widgets with the same id', () => {
    const { salesDashboard } = sampleDocuments();
    salesDashboard.widgets[1]!.id = 'w1';
    expect(issuesOf(salesDashboard)).toEqual(['DUPLICATE_ID at /widgets/1/id']);
  });
});

describe('role schema', () => {
  it('rejects an unknown data scope', () => {
    const { salesRole } = sampleDocuments();
    salesRole.objects.contract!.scope = 'team' as never;
    expect(issuesOf(salesRole)).toEqual(['ENUM at /objects/contract/scope']);
  });

  it('rejects a field access other than none, read or edit', () => {
    const { salesRole } = sampleDocuments();
    salesRole.objects.contract!.fields = { amount: 'write' as never };
    expect(issuesOf(salesRole)).toEqual(['ENUM at /objects/contract/fields/amount']);
  });

  it('rejects an object key that is not a machine name', () => {
    const { salesRole } = sampleDocuments();
    salesRole.objects.Contract = { read: true };
    expect(issuesOf(salesRole)).toEqual(['PATTERN at /objects/Contract']);
  });

  it('rejects a permission name without a dot', () => {
    const { salesRole } = sampleDocuments();
    salesRole.permissions = ['design'];
    expect(issuesOf(salesRole)).toEqual(['PATTERN at /permissions/0']);
  });

  it('rejects a role that is its own parent', () => {
    const { salesRole } = sampleDocuments();
    salesRole.parent = 'sales_rep';
    expect(issuesOf(salesRole)).toEqual(['ROLE_CYCLE at /parent']);
  });
});
