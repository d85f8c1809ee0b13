import { notARelation, unknownField } from './document-checks.js';
import { fieldsByName, isNumericField, isRelationField, isTemporalField } from './field-facts.js';
import type {
  AppDoc,
  DashboardDoc,
  FieldDef,
  FilterNode,
  FormDoc,
  FormSection,
  ObjectDoc,
  ReportDoc,
  RoleDoc,
  ViewDoc,
  WorkflowDoc,
} from './generated/types.js';
import { type MetadataIssue, pointer } from './metadata-issue.js';
import { isMetadataKind, type MetadataDocument, type MetadataKind } from './metadata-kinds.js';
import { validateAgainstSchema } from './schema-validators.js';
import { collectVarReferences } from './var-paths.js';

/** The documents of a tenant, by kind and name. */
class DocumentIndex {
  readonly objects = new Map<string, { object: ObjectDoc; fields: Map<string, FieldDef> }>();
  /** Objects that fail their schema: they exist, but their fields cannot be trusted. */
  readonly brokenObjects = new Set<string>();
  private readonly byKind = new Map<string, Map<string, MetadataDocument>>();

  add(document: MetadataDocument, valid: boolean): boolean {
    let names = this.byKind.get(document.kind);
    if (names === undefined) {
      names = new Map();
      this.byKind.set(document.kind, names);
    }
    if (names.has(document.name)) return false;
    names.set(document.name, document);
    if (document.kind === 'object' && !valid) this.brokenObjects.add(document.name);
    else if (document.kind === 'object') {
      this.objects.set(document.name, { object: document, fields: fieldsByName(document) });
    }
    return true;
  }

  get(kind: MetadataKind, name: string): MetadataDocument | undefined {
    return this.byKind.get(kind)?.get(name);
  }
}

// A failed resolution without an issue went through a lookup whose own document reports it.
type Resolution = { ok: true; field: FieldDef } | { ok: false; issue?: MetadataIssue };

/**
 * Checks the references between a tenant's documents (the cross-reference rules of the metadata
 * format): objects, fields and lookup paths named by forms, views, reports, workflows, roles,
 * dashboards and the app; lookup and rollup targets. Meant for documents that each passed
 * `validateDocument`: one failing its schema is skipped (its issues are validateDocument's), and
 * references into it are not reported. Every issue names its document and a path inside it.
 */
export function validateApp(documents: readonly MetadataDocument[]): MetadataIssue[] {
  const index = new DocumentIndex();
  const issues: MetadataIssue[] = [];
  const unique: MetadataDocument[] = [];
  for (const document of documents) {
    // A document failing its schema is reported by validateDocument; here it only exists.
    const valid =
      isMetadataKind(document.kind) && validateAgainstSchema(document.kind, document).length === 0;
    if (index.add(document, valid)) {
      if (valid) unique.push(document);
      continue;
    }
    issues.push({
      path: '/name',
      code: 'DUPLICATE_NAME',
      message: `There are two ${document.kind} documents named '${document.name}'.`,
      params: { kind: document.kind, name: document.name },
      document: { kind: document.kind, name: document.name },
    });
  }
  for (const document of unique) {
    const found = new AppChecker(index).check(document);
    for (const issue of found) issue.document = { kind: document.kind, name: document.name };
    issues.push(...found);
  }
  return issues;
}

class AppChecker {
  private readonly issues: MetadataIssue[] = [];

  constructor(private readonly index: DocumentIndex) {}

  check(document: MetadataDocument): MetadataIssue[] {
    switch (document.kind) {
      case 'object':
        this.checkObject(document);
        break;
      case 'form':
        this.checkForm(document);
        break;
      case 'view':
        this.checkView(document);
        break;
      case 'workflow':
        this.checkWorkflow(document);
        break;
      case 'report':
        this.checkReport(document);
        break;
      case 'dashboard':
        this.checkDashboard(document);
        break;
      case 'role':
        this.checkRole(document);
        break;
      case 'app':
        this.checkApp(document);
        break;
      default:
        throw new Error(`unexpected document ${JSON.stringify(document satisfies never)}`);
    }
    return this.issues;
  }

  /** The object named at `path`, reporting UNKNOWN_OBJECT when there is none. */
  private object(name: string, path: string) {
    const entry = this.index.objects.get(name);
    if (entry === undefined && !this.index.brokenObjects.has(name)) {
      this.issues.push({
        path,
        code: 'UNKNOWN_OBJECT',
        message: `There is no object '${name}'.`,
        params: { object: name },
      });
    }
    return entry;
  }

