// Small, valid documents for tests: an account with contracts and their payments.
import type {
  AppDoc,
  DashboardDoc,
  FieldDef,
  FormDoc,
  ObjectDoc,
  ReportDoc,
  RoleDoc,
  ViewDoc,
  WorkflowDoc,
} from '../generated/types.js';

/** A deep copy, so that tests can change what they get. */
function copy<T>(value: T): T {
  return structuredClone(value);
}

const account: ObjectDoc = {
  kind: 'object',
  schemaVersion: 1,
  name: 'account',
  label: { 'zh-CN': '客户', en: 'Account' },
  nameField: 'name',
  fields: [
    { name: 'name', type: 'text', label: { 'zh-CN': '客户名称', en: 'Name' }, required: true },
    {
      name: 'industry',
      type: 'single_select',
      label: { en: 'Industry' },
      options: [
        { value: 'it', label: { en: 'IT' }, color: 'blue' },
        { value: 'retail', label: { en: 'Retail' }, color: '#ff8800' },
      ],
    },
    { name: 'region', type: 'region', label: { en: 'Region' }, level: 'city' },
  ],
};

const contract: ObjectDoc = {
  kind: 'object',
  schemaVersion: 1,
  name: 'contract',
  label: { 'zh-CN': '合同', en: 'Contract' },
  nameField: 'number',
  fields: [
    { name: 'number', type: 'autonumber', label: { en: 'Number' }, pattern: 'HT-{YYYY}-{0000}' },
    { name: 'account', type: 'lookup', label: { en: 'Account' }, target: 'account' },
    { name: 'amount', type: 'currency', label: { en: 'Amount' }, currency: 'CNY' },
    {
      name: 'paid_amount',
      type: 'rollup',
      label: { en: 'Paid' },
      childObject: 'payment',
      relationField: 'contract',
      function: 'sum',
      field: 'amount',
    },
    {
      name: 'unpaid_amount',
      type: 'formula',
      label: { en: 'Unpaid' },
      resultType: 'currency',
      expression: { '-': [{ var: 'amount' }, { var: 'paid_amount' }] },
    },
    {
      name: 'stage',
      type: 'single_select',
      label: { en: 'Stage' },
      options: [
        { value: 'draft', label: { en: 'Draft' } },
        { value: 'signed', label: { en: 'Signed' } },
      ],
    },
    { name: 'signed_on', type: 'date', label: { en: 'Signed on' } },
  ],
  validationRules: [
    {
      name: 'amount_positive',
      errorWhen: { '<=': [{ var: 'amount' }, 0] },
      message: { en: 'The amount must be positive.' },
      field: 'amount',
    },
  ],
};

const payment: ObjectDoc = {
  kind: 'object',
  schemaVersion: 1,
  name: 'payment',
  label: { 'zh-CN': '回款', en: 'Payment' },
  nameField: 'title',
  fields: [
    { name: 'title', type: 'text', label: { en: 'Title' } },
    { name: 'contract', type: 'master_detail', label: { en: 'Contract' }, target: 'contract' },
    { name: 'amount', type: 'currency', label: { en: 'Amount' }, currency: 'CNY' },
    { name: 'paid_on', type: 'date', label: { en: 'Paid on' } },
  ],
};

const contractForm: FormDoc = {
  kind: 'form',
  schemaVersion: 1,
  name: 'contract_form',
  label: { en: 'Contract' },
  object: 'contract',
  items: [
    {
      type: 'section',
      id: 'main',
      columns: 2,
      items: [
        { type: 'field', id: 'f_number', field: 'number' },
        { type: 'field', id: 'f_account', field: 'account' },
        {
          type: 'field',
          id: 'f_amount',
          field: 'amount',
          rules: { required: { '==': [{ var: 'stage' }, 'signed'] } },
        },
        { type: 'field', id: 'f_stage', field: 'stage', span: 2 },
      ],
    },
    {
      type: 'tabs',
      id: 'more',
      tabs: [
        {
          id: 'payments_tab',
          label: { en: 'Payments' },
          items: [
            {
              type: 'section',
              id: 'payments',
              columns: 1,
              items: [
                {
                  type: 'subtable',
                  id: 'payment_lines',
                  object: 'payment',
                  relationField: 'contract',
                  columns: ['amount', 'paid_on'],
                },
              ],
            },
          ],
        },
      ],
    },
  ],
};

