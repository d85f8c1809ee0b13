// The measured requests. The records side is the product's own read path: the request is planned
// by the engine's `planQuery` (as the API plans `GET …/records?filter=…&sort=…`) and run by the
// db's `createRecordStore(db).query(plan)`, which compiles the plan to SQL, runs it through Kysely
// and decodes the rows, so the benchmark times exactly what the runtime runs. The native side is
// hand-written SQL over typed tables: the baseline. The inserts are still hand-written on both
// sides (see `recordsInsert`). Every value is a bound parameter, as in the product.
import { createRecordStore, recordPartitionOf } from '../../packages/db/dist/index.js';
import { planQuery } from '../../packages/engine/dist/index.js';
import { ACCOUNT_OBJECT_ID, OPPORTUNITY_OBJECT_ID, SLOTS } from './dataset.mjs';
import { accountDoc, opportunityDoc } from './objects.mjs';

/** The page size every list query uses. */
export const PAGE_SIZE = 50;
/** Rows a page reads: one more than it shows, so that the caller knows a next page exists. */
const PAGE_READ = PAGE_SIZE + 1;

const opp = SLOTS.opportunity;

/** The fields every page reads, on both sides (`fields=` of the API; system columns always). */
const PAGE_FIELDS = ['name', 'stage', 'amount', 'close_date', 'account'];

const nativeColumns = (alias) =>
  [
    'id',
    'version',
    'owner_id',
    'created_by',
    'created_at',
    'updated_by',
    'updated_at',
    'name',
    'stage',
    'amount',
    'close_date',
    'account_id AS account',
  ]
    .map((column) => `${alias}.${column}`)
    .join(', ');

// The product sorts `amount desc` with the id tiebreak in the same direction (one backward walk of
// the `(tenant_id, amount, id)` index) and pages after a non-empty amount with the row-value
// keyset its compiler emits once empty amounts are excluded; the native side reads in the same
// order with the same shape.
const nativeAfter = (amount, id) =>
  `AND o.amount IS NOT NULL AND (o.amount, o.id) < (${amount}, ${id})`;

const OBJECTS = new Map([
  ['opportunity', { object: opportunityDoc(0), objectId: OPPORTUNITY_OBJECT_ID }],
  ['account', { object: accountDoc(), objectId: ACCOUNT_OBJECT_ID }],
]);

/** The engine's plan of an API list request on the Opportunity object of `tenantId`. */
function planOpportunities(tenantId, request) {
  const planning = planQuery(
    opportunityDoc(0),
    { fields: PAGE_FIELDS, limit: PAGE_SIZE, ...request },
    {
      tenantId,
      objectId: OPPORTUNITY_OBJECT_ID,
      objects: (name) => OBJECTS.get(name),
      clock: { now: () => new Date() },
      timeZone: 'UTC',
    },
  );
  if (!planning.ok) throw new Error(`bench request rejected: ${JSON.stringify(planning.issues)}`);
  return planning.plan;
}

/**
 * A records query as the product runs it: `run()` executes the plan through the record store and
 * returns the rows (StoredRecord, `id` first-class); `plan` is kept for EXPLAIN.
 */
function storeQuery(db, plan) {
  const store = createRecordStore(db);
  return { plan, run: async () => (await store.query(plan)).rows };
}

/**
 * Opportunities in one stage, biggest amount first (`filter=stage eq X&sort=-amount`): the first
 * page, or the page after `cursor` ({ amount, id } of the last row of the previous page). The
 * cursor goes into the plan as `after`, which is what the planner makes of the API's cursor.
 */
export function recordsStagePage(db, tenantId, stage, cursor) {
  const plan = planOpportunities(tenantId, {
    filter: { kind: 'condition', field: 'stage', op: 'eq', value: stage },
    sort: [{ field: 'amount', direction: 'desc' }],
  });
  return storeQuery(db, cursor ? { ...plan, after: [cursor.amount, cursor.id] } : plan);
}

