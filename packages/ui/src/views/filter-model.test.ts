import { describe, expect, it } from 'vitest';
import { combineFilters, draftToFilter, filterToDraft } from './filter-model.js';

describe('filter builder model', () => {
  it('groups complete conditions and drops rows still being edited', () => {
    expect(
      draftToFilter({
        match: 'and',
        conditions: [
          { field: 'stage', op: 'eq', value: 'proposal' },
          { field: 'amount', op: 'gte', value: 100000 },
          { field: 'name', op: 'contains', value: '' },
          { field: '', op: '', value: null },
        ],
      }),
    ).toEqual({
      kind: 'and',
      children: [
        { kind: 'condition', field: 'stage', op: 'eq', value: 'proposal' },
        { kind: 'condition', field: 'amount', op: 'gte', value: 100000 },
      ],
    });
  });

  it('keeps a lone condition, a valueless operator and a relative date as they are', () => {
    expect(
      draftToFilter({ match: 'or', conditions: [{ field: 'phone', op: 'is_empty', value: 'x' }] }),
    ).toEqual({ kind: 'condition', field: 'phone', op: 'is_empty' });
    const relative = { unit: 'month', offset: 0 };
    expect(
      draftToFilter({
        match: 'and',
        conditions: [{ field: 'close_date', op: 'on_relative', value: relative }],
      }),
    ).toEqual({ kind: 'condition', field: 'close_date', op: 'on_relative', value: relative });
    expect(
      draftToFilter({
        match: 'and',
        conditions: [{ field: 'amount', op: 'between', value: [1, null] }],
      }),
    ).toBeNull();
  });

  it('reads back the filters it writes, including lookup paths, and refuses deeper trees', () => {
    const filter = {
      kind: 'or' as const,
      children: [
        { kind: 'condition' as const, field: 'account.industry', op: 'in' as const, value: ['it'] },
        { kind: 'condition' as const, field: 'amount', op: 'lt' as const, value: 5 },
      ],
    };
    const draft = filterToDraft(filter);
    expect(draft && draftToFilter(draft)).toEqual(filter);
    expect(filterToDraft({ kind: 'not', child: filter })).toBeUndefined();
    expect(filterToDraft({ kind: 'and', children: [filter] })).toBeUndefined();
  });

  it('ands the view filter with the user filter', () => {
    const a = { kind: 'condition' as const, field: 'a', op: 'eq' as const, value: 1 };
    const b = { kind: 'condition' as const, field: 'b', op: 'eq' as const, value: 2 };
    expect(combineFilters(a, null, undefined)).toBe(a);
    expect(combineFilters(a, b)).toEqual({ kind: 'and', children: [a, b] });
    expect(combineFilters()).toBeUndefined();
  });
});