  /** Requires a document of another kind to exist. */
  private document(kind: Exclude<MetadataKind, 'object'>, name: string, path: string) {
    const document = this.index.get(kind, name);
    if (document === undefined) {
      this.issues.push({
        path,
        code: 'UNKNOWN_DOCUMENT',
        message: `There is no ${kind} '${name}'.`,
        params: { kind, name },
      });
    }
    return document;
  }

  /** Follows a field name or lookup path ('account.industry') from an object. */
  private resolve(objectName: string, fieldPath: string, path: string): Resolution {
    const segments = fieldPath.split('.');
    let current = objectName;
    for (let position = 0; ; position++) {
      const segment = segments[position]!;
      const field = this.index.objects.get(current)?.fields.get(segment);
      if (field === undefined) {
        const prefix = segments.slice(0, position + 1).join('.');
        return {
          ok: false,
          issue: unknownField(path, prefix === fieldPath ? fieldPath : prefix, current),
        };
      }
      if (position === segments.length - 1) return { ok: true, field };
      if (!isRelationField(field))
        return { ok: false, issue: notARelation(path, fieldPath, segment) };
      if (!this.index.objects.has(field.target)) return { ok: false };
      current = field.target;
    }
  }

  /** Requires a field path to resolve; returns its final field. */
  private field(objectName: string, fieldPath: string, path: string): FieldDef | undefined {
    const resolution = this.resolve(objectName, fieldPath, path);
    if (resolution.ok) return resolution.field;
    if (resolution.issue !== undefined) this.issues.push(resolution.issue);
    return undefined;
  }

  private requireType(
    field: FieldDef | undefined,
    path: string,
    accepts: (field: FieldDef) => boolean,
    expected: string,
  ): void {
    if (field === undefined || accepts(field)) return;
    this.issues.push({
      path,
      code: 'FIELD_TYPE_MISMATCH',
      message: `'${field.name}' is a ${field.type} field; ${expected} is needed here.`,
      params: { field: field.name, type: field.type, expected },
    });
  }

  private filter(objectName: string, node: FilterNode | undefined, path: string): void {
    if (node === undefined) return;
    switch (node.kind) {
      case 'and':
      case 'or':
        node.children.forEach((child, index) => {
          this.filter(objectName, child, `${path}${pointer('children', index)}`);
        });
        return;
      case 'not':
        this.filter(objectName, node.child, `${path}/child`);
        return;
      case 'condition':
        this.field(objectName, node.field, `${path}/field`);
        return;
      default:
        throw new Error(`unexpected filter ${JSON.stringify(node satisfies never)}`);
    }
  }

  /** Every `var` of a rule must be a field or lookup path of the object. */
  private rule(objectName: string, rule: unknown, path: string, onlyPaths = false): void {
    for (const reference of collectVarReferences(rule)) {
      // Plain names of an object's own rules are checked with the document itself.
      if (onlyPaths && !reference.name.includes('.')) continue;
      const head = reference.name.split('.')[0] ?? '';
      if (onlyPaths && !this.index.objects.get(objectName)?.fields.has(head)) continue;
      this.field(objectName, reference.name, path + reference.path);
    }
  }

  private checkObject(object: ObjectDoc): void {
    object.fields.forEach((field, index) => {
      const at = pointer('fields', index);
      if (field.default !== undefined && 'rule' in field.default) {
        this.rule(object.name, field.default.rule, `${at}/default/rule`, true);
      }
      switch (field.type) {
        case 'lookup':
          if (this.object(field.target, `${at}/target`))
            this.filter(field.target, field.filter, `${at}/filter`);
          break;
        case 'master_detail':
          this.object(field.target, `${at}/target`);
          break;
        case 'formula':
          this.rule(object.name, field.expression, `${at}/expression`, true);
          break;
        case 'rollup':
          this.checkRollup(object, field, at);
          break;
        default:
          break;
      }
    });
    (object.validationRules ?? []).forEach((rule, index) => {
      this.rule(object.name, rule.errorWhen, pointer('validationRules', index, 'errorWhen'), true);
    });
  }

  private checkRollup(
    object: ObjectDoc,
    field: Extract<FieldDef, { type: 'rollup' }>,
    at: string,
  ): void {
    const child = this.object(field.childObject, `${at}/childObject`);
    if (child === undefined) return;
    this.checkRelation(child.object, field.relationField, object.name, `${at}/relationField`);
    if (field.field !== undefined) {
      const target = this.field(child.object.name, field.field, `${at}/field`);
      if (field.function === 'sum' || field.function === 'avg') {
        this.requireType(target, `${at}/field`, isNumericField, 'a numeric field');
      } else if (field.function === 'min' || field.function === 'max') {
        this.requireType(
          target,
          `${at}/field`,
          (f) => isNumericField(f) || isTemporalField(f),
          'a numeric or date field',
        );
      }
    }
    this.filter(child.object.name, field.filter, `${at}/filter`);
  }

