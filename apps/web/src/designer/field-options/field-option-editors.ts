import type { FieldDef } from '@tangram/schema';
import type { ComponentType } from 'react';
import { AutonumberOptionsEditor } from './autonumber-options-editor';
import type { FieldOptionsProps } from './field-options-props';
import { FormulaOptionsEditor } from './formula-options-editor';
import { ReferenceOptionsEditor } from './reference-options-editor';
import { RollupOptionsEditor } from './rollup-options-editor';
import { SelectOptionsEditor } from './select-options-editor';

/** The editor of a field type's own options beyond the plain ones (ScalarOptions draws those). */
export const FIELD_OPTION_EDITORS: Partial<
  Record<FieldDef['type'], ComponentType<FieldOptionsProps>>
> = {
  single_select: SelectOptionsEditor,
  multi_select: SelectOptionsEditor,
  lookup: ReferenceOptionsEditor,
  master_detail: ReferenceOptionsEditor,
  user: ReferenceOptionsEditor,
  department: ReferenceOptionsEditor,
  formula: FormulaOptionsEditor,
  rollup: RollupOptionsEditor,
  autonumber: AutonumberOptionsEditor,
};

/** The options a field of each type starts with, so that its definition is valid at once. */
export function initialOptions(
  type: FieldDef['type'],
  objectName: string,
  locale: string,
): Record<string, unknown> {
  switch (type) {
    case 'single_select':
    case 'multi_select':
      return { options: [{ value: 'option_1', label: { [locale]: 'option_1' } }] };
    case 'currency':
      return { currency: 'CNY' };
    case 'lookup':
    case 'master_detail':
      return { target: objectName };
    case 'formula':
      return { expression: { '+': [1, 1] }, resultType: 'number' };
    case 'rollup':
      return { childObject: objectName, relationField: 'name', function: 'count' };
    case 'autonumber':
      return { pattern: 'NO-{0000}' };
    case 'region':
      return { level: 'city' };
    default:
      return {};
  }
}
