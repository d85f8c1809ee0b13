#!/usr/bin/env node
// The record API benchmark: starts apps/server/dist/main.js on a free 127.0.0.1 port against a
// bench database and drives it with a bounded load generator (a fixed number of requests per
// measurement, each with a time cap), measuring req/s and the server's resident memory.
//   node bench/records/api.mjs [--database-url URL] [--records N] [--concurrency N]
//                              [--server-main path/to/entry.js] [--cap-seconds 30]
//                              [--bulk-cap-seconds 120] [--profile-dir DIR] [--keep]
// Without --database-url it uses the throw-away server of run.mjs and a fresh database.
// Skips with a message while the record routes are not served yet.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createHttpClient } from './http-load-client.mjs';
import { cpuMs, quantile, summarize, timed } from './measure.mjs';

export { cpuMs, createHttpClient };

/** The server started by default: the product's own entry point, as built. */
const DEFAULT_SERVER_MAIN = fileURLToPath(
  new URL('../../apps/server/dist/main.js', import.meta.url),
);

/** The API targets (100k records, concurrency 10, server and load on the same cores). */
export const API_TARGETS = Object.freeze({
  bulkCreatePerSecond: 20_000,
  getPerSecond: 3_000,
  listPerSecond: 1_000,
  createPerSecond: 1_500,
  updatePerSecond: 1_500,
  idleRssMiB: 250,
  loadRssMiB: 500,
});

const BULK_SIZE = 1_000;

/** The administrator the bench signs in as when the server has sign-in. */
const BENCH_ADMIN = Object.freeze({
  email: 'bench-admin@example.com',
  password: `bench-${randomUUID()}`,
});

/**
 * The headers that authenticate the bench's requests: none while the server has no sign-in
 * (`/api/v1/auth/state` is 404), else the session cookie of the bench administrator and the
 * CSRF header cookie-authenticated writes need.
 */
async function signIn(client) {
  const state = await client.send('GET', '/api/v1/auth/state');
  if (state.status === 404) return {};
  const login = await client.send('POST', '/api/v1/auth/login', {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: BENCH_ADMIN.email, password: BENCH_ADMIN.password }),
  });
  if (login.status !== 200) {
    throw new Error(`sign-in failed: ${login.status} ${login.text.slice(0, 300)}`);
  }
  const cookies = [login.headers['set-cookie'] ?? []].flat().map((c) => c.split(';')[0]);
  return { cookie: cookies.join('; '), 'x-requested-with': 'tangram' };
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Resident memory of process `pid` in MiB, from /proc (Linux). */
export function residentMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
  return match ? Math.round(Number(match[1]) / 1024) : Number.NaN;
}

/** Busy and total jiffies of the whole machine, from /proc/stat. */
function machineTicks() {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const ticks = values.map(Number);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  const total = ticks.reduce((sum, value) => sum + value, 0);
  return { busy: total - idle, total };
}

/** CPU time (ms) of the database's backends on this machine, by pid; empty when not local. */
async function backendCpu(client) {
  const { rows } = await client.query(
    'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
  );
  const cpu = new Map();
  for (const { pid } of rows) {
    if (!existsSync(`/proc/${pid}/stat`)) continue;
    try {
      cpu.set(pid, cpuMs(pid));
    } catch {
      // the backend exited meanwhile
    }
  }
  return cpu;
}

