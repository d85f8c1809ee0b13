#!/usr/bin/env node
// The access benchmark of the identity issue, one command (after `pnpm run build`):
//   node bench/access/run.mjs --database-url postgres://admin@127.0.0.1:PORT/postgres [--rows 1000000]
// It creates a fresh database, migrates it with @tangram/db, writes `rows` opportunities owned by
// 200 users in a tree of 20 departments (root → 4 regions → 15 branches, 10 users each), and
// times one list page (50 rows) through the product's planner (planQuery) and record store, as
// the administrator (no record predicate) and as department-and-below users whose predicate the
// access planner computes (ownersInScope + recordPredicate). Medians of 25 runs after 5 warm-ups,
// same run, same connection pool. Results print as a table and go to results/latest.json.
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, cpus } from 'node:os';
import { parseArgs } from 'node:util';
import {
  createDatabase,
  createRecordStore,
  ensureTenant,
  migrateToLatest,
} from '../../packages/db/dist/index.js';
import {
  indexSpecsOf,
  ownersInScope,
  planQuery,
  recordPredicate,
} from '../../packages/engine/dist/index.js';

// pg is a dependency of @tangram/db, not of the workspace root.
const pg = createRequire(new URL('../../packages/db/package.json', import.meta.url))('pg');

const { values: args } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    rows: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '25' },
    keep: { type: 'boolean', default: false },
  },
});
const adminUrl = args['database-url'];
if (!adminUrl)
  throw new Error('--database-url (an admin URL of a PostgreSQL 15 server) is required');
const ROWS = Number(args.rows);
const RUNS = Number(args.runs);
const WARMUP = 5;

const object = {
  kind: 'object',
  schemaVersion: 1,
  name: 'opportunity',
  label: { en: 'Opportunity' },
  nameField: 'name',
  fields: [
    { name: 'name', type: 'text', label: { en: 'Name' }, storage: { slot: 't1' } },
    {
      name: 'stage',
      type: 'text',
      label: { en: 'Stage' },
      filterable: true,
      storage: { slot: 't2' },
    },
    {
      name: 'amount',
      type: 'number',
      label: { en: 'Amount' },
      sortable: true,
      storage: { slot: 'n1' },
    },
  ],
};

/** root → 4 regions → 15 branches (4, 4, 4, 3): 20 departments, 10 users each. */
function organisation() {
  const departments = [{ id: 'root', parent: null }];
  for (let r = 1; r <= 4; r++) departments.push({ id: `region${r}`, parent: 'root' });
  let branch = 0;
  for (let r = 1; r <= 4; r++) {
    for (let b = 0; b < (r === 4 ? 3 : 4); b++)
      departments.push({ id: `branch${++branch}`, parent: `region${r}` });
  }
  const children = new Map();
  for (const d of departments) {
    if (d.parent === null) continue;
    children.set(d.parent, [...(children.get(d.parent) ?? []), d.id]);
  }
  const members = new Map();
  const users = [];
  for (const d of departments) {
    for (let i = 0; i < 10; i++) {
      const id = randomUUID();
      users.push(id);
      members.set(id, { departmentId: d.id, roles: [] });
    }
  }
  return { org: { members, children, roles: [] }, users, departments };
}