  /** A child's lookup or master-detail field pointing to `parent`. */
  private checkRelation(
    child: ObjectDoc,
    relationField: string,
    parent: string,
    path: string,
  ): void {
    const relation = this.field(child.name, relationField, path);
    if (relation === undefined) return;
    if (isRelationField(relation) && relation.target === parent) return;
    this.issues.push({
      path,
      code: 'INVALID_RELATION',
      message: `'${child.name}.${relationField}' must be a lookup or master-detail field pointing to '${parent}'.`,
      params: { object: child.name, field: relationField, target: parent },
    });
  }

  private checkForm(form: FormDoc): void {
    if (this.object(form.object, '/object') === undefined) return;
    const section = (block: FormSection, at: string): void => {
      if (block.rules?.visible !== undefined)
        this.rule(form.object, block.rules.visible, `${at}/rules/visible`);
      if (block.rules?.readOnly !== undefined)
        this.rule(form.object, block.rules.readOnly, `${at}/rules/readOnly`);
      block.items.forEach((item, index) => {
        const itemAt = `${at}${pointer('items', index)}`;
        if (item.type === 'field') {
          this.field(form.object, item.field, `${itemAt}/field`);
          for (const [name, rule] of Object.entries(item.rules ?? {})) {
            this.rule(form.object, rule, `${itemAt}${pointer('rules', name)}`);
          }
        } else if (item.type === 'subtable') {
          const child = this.object(item.object, `${itemAt}/object`);
          if (child === undefined) return;
          this.checkRelation(
            child.object,
            item.relationField,
            form.object,
            `${itemAt}/relationField`,
          );
          item.columns.forEach((column, columnIndex) => {
            this.field(item.object, column, `${itemAt}${pointer('columns', columnIndex)}`);
          });
        }
      });
    };
    form.items.forEach((block, index) => {
      const at = pointer('items', index);
      if (block.type === 'section') {
        section(block, at);
        return;
      }
      block.tabs.forEach((tab, tabIndex) => {
        const tabAt = `${at}${pointer('tabs', tabIndex)}`;
        if (tab.rules?.visible !== undefined)
          this.rule(form.object, tab.rules.visible, `${tabAt}/rules/visible`);
        tab.items.forEach((inner, sectionIndex) => {
          section(inner, `${tabAt}${pointer('items', sectionIndex)}`);
        });
      });
    });
  }

  private checkView(view: ViewDoc): void {
    if (this.object(view.object, '/object') === undefined) return;
    view.columns.forEach((column, index) => {
      this.field(view.object, column.field, pointer('columns', index, 'field'));
    });
    this.filter(view.object, view.filter, '/filter');
    (view.sort ?? []).forEach((sort, index) => {
      this.field(view.object, sort.field, pointer('sort', index, 'field'));
    });
    if (view.kanban !== undefined) {
      const { groupBy, cardFields, sumField } = view.kanban;
      const group = this.field(view.object, groupBy, '/kanban/groupBy');
      this.requireType(
        group,
        '/kanban/groupBy',
        (f) => f.type === 'single_select',
        'a single select field',
      );
      cardFields.forEach((field, index) => {
        this.field(view.object, field, pointer('kanban', 'cardFields', index));
      });
      if (sumField !== undefined) {
        const sum = this.field(view.object, sumField, '/kanban/sumField');
        this.requireType(sum, '/kanban/sumField', isNumericField, 'a numeric field');
      }
    }
    if (view.calendar !== undefined) {
      const { dateField, endField, titleField } = view.calendar;
      const date = this.field(view.object, dateField, '/calendar/dateField');
      this.requireType(date, '/calendar/dateField', isTemporalField, 'a date or datetime field');
      if (endField !== undefined) {
        const end = this.field(view.object, endField, '/calendar/endField');
        this.requireType(end, '/calendar/endField', isTemporalField, 'a date or datetime field');
      }
      this.field(view.object, titleField, '/calendar/titleField');
    }
  }

  private checkWorkflow(workflow: WorkflowDoc): void {
    if (this.object(workflow.object, '/object') === undefined) return;
    (workflow.trigger.fields ?? []).forEach((field, index) => {
      this.field(workflow.object, field, pointer('trigger', 'fields', index));
    });
    if (workflow.trigger.condition !== undefined) {
      this.rule(workflow.object, workflow.trigger.condition, '/trigger/condition');
    }
  }

