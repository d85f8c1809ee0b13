import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runApiBench } from './api.mjs';
import { type DiagnosedStatement, diagnoseBulk } from './diagnose.mjs';
import { createFreshDatabase } from './pg-server.mjs';

/** A statement the one bulk request of a diagnosis ran to insert its rows, sent as jsonb. */
function isBulkInsert(row: DiagnosedStatement): boolean {
  return (
    row.calls === 1 &&
    row.query.includes('insert into "records_o') &&
    row.query.includes('jsonb_array_elements')
  );
}

const serverMain = fileURLToPath(new URL('../../apps/server/dist/main.js', import.meta.url));
const adminUrl = process.env.TEST_DATABASE_URL;

// The smoke run of bench/records/api.mjs: the built server on PostgreSQL, every measurement with
// a handful of requests. Needs the build (`npx tsc -b`) and TEST_DATABASE_URL.
describe.runIf(adminUrl !== undefined && adminUrl !== '' && existsSync(serverMain))(
  'records API benchmark, smoke scale',
  () => {
    it('signs in, loads records and measures every operation without a failed request', async () => {
      const fresh = await createFreshDatabase(adminUrl ?? '', 'tangram_api_smoke');
      try {
        const result = await runApiBench({
          databaseUrl: fresh.url,
          records: 1000,
          accounts: 200,
          requests: { get: 100, list: 20, create: 50, update: 50 },
          capMs: 20_000,
          bulkCapMs: 60_000,
        });
        expect(result.skipped).toBeUndefined();
        expect(result.records).toBe(1000);
        for (const name of ['bulkCreate', 'get', 'list', 'create', 'update'] as const) {
          const measured = result[name];
          expect(measured.errors, `${name}: ${measured.firstError}`).toBe(0);
          expect(measured.perSecond).toBeGreaterThan(0);
          expect(measured.serverCpuMsPerRequest).toBeGreaterThanOrEqual(0);
        }
        // The bare server answered the same requests from a native copy of the rows.
        for (const name of ['get', 'list', 'create', 'update'] as const) {
          const floor = result[name].native;
          expect(floor.skipped, name).toBeUndefined();
          if (floor.skipped !== undefined) continue;
          expect(floor.errors, `${name} (bare): ${floor.firstError}`).toBe(0);
          expect(floor.perSecond).toBeGreaterThan(0);
          expect(result[name].ratioToNative).toBeGreaterThan(0);
        }
        // The app's own reads answered, each timed.
        expect(Object.keys(result.appReads)).toHaveLength(9);
        for (const [name, read] of Object.entries(result.appReads)) {
          expect(read.statuses, name).toEqual([]);
          expect(read.medianMs, name).toBeGreaterThan(0);
        }
        // The type change moved every record's value while a writer went on.
        expect(result.typeChange.skipped).toBeUndefined();
        if (result.typeChange.skipped === undefined) {
          expect(result.typeChange.total).toBeGreaterThanOrEqual(1000);
          expect(result.typeChange.converted).toBe(result.typeChange.total);
          expect(
            result.typeChange.failedWritesDuringApply,
            result.typeChange.firstFailedWrite ?? '',
          ).toBe(0);
        }
        expect(result.memory.idleRssMiB).toBeGreaterThan(0);
        // The bulk baseline wrote the same stored rows into a native table with the same indexes.
        expect(result.nativeBulk).toMatchObject({ batches: 1 });
        expect(result.nativeBulk.indexes).toBeGreaterThan(10);
        expect(result.nativeBulk.recordsPerSecond).toBeGreaterThan(0);
        expect(result.bulkCreate.ratioToNative).toBeGreaterThan(0);
      } finally {
        await fresh.drop();
      }
    }, 120_000);
  },
);

// The smoke run of bench/records/diagnose.mjs. CI's server preloads pg_stat_statements
// (PG_PRELOAD in .ci/run), so there the statements are ranked; elsewhere the diagnosis must say
// why it has none.
describe.runIf(adminUrl !== undefined && adminUrl !== '' && existsSync(serverMain))(
  'bulk diagnosis, smoke scale',
  () => {
    it("ranks the bulk insert among the database's statements, per bulk request", async () => {
      const result = await diagnoseBulk({
        adminUrl: adminUrl ?? '',
        records: 1000,
        accounts: 200,
        top: 50,
      });
      expect(result.skipped).toBeUndefined();
      expect(result.bulkCreate?.errors).toBe(0);
      expect(result.bulkCreate?.requests).toBe(1);
      const { connectClient } = await import('./pg-server.mjs');
      const admin = await connectClient(adminUrl ?? '');
      const preloaded = await admin.query('show shared_preload_libraries');
      await admin.end();
      if (!JSON.stringify(preloaded.rows).includes('pg_stat_statements')) {
        expect(result.statementsUnavailable).toContain('pg_stat_statements');
        return;
      }
      // The opportunities' insert also refreshes their accounts (ADR 0019): it answers one row.
      // Its rows travel as jsonb, unlike the template's seed rows, bound one by one.
      const insert = result.statements?.find(
        (row) => isBulkInsert(row) && row.query.includes('as wanted'),
      );
      expect(insert, JSON.stringify(result.statements?.map((row) => row.query))).toBeDefined();
      // One bulk request: its share is the whole (the two figures are rounded differently).
      expect(
        Math.abs((insert?.msPerBulkRequest ?? 0) - (insert?.totalMs ?? 0)),
      ).toBeLessThanOrEqual(0.5);
      expect(insert?.msPerBulkRequest).toBeGreaterThan(0);
    }, 120_000);

    it('moves no rollup in a bulk load without wins: the insert is the plain one', async () => {
      const result = await diagnoseBulk({
        adminUrl: adminUrl ?? '',
        records: 1000,
        accounts: 200,
        // Every statement of the fresh database: the accounts' small insert ranks low.
        top: 100_000,
        withoutWins: true,
      });
      expect(result.bulkCreate?.errors).toBe(0);
      if (result.statements === undefined) return;
      const inserts = result.statements.filter(isBulkInsert);
      // The accounts' and the opportunities' plain inserts, one row per record and audit entry.
      expect(inserts.map((row) => row.rows).sort((a, b) => a - b)).toEqual([200, 1000]);
      expect(inserts.some((row) => row.query.includes('as wanted'))).toBe(false);
    }, 120_000);
  },
);
