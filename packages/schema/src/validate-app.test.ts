import { describe, expect, it } from 'vitest';
import type { FieldDef, MetadataDocument } from './index.js';
import { describe as describeIssue } from './testing/issues.js';
import { sampleDocuments } from './testing/sample-documents.js';
import { validateApp } from './validate-app.js';
import { validateDocument } from './validate-document.js';

type Samples = ReturnType<typeof sampleDocuments>;

/** The cross-reference issues of the sample app after `change`, as `kind/name: CODE at /path`. */
function appIssues(change: (documents: Samples) => void): string[] {
  const documents = sampleDocuments();
  change(documents);
  return validateApp(Object.values(documents) as MetadataDocument[]).map(
    (issue) => `${issue.document?.kind}/${issue.document?.name}: ${describeIssue(issue)}`,
  );
}

function field(documents: Samples, object: 'account' | 'contract' | 'payment', name: string) {
  const found = documents[object].fields.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no field ${name}`);
  return found as FieldDef & Record<string, unknown>;
}

describe('validateApp', () => {
  it('accepts a consistent app', () => {
    expect(appIssues(() => {})).toEqual([]);
  });

  it('names the document of every issue', () => {
    const documents = sampleDocuments();
    documents.contractForm.object = 'deal';
    const [issue] = validateApp(Object.values(documents) as MetadataDocument[]);
    expect(issue).toEqual({
      path: '/object',
      code: 'UNKNOWN_OBJECT',
      message: expect.any(String),
      params: { object: 'deal' },
      document: { kind: 'form', name: 'contract_form' },
    });
  });

  it('rejects two documents of one kind with the same name', () => {
    const documents = sampleDocuments();
    const all = [...Object.values(documents), documents.contractList] as MetadataDocument[];
    expect(validateApp(all).map(describeIssue)).toEqual(['DUPLICATE_NAME at /name']);
  });

  it('skips a document failing its schema and references into it, without throwing', () => {
    const documents = sampleDocuments();
    const brokenPayment = { ...documents.payment, fields: 'none' } as unknown as MetadataDocument;
    const brokenForm = {
      ...documents.contractForm,
      items: [{ type: 'section' }],
    } as MetadataDocument;
    const all = [...Object.values(documents), brokenPayment, brokenForm].filter(
      (document) => document !== documents.payment && document !== documents.contractForm,
    ) as MetadataDocument[];
    expect(validateApp(all)).toEqual([]);
  });

  it('accepts documents of different kinds sharing a name', () => {
    expect(
      appIssues((d) => {
        d.salesRole.name = 'sales';
        d.salesApp.roles = ['sales'];
      }),
    ).toEqual([]);
  });
});

describe('validateApp on objects', () => {
  it('rejects a lookup to an unknown object', () => {
    expect(
      appIssues((d) => {
        field(d, 'contract', 'account').target = 'customer';
      }),
    ).toEqual(['object/contract: UNKNOWN_OBJECT at /fields/1/target']);
  });

  it('rejects a master-detail to an unknown object', () => {
    expect(
      appIssues((d) => {
        field(d, 'payment', 'contract').target = 'agreement';
      }),
    ).toEqual([
      'object/contract: INVALID_RELATION at /fields/3/relationField',
      'object/payment: UNKNOWN_OBJECT at /fields/1/target',
      'form/contract_form: INVALID_RELATION at /items/1/tabs/0/items/0/items/0/relationField',
    ]);
  });

  it('rejects a lookup filter naming a field of the target the target lacks', () => {
    expect(
      appIssues((d) => {
        field(d, 'contract', 'account').filter = {
          kind: 'condition',
          field: 'tier',
          op: 'is_empty',
        };
      }),
    ).toEqual(['object/contract: UNKNOWN_FIELD at /fields/1/filter/field']);
  });

  it('rejects a rollup over an unknown child object', () => {
    expect(
      appIssues((d) => {
        field(d, 'contract', 'paid_amount').childObject = 'receipt';
      }),
    ).toEqual(['object/contract: UNKNOWN_OBJECT at /fields/3/childObject']);
  });

  it('rejects a rollup whose relation field does not point back', () => {
    expect(
      appIssues((d) => {
        d.payment.fields.push({
          name: 'customer',
          type: 'lookup',
          label: { en: 'C' },
          target: 'account',
        });
        field(d, 'contract', 'paid_amount').relationField = 'customer';
      }),
    ).toEqual(['object/contract: INVALID_RELATION at /fields/3/relationField']);
  });

  it('rejects a rollup whose relation field is not a lookup', () => {
    expect(
      appIssues((d) => {
        field(d, 'contract', 'paid_amount').relationField = 'title';
      }),
    ).toEqual(['object/contract: INVALID_RELATION at /fields/3/relationField']);
  });

  it('rejects a rollup of a child field that does not exist', () => {
    expect(
      appIssues((d) => {
        field(d, 'contract', 'paid_amount').field = 'total';
      }),
    ).toEqual(['object/contract: UNKNOWN_FIELD at /fields/3/field']);
  });

  it('rejects summing a child field that is not numeric', () => {
    expect(
      appIssues((d) => {
        field(d, 'contract', 'paid_amount').field = 'title';
      }),
    ).toEqual(['object/contract: FIELD_TYPE_MISMATCH at /fields/3/field']);
  });

  it('accepts the latest date of children as a max rollup', () => {
    expect(
      appIssues((d) => {
        Object.assign(field(d, 'contract', 'paid_amount'), { function: 'max', field: 'paid_on' });
      }),
    ).toEqual([]);
  });

  it('rejects a rollup filter naming an unknown child field', () => {
    expect(
      appIssues((d) => {
        field(d, 'contract', 'paid_amount').filter = {
          kind: 'condition',
          field: 'status',
          op: 'is_empty',
        };
      }),
    ).toEqual(['object/contract: UNKNOWN_FIELD at /fields/3/filter/field']);
  });

  it('accepts a formula reading a field through a lookup path', () => {
    expect(
      appIssues((d) => {
        field(d, 'contract', 'unpaid_amount').expression = { var: 'account.industry' };
      }),
    ).toEqual([]);
  });

  it('rejects a formula reading an unknown field through a lookup path', () => {
    expect(
      appIssues((d) => {
        field(d, 'contract', 'unpaid_amount').expression = { var: 'account.tier' };
      }),
    ).toEqual(['object/contract: UNKNOWN_FIELD at /fields/4/expression/var']);
  });
});

describe('validateApp on forms', () => {
  it('rejects a form of an unknown object', () => {
    expect(
      appIssues((d) => {
        d.contractForm.object = 'deal';
      }),
    ).toEqual(['form/contract_form: UNKNOWN_OBJECT at /object']);
  });

  it('rejects a form naming an unknown field', () => {
    expect(
      appIssues((d) => {
        const section = d.contractForm.items[0] as { items: { field?: string }[] };
        section.items[1]!.field = 'customer';
      }),
    ).toEqual(['form/contract_form: UNKNOWN_FIELD at /items/0/items/1/field']);
  });

  it('rejects a form rule reading an unknown field', () => {
    expect(
      appIssues((d) => {
        const section = d.contractForm.items[0] as { items: { rules?: object }[] };
        section.items[2]!.rules = { visible: { '==': [{ var: 'status' }, 'x'] } };
      }),
    ).toEqual(['form/contract_form: UNKNOWN_FIELD at /items/0/items/2/rules/visible/==/0/var']);
  });

  it('rejects a section rule reading an unknown field', () => {
    expect(
      appIssues((d) => {
        const section = d.contractForm.items[0] as { rules?: object };
        section.rules = { readOnly: { var: 'locked' } };
      }),
    ).toEqual(['form/contract_form: UNKNOWN_FIELD at /items/0/rules/readOnly/var']);
  });

  it('rejects a sub-table of an unknown object', () => {
    expect(
      appIssues((d) => {
        const tabs = d.contractForm.items[1] as {
          tabs: { items: { items: { object?: string }[] }[] }[];
        };
        tabs.tabs[0]!.items[0]!.items[0]!.object = 'receipt';
      }),
    ).toEqual(['form/contract_form: UNKNOWN_OBJECT at /items/1/tabs/0/items/0/items/0/object']);
  });

  it('rejects a sub-table whose relation field does not point to the form object', () => {
    expect(
      appIssues((d) => {
        const tabs = d.contractForm.items[1] as {
          tabs: { items: { items: { relationField?: string }[] }[] }[];
        };
        tabs.tabs[0]!.items[0]!.items[0]!.relationField = 'amount';
      }),
    ).toEqual([
      'form/contract_form: INVALID_RELATION at /items/1/tabs/0/items/0/items/0/relationField',
    ]);
  });

  it('rejects a sub-table column the child lacks', () => {
    expect(
      appIssues((d) => {
        const tabs = d.contractForm.items[1] as {
          tabs: { items: { items: { columns?: string[] }[] }[] }[];
        };
        tabs.tabs[0]!.items[0]!.items[0]!.columns = ['amount', 'note'];
      }),
    ).toEqual(['form/contract_form: UNKNOWN_FIELD at /items/1/tabs/0/items/0/items/0/columns/1']);
  });
});

describe('validateApp on views', () => {
  it('accepts a view filtering through a lookup path', () => {
    expect(
      appIssues((d) => {
        d.contractList.filter = {
          kind: 'condition',
          field: 'account.industry',
          op: 'eq',
          value: 'it',
        };
      }),
    ).toEqual([]);
  });

  it('rejects a lookup path through a field that is not a lookup', () => {
    expect(
      appIssues((d) => {
        d.contractList.filter = { kind: 'condition', field: 'amount.value', op: 'gt', value: 1 };
      }),
    ).toEqual(['view/contract_list: NOT_A_RELATION at /filter/field']);
  });

  it('rejects a lookup path to a field the target lacks', () => {
    expect(
      appIssues((d) => {
        d.contractList.columns.push({ field: 'account.tier' });
      }),
    ).toEqual(['view/contract_list: UNKNOWN_FIELD at /columns/3/field']);
  });

  it('rejects a view column naming an unknown field', () => {
    expect(
      appIssues((d) => {
        d.contractList.columns[0]!.field = 'title';
      }),
    ).toEqual(['view/contract_list: UNKNOWN_FIELD at /columns/0/field']);
  });

  it('rejects a filter deep in a group naming an unknown field', () => {
    expect(
      appIssues((d) => {
        d.contractList.filter = {
          kind: 'or',
          children: [{ kind: 'not', child: { kind: 'condition', field: 'owner', op: 'is_empty' } }],
        };
      }),
    ).toEqual(['view/contract_list: UNKNOWN_FIELD at /filter/children/0/child/field']);
  });

  it('rejects sorting by an unknown field', () => {
    expect(
      appIssues((d) => {
        d.contractList.sort = [{ field: 'created', direction: 'asc' }];
      }),
    ).toEqual(['view/contract_list: UNKNOWN_FIELD at /sort/0/field']);
  });

  it('rejects a kanban view grouped by a field that is not a single select', () => {
    expect(
      appIssues((d) => {
        d.contractBoard.kanban!.groupBy = 'amount';
      }),
    ).toEqual(['view/contract_board: FIELD_TYPE_MISMATCH at /kanban/groupBy']);
  });

  it('rejects a kanban sum over a field that is not numeric', () => {
    expect(
      appIssues((d) => {
        d.contractBoard.kanban!.sumField = 'stage';
      }),
    ).toEqual(['view/contract_board: FIELD_TYPE_MISMATCH at /kanban/sumField']);
  });

  it('rejects a kanban card field the object lacks', () => {
    expect(
      appIssues((d) => {
        d.contractBoard.kanban!.cardFields = ['owner'];
      }),
    ).toEqual(['view/contract_board: UNKNOWN_FIELD at /kanban/cardFields/0']);
  });

  it('rejects a calendar placed by a field that is not a date', () => {
    expect(
      appIssues((d) => {
        Object.assign(d.contractList, {
          type: 'calendar',
          calendar: { dateField: 'amount', titleField: 'number' },
        });
      }),
    ).toEqual(['view/contract_list: FIELD_TYPE_MISMATCH at /calendar/dateField']);
  });

  it('accepts a calendar placed by a date field', () => {
    expect(
      appIssues((d) => {
        Object.assign(d.contractList, {
          type: 'calendar',
          calendar: { dateField: 'signed_on', titleField: 'number' },
        });
      }),
    ).toEqual([]);
  });
});

describe('validateApp on workflows, reports, dashboards and roles', () => {
  it('rejects a workflow triggered by an unknown field', () => {
    expect(
      appIssues((d) => {
        d.contractWorkflow.trigger.fields = ['status'];
      }),
    ).toEqual(['workflow/notify_signed: UNKNOWN_FIELD at /trigger/fields/0']);
  });

  it('rejects a workflow condition reading an unknown field', () => {
    expect(
      appIssues((d) => {
        d.contractWorkflow.trigger.condition = { var: 'status' };
      }),
    ).toEqual(['workflow/notify_signed: UNKNOWN_FIELD at /trigger/condition/var']);
  });

  it('rejects a workflow on an unknown object', () => {
    expect(
      appIssues((d) => {
        d.contractWorkflow.object = 'deal';
      }),
    ).toEqual(['workflow/notify_signed: UNKNOWN_OBJECT at /object']);
  });

  it('rejects a report grouped by an unknown field', () => {
    expect(
      appIssues((d) => {
        d.contractReport.groupBy = [{ field: 'month' }];
      }),
    ).toEqual(['report/contracts_by_month: UNKNOWN_FIELD at /groupBy/0/field']);
  });

  it('rejects a date granularity on a field that is not a date', () => {
    expect(
      appIssues((d) => {
        d.contractReport.groupBy = [{ field: 'stage', granularity: 'month' }];
        d.contractReport.chart = { type: 'bar', x: 'stage', y: 'total' };
      }),
    ).toEqual(['report/contracts_by_month: FIELD_TYPE_MISMATCH at /groupBy/0/field']);
  });

  it('rejects summing a field that is not numeric in a report', () => {
    expect(
      appIssues((d) => {
        d.contractReport.measures = [{ name: 'total', function: 'sum', field: 'number' }];
      }),
    ).toEqual(['report/contracts_by_month: FIELD_TYPE_MISMATCH at /measures/0/field']);
  });

  it('rejects a chart axis that is neither a field nor a measure', () => {
    expect(
      appIssues((d) => {
        d.contractReport.chart = { type: 'line', x: 'signed_on', y: 'average' };
      }),
    ).toEqual(['report/contracts_by_month: UNKNOWN_FIELD at /chart/y']);
  });

  it('rejects a dashboard showing an unknown report', () => {
    expect(
      appIssues((d) => {
        d.salesDashboard.widgets[0]!.report = 'pipeline';
      }),
    ).toEqual(['dashboard/sales: UNKNOWN_DOCUMENT at /widgets/0/report']);
  });

  it('rejects a role granting an unknown object', () => {
    expect(
      appIssues((d) => {
        d.salesRole.objects.deal = { read: true };
      }),
    ).toEqual(['role/sales_rep: UNKNOWN_OBJECT at /objects/deal']);
  });

  it('rejects a role naming an unknown field', () => {
    expect(
      appIssues((d) => {
        d.salesRole.objects.contract!.fields = { price: 'none' };
        d.salesRole.objects.contract!.unmask = ['phone'];
      }),
    ).toEqual([
      'role/sales_rep: UNKNOWN_FIELD at /objects/contract/fields/price',
      'role/sales_rep: UNKNOWN_FIELD at /objects/contract/unmask/0',
    ]);
  });

  it('rejects a role whose parent does not exist', () => {
    expect(
      appIssues((d) => {
        d.salesRole.parent = 'manager';
      }),
    ).toEqual(['role/sales_rep: UNKNOWN_DOCUMENT at /parent']);
  });

  it("rejects roles that are each other's ancestors", () => {
    const documents = sampleDocuments();
    documents.salesRole.parent = 'manager';
    const manager = { ...documents.salesRole, name: 'manager', parent: 'sales_rep' };
    const issues = validateApp([...Object.values(documents), manager] as MetadataDocument[]);
    expect(issues.map(describeIssue)).toEqual(['ROLE_CYCLE at /parent', 'ROLE_CYCLE at /parent']);
  });
});

describe('validateApp on the app manifest', () => {
  it('rejects an app listing an unknown object', () => {
    expect(
      appIssues((d) => {
        d.salesApp.objects.push('deal');
      }),
    ).toEqual(['app/sales: UNKNOWN_OBJECT at /objects/3']);
  });

  it('rejects an app listing documents that do not exist', () => {
    expect(
      appIssues((d) => {
        d.salesApp.views = ['contract_list', 'missing_view'];
        d.salesApp.roles = ['admin'];
      }),
    ).toEqual([
      'app/sales: UNKNOWN_DOCUMENT at /views/1',
      'app/sales: UNKNOWN_DOCUMENT at /roles/0',
    ]);
  });

  it('rejects navigation to an unknown dashboard', () => {
    expect(
      appIssues((d) => {
        d.salesApp.navigation.push({ type: 'dashboard', dashboard: 'ops' });
      }),
    ).toEqual(['app/sales: UNKNOWN_DOCUMENT at /navigation/3/dashboard']);
  });

  it('rejects navigation opening an object with a view of another object', () => {
    expect(
      appIssues((d) => {
        d.salesApp.navigation[0] = { type: 'object', object: 'account', view: 'contract_list' };
      }),
    ).toEqual(['app/sales: OBJECT_MISMATCH at /navigation/0/view']);
  });

  it('rejects an unknown home dashboard', () => {
    expect(
      appIssues((d) => {
        d.salesApp.homeDashboard = 'ops';
      }),
    ).toEqual(['app/sales: UNKNOWN_DOCUMENT at /homeDashboard']);
  });
});

describe('validateDocument and validateApp together', () => {
  it('leaves a formula naming an unknown own field to validateDocument', () => {
    const documents = sampleDocuments();
    field(documents, 'contract', 'unpaid_amount').expression = { var: 'price' };
    expect(validateDocument(documents.contract).ok).toBe(false);
    expect(validateApp(Object.values(documents) as MetadataDocument[])).toEqual([]);
  });
});
