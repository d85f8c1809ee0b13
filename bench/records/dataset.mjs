// The benchmark's data: tenants, objects, records generated with set-based SQL, and the same
// Opportunity and Account rows copied into native typed tables as the baseline.
import { recordPartitionOf, recordStatisticsName } from '../../packages/db/dist/index.js';

/** Object numbers every bench tenant uses; the rest are generic objects 3..N. */
export const OPPORTUNITY_OBJECT_ID = 1;
export const ACCOUNT_OBJECT_ID = 2;

/** Field → slot map of the two measured objects (ADR 0006 slot kinds). */
export const SLOTS = Object.freeze({
  opportunity: Object.freeze({
    name: 't1',
    stage: 't2',
    next_step: 't3',
    amount: 'n1',
    probability: 'n2',
    close_date: 'd1',
    account: 'u1',
  }),
  account: Object.freeze({ name: 't1', industry: 't2', city: 't3', employees: 'n1' }),
});

/** Stages in Zipf rank order: the first is the most frequent (weight 1/rank). */
export const STAGES = Object.freeze([
  'lost',
  'initial_contact',
  'won',
  'needs_confirmed',
  'proposal',
  'negotiation',
]);

/** Industries in Zipf rank order. */
export const INDUSTRIES = Object.freeze([
  'manufacturing',
  'retail',
  'software',
  'finance',
  'healthcare',
  'education',
  'logistics',
  'energy',
  'construction',
  'media',
  'agriculture',
  'government',
]);

const CITIES = 30;
const CATEGORIES = 10;
const DELETED_SHARE = 0.01;

/** The id of bench tenant number `tenantNo` (1 is the big one), as SQL. */
export const tenantIdSql = (tenantNo) => `md5('bench-tenant/' || ${tenantNo})::uuid`;

/** A SQL CASE picking one of `labels` with Zipf weights 1/rank from the uniform value `u`. */
function zipfCase(u, labels) {
  const weights = labels.map((_, rank) => 1 / (rank + 1));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let cumulative = 0;
  const branches = labels.slice(0, -1).map((label, index) => {
    cumulative += (weights[index] ?? 0) / total;
    return `WHEN ${u} < ${cumulative.toFixed(6)} THEN '${label}'`;
  });
  return `CASE ${branches.join(' ')} ELSE '${labels.at(-1)}' END`;
}

/** Lognormal value exp(mu + sigma·z), z standard normal by Box–Muller from `u1`, `u2`. */
const lognormal = (mu, sigma, u1, u2) =>
  `exp(${mu} + ${sigma} * sqrt(-2 * ln(1 - ${u1})) * cos(2 * pi() * ${u2}))`;

/** Refuses to run on a database whose migrations did not create the records tables. */
async function assertRecordsTable(sql) {
  const [row] = await sql.query(
    `SELECT to_regclass('records') IS NOT NULL AND to_regclass('record_objects') IS NOT NULL AS present`,
  );
  if (!row.present) {
    throw new Error('no records table: build @tangram/db (npx tsc -b) and migrate first');
  }
}

/** Tenants, their record objects, and the per-(tenant, object) row counts in `bench_plan`. */
async function createPlan(sql, scale) {
  await sql.query(
    `INSERT INTO tenants (id, slug, name)
     SELECT ${tenantIdSql('t')}, 'bench-' || t, 'Bench tenant ' || t FROM generate_series(1, $1) t`,
    [scale.tenants],
  );
  await sql.query(
    `INSERT INTO record_objects (tenant_id, object_name, object_id)
     SELECT ${tenantIdSql('t')},
            CASE o WHEN 1 THEN 'opportunity' WHEN 2 THEN 'account' ELSE 'object_' || o END, o
     FROM generate_series(1, $1) t, generate_series(1, $2) o`,
    [scale.tenants, scale.objects],
  );
  // The big tenant holds `opportunities` + `accounts`; every other (tenant, object) pair shares
  // the rest evenly.
  const otherPairs = scale.tenants * scale.objects - 2;
  const perPair = Math.floor(
    (scale.totalRecords - scale.opportunities - scale.accounts) / otherPairs,
  );
  await sql.query(`DROP TABLE IF EXISTS bench_plan`);
  await sql.query(
    `CREATE TABLE bench_plan AS
     SELECT t AS tenant_no, ${tenantIdSql('t')} AS tenant_id, o AS object_no,
            CASE WHEN t = 1 AND o = 1 THEN $1::bigint WHEN t = 1 AND o = 2 THEN $2::bigint
                 ELSE $3::bigint END AS row_count
     FROM generate_series(1, $4) t, generate_series(1, $5) o`,
    [scale.opportunities, scale.accounts, perPair, scale.tenants, scale.objects],
  );
  await sql.query(`ALTER TABLE bench_plan ADD COLUMN account_count bigint`);
  await sql.query(
    `UPDATE bench_plan p SET account_count = a.row_count
     FROM bench_plan a WHERE a.tenant_no = p.tenant_no AND a.object_no = 2`,
  );
}

