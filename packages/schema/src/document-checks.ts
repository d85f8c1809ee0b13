import { fieldsByName, isRelationField, SYSTEM_FIELD_NAMES } from './field-facts.js';
import type {
  DashboardDoc,
  FieldDef,
  FormDoc,
  FormSection,
  ObjectDoc,
  ReportDoc,
  RoleDoc,
  ViewDoc,
  WorkflowDoc,
} from './generated/types.js';
import { type MetadataIssue, type MetadataIssueCode, pointer } from './metadata-issue.js';
import type { MetadataDocument } from './metadata-kinds.js';
import { collectVarReferences } from './var-paths.js';

/**
 * Rules of one document that its schema cannot express (unique names and ids, references inside
 * the document, formula cycles). Expects a document that passed its schema.
 */
export function checkDocument(document: MetadataDocument): MetadataIssue[] {
  switch (document.kind) {
    case 'object':
      return checkObject(document);
    case 'form':
      return checkForm(document);
    case 'view':
      return checkView(document);
    case 'workflow':
      return checkWorkflow(document);
    case 'report':
      return checkReport(document);
    case 'dashboard':
      return checkDashboard(document);
    case 'role':
      return checkRole(document);
    case 'app':
      return [];
    default:
      return assertNever(document);
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected document ${JSON.stringify(value)}`);
}

/** Reports each value met again after its first occurrence. */
function reportDuplicates(
  entries: ReadonlyArray<{ value: string; path: string }>,
  code: MetadataIssueCode,
  what: string,
  issues: MetadataIssue[],
): void {
  const seen = new Set<string>();
  for (const { value, path } of entries) {
    if (seen.has(value)) {
      issues.push({ path, code, message: `${what} '${value}' is used twice.`, params: { value } });
    }
    seen.add(value);
  }
}

function checkObject(object: ObjectDoc): MetadataIssue[] {
  const issues: MetadataIssue[] = [];
  const fields = fieldsByName(object);
  object.fields.forEach((field, index) => {
    if (SYSTEM_FIELD_NAMES.has(field.name)) {
      issues.push({
        path: pointer('fields', index, 'name'),
        code: 'RESERVED_NAME',
        message: `'${field.name}' is a system column name.`,
        params: { name: field.name },
      });
    }
  });
  reportDuplicates(
    object.fields.map((field, index) => ({
      value: field.name,
      path: pointer('fields', index, 'name'),
    })),
    'DUPLICATE_NAME',
    'Field name',
    issues,
  );
  if (!fields.has(object.nameField)) {
    issues.push(unknownField('/nameField', object.nameField, object.name));
  }
  object.fields.forEach((field, index) => {
    checkFieldOptions(field, pointer('fields', index), fields, object.name, issues);
  });
  const rules = object.validationRules ?? [];
  reportDuplicates(
    rules.map((rule, index) => ({
      value: rule.name,
      path: pointer('validationRules', index, 'name'),
    })),
    'DUPLICATE_NAME',
    'Validation rule name',
    issues,
  );
  rules.forEach((rule, index) => {
    if (rule.field !== undefined && !fields.has(rule.field)) {
      issues.push(
        unknownField(pointer('validationRules', index, 'field'), rule.field, object.name),
      );
    }
    checkRuleVars(
      rule.errorWhen,
      pointer('validationRules', index, 'errorWhen'),
      fields,
      object.name,
      issues,
    );
  });
  issues.push(...findFormulaCycles(object));
  return issues;
}

function checkFieldOptions(
  field: FieldDef,
  at: string,
  fields: ReadonlyMap<string, FieldDef>,
  objectName: string,
  issues: MetadataIssue[],
): void {
  if (field.default !== undefined && 'rule' in field.default) {
    checkRuleVars(field.default.rule, `${at}/default/rule`, fields, objectName, issues);
  }
  switch (field.type) {
    case 'single_select':
    case 'multi_select': {
      reportDuplicates(
        field.options.map((option, index) => ({
          value: option.value,
          path: `${at}${pointer('options', index, 'value')}`,
        })),
        'DUPLICATE_VALUE',
        'Option value',
        issues,
      );
      if (field.dependsOn === undefined) break;
      const controller = fields.get(field.dependsOn);
      if (controller === undefined) {
        issues.push(unknownField(`${at}/dependsOn`, field.dependsOn, objectName));
        break;
      }
      if (controller.type !== 'single_select' || controller.name === field.name) {
        issues.push({
          path: `${at}/dependsOn`,
          code: 'FIELD_TYPE_MISMATCH',
          message: `'${field.dependsOn}' must be another single select field.`,
          params: { field: field.dependsOn, expected: ['single_select'] },
        });
        break;
      }
      const parents = new Set(controller.options.map((option) => option.value));
      field.options.forEach((option, optionIndex) => {
        (option.parents ?? []).forEach((parent, parentIndex) => {
          if (parents.has(parent)) return;
          issues.push({
            path: `${at}${pointer('options', optionIndex, 'parents', parentIndex)}`,
            code: 'UNKNOWN_OPTION',
            message: `'${parent}' is not an option of '${controller.name}'.`,
            params: { field: controller.name, value: parent },
          });
        });
      });
      break;
    }
    case 'formula':
      checkRuleVars(field.expression, `${at}/expression`, fields, objectName, issues);
      break;
    case 'text':
      if (field.minLength !== undefined && field.maxLength !== undefined) {
        checkRange(field.minLength, field.maxLength, `${at}/minLength`, issues);
      }
      break;
    case 'integer':
    case 'number':
    case 'currency':
    case 'percent':
    case 'date':
    case 'datetime':
      if (field.min !== undefined && field.max !== undefined) {
        checkRange(field.min, field.max, `${at}/min`, issues);
      }
      break;
    case 'lookup':
    case 'master_detail':
    case 'rollup':
      // Their references name other objects: checked with the whole app.
      break;
    default:
      break;
  }
}

function checkRange(
  min: number | string,
  max: number | string,
  path: string,
  issues: MetadataIssue[],
) {
  if (min <= max) return;
  issues.push({
    path,
    code: 'INVALID_RANGE',
    message: 'The lower bound is above the upper bound.',
    params: { min, max },
  });
}

/** Checks the first segment of every `var` of a rule names a field of the object. */
function checkRuleVars(
  rule: unknown,
  at: string,
  fields: ReadonlyMap<string, FieldDef>,
  objectName: string,
  issues: MetadataIssue[],
): void {
  for (const reference of collectVarReferences(rule)) {
    const [head = '', ...rest] = reference.name.split('.');
    const field = fields.get(head);
    if (field === undefined) {
      issues.push(unknownField(at + reference.path, reference.name, objectName));
    } else if (rest.length > 0 && !isRelationField(field)) {
      issues.push(notARelation(at + reference.path, reference.name, head));
    }
  }
}

/** A reference to a field the object does not have. */
export function unknownField(path: string, field: string, object: string): MetadataIssue {
  return {
    path,
    code: 'UNKNOWN_FIELD',
    message: `Object '${object}' has no field '${field}'.`,
    params: { object, field },
  };
}

/** A dotted path stepping through a field that is not a lookup or master-detail. */
export function notARelation(path: string, fieldPath: string, segment: string): MetadataIssue {
  return {
    path,
    code: 'NOT_A_RELATION',
    message: `'${fieldPath}' goes through '${segment}', which is not a lookup or master-detail field.`,
    params: { path: fieldPath, field: segment },
  };
}

/** Reports every formula field that, through other formulas of the object, depends on itself. */
function findFormulaCycles(object: ObjectDoc): MetadataIssue[] {
  const formulas = new Map<string, { index: number; reads: string[] }>();
  object.fields.forEach((field, index) => {
    if (field.type !== 'formula' || formulas.has(field.name)) return;
    const reads = collectVarReferences(field.expression).map((ref) => ref.name.split('.')[0] ?? '');
    formulas.set(field.name, { index, reads });
  });
  const issues: MetadataIssue[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const inCycle = new Map<string, string[]>();
  const stack: string[] = [];
  const visit = (name: string): void => {
    state.set(name, 'visiting');
    stack.push(name);
    for (const read of formulas.get(name)?.reads ?? []) {
      if (!formulas.has(read)) continue;
      if (state.get(read) === 'visiting') {
        const cycle = [...stack.slice(stack.indexOf(read)), read];
        for (const member of cycle) if (!inCycle.has(member)) inCycle.set(member, cycle);
      } else if (state.get(read) === undefined) {
        visit(read);
      }
    }
    stack.pop();
    state.set(name, 'done');
  };
  for (const name of formulas.keys()) if (state.get(name) === undefined) visit(name);
  for (const [name, cycle] of inCycle) {
    issues.push({
      path: pointer('fields', formulas.get(name)!.index, 'expression'),
      code: 'FORMULA_CYCLE',
      message: `Formula '${name}' depends on itself: ${cycle.join(' → ')}.`,
      params: { field: name, cycle },
    });
  }
  return issues;
}

function checkForm(form: FormDoc): MetadataIssue[] {
  const issues: MetadataIssue[] = [];
  const ids: { value: string; path: string }[] = [];
  const checkSection = (section: FormSection, at: string): void => {
    ids.push({ value: section.id, path: `${at}/id` });
    section.items.forEach((item, index) => {
      const itemAt = `${at}${pointer('items', index)}`;
      ids.push({ value: item.id, path: `${itemAt}/id` });
      if (
        (item.type === 'field' || item.type === 'subtable') &&
        (item.span ?? 1) > section.columns
      ) {
        issues.push({
          path: `${itemAt}/span`,
          code: 'SPAN_EXCEEDS_COLUMNS',
          message: `The item spans ${String(item.span)} columns; its section has ${section.columns}.`,
          params: { span: item.span, columns: section.columns },
        });
      }
    });
  };
  form.items.forEach((block, index) => {
    const at = pointer('items', index);
    if (block.type === 'section') {
      checkSection(block, at);
      return;
    }
    ids.push({ value: block.id, path: `${at}/id` });
    block.tabs.forEach((tab, tabIndex) => {
      const tabAt = `${at}${pointer('tabs', tabIndex)}`;
      ids.push({ value: tab.id, path: `${tabAt}/id` });
      tab.items.forEach((section, sectionIndex) => {
        checkSection(section, `${tabAt}${pointer('items', sectionIndex)}`);
      });
    });
  });
  reportDuplicates(ids, 'DUPLICATE_ID', 'Block id', issues);
  return issues;
}

function checkView(view: ViewDoc): MetadataIssue[] {
  const issues: MetadataIssue[] = [];
  reportDuplicates(
    view.columns.map((column, index) => ({
      value: column.field,
      path: pointer('columns', index, 'field'),
    })),
    'DUPLICATE_VALUE',
    'Column',
    issues,
  );
  return issues;
}

function checkWorkflow(workflow: WorkflowDoc): MetadataIssue[] {
  const issues: MetadataIssue[] = [];
  reportDuplicates(
    workflow.steps.map((step, index) => ({ value: step.id, path: pointer('steps', index, 'id') })),
    'DUPLICATE_ID',
    'Step id',
    issues,
  );
  const ids = new Set(workflow.steps.map((step) => step.id));
  workflow.steps.forEach((step, index) => {
    if (step.next === undefined || ids.has(step.next)) return;
    issues.push({
      path: pointer('steps', index, 'next'),
      code: 'UNKNOWN_STEP',
      message: `There is no step '${step.next}'.`,
      params: { step: step.next },
    });
  });
  return issues;
}

function checkReport(report: ReportDoc): MetadataIssue[] {
  const issues: MetadataIssue[] = [];
  reportDuplicates(
    (report.measures ?? []).map((measure, index) => ({
      value: measure.name,
      path: pointer('measures', index, 'name'),
    })),
    'DUPLICATE_NAME',
    'Measure name',
    issues,
  );
  return issues;
}

function checkDashboard(dashboard: DashboardDoc): MetadataIssue[] {
  const issues: MetadataIssue[] = [];
  reportDuplicates(
    dashboard.widgets.map((widget, index) => ({
      value: widget.id,
      path: pointer('widgets', index, 'id'),
    })),
    'DUPLICATE_ID',
    'Widget id',
    issues,
  );
  return issues;
}

function checkRole(role: RoleDoc): MetadataIssue[] {
  if (role.parent !== role.name) return [];
  return [
    {
      path: '/parent',
      code: 'ROLE_CYCLE',
      message: `Role '${role.name}' cannot be its own parent.`,
      params: { cycle: [role.name, role.name] },
    },
  ];
}
