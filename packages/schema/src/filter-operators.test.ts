import { describe, expect, it } from 'vitest';
import { FILTER_OPERATORS } from './filter-operators.js';
import { validateDocument } from './validate-document.js';

function viewFilteredBy(op: string) {
  return {
    kind: 'view',
    schemaVersion: 1,
    name: 'v',
    label: { en: 'V' },
    object: 'thing',
    type: 'list',
    columns: [{ field: 'name' }],
    filter: { kind: 'condition', field: 'name', op },
  };
}

describe('FILTER_OPERATORS', () => {
  it('lists the operators the filter schema accepts', () => {
    expect(FILTER_OPERATORS).toContain('eq');
    expect(FILTER_OPERATORS).toContain('in_last');
    const unknown = validateDocument(viewFilteredBy('sounds_like'));
    expect(unknown.ok).toBe(false);
  });
});
