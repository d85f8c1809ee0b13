import { describe, expect, it } from 'vitest';
import { readableDiff } from './readable-diff';

const before = { fields: [{ name: 'title', label: { en: 'Title' } }, { name: 'amount' }] };
const after = {
  fields: [{ name: 'title', label: { en: 'Name' } }, { name: 'amount' }, { name: 'stage' }],
};

describe('readableDiff', () => {
  it('names array members by their machine name', () => {
    const lines = readableDiff(
      [
        { op: 'replace', path: '/fields/0/label/en', value: 'Name' },
        { op: 'add', path: '/fields/2', value: { name: 'stage' } },
      ],
      before,
      after,
    );
    expect(lines).toEqual([
      { op: 'replace', where: 'fields › title › label › en', value: '"Name"' },
      { op: 'add', where: 'fields › stage', value: '{"name":"stage"}' },
    ]);
  });

  it('names a removed member from the older version', () => {
    const lines = readableDiff([{ op: 'remove', path: '/fields/1' }], before, {
      fields: [before.fields[0]],
    });
    expect(lines[0]).toEqual({ op: 'remove', where: 'fields › amount', value: null });
  });

  it('falls back to a position when nothing names the member', () => {
    expect(
      readableDiff(
        [{ op: 'replace', path: '/items/0', value: 1 }],
        { items: [0] },
        { items: [1] },
      )[0]?.where,
    ).toBe('items › #1');
  });
});
