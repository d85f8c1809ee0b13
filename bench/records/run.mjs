#!/usr/bin/env node
// The records storage benchmark, one command:
//   node bench/records/run.mjs [--scale full|medium|smoke] [--database-url URL] [--keep] [--no-api]
// Without --database-url it starts a throw-away PostgreSQL 15 (scripts/pg-test-server.sh on port
// 54400) and stops it at the end. Each run uses a fresh database, migrated by @tangram/db, and
// drops it afterwards unless --keep. Figures print as a table and go to results/latest.json
// (and results/<scale>.json).
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createDatabase, migrateToLatest } from '../../packages/db/dist/index.js';
import { runApiBench } from './api.mjs';
import { generateDataset } from './dataset.mjs';
import {
  connectClient,
  createFreshDatabase,
  serverVersion,
  startBenchServer,
  stopBenchServer,
} from './pg-server.mjs';
import { markdownTable, storageRows, withoutIds } from './report.mjs';
import { scaleNamed } from './scales.mjs';
import { createPreparedSqlExecutor, createSqlExecutor } from './sql-executor.mjs';
import { runStorageBench } from './storage-bench.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const { values: args } = parseArgs({
  options: {
    scale: { type: 'string', default: 'medium' },
    'database-url': { type: 'string' },
    keep: { type: 'boolean', default: false },
    'no-api': { type: 'boolean', default: false },
  },
});
const scale = scaleNamed(args.scale);
/**
 * Session settings of the benchmark's connections, for both layouts alike. JIT is off because
 * its compile time (tens of ms) dwarfs OLTP pages whenever an estimate crosses jit_above_cost;
 * the runtime's connections should set the same.
 */
const SESSION_OPTIONS = '-c jit=off';

const log = (message) =>
  console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

function newestMtime(directory) {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function warnIfStale(packageName) {
  const src = join(root, 'packages', packageName, 'src');
  const dist = join(root, 'packages', packageName, 'dist');
  if (newestMtime(src) > newestMtime(dist)) {
    log(`warning: packages/${packageName}/dist is older than its src; run \`npx tsc -b\` first`);
  }
}

async function main() {
  for (const name of ['db', 'engine']) warnIfStale(name);
  const ownServer = args['database-url'] === undefined;
  const adminUrl = ownServer ? startBenchServer() : args['database-url'];
  if (ownServer) log(`started PostgreSQL at ${adminUrl}`);
  const fresh = await createFreshDatabase(adminUrl);
  log(`database ${fresh.name}, scale ${scale.name}`);
  const benchUrl = new URL(fresh.url);
  benchUrl.searchParams.set('options', SESSION_OPTIONS);
  const db = await createDatabase({ databaseUrl: benchUrl.toString(), pool: { max: 2 } });
  const client = await connectClient(benchUrl.toString());
  try {
    const migrations = await migrateToLatest(db);
    log(`migrated: ${migrations.join(', ')}`);
    // Kysely for everything, as the runtime; one plain client for the prepared-insert variant.
    const sql = {
      ...createSqlExecutor(db),
      queryPrepared: createPreparedSqlExecutor(client).queryPrepared,
    };
    const started = performance.now();
    const dataset = await generateDataset(sql, scale, log);
    log(
      `dataset ready in ${((performance.now() - started) / 1000).toFixed(0)} s: ${JSON.stringify(dataset.counts)}`,
    );
    const storage = await runStorageBench(sql, db, scale, log);
    const api = args['no-api']
      ? { skipped: 'not asked for (--no-api)' }
      : await runApiBench({ databaseUrl: fresh.url, log });
    const results = {
      date: new Date().toISOString(),
      command: `node bench/records/run.mjs ${process.argv.slice(2).join(' ')}`.trim(),
      machine: {
        cpus: availableParallelism(),
        cpuModel: cpus()[0]?.model ?? 'unknown',
        memoryGiB: Math.round(totalmem() / 2 ** 30),
        node: process.version,
        postgres: await serverVersion(adminUrl),
        loadAverage: loadavg().map((value) => Math.round(value * 100) / 100),
      },
      sessionOptions: SESSION_OPTIONS,
      scale,
      dataset,
      storage: withoutIds(storage),
      api,
    };
    const outDir = join(root, 'bench', 'records', 'results');
    mkdirSync(outDir, { recursive: true });
    // latest.json is the last run of any scale; <scale>.json the last run of that scale.
    for (const file of ['latest.json', `${scale.name}.json`]) {
      writeFileSync(join(outDir, file), `${JSON.stringify(results, null, 2)}\n`);
    }
    console.log(markdownTable(storageRows(storage)));
    if (api.skipped) console.log(`\nAPI benchmark skipped: ${api.skipped}`);
    else console.log(`\n${JSON.stringify(api, null, 2)}`);
    log(`results written to bench/records/results/latest.json and ${scale.name}.json`);
  } finally {
    await client.end();
    await db.close();
    if (args.keep) log(`kept database ${fresh.url}`);
    else await fresh.drop();
    if (ownServer && !args.keep) stopBenchServer();
  }
}

await main();