/** Opportunities whose account's industry is `industry` (`filter=account.industry eq X`). */
export function recordsIndustryPage(db, tenantId, industry) {
  const plan = planOpportunities(tenantId, {
    filter: { kind: 'condition', field: 'account.industry', op: 'eq', value: industry },
    sort: [{ field: 'amount', direction: 'desc' }],
  });
  return storeQuery(db, plan);
}

/** The native baseline of `recordsStagePage`. */
export function nativeStagePage(tenantId, stage, cursor) {
  return {
    text: `SELECT ${nativeColumns('o')} FROM native_opportunity o
      WHERE o.tenant_id = $1 AND o.deleted_at IS NULL AND o.stage = $2
      ${cursor ? nativeAfter('$4', '$5') : ''}
      ORDER BY o.amount DESC, o.id DESC LIMIT $3`,
    params: [tenantId, stage, PAGE_READ, ...(cursor ? [cursor.amount, cursor.id] : [])],
  };
}

/** The native baseline of `recordsIndustryPage`. */
export function nativeIndustryPage(tenantId, industry) {
  return {
    text: `SELECT ${nativeColumns('o')} FROM native_opportunity o
      WHERE o.tenant_id = $1 AND o.deleted_at IS NULL
        AND EXISTS (SELECT 1 FROM native_account a
          WHERE a.tenant_id = $1 AND a.deleted_at IS NULL AND a.id = o.account_id
            AND a.industry = $2)
      ORDER BY o.amount DESC, o.id DESC LIMIT $3`,
    params: [tenantId, industry, PAGE_READ],
  };
}

/**
 * The row at 1-based `position` of the stage listing, whose (amount, id) is the cursor of the
 * page after it. Only used to set up the deep page; it is not timed.
 */
export function nativeStageRowAt(tenantId, stage, position) {
  return {
    text: `SELECT o.amount, o.id FROM native_opportunity o
      WHERE o.tenant_id = $1 AND o.deleted_at IS NULL AND o.stage = $2
      ORDER BY o.amount DESC, o.id DESC OFFSET $3 LIMIT 1`,
    params: [tenantId, stage, position - 1],
  };
}

/** How many live opportunities of `tenantId` are in `stage` (setup only). */
export function nativeStageCount(tenantId, stage) {
  return {
    text: `SELECT count(*)::int AS n FROM native_opportunity
      WHERE tenant_id = $1 AND deleted_at IS NULL AND stage = $2`,
    params: [tenantId, stage],
  };
}

const systemInsertColumns =
  'tenant_id, id, owner_id, created_by, updated_by, created_at, updated_at, version';

/**
 * One new opportunity, as the runtime's single-row create writes its row, into the object's
 * partition as the store does: hand-written, because the store's `insert` also writes the audit
 * row in the same statement (and the native side has no audit), so it is not comparable
 * statement for statement.
 */
export function recordsInsert(tenantId, row) {
  return {
    text: `INSERT INTO ${recordPartitionOf(OPPORTUNITY_OBJECT_ID)} (${systemInsertColumns}, object_id,
        ${opp.name}, ${opp.stage}, ${opp.next_step}, ${opp.amount}, ${opp.probability},
        ${opp.close_date}, ${opp.account})
      VALUES ($1, $2, $3, $4, $4, $5, $5, 1, $6, $7, $8, $9, $10, $11, $12, $13)`,
    params: [
      tenantId,
      row.id,
      row.ownerId,
      'bench-insert',
      row.at,
      OPPORTUNITY_OBJECT_ID,
      row.name,
      row.stage,
      row.nextStep,
      row.amount,
      row.probability,
      row.closeDate,
      row.accountId,
    ],
  };
}

/** The native baseline of `recordsInsert`. */
export function nativeInsert(tenantId, row) {
  return {
    text: `INSERT INTO native_opportunity (${systemInsertColumns},
        name, stage, next_step, amount, probability, close_date, account_id)
      VALUES ($1, $2, $3, $4, $4, $5, $5, 1, $6, $7, $8, $9, $10, $11, $12)`,
    params: [
      tenantId,
      row.id,
      row.ownerId,
      'bench-insert',
      row.at,
      row.name,
      row.stage,
      row.nextStep,
      row.amount,
      row.probability,
      row.closeDate,
      row.accountId,
    ],
  };
}
