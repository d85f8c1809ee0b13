import type { FieldDef } from '@tangram/schema';
import { describe, expect, it } from 'vitest';
import { bulkFieldDefs, parseBulkFields, setLineType, typeKey } from './bulk-fields';

const TYPES = new Map<string, FieldDef['type']>([
  [typeKey('currency'), 'currency'],
  [typeKey('single_select'), 'single_select'],
  [typeKey('Single select'), 'single_select'],
  [typeKey('金额'), 'currency'],
  [typeKey('单选'), 'single_select'],
  [typeKey('date'), 'date'],
]);
const EXISTING = [{ name: 'name', label: { en: 'Name', 'zh-CN': '名称' } }];

describe('parseBulkFields', () => {
  it('reads one field a line, text by default, and derives unique machine names', () => {
    const rows = parseBulkFields(
      'Amount: currency\n\n  Since :Date\nNotes\nAmount (2)',
      TYPES,
      EXISTING,
    );
    expect(rows.map((r) => [r.line, r.label, r.type, r.name, r.errors])).toEqual([
      [0, 'Amount', 'currency', 'amount', []],
      [2, 'Since', 'date', 'since', []],
      [3, 'Notes', 'text', 'notes', []],
      [4, 'Amount (2)', 'text', 'amount_2', []],
    ]);
  });

  it('takes full-width separators, tabs and type labels, and falls back to field_N', () => {
    const rows = parseBulkFields(
      '金额：金额\n等级：单选：重要客户，普通客户、其他\n备注\tdate',
      TYPES,
      EXISTING,
    );
    expect(rows.map((r) => [r.label, r.type, r.name, r.options])).toEqual([
      ['金额', 'currency', 'field_2', []],
      ['等级', 'single_select', 'field_3', ['重要客户', '普通客户', '其他']],
      ['备注', 'date', 'field_4', []],
    ]);
  });

  it('reports each line’s problems on its own row', () => {
    const rows = parseBulkFields(
      'Score: numbr\nname\nLevel: currency: a, b\nKind: single select: A, a\nscore',
      TYPES,
      EXISTING,
    );
    expect(rows.map((r) => r.errors)).toEqual([
      [{ code: 'unknownType', type: 'numbr' }],
      [{ code: 'duplicateLabel', label: 'name' }],
      [{ code: 'optionsNotAllowed' }],
      [{ code: 'duplicateOption', option: 'a' }],
      [{ code: 'duplicateLabel', label: 'score' }],
    ]);
    expect(rows[0]!.type).toBeNull();
  });
});

describe('setLineType', () => {
  it('replaces the type of one line and keeps its label and options', () => {
    expect(setLineType('Amount\nLevel: text: A, B', 1, 'single_select')).toBe(
      'Amount\nLevel: single_select: A, B',
    );
    expect(setLineType('Amount\n等级', 1, '单选')).toBe('Amount\n等级：单选');
    expect(setLineType('Amount', 3, 'date')).toBe('Amount');
  });
});

describe('bulkFieldDefs', () => {
  it('makes definitions of the rows without errors, select options from the line', () => {
    const rows = parseBulkFields(
      'Level: single_select: VIP, Normal\nBad: nope\nDue: date',
      TYPES,
      EXISTING,
    );
    const initial = (type: FieldDef['type']) =>
      type === 'single_select'
        ? { options: [{ value: 'option_1', label: { en: 'option_1' } }] }
        : {};
    expect(bulkFieldDefs(rows, 'en', initial)).toEqual([
      {
        name: 'level',
        type: 'single_select',
        label: { en: 'Level' },
        options: [
          { value: 'vip', label: { en: 'VIP' } },
          { value: 'normal', label: { en: 'Normal' } },
        ],
      },
      { name: 'due', type: 'date', label: { en: 'Due' } },
    ]);
  });

  it('gives Chinese options fallback values', () => {
    const rows = parseBulkFields('等级：单选：重要客户，普通客户', TYPES, EXISTING);
    const [field] = bulkFieldDefs(rows, 'zh-CN', () => ({}));
    expect(field).toMatchObject({ options: [{ value: 'option_1' }, { value: 'option_2' }] });
  });
});
