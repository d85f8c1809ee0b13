import type { FieldDef } from '@tangram/schema';
import { machineNameFrom } from './machine-name';

/** Why one line of a bulk add cannot become a field (an i18n key, with its value). */
export type BulkFieldError =
  | { readonly code: 'unknownType'; readonly type: string }
  | { readonly code: 'duplicateLabel'; readonly label: string }
  | { readonly code: 'optionsNotAllowed' }
  | { readonly code: 'duplicateOption'; readonly option: string };

/** One non-blank line of a bulk add: the field it makes, or why it cannot. */
export interface BulkFieldRow {
  /** The line's index in the text (0-based), so that a row can rewrite its own line. */
  readonly line: number;
  readonly label: string;
  /** The type written on the line, `text` when the line gives none, null when unknown. */
  readonly type: FieldDef['type'] | null;
  readonly typeText: string;
  readonly options: readonly string[];
  readonly name: string;
  readonly errors: readonly BulkFieldError[];
}

const SEPARATOR = /\t|:|：/;
const OPTION_SEPARATOR = /[,，、;；|]/;

function splitOnce(text: string): [string, string | null] {
  const match = SEPARATOR.exec(text);
  if (!match) return [text, null];
  return [text.slice(0, match.index), text.slice(match.index + match[0].length)];
}

/** The lookup key of a type word: case, spaces and dashes do not matter. */
export function typeKey(word: string): string {
  return word.toLowerCase().replace(/[\s\-_/]+/g, '');
}

/**
 * Reads a bulk add, one field a line: `Label`, `Label: type` or `Label: type: option, option`
 * (full-width colons and commas, or tabs pasted from a sheet, work too). `typeOf` maps a type
 * word (machine name or label in any UI language, through typeKey) to its type. Machine names are
 * derived from the labels, unique among `taken` and each other, `field_N` when a label has no
 * ASCII letters.
 */
export function parseBulkFields(
  text: string,
  typeOf: ReadonlyMap<string, FieldDef['type']>,
  existing: readonly { readonly name: string; readonly label: unknown }[],
): BulkFieldRow[] {
  const taken = new Set(existing.map((f) => f.name));
  const labels = new Set(
    existing.flatMap((f) =>
      typeof f.label === 'object' && f.label !== null
        ? Object.values(f.label as Record<string, string>).map((l) => l.trim().toLowerCase())
        : [],
    ),
  );
  const rows: BulkFieldRow[] = [];
  text.split(/\r?\n/).forEach((raw, line) => {
    const [labelText, rest] = splitOnce(raw);
    const label = labelText.trim();
    if (label === '') return;
    const [typeText, optionsText] = rest === null ? ['', null] : splitOnce(rest);
    const typeWord = typeText.trim();
    const type = typeWord === '' ? 'text' : (typeOf.get(typeKey(typeWord)) ?? null);
    const options = (optionsText ?? '')
      .split(OPTION_SEPARATOR)
      .map((o) => o.trim())
      .filter((o) => o !== '');
    const errors: BulkFieldError[] = [];
    if (type === null) errors.push({ code: 'unknownType', type: typeWord });
    const key = label.toLowerCase();
    if (labels.has(key)) errors.push({ code: 'duplicateLabel', label });
    labels.add(key);
    if (options.length > 0 && type !== null && type !== 'single_select' && type !== 'multi_select')
      errors.push({ code: 'optionsNotAllowed' });
    const seen = new Set<string>();
    for (const option of options) {
      if (seen.has(option.toLowerCase())) errors.push({ code: 'duplicateOption', option });
      seen.add(option.toLowerCase());
    }
    const name = machineNameFrom(label, `field_${taken.size + 1}`, taken);
    taken.add(name);
    rows.push({ line, label, type, typeText: typeWord, options, name, errors });
  });
  return rows;
}

/** The text with one line's type replaced by `typeWord` (its label and options kept). */
export function setLineType(text: string, line: number, typeWord: string): string {
  const lines = text.split(/\r?\n/);
  const raw = lines[line];
  if (raw === undefined) return text;
  const [label, rest] = splitOnce(raw);
  const optionsText = rest === null ? null : splitOnce(rest)[1];
  const colon = /：/.test(raw) || /[^\p{ASCII}]/u.test(label) ? '：' : ': ';
  lines[line] = `${label.trimEnd()}${colon}${typeWord}${
    optionsText === null ? '' : `${colon}${optionsText.trim()}`
  }`;
  return lines.join('\n');
}

/**
 * The field definitions of rows without errors, labels in `locale`; `initial` gives a type's
 * starting options (select rows get theirs from the line when it lists some).
 */
export function bulkFieldDefs(
  rows: readonly BulkFieldRow[],
  locale: string,
  initial: (type: FieldDef['type']) => Record<string, unknown>,
): FieldDef[] {
  return rows.flatMap((row) => {
    if (row.errors.length > 0 || row.type === null) return [];
    const base = { name: row.name, type: row.type, label: { [locale]: row.label } };
    if (row.options.length === 0) return [{ ...base, ...initial(row.type) } as unknown as FieldDef];
    const values = new Set<string>();
    const options = row.options.map((option, index) => {
      const value = machineNameFrom(option, `option_${index + 1}`, values);
      values.add(value);
      return { value, label: { [locale]: option } };
    });
    return [{ ...base, ...initial(row.type), options } as unknown as FieldDef];
  });
}
