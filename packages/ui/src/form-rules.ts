import { evaluateRule } from '@tangram/logic';
import type { FieldDef, FormDoc, FormSection, FormSectionItem, ObjectDoc } from '@tangram/schema';

/** How one block or item of a form is shown for the current values. */
export interface ItemState {
  readonly visible: boolean;
  readonly required: boolean;
  readonly readOnly: boolean;
}

/** A rule that could not be evaluated; the item then keeps its default state. */
export interface RuleFailure {
  readonly itemId: string;
  readonly rule: 'visible' | 'required' | 'readOnly';
  readonly message: string;
}

/** The state of every section, tab and item of a form, keyed by block id. */
export interface FormState {
  readonly items: Readonly<Record<string, ItemState>>;
  readonly failures: readonly RuleFailure[];
}

/** Field types whose value the server computes, never the user. */
export const COMPUTED_FIELD_TYPES: ReadonlySet<FieldDef['type']> = new Set([
  'formula',
  'rollup',
  'autonumber',
]);

/** json-logic truthiness: empty arrays and empty strings are false, as the server reads them. */
export function isTruthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return Boolean(value);
}

type RuleName = RuleFailure['rule'];

/**
 * Evaluates every visible-if, required-if and read-only-if rule of a form over the values being
 * edited. A hidden section hides its items; a read-only section makes them read-only. A rule
 * that fails to evaluate leaves the default (visible, not required, editable) and is reported.
 */
export function evaluateFormState(
  form: FormDoc,
  object: ObjectDoc,
  values: Readonly<Record<string, unknown>>,
  options: { readonly now?: Date; readonly timeZone?: string } = {},
): FormState {
  const fields = new Map(object.fields.map((f) => [f.name, f]));
  const items: Record<string, ItemState> = {};
  const failures: RuleFailure[] = [];
  const test = (itemId: string, rule: RuleName, logic: unknown, fallback: boolean): boolean => {
    if (logic === undefined) return fallback;
    try {
      return isTruthy(evaluateRule(logic, values, options));
    } catch (error) {
      failures.push({
        itemId,
        rule,
        message: error instanceof Error ? error.message : String(error),
      });
      return fallback;
    }
  };
  const visitItem = (item: FormSectionItem, parent: ItemState) => {
    if (item.type !== 'field') {
      items[item.id] = { visible: parent.visible, required: false, readOnly: parent.readOnly };
      return;
    }
    const field = fields.get(item.field);
    const visible = parent.visible && test(item.id, 'visible', item.rules?.visible, true);
    const fixedReadOnly =
      parent.readOnly ||
      item.readOnly === true ||
      field?.readOnly === true ||
      (field !== undefined && COMPUTED_FIELD_TYPES.has(field.type));
    const readOnly = fixedReadOnly || test(item.id, 'readOnly', item.rules?.readOnly, false);
    const required =
      visible &&
      !readOnly &&
      (field?.required === true || test(item.id, 'required', item.rules?.required, false));
    items[item.id] = { visible, required, readOnly };
  };
  const visitSection = (section: FormSection, parentVisible: boolean) => {
    const state: ItemState = {
      visible: parentVisible && test(section.id, 'visible', section.rules?.visible, true),
      required: false,
      readOnly: test(section.id, 'readOnly', section.rules?.readOnly, false),
    };
    items[section.id] = state;
    for (const item of section.items) visitItem(item, state);
  };
  for (const block of form.items) {
    if (block.type === 'section') {
      visitSection(block, true);
    } else {
      items[block.id] = { visible: true, required: false, readOnly: false };
      for (const tab of block.tabs) {
        const visible = test(tab.id, 'visible', tab.rules?.visible, true);
        items[tab.id] = { visible, required: false, readOnly: false };
        for (const section of tab.items) visitSection(section, visible);
      }
    }
  }
  return { items, failures };
}

/** Every section of a form in order, those inside tabs included. */
export function formSections(form: FormDoc): FormSection[] {
  const sections: FormSection[] = [];
  for (const block of form.items) {
    if (block.type === 'section') sections.push(block);
    else for (const tab of block.tabs) sections.push(...tab.items);
  }
  return sections;
}

function isEmpty(value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    value === '' ||
    (Array.isArray(value) && value.length === 0)
  );
}

/** The names of the fields shown as required that have no value, in form order. */
export function findMissingRequired(
  form: FormDoc,
  state: FormState,
  values: Readonly<Record<string, unknown>>,
): string[] {
  const missing: string[] = [];
  for (const section of formSections(form)) {
    for (const item of section.items) {
      if (item.type === 'field' && state.items[item.id]?.required && isEmpty(values[item.field])) {
        missing.push(item.field);
      }
    }
  }
  return missing;
}