/**
 * One interleaved round: the slice `round` of every (tenant, object) pair, shuffled, so that the
 * heap mixes tenants and objects the way concurrent writers would.
 */
function roundInsert(scale, round) {
  const slice = (edge) => `(p.row_count * ${edge}) / ${scale.rounds}`;
  return `
    INSERT INTO records (tenant_id, object_id, id, owner_id, created_by, updated_by, created_at,
      updated_at, version, deleted_at, t1, t2, t3, n1, n2, d1, u1)
    SELECT tenant_id, object_no, id, owner_id, 'bench', 'bench', created_at, created_at, 1,
      CASE WHEN u_deleted < ${DELETED_SHARE} THEN created_at + interval '1 day' END,
      CASE object_no WHEN 1 THEN 'Opportunity ' || seq WHEN 2 THEN 'Account ' || seq
        ELSE 'Record ' || seq END,
      CASE object_no WHEN 1 THEN ${zipfCase('u_pick', STAGES)}
        WHEN 2 THEN ${zipfCase('u_pick', INDUSTRIES)}
        ELSE 'category_' || floor(u_pick * ${CATEGORIES}) END,
      CASE object_no WHEN 2 THEN 'City ' || floor(u_a * ${CITIES}) ELSE left(md5(u_b::text), 24) END,
      CASE object_no WHEN 1 THEN round(${lognormal(9.9, 1.2, 'u_a', 'u_b')}::numeric, 2)
        WHEN 2 THEN round(${lognormal(4.5, 1.5, 'u_a', 'u_b')})
        ELSE round((u_a * 1000)::numeric, 2) END,
      CASE object_no WHEN 1 THEN floor(u_c * 101) END,
      date '2023-01-01' + floor(u_c * 1096)::int,
      CASE object_no WHEN 1 THEN
        md5(tenant_no || '/2/' || (1 + floor(u_d * account_count)))::uuid END
    FROM (
      SELECT p.tenant_no, p.tenant_id, p.object_no, p.account_count, g.seq,
        md5(p.tenant_no || '/' || p.object_no || '/' || g.seq)::uuid AS id,
        md5('owner/' || p.tenant_no || '/' || (1 + floor(random() * ${scale.owners})))::uuid AS owner_id,
        timestamptz '2023-01-01 00:00:00+00' + random() * interval '1095 days' AS created_at,
        random() AS u_deleted, random() AS u_pick, random() AS u_a, random() AS u_b,
        random() AS u_c, random() AS u_d
      FROM bench_plan p
      CROSS JOIN LATERAL generate_series(${slice(round)} + 1, ${slice(round + 1)}) AS g(seq)
      OFFSET 0
    ) AS generated
    ORDER BY random()`;
}

/** Native typed tables holding every tenant's Opportunity and Account rows, with indexes. */
async function createNativeTables(sql) {
  await sql.query(`CREATE TABLE native_account (
    tenant_id uuid NOT NULL, id uuid NOT NULL, owner_id uuid,
    created_by text NOT NULL, updated_by text NOT NULL, created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL, version integer NOT NULL DEFAULT 1, deleted_at timestamptz,
    name text, industry text, city text, employees numeric, PRIMARY KEY (tenant_id, id))`);
  await sql.query(`CREATE TABLE native_opportunity (
    tenant_id uuid NOT NULL, id uuid NOT NULL, owner_id uuid,
    created_by text NOT NULL, updated_by text NOT NULL, created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL, version integer NOT NULL DEFAULT 1, deleted_at timestamptz,
    name text, stage text, next_step text, amount numeric, probability numeric, close_date date,
    account_id uuid, PRIMARY KEY (tenant_id, id))`);
  const system =
    'tenant_id, id, owner_id, created_by, updated_by, created_at, updated_at, version, deleted_at';
  // Copied in the records heap's physical order: the native table sees the same interleaving
  // of tenants, without the other objects' rows in between (that density is its advantage).
  await sql.query(`INSERT INTO native_account (${system}, name, industry, city, employees)
    SELECT ${system}, t1, t2, t3, n1 FROM records WHERE object_id = ${ACCOUNT_OBJECT_ID}`);
  await sql.query(`INSERT INTO native_opportunity
      (${system}, name, stage, next_step, amount, probability, close_date, account_id)
    SELECT ${system}, t1, t2, t3, n1, n2, d1, u1 FROM records
    WHERE object_id = ${OPPORTUNITY_OBJECT_ID}`);
}

