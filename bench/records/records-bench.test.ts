import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../packages/db/src/index.js';
import { openTestDatabase, testBackends } from '../../packages/db/src/testing.js';
import { runSmokeBench, type SmokeResults } from './smoke.mjs';

// The smoke run of bench/records: proves the benchmark still runs against the product's tables
// and that both layouts answer every measured query with the same rows in the same order.
describe.each(testBackends())('records benchmark, smoke scale ($name)', (backend) => {
  let db: Database;
  let results: SmokeResults;

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    results = await runSmokeBench(db);
  }, 120_000);

  afterAll(async () => {
    await db?.close();
  });

  it('generates the dataset into the migrated records table and the native tables', () => {
    expect(results.dataset.counts.records).toBeGreaterThan(results.scale.totalRecords * 0.95);
    expect(results.dataset.counts.native_opportunity).toBeGreaterThan(0);
    expect(results.dataset.counts.native_account).toBeGreaterThan(0);
  });

  it.each(['firstPage', 'deepPage', 'lookupPage'] as const)(
    'answers %s with the same ids in the same order as the native table',
    (key) => {
      const comparison = results.storage[key];
      expect(comparison.recordIds).toHaveLength(50);
      expect(comparison.recordIds).toEqual(comparison.nativeIds);
      expect(comparison.identical).toBe(true);
    },
  );

  it('reads the deep page after a keyset cursor, not from the start', () => {
    const { deepPage, firstPage } = results.storage;
    expect(deepPage.page).toBeGreaterThan(1);
    expect(deepPage.recordIds).not.toContain(firstPage.recordIds[0]);
  });

  it('measures a median, a p95 and a ratio for every query', () => {
    for (const key of ['firstPage', 'deepPage', 'lookupPage'] as const) {
      const { records, native, ratio } = results.storage[key];
      expect(records.medianMs).toBeGreaterThan(0);
      expect(records.p95Ms).toBeGreaterThanOrEqual(records.medianMs);
      expect(native.medianMs).toBeGreaterThan(0);
      expect(Number.isFinite(ratio)).toBe(true);
    }
  });

  it('measures single-row insert rates of both layouts', () => {
    const { insertRate } = results.storage;
    expect(insertRate.inserts).toBeGreaterThan(0);
    expect(insertRate.records.rowsPerSecond).toBeGreaterThan(0);
    expect(insertRate.native.rowsPerSecond).toBeGreaterThan(0);
    expect(Number.isFinite(insertRate.ratio)).toBe(true);
  });

  it('adds fields through a metadata publish that leaves the records table alone', () => {
    const { addField } = results.storage;
    expect(addField.medianMs).toBeGreaterThan(0);
    expect(addField.fieldsAfter).toBe(7 + results.scale.fieldAdds);
    expect(addField.recordsTableUntouched).toBe(true);
  });
});
