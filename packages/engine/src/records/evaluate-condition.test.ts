import { describe, expect, it } from 'vitest';
import type { StoredRecord } from '../ports/record-store.js';
import { compareDecimals, evaluateCondition } from './evaluate-condition.js';
import type { PlanCondition } from './record-plan.js';

const stage = { kind: 'slot', slot: 't1', type: 'text' } as const;
const amount = { kind: 'slot', slot: 'n1', type: 'numeric' } as const;
const note = { kind: 'extra', key: 'note', type: 'text' } as const;
const account = { kind: 'slot', slot: 'u1', type: 'uuid' } as const;

function row(slots: StoredRecord['slots'], extra: StoredRecord['extra'] = {}): StoredRecord {
  return {
    tenantId: 't',
    objectId: 1,
    id: '00000000-0000-4000-8000-000000000001',
    ownerId: null,
    createdBy: 'alice',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedBy: 'alice',
    updatedAt: '2026-01-01T00:00:00.000Z',
    version: 1,
    deletedAt: null,
    slots,
    extra,
  };
}

const exact = (condition: PlanCondition, record: StoredRecord) =>
  evaluateCondition(condition, record, { exact: true });

describe('evaluateCondition', () => {
  const isWon: PlanCondition = { kind: 'compare', column: stage, op: 'eq', value: 'won' };

  it('decides text equality exactly, and "not equal" holds for an empty value', () => {
    expect(exact(isWon, row({ t1: 'won' }))).toBe(true);
    expect(exact(isWon, row({ t1: 'lost' }))).toBe(false);
    expect(exact(isWon, row({ t1: null }))).toBe(false);
    expect(exact({ kind: 'not', child: isWon }, row({}))).toBe(true);
  });

  it('leaves a text ordering and a case-insensitive match to the database when exact', () => {
    const after: PlanCondition = { kind: 'compare', column: stage, op: 'gt', value: 'B' };
    expect(exact(after, row({ t1: 'a' }))).toBeUndefined();
    expect(evaluateCondition(after, row({ t1: 'a' }))).toBe(true);
    const match: PlanCondition = {
      kind: 'text_match',
      column: stage,
      mode: 'contains',
      value: 'o',
    };
    expect(exact(match, row({ t1: 'won' }))).toBeUndefined();
    expect(exact(match, row({ t1: null }))).toBe(false);
  });

  it('compares decimals digit by digit', () => {
    const big: PlanCondition = {
      kind: 'compare',
      column: amount,
      op: 'gte',
      value: '12345678901234567.02',
    };
    expect(exact(big, row({ n1: '12345678901234567.01' }))).toBe(false);
    expect(exact(big, row({ n1: '12345678901234567.020' }))).toBe(true);
    expect(compareDecimals('-1.5', '-1.25')).toBeLessThan(0);
    expect(compareDecimals('0.0', '-0')).toBe(0);
  });

  it('leaves an empty string in extra, and a path through a lookup, undecided when exact', () => {
    const noted: PlanCondition = { kind: 'compare', column: note, op: 'eq', value: 'x' };
    expect(exact({ kind: 'not', child: noted }, row({}, { note: '' }))).toBeUndefined();
    expect(exact({ kind: 'not', child: noted }, row({}, {}))).toBe(true);
    const via: PlanCondition = {
      kind: 'via',
      source: account,
      targetObject: 'account',
      targetObjectId: 2,
      condition: isWon,
    };
    expect(exact(via, row({ u1: '00000000-0000-4000-8000-000000000002' }))).toBeUndefined();
    expect(exact(via, row({ u1: null }))).toBe(false);
  });

  it('lets a false child decide an and, and a true child an or, over undecided ones', () => {
    const undecided: PlanCondition = { kind: 'compare', column: stage, op: 'lt', value: 'x' };
    const record = row({ t1: 'won' });
    expect(exact({ kind: 'and', children: [undecided, isWon] }, record)).toBeUndefined();
    expect(
      exact({ kind: 'and', children: [undecided, { kind: 'not', child: isWon }] }, record),
    ).toBe(false);
    expect(exact({ kind: 'or', children: [undecided, isWon] }, record)).toBe(true);
    expect(exact({ kind: 'not', child: undecided }, record)).toBeUndefined();
  });
});
