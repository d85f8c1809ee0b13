import type { FormSection, FormSectionItem } from './generated/types.js';
import { pointer } from './metadata-issue.js';
import type { MetadataDocument } from './metadata-kinds.js';

/** One json-logic rule inside a document: where it is, and the object whose record it reads. */
export interface DocumentRule {
  /** JSON pointer of the rule inside the document. */
  readonly path: string;
  readonly rule: unknown;
  /** The object the rule is evaluated against. */
  readonly object: string;
}

/**
 * Every json-logic rule a document holds (defaults, formulas, validation rules, form rules,
 * workflow conditions), so that the expression language can check each one at save time.
 */
export function listDocumentRules(document: MetadataDocument): DocumentRule[] {
  const rules: DocumentRule[] = [];
  const add = (object: string, rule: unknown, path: string) => {
    if (rule !== undefined) rules.push({ path, rule, object });
  };
  switch (document.kind) {
    case 'object':
      document.fields.forEach((field, index) => {
        if (field.default !== undefined && 'rule' in field.default) {
          add(document.name, field.default.rule, pointer('fields', index, 'default', 'rule'));
        }
        if (field.type === 'formula') {
          add(document.name, field.expression, pointer('fields', index, 'expression'));
        }
      });
      (document.validationRules ?? []).forEach((rule, index) => {
        add(document.name, rule.errorWhen, pointer('validationRules', index, 'errorWhen'));
      });
      break;
    case 'form':
      document.items.forEach((block, index) => {
        const at = pointer('items', index);
        if (block.type === 'section') addSectionRules(document.object, block, at, add);
        else {
          block.tabs.forEach((tab, tabIndex) => {
            const tabAt = `${at}${pointer('tabs', tabIndex)}`;
            add(document.object, tab.rules?.visible, `${tabAt}/rules/visible`);
            tab.items.forEach((section, sectionIndex) => {
              addSectionRules(
                document.object,
                section,
                `${tabAt}${pointer('items', sectionIndex)}`,
                add,
              );
            });
          });
        }
      });
      break;
    case 'workflow':
      add(document.object, document.trigger.condition, '/trigger/condition');
      break;
    case 'app':
    case 'view':
    case 'report':
    case 'dashboard':
    case 'role':
      break;
    default: {
      const unreachable: never = document;
      throw new TypeError(`unknown document kind: ${JSON.stringify(unreachable)}`);
    }
  }
  return rules;
}

function addSectionRules(
  object: string,
  section: FormSection,
  at: string,
  add: (object: string, rule: unknown, path: string) => void,
): void {
  add(object, section.rules?.visible, `${at}/rules/visible`);
  add(object, section.rules?.readOnly, `${at}/rules/readOnly`);
  section.items.forEach((item: FormSectionItem, index) => {
    if (item.type !== 'field') return;
    const itemAt = `${at}${pointer('items', index)}`;
    add(object, item.rules?.visible, `${itemAt}/rules/visible`);
    add(object, item.rules?.required, `${itemAt}/rules/required`);
    add(object, item.rules?.readOnly, `${itemAt}/rules/readOnly`);
  });
}