async function admin(statement) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await client.query(statement);
  } finally {
    await client.end();
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const name = `tangram_access_bench_${randomUUID().replaceAll('-', '').slice(0, 8)}`;
await admin(`create database ${name}`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const db = await createDatabase({ databaseUrl: url.toString(), pool: { max: 4 } });
try {
  await migrateToLatest(db);
  const tenant = await ensureTenant(db, { slug: 'bench', name: 'Bench' });
  const store = createRecordStore(db);
  const objectId = await store.resolveObjectId(tenant.id, 'opportunity');
  const { org, users } = organisation();
  const started = Date.now();
  await db.kysely.executeQuery({
    sql: `insert into records (tenant_id, object_id, id, owner_id, created_by, updated_by, created_at,
        updated_at, t1, t2, n1)
      select $1::uuid, $2::int, gen_random_uuid(), ($3::uuid[])[1 + floor(random() * 200)::int],
        'bench', 'bench', ts, ts, 'Opportunity ' || g,
        (array['lost','initial_contact','won','proposal','negotiation'])[1 + floor(random() * 5)::int],
        round((random() * 100000)::numeric, 2)
      from generate_series(1, $4::int) g,
        lateral (select timestamptz '2023-01-01' + random() * interval '1095 days' as ts) t`,
    parameters: [tenant.id, objectId, users, ROWS],
    query: { kind: 'RawNode' },
    queryId: { queryId: 'bench-insert' },
  });
  await store.ensureIndexes(tenant.id, objectId, indexSpecsOf(object));
  await db.kysely.executeQuery({
    sql: 'analyze records',
    parameters: [],
    query: { kind: 'RawNode' },
    queryId: { queryId: 'a' },
  });
  const loadSeconds = (Date.now() - started) / 1000;

  const region = users.find((id) => org.members.get(id).departmentId === 'region1');
  const branchUser = users.find((id) => org.members.get(id).departmentId === 'branch1');
  const viewers = [
    { name: 'administrator (company)', access: null },
    {
      name: 'region user, department and below (5 departments, 50 owners)',
      access: recordPredicate({
        owners: ownersInScope(org, region, 'department_tree'),
        sharedIds: [],
        rules: [],
      }),
    },
    {
      name: 'branch user, department and below (1 department, 10 owners)',
      access: recordPredicate({
        owners: ownersInScope(org, branchUser, 'department_tree'),
        sharedIds: [],
        rules: [],
      }),
    },
  ];
  const sorts = [
    { name: 'default sort (created_at desc)', sort: undefined },
    { name: 'sorted by amount desc (indexed)', sort: [{ field: 'amount', direction: 'desc' }] },
  ];
  const results = [];
  for (const { name: sortName, sort } of sorts) {
    const rows = [];
    for (const viewer of viewers) {
      const planning = planQuery(
        object,
        { limit: 50, ...(sort ? { sort } : {}) },
        {
          tenantId: tenant.id,
          objectId,
          objects: () => undefined,
          clock: { now: () => new Date() },
          timeZone: 'Asia/Shanghai',
          access: viewer.access,
        },
      );
      if (!planning.ok) throw new Error(JSON.stringify(planning.issues));
      const times = [];
      let count = 0;
      for (let i = 0; i < WARMUP + RUNS; i++) {
        const t0 = performance.now();
        const page = await store.query(planning.plan);
        const ms = performance.now() - t0;
        count = page.rows.length;
        if (i >= WARMUP) times.push(ms);
      }
      rows.push({ viewer: viewer.name, medianMs: Number(median(times).toFixed(2)), rows: count });
    }
    const base = rows[0].medianMs;
    for (const row of rows) row.ratio = Number((row.medianMs / base).toFixed(2));
    results.push({ sort: sortName, rows });
  }
  const report = {
    at: new Date().toISOString(),
    rows: ROWS,
    runs: RUNS,
    loadSeconds,
    server: (await admin('show server_version')).rows[0].server_version,
    machine: { cpus: availableParallelism(), model: cpus()[0]?.model },
    results,
  };
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(
    new URL('./results/latest.json', import.meta.url),
    `${JSON.stringify(report, null, 2)}\n`,
  );
  console.log(`${ROWS} records loaded in ${loadSeconds.toFixed(0)} s; PostgreSQL ${report.server}`);
  for (const { sort: sortName, rows } of results) {
    console.log(`\n${sortName}`);
    console.log('| viewer | median ms | × admin |\n|---|---|---|');
    for (const row of rows) console.log(`| ${row.viewer} | ${row.medianMs} | ${row.ratio} |`);
  }
} finally {
  await db.close();
  if (!args.keep) await admin(`drop database if exists ${name} with (force)`);
}