/**
 * The btree indexes the runtime's index manager creates for these fields (`indexSpecsOf` in
 * @tangram/engine, built by the record store's `ensureIndexes`): one per filterable, sortable,
 * lookup or name field, `(tenant_id, <slot>, id)`, partial per object on live rows, and sparse
 * (`… AND <slot> IS NOT NULL`, named `<slot>_nn`) for fields filtered but not sorted (ADR 0015);
 * and the same shapes on the native tables, so that the comparison is of the layout, not of the
 * index choice. Like the product's, they are built on the object's partition of `records` (ADR
 * 0010: one per object id, so `records_o1` holds the Opportunity of every tenant). The product
 * builds them CONCURRENTLY on a live table; here the tables are new, so a plain build is the same
 * index. Its trigram indexes (name search) are left out: no measured query uses them.
 */
export const INDEXES = Object.freeze([
  ...[
    ['name', 'name', 'full'],
    ['stage', 'stage', 'sparse'],
    ['amount', 'amount', 'full'],
    ['account', 'account_id', 'sparse'],
  ].flatMap(([field, nativeColumn, kind]) =>
    runtimeIndex(
      OPPORTUNITY_OBJECT_ID,
      SLOTS.opportunity[field],
      'native_opportunity',
      nativeColumn,
      kind,
    ),
  ),
  ...[
    ['name', 'name', 'full'],
    ['industry', 'industry', 'sparse'],
  ].flatMap(([field, nativeColumn, kind]) =>
    runtimeIndex(ACCOUNT_OBJECT_ID, SLOTS.account[field], 'native_account', nativeColumn, kind),
  ),
]);

/** A runtime index on `slot` of the object's partition, and its twin on the native table. */
function runtimeIndex(objectId, slot, nativeTable, nativeColumn, kind) {
  const sparse = kind === 'sparse';
  return [
    `CREATE INDEX rx_o${objectId}_${slot}${sparse ? '_nn' : ''}
       ON ${recordPartitionOf(objectId)} (tenant_id, ${slot}, id)
       WHERE object_id = ${objectId} AND deleted_at IS NULL${sparse ? ` AND ${slot} IS NOT NULL` : ''}`,
    `CREATE INDEX ${nativeTable}_${nativeColumn} ON ${nativeTable}
       (tenant_id, ${nativeColumn}, id) WHERE deleted_at IS NULL${sparse ? ` AND ${nativeColumn} IS NOT NULL` : ''}`,
  ];
}

/**
 * Extended statistics ARCHITECTURE.md asks for, as the product's index manager creates them: per
 * partition and filterable select slot, on `(tenant_id, object_id, slot)`, so the planner learns
 * each tenant's stage and industry mix; `(tenant_id, object_id)` comes with the table.
 */
export const STATISTICS = Object.freeze(
  [OPPORTUNITY_OBJECT_ID, ACCOUNT_OBJECT_ID].map((objectId) => {
    const partition = recordPartitionOf(objectId);
    return `CREATE STATISTICS ${recordStatisticsName(objectId, 't2')} (ndistinct, dependencies, mcv)
      ON tenant_id, object_id, t2 FROM ${partition}`;
  }),
);

/**
 * Generates the whole dataset for `scale` into a database whose system tables are migrated,
 * then indexes and analyses it. Returns how long each step took and the row counts.
 */
export async function generateDataset(sql, scale, log = () => {}) {
  const timings = {};
  const step = async (name, work) => {
    const started = performance.now();
    await work();
    timings[name] = Math.round(performance.now() - started);
    log(`${name}: ${(timings[name] / 1000).toFixed(1)} s`);
  };
  await assertRecordsTable(sql);
  await sql.query(`SELECT setseed(0.42)`);
  await step('plan', () => createPlan(sql, scale));
  await step('records', async () => {
    for (let round = 0; round < scale.rounds; round++) {
      await sql.query(roundInsert(scale, round));
    }
  });
  await step('native tables', () => createNativeTables(sql));
  await step('indexes', async () => {
    for (const statement of [...INDEXES, ...STATISTICS]) await sql.query(statement);
  });
  await step('analyze', async () => {
    for (const table of ['records', 'native_opportunity', 'native_account']) {
      await sql.query(`VACUUM ANALYZE ${table}`);
    }
  });
  const [counts] = await sql.query(
    `SELECT (SELECT count(*) FROM records)::int AS records,
            (SELECT count(*) FROM native_opportunity)::int AS native_opportunity,
            (SELECT count(*) FROM native_account)::int AS native_account`,
  );
  return { timings, counts };
}