async function startApiServer(serverMain, databaseUrl, log, profileDir) {
  const port = await freePort();
  // With a profile dir, the server writes a V8 CPU profile there when it stops.
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawn(process.execPath, [...profile, serverMain], {
    env: {
      ...process.env,
      // The first administrator, created at start once sign-in exists (AUTH-CONTRACT.md).
      TANGRAM_ADMIN_EMAIL: BENCH_ADMIN.email,
      TANGRAM_ADMIN_PASSWORD: BENCH_ADMIN.password,
      DATABASE_URL: databaseUrl,
      HOST: '127.0.0.1',
      PORT: String(port),
      TANGRAM_LOG: '0',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited: ${stderr.slice(-2000)}`);
    try {
      const response = await fetch(`${base}/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  log(`API server pid ${child.pid} on ${base}`);
  return {
    base,
    pid: child.pid,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/**
 * Sends `total` requests made by `makeRequest(index)` with `concurrency` in flight, stopping
 * early at `capMs`; samples the server's RSS meanwhile. Returns req/s, latencies and errors.
 */
async function load({ total, concurrency, capMs, makeRequest, pid, database }) {
  const latencies = [];
  let next = 0;
  let errors = 0;
  let firstError = null;
  let peakRss = residentMiB(pid);
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, residentMiB(pid));
  }, 100);
  const serverCpuBefore = cpuMs(pid);
  const loaderCpuBefore = process.cpuUsage();
  const databaseBefore = database ? await backendCpu(database) : new Map();
  const machineBefore = machineTicks();
  const started = performance.now();
  const worker = async () => {
    while (next < total && performance.now() - started < capMs) {
      const index = next++;
      const begun = performance.now();
      try {
        const ok = await makeRequest(index);
        if (ok !== true) {
          errors++;
          firstError ??= ok;
        }
      } catch (error) {
        errors++;
        firstError ??= String(error);
      }
      latencies.push(performance.now() - begun);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, residentMiB(pid));
  const serverCpu = cpuMs(pid) - serverCpuBefore;
  const loaderCpu = process.cpuUsage(loaderCpuBefore);
  const machineAfter = machineTicks();
  let databaseCpu = 0;
  const databaseAfter = database ? await backendCpu(database) : new Map();
  for (const [backend, after] of databaseAfter)
    databaseCpu += after - (databaseBefore.get(backend) ?? 0);
  const round = (value) => Math.round(value * 100) / 100;
  return {
    requests: latencies.length,
    errors,
    firstError,
    seconds: round(seconds),
    perSecond: Math.round(latencies.length / seconds),
    medianMs: round(quantile(latencies, 0.5)),
    p95Ms: round(quantile(latencies, 0.95)),
    peakRssMiB: peakRss,
    // Where the time goes on a shared machine: the API server's own CPU per request, and how
    // busy all cores were (server, PostgreSQL, load generator and anything else running).
    serverCpuMsPerRequest: round(serverCpu / Math.max(1, latencies.length)),
    // The load generator's own CPU, and PostgreSQL's (its backends for this database, when they
    // run on this machine; 0 otherwise).
    loadCpuMsPerRequest: round(
      (loaderCpu.user + loaderCpu.system) / 1000 / Math.max(1, latencies.length),
    ),
    databaseCpuMsPerRequest: round(databaseCpu / Math.max(1, latencies.length)),
    machineBusyPercent: Math.round(
      (100 * (machineAfter.busy - machineBefore.busy)) /
        Math.max(1, machineAfter.total - machineBefore.total),
    ),
  };
}

/**
 * The reads the app itself makes, each alone (no concurrency): a list in its default order, one
 * filtered through a lookup, one with the lookup expanded, the lookup picker before anything is
 * typed, the home page's recent records, global searches for a word every record holds and for
 * one none holds, an
 * account's timeline, and for comparison a sort by `updated_at`. Each is timed `runs` times after two warm-ups; `statuses` lists any answer
 * but 200. No targets: these show that none reads the whole object (docs/benchmarks.md).
 */
async function measureAppReads(client, auth, { account, runs = 11 }) {
  const lookupFilter = encodeURIComponent(
    JSON.stringify({ kind: 'condition', field: 'account.type', op: 'eq', value: 'customer' }),
  );
  const reads = {
    defaultList: '/api/v1/objects/opportunity/records?limit=50',
    lookupFilteredList: `/api/v1/objects/opportunity/records?limit=50&filter=${lookupFilter}`,
    expandedList: '/api/v1/objects/opportunity/records?limit=50&expand=account',
    lookupPicker: '/api/v1/objects/opportunity/records?limit=20&sort=-created_at&fields=name',
    recentRecords: '/api/v1/recent?limit=10',
    searchCommonWord: '/api/v1/search?q=Bench',
    searchAbsentWord: '/api/v1/search?q=zqzqzq',
    accountTimeline: `/api/v1/objects/account/records/${account}/timeline?limit=20`,
    // What the app no longer asks for: a sort by `updated_at`, which no index serves (ADR 0022).
    updatedAtSort: '/api/v1/objects/opportunity/records?limit=5&sort=-updated_at',
  };
  const result = {};
  for (const [name, path] of Object.entries(reads)) {
    const statuses = new Set();
    const send = async () => {
      const response = await client.send('GET', path, { headers: auth, discard: true });
      if (response.status !== 200) statuses.add(response.status);
    };
    await send();
    await send();
    const durations = [];
    for (let run = 0; run < runs; run++) durations.push((await timed(send)).ms);
    result[name] = { ...summarize(durations), statuses: [...statuses] };
  }
  return result;
}

/**
 * Changes the type of the opportunity's `next_step` from text to long text (its values move from
 * a text slot into `extra`): the preview's and the apply's time, and meanwhile one writer's
 * updates of other fields of the same records, one after another, to show that the batches
 * hold no lock for long (their slowest answer, and how many failed).
 */
async function measureTypeChange(client, auth, ids, etags) {
  const headers = { ...auth, 'content-type': 'application/json' };
  const base = '/api/v1/metadata/object/opportunity';
  const published = await client.send('GET', `${base}?state=published`, { headers: auth });
  if (published.status !== 200) return { skipped: `object read answered ${published.status}` };
  const field = JSON.parse(published.text).document.fields.find((f) => f.name === 'next_step');
  if (field === undefined) return { skipped: 'the opportunity has no next_step' };
  const next = JSON.stringify({ ...field, type: 'long_text' });
  const path = `${base}/fields/next_step/type-change`;
  const preview = await timed(() =>
    client.send('POST', `${path}/preview`, { headers, body: next }),
  );
  if (preview.result.status !== 200) {
    return {
      skipped: `preview answered ${preview.result.status} ${preview.result.text.slice(0, 300)}`,
    };
  }
  const previewed = JSON.parse(preview.result.text);
  let applying = true;
  const writes = [];
  const failedWrites = [];
  const writer = (async () => {
    // From the end of the list: the update phase changed the first ones, whose ETags are stale.
    for (let index = 0; applying && index < ids.length; index++) {
      const id = ids[ids.length - 1 - index];
      const { ms, result } = await timed(() =>
        client.send('PATCH', `/api/v1/objects/opportunity/records/${id}`, {
          headers: { ...headers, 'if-match': etags.get(id) },
          body: JSON.stringify({ priority: 1 + (index % 3) }),
        }),
      );
      writes.push(ms);
      if (result.status === 200) etags.set(id, result.headers.etag);
      else failedWrites.push(`${result.status} ${result.text.slice(0, 200)}`);
    }
  })();
  const apply = await timed(() =>
    client.send('POST', `${path}/apply`, {
      headers: { ...headers, 'if-match': `"${previewed.revision}"` },
      body: next,
    }),
  );
  applying = false;
  await writer;
  if (apply.result.status !== 200) {
    return { skipped: `apply answered ${apply.result.status} ${apply.result.text.slice(0, 300)}` };
  }
  const applied = JSON.parse(apply.result.text);
  return {
    total: applied.total,
    converted: applied.converted,
    previewMs: Math.round(preview.ms),
    applyMs: Math.round(apply.ms),
    recordsPerSecond: Math.round((applied.total / apply.ms) * 1000),
    writesDuringApply: writes.length,
    failedWritesDuringApply: failedWrites.length,
    firstFailedWrite: failedWrites[0] ?? null,
    writeMedianMs: Math.round(quantile(writes, 0.5) * 10) / 10,
    writeMaxMs: Math.round(Math.max(0, ...writes) * 10) / 10,
  };
}

function accountInput(index) {
  return {
    name: `Bench account ${index} ${randomUUID().slice(0, 8)}`,
    type: 'customer',
    region: '310101',
    account_manager: randomUUID(),
  };
}

const STAGES = ['initial_contact', 'needs_confirmed', 'proposal', 'negotiation', 'won'];

/** The same mix with no won opportunity: no account's `won_amount` rollup ever moves. */
const STAGES_WITHOUT_WINS = [
  'initial_contact',
  'needs_confirmed',
  'proposal',
  'negotiation',
  'proposal',
];

function opportunityInput(index, accounts, owners, stages = STAGES) {
  return {
    name: `Bench opportunity ${index}`,
    account: accounts[index % accounts.length],
    stage: stages[index % stages.length],
    amount: Math.round(Math.exp(9.9 + Math.random() * 2) * 100) / 100,
    expected_close_date: `2026-${String(1 + (index % 12)).padStart(2, '0')}-15`,
    sales_rep: owners[index % owners.length],
  };
}

/**
 * Sends requests under `/api/v1/objects/` through `client` with the `auth` headers: a JSON body
 * when given, its headers, and `discard` to only count a successful answer's body.
 */
function objectsApi(client, auth) {
  return (method, path, { body, headers = {}, discard = false } = {}) =>
    client.send(method, `/api/v1/objects/${path}`, {
      discard,
      headers: {
        ...auth,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
}

/**
 * Runs the API benchmark against a migrated (or empty) database at `databaseUrl`; returns the
 * figures, or `{ skipped: reason }` when the record API is not served.
 */
export async function runApiBench({
  databaseUrl,
  log = () => {},
  records = 100_000,
  concurrency = 10,
  accounts: accountCount = 5_000,
  requests = { get: 20_000, list: 5_000, create: 10_000, update: 10_000 },
  capMs = 30_000,
  bulkCapMs = 120_000,
  serverMain = DEFAULT_SERVER_MAIN,
  profileDir,
  withoutWins = false,
}) {
  const stages = withoutWins ? STAGES_WITHOUT_WINS : STAGES;
  const server = await startApiServer(serverMain, databaseUrl, log, profileDir);
  const client = createHttpClient(server.base, concurrency);
  const { connectClient } = await import('./pg-server.mjs');
  const database = await connectClient(databaseUrl);
  try {
    const auth = await signIn(client);
    const api = objectsApi(client, auth);
    const failure = (response) => `${response.status} ${response.text.slice(0, 300)}`;
    const probe = await api('GET', 'opportunity/records?limit=1');
    if (probe.status !== 200) {
      return {
        skipped: `GET /api/v1/objects/opportunity/records answered ${failure(probe)}: the record API is not served yet`,
      };
    }
    const idleRssMiB = residentMiB(server.pid);
    const owners = Array.from({ length: 200 }, () => randomUUID());
    const measure = (options) => load({ ...options, pid: server.pid, database });

    log('API: accounts');
    const accounts = [];
    for (let start = 0; start < accountCount; start += BULK_SIZE) {
      const size = Math.min(BULK_SIZE, accountCount - start);
      const response = await api('POST', 'account/records/bulk', {
        body: {
          op: 'create',
          records: Array.from({ length: size }, (_, i) => accountInput(start + i)),
        },
      });
      if (response.status !== 200) {
        return { skipped: `account bulk create failed: ${failure(response)}` };
      }
      const result = JSON.parse(response.text);
      const failed = result.results.find((row) => row.status >= 400);
      if (failed)
        return { skipped: `account bulk create row failed: ${JSON.stringify(failed.error)}` };
      for (const row of result.results) accounts.push(row.record.id);
    }

    log(`API: bulk create ${records} opportunities`);
    const etags = new Map();
    const bulk = await measure({
      total: Math.ceil(records / BULK_SIZE),
      concurrency: 2,
      capMs: bulkCapMs,
      async makeRequest(batch) {
        const inputs = Array.from({ length: BULK_SIZE }, (_, i) =>
          opportunityInput(batch * BULK_SIZE + i, accounts, owners, stages),
        );
        // As an import would: the rows' ids and versions back, not the records it sent.
        const response = await api('POST', 'opportunity/records/bulk', {
          body: { op: 'create', records: inputs },
          headers: { prefer: 'return=minimal' },
        });
        if (response.status !== 200) return failure(response);
        const result = JSON.parse(response.text);
        for (const row of result.results) {
          if (row.id) etags.set(row.id, `"${row.version}"`);
        }
        return result.failed === 0 ? true : JSON.stringify(result.results.find((r) => r.error));
      },
    });
    const bulkCreate = {
      ...bulk,
      recordsPerSecond: Math.round((bulk.requests * BULK_SIZE) / bulk.seconds),
    };
    const ids = [...etags.keys()];
    if (ids.length === 0) return { skipped: `bulk create stored nothing: ${bulk.firstError}` };
    // The statistics autovacuum gathers within a minute of such a load on a running system.
    await database.query('analyze records, record_audit');

    log("API: the app's own reads, one at a time");
    const appReads = await measureAppReads(client, auth, { account: accounts[0] });

    log('API: bulk baseline, the same rows straight into a native table');
    const { runNativeBulk } = await import('./native-bulk.mjs');
    const nativeBulk = await runNativeBulk({
      databaseUrl,
      objectName: 'opportunity',
      batchSize: BULK_SIZE,
      concurrency: 2,
      limit: ids.length,
    });
    if (nativeBulk.recordsPerSecond) {
      bulkCreate.ratioToNative =
        Math.round((bulkCreate.recordsPerSecond / nativeBulk.recordsPerSecond) * 100) / 100;
    }

    // The same requests, one phase after the other, answered by a bare server from a native
    // copy of the stored rows (native-api.mjs): what any server on this host could reach.
    const { startNativeApi } = await import('./native-api.mjs');
    const native = await startNativeApi({ databaseUrl, objectName: 'opportunity' });
    const nativeClient = native.skipped ? undefined : createHttpClient(native.base, concurrency);
    const nativeSend = nativeClient === undefined ? undefined : objectsApi(nativeClient, {});
    /** Measures a phase on the API, then on the bare server; the latter's figures go under `native`. */
    const phase = async (name, options, request) => {
      log(`API: ${name}`);
      const result = await measure({ ...options, makeRequest: request(api) });
      if (native.skipped) return { ...result, native: { skipped: native.skipped } };
      log(`API: ${name}, bare baseline`);
      const floor = await load({
        ...options,
        makeRequest: request(nativeSend),
        pid: native.pid,
        database,
      });
      return {
        ...result,
        native: {
          errors: floor.errors,
          firstError: floor.firstError,
          perSecond: floor.perSecond,
          medianMs: floor.medianMs,
          serverCpuMsPerRequest: floor.serverCpuMsPerRequest,
          databaseCpuMsPerRequest: floor.databaseCpuMsPerRequest,
          machineBusyPercent: floor.machineBusyPercent,
        },
        ratioToNative: Math.round((result.perSecond / Math.max(1, floor.perSecond)) * 100) / 100,
      };
    };

    let get;
    let list;
    let create;
    let update;
    try {
      get = await phase(
        'get',
        { total: requests.get, concurrency, capMs },
        (send) => async (index) => {
          const response = await send(
            'GET',
            `opportunity/records/${ids[(index * 7919) % ids.length]}`,
            {
              discard: true,
            },
          );
          return response.status === 200 || failure(response);
        },
      );

      const filter = encodeURIComponent(
        JSON.stringify({ kind: 'condition', field: 'stage', op: 'eq', value: 'proposal' }),
      );
      list = await phase(
        'filtered list',
        { total: requests.list, concurrency, capMs },
        (send) => async () => {
          const response = await send(
            'GET',
            `opportunity/records?filter=${filter}&sort=-amount&limit=50`,
            { discard: true },
          );
          return response.status === 200 || failure(response);
        },
      );

      create = await phase(
        'create',
        { total: requests.create, concurrency, capMs },
        (send) => async (index) => {
          const response = await send('POST', 'opportunity/records', {
            body: opportunityInput(records + index, accounts, owners, stages),
          });
          return response.status === 201 || failure(response);
        },
      );

      // Each request updates a different record, so If-Match never meets a concurrent writer.
      update = await phase(
        'update',
        { total: Math.min(requests.update, ids.length), concurrency, capMs },
        (send) => async (index) => {
          const id = ids[index];
          const response = await send('PATCH', `opportunity/records/${id}`, {
            headers: { 'if-match': etags.get(id) },
            body: { next_step: `Follow up ${index}` },
          });
          return response.status === 200 || failure(response);
        },
      );
    } finally {
      nativeClient?.close();
      if (!native.skipped) await native.stop();
    }

    log('API: field type change (text to long text) with a writer alongside');
    const typeChange = await measureTypeChange(client, auth, ids, etags);

    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const idleAfterLoadRssMiB = residentMiB(server.pid);
    const loadRssMiB = Math.max(
      get.peakRssMiB,
      list.peakRssMiB,
      create.peakRssMiB,
      update.peakRssMiB,
    );
    const pass = {
      bulkCreate:
        bulkCreate.errors === 0 && bulkCreate.recordsPerSecond >= API_TARGETS.bulkCreatePerSecond,
      get: get.errors === 0 && get.perSecond >= API_TARGETS.getPerSecond,
      list: list.errors === 0 && list.perSecond >= API_TARGETS.listPerSecond,
      create: create.errors === 0 && create.perSecond >= API_TARGETS.createPerSecond,
      update: update.errors === 0 && update.perSecond >= API_TARGETS.updatePerSecond,
      idleRss: idleRssMiB < API_TARGETS.idleRssMiB,
      loadRss: loadRssMiB < API_TARGETS.loadRssMiB,
    };
    return {
      records: ids.length,
      concurrency,
      bulkCreate,
      nativeBulk,
      get,
      list,
      create,
      update,
      appReads,
      typeChange,
      memory: { idleRssMiB, loadRssMiB, idleAfterLoadRssMiB },
      pass,
    };
  } finally {
    client.close();
    await database.end();
    await server.stop();
  }
}

async function main() {
  const { values: args } = parseArgs({
    options: {
      'database-url': { type: 'string' },
      records: { type: 'string', default: '100000' },
      concurrency: { type: 'string', default: '10' },
      'server-main': { type: 'string', default: DEFAULT_SERVER_MAIN },
      'cap-seconds': { type: 'string', default: '30' },
      'bulk-cap-seconds': { type: 'string', default: '120' },
      'profile-dir': { type: 'string' },
      'without-wins': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
    },
  });
  const { createFreshDatabase, startBenchServer, stopBenchServer } = await import(
    './pg-server.mjs'
  );
  const log = (message) =>
    console.error(`[api ${new Date().toISOString().slice(11, 19)}] ${message}`);
  const ownServer = args['database-url'] === undefined;
  const adminUrl = ownServer ? startBenchServer() : args['database-url'];
  const fresh = await createFreshDatabase(adminUrl, 'tangram_api_bench');
  try {
    const result = await runApiBench({
      databaseUrl: fresh.url,
      log,
      records: Number(args.records),
      concurrency: Number(args.concurrency),
      serverMain: args['server-main'],
      capMs: Number(args['cap-seconds']) * 1000,
      bulkCapMs: Number(args['bulk-cap-seconds']) * 1000,
      profileDir: args['profile-dir'],
      withoutWins: args['without-wins'],
    });
    console.log(JSON.stringify(result, null, 2));
  } finally {
    if (args.keep) console.error(`kept database ${fresh.url}`);
    else await fresh.drop();
    if (ownServer && !args.keep) stopBenchServer();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