const contractList: ViewDoc = {
  kind: 'view',
  schemaVersion: 1,
  name: 'contract_list',
  label: { en: 'Contracts' },
  object: 'contract',
  type: 'list',
  columns: [{ field: 'number' }, { field: 'account.industry', width: 120 }, { field: 'amount' }],
  filter: {
    kind: 'and',
    children: [
      { kind: 'condition', field: 'stage', op: 'in', value: ['draft', 'signed'] },
      {
        kind: 'condition',
        field: 'signed_on',
        op: 'on_relative',
        value: { unit: 'month', offset: 0 },
      },
    ],
  },
  sort: [{ field: 'amount', direction: 'desc' }],
  pageSize: 50,
};

const contractBoard: ViewDoc = {
  kind: 'view',
  schemaVersion: 1,
  name: 'contract_board',
  label: { en: 'Contract board' },
  object: 'contract',
  type: 'kanban',
  columns: [{ field: 'number' }],
  kanban: { groupBy: 'stage', cardFields: ['number', 'amount'], sumField: 'amount' },
};

const contractWorkflow: WorkflowDoc = {
  kind: 'workflow',
  schemaVersion: 1,
  name: 'notify_signed',
  label: { en: 'Notify when signed' },
  object: 'contract',
  trigger: {
    type: 'record_updated',
    fields: ['stage'],
    condition: { '==': [{ var: 'stage' }, 'signed'] },
  },
  steps: [{ id: 'notify', type: 'notify', params: { to: 'owner' } }],
};

const contractReport: ReportDoc = {
  kind: 'report',
  schemaVersion: 1,
  name: 'contracts_by_month',
  label: { en: 'Contracts by month' },
  object: 'contract',
  type: 'summary',
  groupBy: [{ field: 'signed_on', granularity: 'month' }],
  measures: [{ name: 'total', function: 'sum', field: 'amount' }],
  chart: { type: 'bar', x: 'signed_on', y: 'total' },
};

const salesDashboard: DashboardDoc = {
  kind: 'dashboard',
  schemaVersion: 1,
  name: 'sales',
  label: { en: 'Sales' },
  widgets: [
    { id: 'w1', type: 'report', report: 'contracts_by_month', layout: { x: 0, y: 0, w: 6, h: 4 } },
    { id: 'w2', type: 'text', content: { en: 'Hello' }, layout: { x: 6, y: 0, w: 6, h: 2 } },
  ],
};

const salesRole: RoleDoc = {
  kind: 'role',
  schemaVersion: 1,
  name: 'sales_rep',
  label: { en: 'Sales rep' },
  objects: {
    contract: { read: true, create: true, scope: 'own', fields: { amount: 'read' } },
  },
  permissions: ['audit.read'],
};

const salesApp: AppDoc = {
  kind: 'app',
  schemaVersion: 1,
  name: 'sales',
  label: { 'zh-CN': '销售', en: 'Sales' },
  version: '1.0.0',
  objects: ['account', 'contract', 'payment'],
  forms: ['contract_form'],
  views: ['contract_list', 'contract_board'],
  workflows: ['notify_signed'],
  reports: ['contracts_by_month'],
  dashboards: ['sales'],
  roles: ['sales_rep'],
  navigation: [
    { type: 'object', object: 'contract', view: 'contract_list' },
    { type: 'dashboard', dashboard: 'sales' },
    { type: 'url', url: 'https://example.com/help', label: { en: 'Help' } },
  ],
  homeDashboard: 'sales',
};

/** Fresh copies of a consistent set of documents. */
export function sampleDocuments() {
  return {
    account: copy(account),
    contract: copy(contract),
    payment: copy(payment),
    contractForm: copy(contractForm),
    contractList: copy(contractList),
    contractBoard: copy(contractBoard),
    contractWorkflow: copy(contractWorkflow),
    contractReport: copy(contractReport),
    salesDashboard: copy(salesDashboard),
    salesRole: copy(salesRole),
    salesApp: copy(salesApp),
  };
}

/** Every sample document, as a tenant would hold them. */
export function sampleApp() {
  return Object.values(sampleDocuments());
}

/** An object holding the given fields after a name field. */
export function objectWith(...fields: FieldDef[]): ObjectDoc {
  return {
    kind: 'object',
    schemaVersion: 1,
    name: 'thing',
    label: { en: 'Thing' },
    nameField: 'name',
    fields: [{ name: 'name', type: 'text', label: { en: 'Name' } }, ...fields],
  };
}