  private checkReport(report: ReportDoc): void {
    if (this.object(report.object, '/object') === undefined) return;
    (report.columns ?? []).forEach((column, index) => {
      this.field(report.object, column.field, pointer('columns', index, 'field'));
    });
    (report.groupBy ?? []).forEach((group, index) => {
      const field = this.field(report.object, group.field, pointer('groupBy', index, 'field'));
      if (group.granularity !== undefined) {
        this.requireType(
          field,
          pointer('groupBy', index, 'field'),
          isTemporalField,
          'a date or datetime field',
        );
      }
    });
    (report.measures ?? []).forEach((measure, index) => {
      if (measure.field === undefined) return;
      const field = this.field(report.object, measure.field, pointer('measures', index, 'field'));
      if (measure.function === 'sum' || measure.function === 'avg') {
        this.requireType(
          field,
          pointer('measures', index, 'field'),
          isNumericField,
          'a numeric field',
        );
      }
    });
    this.filter(report.object, report.filter, '/filter');
    const measures = new Set((report.measures ?? []).map((measure) => measure.name));
    for (const axis of ['x', 'y'] as const) {
      const name = report.chart?.[axis];
      if (name === undefined || measures.has(name)) continue;
      this.field(report.object, name, pointer('chart', axis));
    }
  }

  private checkDashboard(dashboard: DashboardDoc): void {
    dashboard.widgets.forEach((widget, index) => {
      if (widget.report !== undefined)
        this.document('report', widget.report, pointer('widgets', index, 'report'));
    });
  }

  private checkRole(role: RoleDoc): void {
    if (role.parent !== undefined && role.parent !== role.name) {
      if (this.document('role', role.parent, '/parent') !== undefined) this.checkRoleAncestry(role);
    }
    for (const [objectName, permission] of Object.entries(role.objects)) {
      const at = pointer('objects', objectName);
      if (this.object(objectName, at) === undefined) continue;
      for (const field of Object.keys(permission.fields ?? {})) {
        this.field(objectName, field, `${at}${pointer('fields', field)}`);
      }
      (permission.unmask ?? []).forEach((field, index) => {
        this.field(objectName, field, `${at}${pointer('unmask', index)}`);
      });
    }
  }

  private checkRoleAncestry(role: RoleDoc): void {
    const chain = [role.name];
    let parent = role.parent;
    while (parent !== undefined) {
      if (chain.includes(parent)) {
        this.issues.push({
          path: '/parent',
          code: 'ROLE_CYCLE',
          message: `Role '${role.name}' is its own ancestor: ${[...chain, parent].join(' → ')}.`,
          params: { cycle: [...chain, parent] },
        });
        return;
      }
      chain.push(parent);
      const next = this.index.get('role', parent);
      parent = next?.kind === 'role' ? next.parent : undefined;
    }
  }

  private checkApp(app: AppDoc): void {
    app.objects.forEach((name, index) => {
      this.object(name, pointer('objects', index));
    });
    const lists = [
      ['forms', 'form'],
      ['views', 'view'],
      ['workflows', 'workflow'],
      ['reports', 'report'],
      ['dashboards', 'dashboard'],
      ['roles', 'role'],
    ] as const;
    for (const [list, kind] of lists) {
      (app[list] ?? []).forEach((name, index) => {
        this.document(kind, name, pointer(list, index));
      });
    }
    app.navigation.forEach((item, index) => {
      const at = pointer('navigation', index);
      switch (item.type) {
        case 'object': {
          if (this.object(item.object, `${at}/object`) === undefined || item.view === undefined)
            break;
          const view = this.document('view', item.view, `${at}/view`);
          if (view?.kind === 'view' && view.object !== item.object) {
            this.issues.push({
              path: `${at}/view`,
              code: 'OBJECT_MISMATCH',
              message: `View '${item.view}' shows '${view.object}', not '${item.object}'.`,
              params: { view: item.view, object: item.object },
            });
          }
          break;
        }
        case 'view':
          this.document('view', item.view, `${at}/view`);
          break;
        case 'dashboard':
          this.document('dashboard', item.dashboard, `${at}/dashboard`);
          break;
        case 'url':
          break;
        default:
          throw new Error(`unexpected navigation ${JSON.stringify(item satisfies never)}`);
      }
    });
    if (app.homeDashboard !== undefined)
      this.document('dashboard', app.homeDashboard, '/homeDashboard');
  }
}
