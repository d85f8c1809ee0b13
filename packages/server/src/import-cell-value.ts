import type { FieldDef } from '@tangram/schema';

const TRUE = new Set(['true', '1', 'yes', 'y', '是', '对', '√']);
const FALSE = new Set(['false', '0', 'no', 'n', '否', '错', '×']);
const NUMERIC = new Set(['number', 'integer', 'currency', 'percent', 'rating']);

/**
 * The value a CSV cell gives a field: yes/no words (是/否, true/false, 1/0) for booleans, a list
 * split at commas or semicolons for multi-selects, numbers without thousands separators, text
 * as it is. The record service checks the result like any other input.
 */
export function importCellValue(field: FieldDef, cell: string): unknown {
  if (field.type === 'boolean') {
    const word = cell.toLowerCase();
    if (TRUE.has(word)) return true;
    if (FALSE.has(word)) return false;
    return cell;
  }
  if (field.type === 'multi_select') {
    return cell
      .split(/[,;，；]/)
      .map((part) => part.trim())
      .filter((part) => part !== '');
  }
  if (NUMERIC.has(field.type)) return cell.replace(/,(?=\d{3}(\D|$))/g, '');
  return cell;
}
