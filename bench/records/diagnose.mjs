#!/usr/bin/env node
// Where a bulk create's time goes: runs the API benchmark's bulk phase (the other phases with a
// handful of requests) on a fresh database and prints its figures with PostgreSQL's statements
// ranked by execution time (pg_stat_statements), per bulk request.
//   node bench/records/diagnose.mjs [--database-url URL] [--records 30000] [--top 15]
// Without --database-url it starts a throw-away PostgreSQL 15 of its own that preloads
// pg_stat_statements (PG_PORT=54401, PG_DIR=/tmp/tangram-diagnose-pg) and stops it at the end. A
// server without pg_stat_statements preloaded gives the figures and says why no statements.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runApiBench } from './api.mjs';

/** The throw-away server of the diagnosis: the bench server's settings plus the statements. */
export const DIAGNOSE_SERVER_ENV = Object.freeze({
  PG_PORT: '54401',
  PG_DIR: '/tmp/tangram-diagnose-pg',
  PG_PRELOAD: 'pg_stat_statements',
});

/**
 * Runs `runApiBench` for `records` bulk-created opportunities (of `accounts` accounts) on a fresh
 * database of the server at `adminUrl` and returns the bulk figures, the native baseline's, and the `top` statements of
 * that database by total execution time, each also per bulk request.
 */
export async function diagnoseBulk({
  adminUrl,
  records = 30_000,
  accounts = 5_000,
  top = 15,
  log = () => {},
  withoutWins = false,
}) {
  const { connectClient, createFreshDatabase } = await import('./pg-server.mjs');
  const admin = await connectClient(adminUrl);
  const fresh = await createFreshDatabase(adminUrl, 'tangram_diagnose');
  try {
    const preloaded = await admin.query('show shared_preload_libraries');
    const libraries = String(Object.values(preloaded.rows[0] ?? {})[0] ?? '')
      .split(',')
      .map((name) => name.trim());
    const counting = libraries.includes('pg_stat_statements');
    if (counting) {
      await admin.query('create extension if not exists pg_stat_statements');
      await admin.query('select pg_stat_statements_reset()');
    }
    const result = await runApiBench({
      databaseUrl: fresh.url,
      records,
      accounts,
      requests: { get: 10, list: 10, create: 10, update: 10 },
      capMs: 10_000,
      bulkCapMs: 300_000,
      log,
      withoutWins,
    });
    if (result.skipped !== undefined) return { skipped: result.skipped };
    const bulkRequests = result.bulkCreate.requests;
    const figures = {
      records: result.records,
      bulkCreate: result.bulkCreate,
      nativeBulk: result.nativeBulk,
    };
    if (!counting) {
      return { ...figures, statementsUnavailable: 'pg_stat_statements is not preloaded' };
    }
    const ranked = await admin.query(
      `select s.calls, s.total_exec_time, s.rows, s.query from pg_stat_statements s
        join pg_database d on d.oid = s.dbid
        where d.datname = $1 order by s.total_exec_time desc limit $2`,
      [fresh.name, top],
    );
    const statements = ranked.rows.map((row) => ({
      calls: Number(row.calls),
      totalMs: Math.round(Number(row.total_exec_time)),
      msPerBulkRequest: Math.round((Number(row.total_exec_time) / bulkRequests) * 100) / 100,
      rows: Number(row.rows),
      query: String(row.query).replace(/\s+/g, ' ').trim(),
    }));
    return { ...figures, statements };
  } finally {
    await admin.end();
    await fresh.drop();
  }
}

async function main() {
  const { values: args } = parseArgs({
    options: {
      'database-url': { type: 'string' },
      records: { type: 'string', default: '30000' },
      top: { type: 'string', default: '15' },
      'without-wins': { type: 'boolean', default: false },
    },
  });
  const { startBenchServer, stopBenchServer } = await import('./pg-server.mjs');
  const log = (message) =>
    console.error(`[diagnose ${new Date().toISOString().slice(11, 19)}] ${message}`);
  const ownServer = args['database-url'] === undefined;
  const adminUrl = ownServer ? startBenchServer(DIAGNOSE_SERVER_ENV) : args['database-url'];
  try {
    const result = await diagnoseBulk({
      adminUrl,
      records: Number(args.records),
      top: Number(args.top),
      log,
      withoutWins: args['without-wins'],
    });
    if (result.skipped !== undefined) {
      console.log(`skipped: ${result.skipped}`);
      return;
    }
    const { bulkCreate: bulk, nativeBulk } = result;
    console.log(
      `bulk create: ${bulk.recordsPerSecond} records/s (native ${nativeBulk?.recordsPerSecond ?? '?'}), ` +
        `per request of 1,000: server ${bulk.serverCpuMsPerRequest} ms, PostgreSQL ` +
        `${bulk.databaseCpuMsPerRequest} ms, load ${bulk.loadCpuMsPerRequest} ms CPU; ` +
        `machine ${bulk.machineBusyPercent} % busy`,
    );
    if (result.statements === undefined) {
      console.log(`no statements: ${result.statementsUnavailable}`);
      return;
    }
    console.log('calls | total ms | ms per bulk request | rows | statement');
    for (const row of result.statements) {
      console.log(
        `${row.calls} | ${row.totalMs} | ${row.msPerBulkRequest} | ${row.rows} | ${row.query.slice(0, 140)}`,
      );
    }
  } finally {
    if (ownServer) stopBenchServer(DIAGNOSE_SERVER_ENV);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
