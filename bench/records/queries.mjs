// ─────────────────────────────────────────────────────────────────────────────────────────────
// HAND-WRITTEN RUNTIME SQL. These are the statements the record runtime is designed to emit for
// the measured requests (ADR 0006: one `records` table, typed slots, partial per-object indexes
// leading tenant_id, keyset pages, lookup filters as EXISTS on the target's records), written by
// hand until `createRecordStore` in packages/db/src/records/ compiles them from a query plan.
// When it does, replace the `records*` builders below with the store's compiled SQL; the native
// builders stay as the baseline. Every value is a bound parameter, as in the product.
// ─────────────────────────────────────────────────────────────────────────────────────────────
import { ACCOUNT_OBJECT_ID, OPPORTUNITY_OBJECT_ID, SLOTS } from './dataset.mjs';

/** The page size every list query uses. */
export const PAGE_SIZE = 50;

const opp = SLOTS.opportunity;
const acct = SLOTS.account;

const recordColumns = (alias) =>
  [
    'id',
    'version',
    'owner_id',
    'created_by',
    'created_at',
    'updated_by',
    'updated_at',
    `${opp.name} AS name`,
    `${opp.stage} AS stage`,
    `${opp.amount} AS amount`,
    `${opp.close_date} AS close_date`,
    `${opp.account} AS account`,
  ]
    .map((column) => `${alias}.${column}`)
    .join(', ');

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

// `ORDER BY amount DESC, id` mixes directions, so a row comparison cannot express the keyset;
// `amount <= $a AND (amount < $a OR id > $id)` gives the index a start bound (the first part)
// and stays exact (the second). The runtime's compiler emits this shape for mixed-direction sorts.
const recordsAfter = (amount, id) =>
  `AND r.${opp.amount} <= ${amount} AND (r.${opp.amount} < ${amount} OR r.id > ${id})`;
const nativeAfter = (amount, id) =>
  `AND o.amount <= ${amount} AND (o.amount < ${amount} OR o.id > ${id})`;

/** Opportunities in one stage, biggest amount first: the first page, or the page after `cursor`. */
export function recordsStagePage(tenantId, stage, cursor) {
  return {
    text: `SELECT ${recordColumns('r')} FROM records r
      WHERE r.tenant_id = $1 AND r.object_id = $2 AND r.deleted_at IS NULL AND r.${opp.stage} = $3
      ${cursor ? recordsAfter('$5', '$6') : ''}
      ORDER BY r.${opp.amount} DESC, r.id LIMIT $4`,
    params: [
      tenantId,
      OPPORTUNITY_OBJECT_ID,
      stage,
      PAGE_SIZE,
      ...(cursor ? [cursor.amount, cursor.id] : []),
    ],
  };
}

/** The native baseline of `recordsStagePage`. */
export function nativeStagePage(tenantId, stage, cursor) {
  return {
    text: `SELECT ${nativeColumns('o')} FROM native_opportunity o
      WHERE o.tenant_id = $1 AND o.deleted_at IS NULL AND o.stage = $2
      ${cursor ? nativeAfter('$4', '$5') : ''}
      ORDER BY o.amount DESC, o.id LIMIT $3`,
    params: [tenantId, stage, PAGE_SIZE, ...(cursor ? [cursor.amount, cursor.id] : [])],
  };
}

/** Opportunities whose account's industry is `industry` (filter `account.industry eq X`). */
export function recordsIndustryPage(tenantId, industry) {
  return {
    text: `SELECT ${recordColumns('r')} FROM records r
      WHERE r.tenant_id = $1 AND r.object_id = $2 AND r.deleted_at IS NULL
        AND EXISTS (SELECT 1 FROM records a
          WHERE a.tenant_id = $1 AND a.object_id = $3 AND a.deleted_at IS NULL
            AND a.id = r.${opp.account} AND a.${acct.industry} = $4)
      ORDER BY r.${opp.amount} DESC, r.id LIMIT $5`,
    params: [tenantId, OPPORTUNITY_OBJECT_ID, ACCOUNT_OBJECT_ID, industry, PAGE_SIZE],
  };
}

/**
 * The same page with the lookup filter as a correlated probe of the account row instead of a
 * semi-join. PostgreSQL never turns it into a join, so the plan is "walk the amount index, probe
 * each row's account by primary key" whatever the (tenant-blind) estimate of `u1` says; see
 * docs/benchmarks.md for why the EXISTS form misestimates on a shared table.
 */
export function recordsIndustryProbePage(tenantId, industry) {
  return {
    text: `SELECT ${recordColumns('r')} FROM records r
      WHERE r.tenant_id = $1 AND r.object_id = $2 AND r.deleted_at IS NULL
        AND (SELECT a.${acct.industry} FROM records a
          WHERE a.tenant_id = $1 AND a.object_id = $3 AND a.deleted_at IS NULL
            AND a.id = r.${opp.account}) = $4
      ORDER BY r.${opp.amount} DESC, r.id LIMIT $5`,
    params: [tenantId, OPPORTUNITY_OBJECT_ID, ACCOUNT_OBJECT_ID, industry, PAGE_SIZE],
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
      ORDER BY o.amount DESC, o.id LIMIT $3`,
    params: [tenantId, industry, PAGE_SIZE],
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
      ORDER BY o.amount DESC, o.id OFFSET $3 LIMIT 1`,
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

/** One new opportunity, as the runtime's single-row create writes it (audit excluded). */
export function recordsInsert(tenantId, row) {
  return {
    text: `INSERT INTO records (${systemInsertColumns}, object_id,
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
