import {
  type AuditEntry,
  type ColumnRef,
  type ColumnValue,
  type ColumnValues,
  conditionColumns,
  type ExtraValue,
  type IdempotentResponse,
  type IndexSpec,
  LIMIT_EXCEEDED,
  MATCH_ALL,
  MAX_INDEXES_PER_OBJECT,
  type NewRecord,
  type PlanCondition,
  RECORD_DUPLICATE,
  type RecordAccess,
  type RecordAggregatePlan,
  type RecordBatchChange,
  type RecordChange,
  type RecordLifecycleChange,
  type RecordPage,
  type RecordQueryPlan,
  type RecordRef,
  type RecordStore,
  type RecordTransaction,
  type RollupRefresh,
  type RowLock,
  type StoredRecord,
  type StoredValue,
  type ValueColumn,
} from '@tangram/engine';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import {
  afterCommit,
  ambientTransaction,
  outsideTransaction,
  runInTransaction,
} from '../ambient-transaction.js';
import type { Database } from '../database.js';
import { PREPARED, ROWS_AS_ARRAYS } from '../prepared-statements.js';
import type { SystemTables } from '../system-tables.js';
import { isoInstant } from './iso-instant.js';
import { createPartitionStatistics, type PartitionStatistics } from './partition-statistics.js';
import {
  RECORD_STATISTICS_KINDS,
  recordPartitionOf,
  recordStatisticsName,
} from './record-partitions.js';
import {
  checkedSlot,
  checkedSystemColumn,
  SLOT_NAMES,
  SQL_TYPES,
  slotKind,
} from './record-slots.js';
import {
  afterSql,
  columnSql,
  conditionSql,
  descendingBoundSql,
  isNullable,
  objectIdSql,
  orderBySql,
  qualifiedSql,
  ROW,
  recordsTableSql,
  rowValueAfterSql,
  searchSql,
} from './record-sql.js';

/** Below this estimated row count a requested estimate is replaced by an exact count. */
const EXACT_COUNT_BELOW = 1000;

/**
 * Above this many rows an insert reads its rows from one jsonb parameter (`jsonInsertSql`); up
 * to it, a multi-row VALUES statement (far below PostgreSQL's 65,535 bound parameters).
 */
const JSON_INSERT_FROM = 50;

/** First key of the two-key advisory lock serialising object-id allocation within a tenant. */
const OBJECT_ID_LOCK_NAMESPACE = 2;

/** Expired idempotency responses each put deletes (migration 0015 indexes them by age). */
const IDEMPOTENCY_PURGE_PER_PUT = 2;

/** Matches from which a search walks its order's index instead of sorting them (queryRecords). */
const DENSE_SEARCH_MATCHES = 500;

/** Audit entries read for each recent record asked for (`recentWrites`). */
const RECENT_WRITES_SCANNED = 10;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The system columns a read selects, in this order (a row read as an array has them first). */
const SYSTEM_COLUMN_NAMES = [
  'id',
  'owner_id',
  'created_by',
  'created_at',
  'updated_by',
  'updated_at',
  'version',
  'deleted_at',
] as const;

// Instants are read as text and turned into ISO strings by `isoInstant`, never into a Date first.
const SYSTEM_SELECT = sql.raw(
  SYSTEM_COLUMN_NAMES.map((c) => (c.endsWith('_at') ? `r.${c}::text as ${c}` : `r.${c}`)).join(
    ', ',
  ),
);

/** How many columns SYSTEM_SELECT reads; in a row read as an array, the slots follow them. */
const SYSTEM_COLUMNS = SYSTEM_COLUMN_NAMES.length;

type Row = Record<string, unknown>;

/**
 * The record store port over `records`, `record_objects`, `record_audit` and companions. Inside a
 * transaction (its own or one another store of the same database opened), calls through the
 * store join that transaction; see `ambient-transaction.ts`.
 */
export function createRecordStore(
  db: Database,
  options: { readonly statistics?: PartitionStatistics } = {},
): RecordStore {
  const objectIds = new Map<string, number>();
  const statistics = options.statistics ?? createPartitionStatistics(db);
  // Counted once committed: the upkeep looks from another connection, and an ANALYZE that ran
  // before the commit would see none of a bulk load's rows and keep that for a fourfold growth.
  const noteWrites = (objectId: number, rows: number) =>
    afterCommit(db, () => statistics.noteWrites(objectId, rows));
  const outside = createRecordTransaction(
    db.kysely,
    objectIds,
    (work) => runInTransaction(db, work),
    noteWrites,
  );
  const current = (): RecordTransaction => {
    const trx = ambientTransaction(db);
    return trx === undefined
      ? outside
      : createRecordTransaction(trx, objectIds, undefined, noteWrites);
  };
  const joined = Object.fromEntries(
    Object.keys(outside).map((name) => [
      name,
      (...args: unknown[]) =>
        (current()[name as keyof RecordTransaction] as (...args: unknown[]) => unknown)(...args),
    ]),
  ) as unknown as RecordTransaction;
  return {
    ...joined,
    async resolveObjectId(tenantId, objectName) {
      const cached = objectIds.get(objectCacheKey(tenantId, objectName));
      if (cached !== undefined) return cached;
      // Inside a transaction the allocation joins it: another connection could deadlock (PGlite
      // has one; on PostgreSQL a pool full of open transactions has none to spare). Should that
      // transaction roll back, the id goes with it: callers resolve ids before opening one.
      return current().resolveObjectId(tenantId, objectName);
    },
    transaction: (work) =>
      runInTransaction(db, (trx) =>
        work(createRecordTransaction(trx, objectIds, undefined, noteWrites)),
      ),
    // Index builds run outside transactions (CONCURRENTLY requires it); never await one inside.
    ensureIndexes: (tenantId, objectId, indexes) =>
      outsideTransaction(db, () => ensureIndexes(db, tenantId, objectId, indexes)),
    readColumnBatch: (tenantId, objectId, columns, afterId, limit) =>
      readColumnBatch(
        ambientTransaction(db) ?? db.kysely,
        tenantId,
        objectId,
        columns,
        afterId,
        limit,
      ),
    writeColumnBatch: (tenantId, objectId, column, rows) =>
      writeColumnBatch(ambientTransaction(db) ?? db.kysely, tenantId, objectId, column, rows),
  };
}

/** Inserts new rows with their audit entries, in one statement. */
async function insertRows(
  executor: Kysely<SystemTables>,
  rows: readonly NewRecord[],
  audit: readonly AuditEntry[],
): Promise<void> {
  if (rows.length > JSON_INSERT_FROM || audit.length > JSON_INSERT_FROM) {
    // A batch travels as two bound jsonb parameters, whatever its size: no statement of
    // thousands of parameters for PostgreSQL to parse, none for the driver to encode.
    await jsonInsertSql(rows, audit).execute(executor);
    return;
  }
  // A few rows, one (named) statement: a data-modifying WITH always runs to completion.
  const records = insertRecordsSql(rows);
  const entries = insertAuditSql(audit);
  if (records === undefined || entries === undefined) {
    const only = records ?? entries;
    if (only !== undefined) await only.execute(executor);
    return;
  }
  await sql`${PREPARED}with inserted as (${records}) ${entries}`.execute(executor);
}

/** A field's column as read, and the assignment that sets it from `value` (jsonb). */
function valueColumnSql(column: ValueColumn): {
  readonly read: RawBuilder<unknown>;
  readonly assign: (value: RawBuilder<unknown>) => RawBuilder<unknown>;
} {
  if (column.kind === 'extra') {
    return {
      read: sql`r.extra -> ${column.key}::text`,
      assign: (value) => sql`extra = case when ${value} is null or ${value} = 'null'::jsonb
        then r.extra - ${column.key}::text
        else r.extra || jsonb_build_object(${column.key}::text, ${value}) end`,
    };
  }
  const slot = checkedSlot(column.slot, column.type);
  const text = (value: RawBuilder<unknown>) => sql`(${value} #>> '{}')`;
  const cast = sql.raw(SQL_TYPES[column.type]);
  return {
    read: qualifiedSql(ROW, slot),
    assign: (value) =>
      column.type === 'timestamptz'
        ? sql`${sql.ref(slot)} = date_trunc('milliseconds', ${text(value)}::timestamptz)`
        : sql`${sql.ref(slot)} = ${text(value)}::${cast}`,
  };
}

async function readColumnBatch(
  executor: Kysely<SystemTables>,
  tenantId: string,
  objectId: number,
  columns: readonly ValueColumn[],
  afterId: string | null,
  limit: number,
): Promise<ColumnValues[]> {
  const after = afterId === null ? sql`` : sql` and r.id > ${afterId}::uuid`;
  const reads = columns.map(
    (column, index) => sql`${valueColumnSql(column).read} as ${sql.ref(`v${index}`)}`,
  );
  const result = await sql<Row>`
    select ${sql.join([sql`r.id`, sql`r.version`, ...reads])} from records as r
    where r.tenant_id = ${tenantId}::uuid and r.object_id = ${objectId}::integer${after}
    order by r.id limit ${limit}::integer`.execute(executor);
  return result.rows.map((row) => ({
    id: row.id as string,
    version: row.version as number,
    values: columns.map((column, index) => columnValue(column, row[`v${index}`])),
  }));
}

function columnValue(column: ValueColumn, raw: unknown): StoredValue | ExtraValue {
  if (column.kind === 'extra') return (raw ?? null) as ExtraValue;
  return toStoredValue(raw);
}

async function writeColumnBatch(
  executor: Kysely<SystemTables>,
  tenantId: string,
  objectId: number,
  column: ValueColumn,
  rows: readonly ColumnValue[],
): Promise<string[]> {
  const valid = rows.filter((row) => UUID.test(row.id));
  if (valid.length === 0) return [];
  // The whole batch travels as one bound jsonb parameter, whatever its size.
  const batch = JSON.stringify(
    valid.map(({ id, version, value }) => ({ id, version, value: value ?? null })),
  );
  const result = await sql<{ id: string }>`update records as r
    set ${valueColumnSql(column).assign(sql.ref('v.value'))}
    from jsonb_to_recordset(${batch}::jsonb) as v(id uuid, version integer, value jsonb)
    where r.tenant_id = ${tenantId}::uuid and r.object_id = ${objectId}::integer
      and r.id = v.id and r.version = v.version
    returning r.id`.execute(executor);
  return result.rows.map((row) => row.id);
}

function objectCacheKey(tenantId: string, objectName: string): string {
  return `${tenantId}\u0000${objectName}`;
}

/**
 * The store's operations over `executor`: an open transaction when `openTransaction` is
 * undefined; otherwise the database itself, with `openTransaction` making writes of several
 * statements atomic.
 */
function createRecordTransaction(
  executor: Kysely<SystemTables>,
  objectIds: Map<string, number>,
  openTransaction: (<T>(work: (trx: Kysely<SystemTables>) => Promise<T>) => Promise<T>) | undefined,
  noteWrites: (objectId: number, rows: number) => void,
): RecordTransaction {
  const inTransaction = openTransaction === undefined;
  const noteRows = (rows: readonly NewRecord[]) => {
    const counts = new Map<number, number>();
    for (const row of rows) counts.set(row.objectId, (counts.get(row.objectId) ?? 0) + 1);
    for (const [objectId, count] of counts) noteWrites(objectId, count);
  };
  const atomic = <T>(work: (trx: Kysely<SystemTables>) => Promise<T>): Promise<T> =>
    openTransaction === undefined ? work(executor) : openTransaction(work);

  return {
    async savepoint(work) {
      if (!inTransaction) return work();
      await sql`savepoint record_row`.execute(executor);
      try {
        const result = await work();
        await sql`release savepoint record_row`.execute(executor);
        return result;
      } catch (error) {
        // Rolling back to a savepoint keeps it: it is released too, so savepoints never nest.
        await sql`rollback to savepoint record_row`.execute(executor);
        await sql`release savepoint record_row`.execute(executor);
        throw error;
      }
    },

    resolveObjectId: (tenantId, objectName) =>
      atomic((trx) => resolveObjectId(trx, objectIds, tenantId, objectName, inTransaction)),

    query: (plan) => queryRecords(executor, plan),

    aggregate: (plan) => aggregateRecords(executor, plan),

    aggregateGroups: (plans, groupBy, groups) => aggregateGroups(executor, plans, groupBy, groups),

    async liveIds(tenantId, objectId, ids, access, options = {}) {
      const wanted = [...new Set(ids.filter((id) => UUID.test(id)))];
      if (wanted.length === 0) return new Set();
      const reach = access ? sql` and ${accessSql(access, tenantId)}` : sql``;
      const result = await sql<{ id: string }>`select r.id
        from ${recordsTableSql(objectId)} as r
        where r.tenant_id = ${tenantId}::uuid and r.object_id = ${objectIdSql(objectId)}
          and r.id = any(${uuidArraySql(wanted)}) and r.deleted_at is null${reach}${lockSql(options.lock)}`.execute(
        executor,
      );
      return new Set(result.rows.map((row) => row.id));
    },

    async getByIds(tenantId, objectId, ids, options) {
      const wanted = [...new Set(ids.filter((id) => UUID.test(id)))];
      if (wanted.length === 0) return [];
      const read = selectionOf(options.columns);
      const live = options.includeDeleted === true ? sql`` : sql` and r.deleted_at is null`;
      const lock = lockSql(options.lock);
      const result = await sql<Row>`${PREPARED}select ${sql.join(read.selected)} from records as r
        where r.tenant_id = ${tenantId}::uuid and r.object_id = ${objectIdSql(objectId)}
          and r.id = any(${uuidArraySql(wanted)})${live}
        order by r.id${lock}`.execute(executor);
      const ref = { tenantId, objectId };
      return result.rows.map((row) => toStoredRecord(ref, row, read.slots, read.extraKeys));
    },

    async updateMany(batch) {
      let updated: Awaited<ReturnType<typeof updateMany>>;
      try {
        updated = await updateMany(executor, batch);
      } catch (error) {
        throw asDuplicate(error);
      }
      noteWrites(batch.objectId, batch.rows.length);
      return updated;
    },

    async getById(ref, options = {}) {
      if (!UUID.test(ref.id)) return undefined;
      const conditions = [refSql(ref)];
      if (options.includeDeleted !== true) conditions.push(sql`r.deleted_at is null`);
      if (options.access) conditions.push(accessSql(options.access, ref.tenantId));
      const lock = lockSql(options.lock);
      const read =
        options.columns === undefined
          ? { selected: [sql`r.*`], slots: SLOT_NAMES, extraKeys: undefined }
          : selectionOf(options.columns);
      const result = await sql<Row>`${PREPARED}select ${sql.join(read.selected)} from records as r
        where ${sql.join(conditions, sql` and `)}${lock}`.execute(executor);
      const row = result.rows[0];
      return row === undefined ? undefined : toStoredRecord(ref, row, read.slots, read.extraKeys);
    },

    async insert(rows, audit) {
      try {
        await insertRows(executor, rows, audit);
      } catch (error) {
        throw asDuplicate(error);
      }
      noteRows(rows);
    },

    async insertRefreshing(rows, audit, refresh) {
      const inserted = await insertRefreshing(executor, rows, audit, refresh);
      if (inserted) noteRows(rows);
      return inserted;
    },

    async update(change, audit) {
      if (!UUID.test(change.id)) return false;
      const assignments: RawBuilder<unknown>[] = Object.entries(change.slots).map(
        ([slot, value]) => sql`${sql.raw(checkedSlot(slot))} = ${slotValueSql(slot, value)}`,
      );
      const setExtra = Object.entries(change.extra).filter(([, value]) => value !== null);
      const removed = Object.entries(change.extra)
        .filter(([, value]) => value === null)
        .map(([key]) => key);
      if (setExtra.length > 0 || removed.length > 0) {
        const merged = JSON.stringify(Object.fromEntries(setExtra));
        const dropped = JSON.stringify(removed);
        assignments.push(
          sql`extra = (r.extra || ${merged}::jsonb) - array(select jsonb_array_elements_text(${dropped}::jsonb))`,
        );
      }
      assignments.push(
        sql`updated_by = ${change.updatedBy}`,
        sql`updated_at = ${change.updatedAt}::timestamptz`,
        sql`version = r.version + 1`,
      );
      const conditions = [refSql(change), sql`r.deleted_at is null`, ...guardSql(change)];
      try {
        return await writeWithAudit(
          executor,
          sql`update records as r set ${sql.join(assignments)}
            where ${sql.join(conditions, sql` and `)} returning r.version`,
          audit,
        );
      } catch (error) {
        throw asDuplicate(error);
      }
    },

    softDelete: (change, audit) => changeLifecycle(executor, change, audit, 'delete'),

    restore: (change, audit) => changeLifecycle(executor, change, audit, 'restore'),

    async nextAutonumber(tenantId, objectId, field, periodKey) {
      const result = await sql<{ value: number | bigint }>`${PREPARED}
        insert into record_counters as c (tenant_id, object_id, field, period, value)
        values (${tenantId}::uuid, ${objectId}::integer, ${field}, ${periodKey}, 1)
        on conflict (tenant_id, object_id, field, period) do update set value = c.value + 1
        returning c.value`.execute(executor);
      return Number(result.rows[0]?.value);
    },

    async getIdempotent(tenantId, key, notBefore) {
      const row = await executor
        .selectFrom('record_idempotency')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('key', '=', key)
        .where('created_at', '>=', new Date(notBefore))
        .executeTakeFirst();
      if (row === undefined) return undefined;
      return {
        tenantId: row.tenant_id,
        key: row.key,
        requestHash: row.request_hash,
        status: row.status,
        body: row.body,
        createdAt: row.created_at.toISOString(),
      } satisfies IdempotentResponse;
    },

    async putIdempotent(response, replaceBefore) {
      const expiredBefore = new Date(replaceBefore);
      const inserted = await executor
        // Keys are seldom sent twice, so an expired response is rarely replaced: each put also
        // deletes up to two others of the tenant, oldest first, which outpaces the puts. The key
        // being put is left out: one statement must not both delete and update a row.
        .with('purged', (db) =>
          db
            .deleteFrom('record_idempotency')
            .where('tenant_id', '=', response.tenantId)
            .where('key', 'in', (inner) =>
              inner
                .selectFrom('record_idempotency')
                .select('key')
                .where('tenant_id', '=', response.tenantId)
                .where('created_at', '<', expiredBefore)
                .where('key', '<>', response.key)
                .orderBy('created_at')
                .limit(IDEMPOTENCY_PURGE_PER_PUT),
            )
            .returning('key'),
        )
        .insertInto('record_idempotency')
        .values({
          tenant_id: response.tenantId,
          key: response.key,
          request_hash: response.requestHash,
          status: response.status,
          body: JSON.stringify(response.body ?? null),
          created_at: new Date(response.createdAt),
        })
        // An expired response under the key is replaced; a live one wins and nothing is written.
        .onConflict((conflict) =>
          conflict
            .columns(['tenant_id', 'key'])
            .doUpdateSet((eb) => ({
              request_hash: eb.ref('excluded.request_hash'),
              status: eb.ref('excluded.status'),
              body: sql`excluded.body`,
              created_at: eb.ref('excluded.created_at'),
            }))
            .where('record_idempotency.created_at', '<', expiredBefore),
        )
        .returning('key')
        .executeTakeFirst();
      return inserted !== undefined;
    },

    async history(tenantId, objectId, id) {
      if (!UUID.test(id)) return [];
      const rows = await executor
        .selectFrom('record_audit')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('object_id', '=', objectId)
        .where('record_id', '=', id)
        .orderBy('seq', 'desc')
        .execute();
      return rows.map(
        (row): AuditEntry => ({
          tenantId: row.tenant_id,
          objectId: row.object_id,
          id: row.record_id,
          action: row.action,
          actorId: row.actor,
          at: row.at.toISOString(),
          version: row.version,
          changes: row.changes as AuditEntry['changes'],
        }),
      );
    },

    async recentWrites(tenantId, actorId, { objects, limit }) {
      if (objects !== undefined && objects.length === 0) return [];
      const only =
        objects === undefined
          ? sql``
          : sql`and a.object_id in (select object_id from record_objects
              where tenant_id = ${tenantId}::uuid and object_name in (${sql.join(objects)}))`;
      // The writer's latest entries by the (tenant_id, actor, at) index, a bounded number of them,
      // then each record once: a record written many times in a row leaves fewer than `limit`.
      const result = await sql<{ object: string; id: string; at: Date }>`
        select o.object_name as object, a.record_id::text as id, max(a.at) as at
        from (
          select a.object_id, a.record_id, a.at from record_audit a
          where a.tenant_id = ${tenantId}::uuid and a.actor = ${actorId} ${only}
          order by a.at desc
          limit ${limit * RECENT_WRITES_SCANNED}
        ) a
        join record_objects o on o.tenant_id = ${tenantId}::uuid and o.object_id = a.object_id
        group by o.object_name, a.record_id
        order by max(a.at) desc, a.record_id::text
        limit ${limit}`.execute(executor);
      return result.rows.map((row) => ({
        object: row.object,
        id: row.id,
        at: new Date(row.at).toISOString(),
      }));
    },
  };
}

async function resolveObjectId(
  trx: Kysely<SystemTables>,
  cache: Map<string, number>,
  tenantId: string,
  objectName: string,
  inTransaction: boolean,
): Promise<number> {
  const cacheKey = objectCacheKey(tenantId, objectName);
  const cached = cache.get(cacheKey);
  if (cached !== undefined) return cached;
  const find = () =>
    trx
      .selectFrom('record_objects')
      .select('object_id')
      .where('tenant_id', '=', tenantId)
      .where('object_name', '=', objectName)
      .executeTakeFirst();
  const existing = await find();
  if (existing !== undefined) {
    // Inside a caller's transaction the row may be this transaction's own, not yet committed.
    if (!inTransaction) cache.set(cacheKey, existing.object_id);
    return existing.object_id;
  }
  // Allocation reads max(object_id): serialise it per tenant so two new objects never collide.
  await sql`select pg_advisory_xact_lock(${OBJECT_ID_LOCK_NAMESPACE}::int, hashtext(${tenantId}))`.execute(
    trx,
  );
  const raced = await find();
  if (raced !== undefined) return raced.object_id;
  const inserted = await sql<{ object_id: number }>`
    insert into record_objects (tenant_id, object_name, object_id)
    select ${tenantId}::uuid, ${objectName},
      coalesce(max(object_id), 0) + 1 from record_objects where tenant_id = ${tenantId}::uuid
    returning object_id`.execute(trx);
  const objectId = inserted.rows[0]?.object_id;
  if (objectId === undefined) throw new Error(`object ${objectName} could not be registered`);
  if (!inTransaction) cache.set(cacheKey, objectId);
  return objectId;
}

/** A page size as an SQL literal: a positive safe integer, checked. */
function checkedLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 0) throw new TypeError(`not a limit: ${limit}`);
  return limit;
}

/** `tenant_id`, `object_id` and `id` of `r` equal the reference. */
function refSql(ref: RecordRef): RawBuilder<unknown> {
  return sql`r.tenant_id = ${ref.tenantId}::uuid and r.object_id = ${objectIdSql(ref.objectId)} and r.id = ${ref.id}::uuid`;
}

function accessSql(access: RecordAccess, tenantId: string): RawBuilder<unknown> {
  return sql`coalesce(${conditionSql(access, { tenantId, alias: ROW, depth: 0 })}, false)`;
}

/** The version and access checks of a change. */
function guardSql(change: RecordChange | RecordLifecycleChange): RawBuilder<unknown>[] {
  const guards: RawBuilder<unknown>[] = [];
  if (change.expectedVersion !== null) {
    guards.push(sql`r.version = ${change.expectedVersion}::integer`);
  }
  if (change.access) guards.push(accessSql(change.access, change.tenantId));
  return guards;
}

/** Conditions every read of a plan shares: tenant, object, liveness, filter, access, search. */
function baseConditions(plan: {
  readonly tenantId: string;
  readonly objectId: number;
  readonly where: PlanCondition;
  readonly access?: RecordAccess | null;
  readonly search?: RecordQueryPlan['search'];
  readonly deleted?: boolean;
}): RawBuilder<unknown>[] {
  const scope = { tenantId: plan.tenantId, alias: ROW, depth: 0 };
  const conditions = [
    sql`r.tenant_id = ${plan.tenantId}::uuid`,
    sql`r.object_id = ${objectIdSql(plan.objectId)}`,
  ];
  // Written so, the recycle bin's condition proves the predicate of its partial index.
  conditions.push(
    plan.deleted === true ? sql`r.deleted_at is not null` : sql`r.deleted_at is null`,
  );
  conditions.push(conditionSql(plan.where, scope));
  if (plan.access) conditions.push(accessSql(plan.access, plan.tenantId));
  if (plan.search) conditions.push(searchSql(plan.search, ROW));
  return conditions;
}

async function queryRecords(
  executor: Kysely<SystemTables>,
  plan: RecordQueryPlan,
): Promise<RecordPage> {
  const unsearched = baseConditions({ ...plan, search: null });
  const counted = plan.search === null ? unsearched : [...unsearched, searchSql(plan.search, ROW)];
  // PostgreSQL guesses a text match's share of rows badly, both ways: with the guess of a common
  // text it walked the order's index (records_created) through every record for a word none
  // held (138 ms at 100,000), and with that of a rare one it sorted every match of a word all
  // held (183 ms). So a search first counts its matches, up to DENSE_SEARCH_MATCHES, through the
  // trigram indexes. Many: the order's index is walked, the match tested on each row (the text
  // condition is written so that no index serves it). Few: they are found apart from the order
  // (`offset 0` fences the subquery) and then sorted.
  let base = counted;
  let searchApart = false;
  if (plan.search !== null) {
    if (await matchesMany(executor, plan.objectId, counted)) {
      base = [...unsearched, sql`(${searchSql(plan.search, ROW)}) is true`];
    } else {
      searchApart = true;
    }
  }
  // Sort keys are read too: the caller builds the next page's cursor from them.
  const { selected, slots, extraKeys } = selectedColumns([
    ...plan.select,
    ...plan.sort.map((key) => key.column),
  ]);
  const read = async (
    conditions: readonly RawBuilder<unknown>[],
    orderBy: RawBuilder<unknown> | undefined,
    limit: number,
  ): Promise<StoredRecord[]> => {
    // Never a named statement: how selective a filter value is decides the plan (a generic plan
    // of the stage filter ran 1.5x slower, one of a rollup aggregate 50x).
    const order = orderBy === undefined ? sql`` : sql` order by ${orderBy}`;
    const where = sql.join(conditions, sql` and `);
    const table = recordsTableSql(plan.objectId);
    const source = searchApart
      ? sql`(select r.* from ${table} as r where ${where} offset 0) as r`
      : sql`${table} as r where ${where}`;
    const result = await sql<Row | unknown[]>`${ROWS_AS_ARRAYS}select ${sql.join(selected)}
      from ${source}${order}
      limit ${sql.lit(checkedLimit(limit))}`.execute(executor);
    const ref = { tenantId: plan.tenantId, objectId: plan.objectId };
    return decodeRows(ref, result.rows, slots, extraKeys);
  };
  const [first, ...rest] = plan.sort;
  let rows: StoredRecord[];
  if (first !== undefined && first.direction === 'desc' && isNullable(first)) {
    rows = await readDescendingNullsLast(plan, first, rest, base, read);
  } else {
    const conditions = plan.after === null ? base : [...base, afterSql(plan.sort, plan.after, ROW)];
    rows = await read(
      conditions,
      plan.sort.length > 0 ? orderBySql(plan.sort, ROW) : undefined,
      plan.limit,
    );
  }
  if (plan.count === 'none') return { rows };
  return { rows, count: await countRecords(executor, plan.objectId, counted, plan.count) };
}

/** Whether at least DENSE_SEARCH_MATCHES live records meet `conditions` (a search's among them). */
async function matchesMany(
  executor: Kysely<SystemTables>,
  objectId: number,
  conditions: readonly RawBuilder<unknown>[],
): Promise<boolean> {
  // Fenced from its limit too: planned for a few rows, it scanned the whole object for a text
  // PostgreSQL thought common and none held; reading stops at the limit all the same.
  const result = await sql<{ n: number }>`select count(*)::int as n from (
      select 1 from (
        select 1 from ${recordsTableSql(objectId)} as r where ${sql.join(conditions, sql` and `)}
        offset 0
      ) as matches limit ${sql.lit(DENSE_SEARCH_MATCHES)}
    ) as m`.execute(executor);
  return Number(result.rows[0]?.n ?? 0) >= DENSE_SEARCH_MATCHES;
}

/**
 * A page sorted first by a nullable column descending, empty values last. A runtime index
 * `(tenant_id, <slot>, id)` walked backwards returns the non-empty values descending, empty ones
 * first; so the non-empty rows are read by that walk (`<slot> desc`, exactly what the index
 * gives), and only when they do not fill the page are the empty ones read after them, ordered by
 * the remaining keys. A cursor on an empty value skips the first read.
 */
async function readDescendingNullsLast(
  plan: RecordQueryPlan,
  first: RecordQueryPlan['sort'][number],
  rest: RecordQueryPlan['sort'],
  base: readonly RawBuilder<unknown>[],
  read: (
    conditions: readonly RawBuilder<unknown>[],
    orderBy: RawBuilder<unknown> | undefined,
    limit: number,
  ) => Promise<StoredRecord[]>,
): Promise<StoredRecord[]> {
  const column = columnSql(first.column, ROW);
  const cursor = plan.after === null ? undefined : (plan.after[0] ?? null);
  const rows: StoredRecord[] = [];
  if (cursor !== null) {
    const conditions = [...base, sql`${column} is not null`];
    if (plan.after !== null && cursor !== undefined) {
      // Without empty values the keyset is one row-value comparison, an index condition on the
      // sort index `(tenant_id, <slot>, id)`; otherwise bound the first key and expand the rest.
      const rowValue = rowValueAfterSql(plan.sort, plan.after, ROW, { firstNotNull: true });
      conditions.push(
        ...(rowValue
          ? [rowValue]
          : [descendingBoundSql(first, cursor, ROW), afterSql(plan.sort, plan.after, ROW)]),
      );
    }
    const orderBy = sql.join([
      sql`${column} desc`,
      ...(rest.length > 0 ? [orderBySql(rest, ROW)] : []),
    ]);
    rows.push(...(await read(conditions, orderBy, plan.limit)));
  }
  if (cursor === null && rest.length === 0) return rows;
  // In the recycle bin no row has an empty `deleted_at`: the pass for empty values would contradict
  // the bin's own condition, and PostgreSQL would not see that before scanning for it.
  const neverEmpty =
    plan.deleted && first.column.kind === 'system' && first.column.column === 'deleted_at';
  if (rows.length < plan.limit && !neverEmpty) {
    const conditions = [...base, sql`${column} is null`];
    if (cursor === null && plan.after !== null && rest.length > 0) {
      conditions.push(afterSql(rest, plan.after.slice(1), ROW));
    }
    const orderBy = rest.length > 0 ? orderBySql(rest, ROW) : undefined;
    rows.push(...(await read(conditions, orderBy, plan.limit - rows.length)));
  }
  return rows;
}

/**
 * The select list of a read: the system columns, the slots named, and `extra` when a key of it
 * is named (decoding keeps only those keys). Never `r.*`: a row has some 200 slot columns.
 */
function selectedColumns(columns: readonly ColumnRef[]): {
  readonly selected: readonly RawBuilder<unknown>[];
  readonly slots: readonly string[];
  readonly extraKeys: ReadonlySet<string>;
} {
  const slots = new Set<string>();
  const extraKeys = new Set<string>();
  for (const column of columns) {
    if (column.kind === 'slot') slots.add(checkedSlot(column.slot, column.type));
    if (column.kind === 'extra') extraKeys.add(column.key);
  }
  return {
    selected: [
      SYSTEM_SELECT,
      ...[...slots].map(slotSelect),
      ...(extraKeys.size > 0 ? [sql`r.extra`] : []),
    ],
    slots: internedSlots([...slots]),
    extraKeys,
  };
}

/** Selections of column lists read before: a single-row read passes its object's one list. */
const selections = new WeakMap<readonly ColumnRef[], ReturnType<typeof selectedColumns>>();

/** `selectedColumns(columns)`, worked out once per list of columns. */
/** PostgreSQL's row lock for each RowLock of the port (see its doc comment). */
const ROW_LOCKS: Readonly<Record<RowLock, RawBuilder<unknown>>> = {
  update: sql` for no key update of r`,
  delete: sql` for update of r`,
  'key share': sql` for key share of r`,
};

function lockSql(lock: RowLock | undefined): RawBuilder<unknown> {
  return lock === undefined ? sql`` : ROW_LOCKS[lock];
}

function selectionOf(columns: readonly ColumnRef[]): ReturnType<typeof selectedColumns> {
  let selection = selections.get(columns);
  if (selection === undefined) {
    selection = selectedColumns(columns);
    selections.set(columns, selection);
  }
  return selection;
}

/** The select item of each slot; kysely builders are immutable, so one per slot serves all reads. */
const SLOT_SELECTS: ReadonlyMap<string, RawBuilder<unknown>> = new Map(
  SLOT_NAMES.map((slot) => [
    slot,
    // Slot names come from the closed list of slot columns, safe as SQL text.
    slotKind(slot) === 'timestamptz'
      ? sql.raw(`r.${slot}::text as ${slot}`)
      : qualifiedSql(ROW, slot),
  ]),
);

function slotSelect(slot: string): RawBuilder<unknown> {
  const select = SLOT_SELECTS.get(slot);
  if (select === undefined) throw new TypeError(`not a slot of records: ${JSON.stringify(slot)}`);
  return select;
}

/** Slot lists read before, by their text, so that every page of one shape shares one list. */
const slotLists = new Map<string, readonly string[]>();

/** Most slot lists kept; past it the cache starts again (it only saves work). */
const MAX_SLOT_LISTS = 1000;

/** `slots`, or the equal list read before: `rowDecoderOf` then finds its decoder at once. */
function internedSlots(slots: readonly string[]): readonly string[] {
  const key = slots.join(',');
  const known = slotLists.get(key);
  if (known !== undefined) return known;
  if (slotLists.size >= MAX_SLOT_LISTS) slotLists.clear();
  slotLists.set(key, slots);
  return slots;
}

async function countRecords(
  executor: Kysely<SystemTables>,
  objectId: number,
  conditions: readonly RawBuilder<unknown>[],
  mode: 'exact' | 'estimate',
): Promise<{ value: number; exact: boolean }> {
  const where = sql.join(conditions, sql` and `);
  const table = recordsTableSql(objectId);
  if (mode === 'estimate') {
    const explained = await sql<Row>`explain (format json)
      select 1 from ${table} as r where ${where}`.execute(executor);
    const estimate = planRows(explained.rows[0]);
    if (estimate !== undefined && estimate >= EXACT_COUNT_BELOW) {
      return { value: estimate, exact: false };
    }
  }
  const counted = await sql<{ count: number | bigint }>`select count(*) as count
    from ${table} as r where ${where}`.execute(executor);
  return { value: Number(counted.rows[0]?.count ?? 0), exact: true };
}

/** The planner's row estimate from `EXPLAIN (FORMAT JSON)` output, whichever way it arrives. */
function planRows(row: Row | undefined): number | undefined {
  const raw = row === undefined ? undefined : Object.values(row)[0];
  const document = typeof raw === 'string' ? JSON.parse(raw) : raw;
  const rows = Array.isArray(document) ? document[0]?.Plan?.['Plan Rows'] : undefined;
  return typeof rows === 'number' ? rows : undefined;
}

async function aggregateRecords(
  executor: Kysely<SystemTables>,
  plan: RecordAggregatePlan,
): Promise<StoredValue> {
  const where = sql.join(baseConditions(plan), sql` and `);
  let aggregate: RawBuilder<unknown>;
  if (plan.function === 'count') {
    aggregate = sql`count(*)`;
  } else {
    if (plan.column === null) throw new TypeError(`${plan.function} needs a column`);
    const functionName = sql.raw(plan.function);
    aggregate = sql`${functionName}(${columnSql(plan.column, ROW)})`;
  }
  const result = await sql<{ value: unknown }>`select ${aggregate} as value
    from ${recordsTableSql(plan.objectId)} as r where ${where}`.execute(executor);
  return toStoredValue(result.rows[0]?.value ?? null);
}

/** A bound JSON array of uuids as an SQL `uuid[]`. */
function uuidArraySql(ids: readonly string[]): RawBuilder<unknown> {
  return sql`array(select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid)`;
}

async function aggregateGroups(
  executor: Kysely<SystemTables>,
  plans: readonly RecordAggregatePlan[],
  groupBy: ColumnRef,
  groups: readonly string[],
): Promise<Map<string, StoredValue[]>> {
  if (!Object.hasOwn(SQL_TYPES, groupBy.type)) {
    throw new TypeError(`not a scalar column to group by: ${groupBy.type}`);
  }
  const [first] = plans;
  if (first === undefined) return new Map();
  if (plans.some((plan) => plan.tenantId !== first.tenantId || plan.objectId !== first.objectId)) {
    throw new TypeError('grouped aggregates of one statement must read one tenant and object');
  }
  const type = groupBy.type as keyof typeof SQL_TYPES;
  const wanted = [...new Set(type === 'uuid' ? groups.filter((id) => UUID.test(id)) : groups)];
  if (wanted.length === 0) return new Map();
  const group = columnSql(groupBy, ROW);
  const values = sql`array(select jsonb_array_elements_text(${JSON.stringify(wanted)}::jsonb)::${sql.raw(SQL_TYPES[type])})`;
  const scope = { tenantId: first.tenantId, alias: ROW, depth: 0 };
  const filters = plans.map((plan) => conditionSql(plan.where, scope));
  // Each aggregate counts only the rows of its own filter; the statement reads the rows of any.
  const aggregates = aggregateSelections(plans, plans.length === 1 ? undefined : filters);
  const base = baseConditions({ ...first, where: MATCH_ALL });
  const where = sql.join(
    [...base, sql`${group} = any(${values})`, sql`(${sql.join(filters, sql` or `)})`],
    sql` and `,
  );
  const result = await sql<Row>`
    select ${group} as grouped, ${sql.join(aggregates)}
    from ${recordsTableSql(first.objectId)} as r where ${where} group by 1`.execute(executor);
  return new Map(
    result.rows.map((row) => [
      String(toStoredValue(row.grouped)),
      plans.map((_, index) => toStoredValue(row[`v${index}`] ?? null)),
    ]),
  );
}

/**
 * `function(column) FILTER (WHERE …) AS v<index>` per plan over the rows aliased `r`; without
 * `filters` the caller's WHERE holds the only plan's filter.
 */
function aggregateSelections(
  plans: readonly RecordAggregatePlan[],
  filters: readonly RawBuilder<unknown>[] | undefined,
): RawBuilder<unknown>[] {
  return plans.map((plan, index) => {
    const filter = filters === undefined ? sql`` : sql`filter (where ${filters[index]})`;
    if (plan.function === 'count') return sql`count(*) ${filter} as ${sql.ref(`v${index}`)}`;
    if (plan.column === null) throw new TypeError(`${plan.function} needs a column`);
    const aggregate = sql`${sql.raw(plan.function)}(${columnSql(plan.column, ROW)})`;
    return sql`${aggregate} ${filter} as ${sql.ref(`v${index}`)}`;
  });
}

/** SQLSTATE of division by zero: how `insertRefreshing` rolls its statement back on a conflict. */
const REFRESH_CONFLICT = '22012';

/**
 * New children and their audit rows, then their parents' rollups, in one statement (see
 * `RecordTransaction.insertRefreshing`). The rollups are aggregated over the parents' children
 * committed when the statement started plus the new rows (which the statement's own reads do not
 * see). Every child write that moves a rollup updates its parent, so a parent whose version is
 * the one the statement read had no such write committed since: its value is exact. A parent a
 * concurrent writer updated meanwhile is skipped by the version guard; the statement then fails
 * on purpose (a division by zero), so that nothing of it stays, and the caller retries the
 * locking way. Values and audit pairs are those of the recomputing refresh: count and sum of no
 * children are 0, decimals are audited with trailing zeros trimmed (as JSON numbers).
 */
async function insertRefreshing(
  executor: Kysely<SystemTables>,
  rows: readonly NewRecord[],
  audit: readonly AuditEntry[],
  refresh: RollupRefresh,
): Promise<boolean> {
  // A bulk create's rows travel as jsonb, as in a plain insert. Bulk creates used to take the
  // locking refresh: right after a bulk load, partitions without statistics gave this statement
  // plans that walked unrelated partial indexes of the whole object for every parent (0.3–5 s
  // per 1,000 rows); the statistics upkeep (ADR 0013) has since kept them from lagging (ADR 0019).
  const large = rows.length > JSON_INSERT_FROM || audit.length > JSON_INSERT_FROM;
  const [first] = refresh.rollups;
  const { records, entries } = large
    ? jsonInsertsSql(rows, audit)
    : { records: insertRecordsSql(rows), entries: insertAuditSql(audit) };
  if (first === undefined || records === undefined || entries === undefined) {
    throw new TypeError('insertRefreshing needs rows, their audit entries and a rollup');
  }
  const childObjectId = first.plan.objectId;
  if (refresh.rollups.some((rollup) => rollup.plan.objectId !== childObjectId)) {
    throw new TypeError('the rollups of one refresh aggregate one child object');
  }
  const parents = [...new Set(refresh.rollups.flatMap((rollup) => rollup.parents))].filter((id) =>
    UUID.test(id),
  );
  const plans = refresh.rollups.map((rollup) => rollup.plan);
  const scope = { tenantId: refresh.tenantId, alias: ROW, depth: 0 };
  const filters = plans.map((plan) => conditionSql(plan.where, scope));
  const relation = columnSql(refresh.relationColumn, ROW);
  const ids = uuidArraySql(parents);
  const parentTable = recordsTableSql(refresh.parentObjectId);
  const slotNames = refresh.rollups.map((rollup) => checkedSlot(rollup.slot, 'numeric'));
  const values = refresh.rollups.map((rollup, index) => {
    const aggregate = sql.ref(`a.v${index}`);
    const computed =
      rollup.plan.function === 'count' || rollup.plan.function === 'sum'
        ? sql`coalesce(${aggregate}, 0)`
        : aggregate;
    return sql`case when s.id = any(${uuidArraySql(rollup.parents)})
      then ${computed} else ${sql.ref(`s.${slotNames[index]}`)} end`;
  });
  const moved = refresh.rollups.map(
    (_, index) => sql`${sql.ref(`c.n${index}`)} is distinct from ${sql.ref(`c.o${index}`)}`,
  );
  const pairs = refresh.rollups.map(
    (rollup, index) => sql`${rollup.field}::text, case when ${moved[index]} then jsonb_build_array(
      to_jsonb(trim_scale(${sql.ref(`c.o${index}`)})), to_jsonb(trim_scale(${sql.ref(`c.n${index}`)})))
      end`,
  );
  const parentOf = (alias: string) => [
    sql`${sql.ref(`${alias}.tenant_id`)} = ${refresh.tenantId}::uuid`,
    sql`${sql.ref(`${alias}.object_id`)} = ${objectIdSql(refresh.parentObjectId)}`,
    sql`${sql.ref(`${alias}.deleted_at`)} is null`,
    sql`${sql.ref(`${alias}.id`)} = any(${ids})`,
  ];
  const children = [
    sql`r.tenant_id = ${refresh.tenantId}::uuid`,
    sql`r.object_id = ${objectIdSql(childObjectId)}`,
    sql`r.deleted_at is null`,
    sql`${relation} = any(${ids})`,
  ];
  // The children are read with the columns the aggregates and filters use, not whole.
  const read = new Set<string>();
  for (const column of [
    refresh.relationColumn,
    ...plans.flatMap((plan) => [
      ...(plan.column === null ? [] : [plan.column]),
      ...conditionColumns(plan.where),
    ]),
  ]) {
    if (column.kind === 'slot') read.add(checkedSlot(column.slot, column.type));
    else if (column.kind === 'system') read.add(checkedSystemColumn(column.column));
    else read.add('extra');
  }
  const childColumns = sql.join([...read].map((column) => sql.ref(column)));
  // Named like the plain insert when its rows are bound one by one: its plan does not depend on
  // the values, and planning the whole statement costs more than running it. A batch as jsonb is
  // planned per statement, like the plain insert of one, with its parents' ids as values.
  const statement = sql<{
    wanted: number;
  }>`${large ? sql`` : PREPARED}with inserted as (${records} returning ${childColumns}),
    logged as (${entries}),
    a as (
      select ${relation} as grouped, ${sql.join(aggregateSelections(plans, filters))}
      from (select ${childColumns} from ${recordsTableSql(childObjectId)} as r
        where ${sql.join(children, sql` and `)}
        union all select ${childColumns} from inserted) as r
      group by 1),
    c as (
      select s.id, s.version,
        ${sql.join(slotNames.map((slot, index) => sql`${sql.ref(`s.${slot}`)} as ${sql.ref(`o${index}`)}`))},
        ${sql.join(values.map((value, index) => sql`${value} as ${sql.ref(`n${index}`)}`))}
      from ${parentTable} as s left join a on a.grouped = s.id
      where ${sql.join(parentOf('s'), sql` and `)}),
    wanted as (select * from c where ${sql.join(moved, sql` or `)}),
    changed as (
      update ${parentTable} as p set
        ${sql.join(slotNames.map((slot, index) => sql`${sql.ref(slot)} = ${sql.ref(`w.n${index}`)}`))},
        updated_by = ${refresh.updatedBy}, updated_at = ${refresh.updatedAt}::timestamptz,
        version = p.version + 1
      from wanted as w
      where ${sql.join([...parentOf('p'), sql`p.id = w.id`, sql`p.version = w.version`], sql` and `)}
      returning p.id, p.version),
    parent_audit as (
      insert into record_audit (tenant_id, object_id, record_id, version, action, actor, at, changes)
      select ${refresh.tenantId}::uuid, ${objectIdSql(refresh.parentObjectId)}, changed.id,
        changed.version, 'update', ${refresh.updatedBy}, ${refresh.updatedAt}::timestamptz,
        jsonb_strip_nulls(jsonb_build_object(${sql.join(pairs)}))
      from changed join c on c.id = changed.id)
    select 1 / (case when (select count(*) from wanted) = (select count(*) from changed)
      then 1 else 0 end) as wanted`;
  try {
    await statement.execute(executor);
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code === REFRESH_CONFLICT) return false;
    throw asDuplicate(error);
  }
}

/**
 * Every row of a batch change in one `UPDATE … FROM jsonb_to_recordset(…)` whose returned rows
 * feed the audit insert of the same statement. A slot a row does not change keeps its value.
 */
async function updateMany(
  executor: Kysely<SystemTables>,
  batch: RecordBatchChange,
): Promise<string[]> {
  const rows = batch.rows.filter((row) => UUID.test(row.id));
  if (rows.length === 0) return [];
  const slots = [...new Set(rows.flatMap((row) => Object.keys(row.slots)))].map((slot) =>
    checkedSlot(slot),
  );
  const assignments = slots.map((slot) => {
    const text = sql`(v.slots ->> ${slot}::text)`;
    const kind = slotKind(slot) ?? 'text';
    const value =
      kind === 'timestamptz'
        ? sql`date_trunc('milliseconds', ${text}::timestamptz)`
        : sql`${text}::${sql.raw(SQL_TYPES[kind])}`;
    return sql`${sql.raw(slot)} = case when v.slots ? ${slot}::text then ${value} else ${qualifiedSql(ROW, slot)} end`;
  });
  if (rows.some((row) => Object.keys(row.extra).length > 0)) {
    assignments.push(sql`extra = (r.extra || (select coalesce(jsonb_object_agg(e.key, e.value), '{}'::jsonb)
        from jsonb_each(v.extra) as e where e.value <> 'null'::jsonb))
      - array(select e.key from jsonb_each(v.extra) as e where e.value = 'null'::jsonb)`);
  }
  assignments.push(
    sql`updated_by = ${batch.updatedBy}`,
    sql`updated_at = ${batch.updatedAt}::timestamptz`,
    sql`version = r.version + 1`,
  );
  const conditions = [
    sql`r.tenant_id = ${batch.tenantId}::uuid`,
    sql`r.object_id = ${objectIdSql(batch.objectId)}`,
    sql`r.id = v.id`,
    // The named statement's generic plan guesses 100 rows from jsonb_to_recordset and joined them
    // to a sequential scan of the object's partition (11 of 13 ms for one parent of 5,000); the
    // ids as an array make it read the rows by primary key (0.1 ms).
    sql`r.id = any(${uuidArraySql(rows.map((row) => row.id))})`,
    sql`r.deleted_at is null`,
    sql`(v.expected is null or r.version = v.expected)`,
  ];
  if (batch.access) conditions.push(accessSql(batch.access, batch.tenantId));
  const payload = JSON.stringify(
    rows.map((row) => ({
      id: row.id,
      expected: row.expectedVersion,
      slots: row.slots,
      extra: row.extra,
      changes: row.changes,
    })),
  );
  const result = await sql<{ record_id: string }>`${PREPARED}with changed as (
      update records as r set ${sql.join(assignments)}
      from jsonb_to_recordset(${payload}::jsonb)
        as v(id uuid, expected integer, slots jsonb, extra jsonb, changes jsonb)
      where ${sql.join(conditions, sql` and `)}
      returning r.id, r.version, v.changes)
    insert into record_audit (tenant_id, object_id, record_id, version, action, actor, at, changes)
    select ${batch.tenantId}::uuid, ${batch.objectId}::integer, changed.id, changed.version,
      'update', ${batch.updatedBy}, ${batch.updatedAt}::timestamptz, changed.changes
    from changed
    returning record_id`.execute(executor);
  return result.rows.map((row) => row.record_id);
}

/** One column (or several holding the same value) of a batch read from a jsonb parameter. */
interface BatchColumn<T> {
  readonly targets: readonly string[];
  /** The SQL type the value is cast to; 'jsonb' values are taken as they are, never shared. */
  readonly type: string;
  readonly value: (row: T) => unknown;
  /** Wraps the column's expression (e.g. to truncate an instant). */
  readonly wrap?: (expression: RawBuilder<unknown>) => RawBuilder<unknown>;
}

/**
 * The insert column list and select list of a batch, and its rows as one JSON array of positional
 * arrays (`v->>2`). A value every row shares (the tenant, the actor, the time) is bound once
 * instead of travelling a thousand times for the driver to write and the server to parse.
 */
function batchRows<T>(
  rows: readonly T[],
  columns: readonly BatchColumn<T>[],
  alias: string,
): { targets: string[]; selects: RawBuilder<unknown>[]; payload: string } {
  const perRow: BatchColumn<T>[] = [];
  const targets: string[] = [];
  const selects: RawBuilder<unknown>[] = [];
  const [first] = rows;
  for (const column of columns) {
    const shared = first === undefined ? null : column.value(first);
    let expression: RawBuilder<unknown>;
    if (column.type !== 'jsonb' && rows.every((row) => column.value(row) === shared)) {
      expression = sql`${shared}::${sql.raw(column.type)}`;
    } else {
      const position = perRow.push(column) - 1;
      expression = sql.raw(
        column.type === 'jsonb'
          ? `${alias}->${position}`
          : `(${alias}->>${position})::${column.type}`,
      );
    }
    const selected = column.wrap === undefined ? expression : column.wrap(expression);
    for (const target of column.targets) {
      targets.push(target);
      selects.push(selected);
    }
  }
  const values: unknown[][] = new Array(rows.length);
  for (let index = 0; index < rows.length; index += 1) {
    const row = rows[index] as T;
    values[index] = perRow.map((column) => column.value(row));
  }
  return { targets, selects, payload: JSON.stringify(values) };
}

const truncateToMilliseconds = (expression: RawBuilder<unknown>) =>
  sql`date_trunc('milliseconds', ${expression})`;

/**
 * Records and their audit entries inserted in one statement whose rows come from two jsonb
 * parameters (see `batchRows`), each value cast to its column's type.
 */
function jsonInsertSql(
  rows: readonly NewRecord[],
  audit: readonly AuditEntry[],
): RawBuilder<unknown> {
  const { records, entries } = jsonInsertsSql(rows, audit);
  return sql`with inserted as (${records}) ${entries}`;
}

/** The two inserts of `jsonInsertSql`, for a statement of more parts (`insertRefreshing`). */
function jsonInsertsSql(
  rows: readonly NewRecord[],
  audit: readonly AuditEntry[],
): { records: RawBuilder<unknown>; entries: RawBuilder<unknown> } {
  const slotSet = new Set<string>();
  for (const row of rows) for (const slot of Object.keys(row.slots)) slotSet.add(slot);
  const recordColumns: BatchColumn<NewRecord>[] = [
    { targets: ['tenant_id'], type: 'uuid', value: (row) => row.tenantId },
    { targets: ['object_id'], type: 'integer', value: (row) => row.objectId },
    { targets: ['id'], type: 'uuid', value: (row) => row.id },
    { targets: ['owner_id'], type: 'uuid', value: (row) => row.ownerId },
    { targets: ['created_by', 'updated_by'], type: 'text', value: (row) => row.createdBy },
    { targets: ['created_at', 'updated_at'], type: 'timestamptz', value: (row) => row.createdAt },
    { targets: ['extra'], type: 'jsonb', value: (row) => withoutNulls(row.extra) },
    ...[...slotSet].map((slot): BatchColumn<NewRecord> => {
      const kind = slotKind(checkedSlot(slot)) ?? 'text';
      return {
        targets: [slot],
        type: SQL_TYPES[kind],
        value: (row) => row.slots[slot] ?? null,
        ...(kind === 'timestamptz' ? { wrap: truncateToMilliseconds } : {}),
      };
    }),
  ];
  const auditColumns: BatchColumn<AuditEntry>[] = [
    { targets: ['tenant_id'], type: 'uuid', value: (entry) => entry.tenantId },
    { targets: ['object_id'], type: 'integer', value: (entry) => entry.objectId },
    { targets: ['record_id'], type: 'uuid', value: (entry) => entry.id },
    { targets: ['version'], type: 'integer', value: (entry) => entry.version },
    { targets: ['action'], type: 'text', value: (entry) => entry.action },
    { targets: ['actor'], type: 'text', value: (entry) => entry.actorId },
    { targets: ['at'], type: 'timestamptz', value: (entry) => entry.at },
    { targets: ['changes'], type: 'jsonb', value: (entry) => entry.changes },
  ];
  const records = batchRows(rows, recordColumns, 'v');
  const entries = batchRows(audit, auditColumns, 'a');
  return {
    records: sql`insert into ${insertTargetSql(rows)} (${sql.raw(records.targets.join(', '))})
      select ${sql.join(records.selects)}
      from jsonb_array_elements(${records.payload}::jsonb) as v`,
    entries: sql`insert into record_audit (${sql.raw(entries.targets.join(', '))})
      select ${sql.join(entries.selects)}
      from jsonb_array_elements(${entries.payload}::jsonb) as a`,
  };
}

/** One multi-row INSERT into `records`; undefined for no rows. */
function insertRecordsSql(rows: readonly NewRecord[]): RawBuilder<unknown> | undefined {
  if (rows.length === 0) return undefined;
  const slots = [...new Set(rows.flatMap((row) => Object.keys(row.slots)))].map((slot) =>
    checkedSlot(slot),
  );
  const columns = [
    'tenant_id',
    'object_id',
    'id',
    'owner_id',
    'created_by',
    'updated_by',
    'created_at',
    'updated_at',
    'extra',
    ...slots,
    // Fixed names and checked slots: one raw fragment each, no reference for kysely to visit.
  ].map((column) => sql.raw(column));
  const values = rows.map((row) => {
    const rowValues = [
      sql`${row.tenantId}::uuid`,
      sql`${row.objectId}::integer`,
      sql`${row.id}::uuid`,
      sql`${row.ownerId}::uuid`,
      sql`${row.createdBy}`,
      sql`${row.createdBy}`,
      sql`${row.createdAt}::timestamptz`,
      sql`${row.createdAt}::timestamptz`,
      sql`${JSON.stringify(withoutNulls(row.extra))}::jsonb`,
      ...slots.map((slot) => slotValueSql(slot, row.slots[slot] ?? null)),
    ];
    return sql`(${sql.join(rowValues)})`;
  });
  return sql`insert into ${insertTargetSql(rows)} (${sql.join(columns)}) values ${sql.join(values)}`;
}

/**
 * Where new rows go: the partition of their object when they share one (ADR 0010), so that
 * PostgreSQL neither routes each row nor sets the routing up per statement; else `records`.
 */
function insertTargetSql(rows: readonly NewRecord[]): RawBuilder<unknown> {
  const objectId = rows[0]?.objectId;
  return objectId !== undefined && rows.every((row) => row.objectId === objectId)
    ? recordsTableSql(objectId)
    : sql`records`;
}

/**
 * A value written into a slot. Instants are kept to the millisecond, the precision of their JSON
 * form, so that a keyset cursor built from a row read back matches that row exactly.
 */
function slotValueSql(slot: string, value: StoredValue): RawBuilder<unknown> {
  if (slotKind(slot) === 'timestamptz') {
    return sql`date_trunc('milliseconds', ${value}::timestamptz)`;
  }
  return sql`${value}`;
}

/** One multi-row INSERT into `record_audit`; undefined for no entries. */
function insertAuditSql(entries: readonly AuditEntry[]): RawBuilder<unknown> | undefined {
  if (entries.length === 0) return undefined;
  const values = entries.map(
    (entry) => sql`(${entry.tenantId}::uuid, ${entry.objectId}::integer, ${entry.id}::uuid,
      ${entry.version}::integer, ${entry.action}, ${entry.actorId}, ${entry.at}::timestamptz,
      ${JSON.stringify(entry.changes)}::jsonb)`,
  );
  return sql`insert into record_audit
    (tenant_id, object_id, record_id, version, action, actor, at, changes)
    values ${sql.join(values)}`;
}

/**
 * Runs a data-modifying statement returning the new `version` and, in the same statement, appends
 * the audit entry with that version; true when a row changed.
 */
async function writeWithAudit(
  executor: Kysely<SystemTables>,
  write: RawBuilder<unknown>,
  audit: AuditEntry,
): Promise<boolean> {
  const result = await sql<{ version: number }>`${PREPARED}with changed as (${write})
    insert into record_audit (tenant_id, object_id, record_id, version, action, actor, at, changes)
    select ${audit.tenantId}::uuid, ${audit.objectId}::integer, ${audit.id}::uuid, changed.version,
      ${audit.action}, ${audit.actorId}, ${audit.at}::timestamptz, ${JSON.stringify(audit.changes)}::jsonb
    from changed
    returning version`.execute(executor);
  return result.rows.length > 0;
}

async function changeLifecycle(
  executor: Kysely<SystemTables>,
  change: RecordLifecycleChange,
  audit: AuditEntry,
  action: 'delete' | 'restore',
): Promise<boolean> {
  if (!UUID.test(change.id)) return false;
  const deletedAt = action === 'delete' ? sql`${change.at}::timestamptz` : sql`null`;
  const state = action === 'delete' ? sql`r.deleted_at is null` : sql`r.deleted_at is not null`;
  const conditions = [refSql(change), state, ...guardSql(change)];
  try {
    return await writeWithAudit(
      executor,
      sql`update records as r set deleted_at = ${deletedAt}, updated_by = ${change.actorId},
        updated_at = ${change.at}::timestamptz, version = r.version + 1
        where ${sql.join(conditions, sql` and `)} returning r.version`,
      audit,
    );
  } catch (error) {
    // Restoring a row can collide with a live row that took its unique value meanwhile.
    throw asDuplicate(error);
  }
}

function toStoredRecord(
  ref: { readonly tenantId: string; readonly objectId: number },
  row: Row,
  slots: readonly string[],
  extraKeys: ReadonlySet<string> | undefined,
): StoredRecord {
  return rowDecoderOf(slots)(ref, row, extraKeys);
}

/**
 * Rows of a statement marked ROWS_AS_ARRAYS selecting `selectedColumns(...)`: arrays in
 * select-list order on `pg`, objects keyed by column on PGlite.
 */
function decodeRows(
  ref: { readonly tenantId: string; readonly objectId: number },
  rows: readonly (Row | unknown[])[],
  slots: readonly string[],
  extraKeys: ReadonlySet<string>,
): StoredRecord[] {
  const first = rows[0];
  if (first === undefined) return [];
  if (!Array.isArray(first)) {
    const decode = rowDecoderOf(slots);
    return (rows as Row[]).map((row) => decode(ref, row, extraKeys));
  }
  const withExtra = extraKeys.size > 0;
  const columns = SYSTEM_COLUMNS + slots.length + (withExtra ? 1 : 0);
  if (first.length !== columns) {
    throw new TypeError(`expected rows of ${columns} columns, got ${first.length}`);
  }
  const decode = arrayRowDecoderOf(slots, withExtra);
  return (rows as unknown[][]).map((row) => decode(ref, row, extraKeys));
}

/** A generated function turning one row, an object (`Row`) or an array, into a stored record. */
type Decoder<R> = (
  ref: { readonly tenantId: string; readonly objectId: number },
  row: R,
  extraKeys: ReadonlySet<string> | undefined,
) => StoredRecord;

type ArrayRowDecoder = Decoder<readonly unknown[]>;

/** Per list of slots read, the decoders of rows read as arrays: without and with `extra`. */
const arrayRowDecoders = new WeakMap<readonly string[], [ArrayRowDecoder?, ArrayRowDecoder?]>();

/** `rowDecoderOf` for a row read as an array: SYSTEM_SELECT's columns, the slots, `extra`. */
function arrayRowDecoderOf(slots: readonly string[], withExtra: boolean): ArrayRowDecoder {
  let known = arrayRowDecoders.get(slots);
  if (known === undefined) {
    known = [];
    arrayRowDecoders.set(slots, known);
  }
  let decode = known[withExtra ? 1 : 0];
  if (decode === undefined) {
    decode = generateDecoder(slots, {
      system: (name) => `row[${SYSTEM_COLUMN_NAMES.indexOf(name)}]`,
      slot: (_slot, i) => `row[${SYSTEM_COLUMNS + i}]`,
      extra: withExtra ? `row[${SYSTEM_COLUMNS + slots.length}]` : 'undefined',
    });
    known[withExtra ? 1 : 0] = decode;
  }
  return decode;
}

type RowDecoder = Decoder<Row>;

/** Per list of slots read (interned, see `internedSlots`), the function decoding such a row. */
const rowDecoders = new WeakMap<readonly string[], RowDecoder>();

/**
 * The decoder of rows carrying `slots`, generated once per list: its body reads and writes fixed
 * property names, so each access has its own monomorphic inline cache where a loop over the
 * slots made every read and store megamorphic. Slot names come from the closed list of slot
 * columns (`SLOT_NAMES`) and are embedded as JSON string literals.
 */
function rowDecoderOf(slots: readonly string[]): RowDecoder {
  let decode = rowDecoders.get(slots);
  if (decode === undefined) {
    decode = generateDecoder(slots, {
      system: (name) => `row[${JSON.stringify(name)}]`,
      slot: (slot) => `row[${JSON.stringify(slot)}]`,
      extra: 'row.extra',
    });
    rowDecoders.set(slots, decode);
  }
  return decode;
}

/** Where a generated row decoder reads each column: JavaScript expressions over `row`. */
interface RowLayout {
  readonly system: (name: (typeof SYSTEM_COLUMN_NAMES)[number]) => string;
  readonly slot: (slot: string, index: number) => string;
  readonly extra: string;
}

/** A row decoder for `slots` reading its columns where `layout` says: by name or by index. */
function generateDecoder<R>(slots: readonly string[], layout: RowLayout): Decoder<R> {
  const at = layout.system;
  const slotEntries = slots.map((slot, i) => {
    const read = layout.slot(slot, i);
    return `${JSON.stringify(slot)}: ${INSTANT_SLOTS.has(slot) ? 'instantOrNull' : 'storedOrNull'}(${read})`;
  });
  const body = `return function decodeRow(ref, row, extraKeys) {
  const deletedAt = ${at('deleted_at')};
  return {
    tenantId: ref.tenantId,
    objectId: ref.objectId,
    id: ${at('id')},
    ownerId: ${at('owner_id')} ?? null,
    createdBy: ${at('created_by')},
    createdAt: isoInstant(${at('created_at')}),
    updatedBy: ${at('updated_by')},
    updatedAt: isoInstant(${at('updated_at')}),
    version: ${at('version')},
    deletedAt: deletedAt === null || deletedAt === undefined ? null : isoInstant(deletedAt),
    slots: {${slotEntries.join(', ')}},
    extra: pickExtra(${layout.extra}, extraKeys),
  };
};`;
  return new Function('isoInstant', 'instantOrNull', 'storedOrNull', 'pickExtra', body)(
    isoInstant,
    instantOrNull,
    storedOrNull,
    pickExtra,
  ) as Decoder<R>;
}

function instantOrNull(value: unknown): StoredValue {
  return value === null || value === undefined ? null : isoInstant(value as Date | string);
}

function storedOrNull(value: unknown): StoredValue {
  return typeof value === 'string' ? value : toStoredValue(value);
}

/** The `timestamptz` slots: read as text (`selectedColumns`) or as a Date (`r.*`). */
const INSTANT_SLOTS: ReadonlySet<string> = new Set(
  SLOT_NAMES.filter((slot) => slotKind(slot) === 'timestamptz'),
);

/** The keys of `extra` a read asked for (all when `keys` is undefined). */
function pickExtra(
  extra: Readonly<Record<string, ExtraValue>> | null | undefined,
  keys: ReadonlySet<string> | undefined,
): Record<string, ExtraValue> {
  if (extra === null || extra === undefined) return {};
  if (keys === undefined) return extra as Record<string, ExtraValue>;
  const picked: Record<string, ExtraValue> = {};
  for (const key of keys) {
    if (Object.hasOwn(extra, key)) picked[key] = extra[key] as ExtraValue;
  }
  return picked;
}

/** A column value in the port's JSON form: instants as ISO strings, counts as decimal text. */
function toStoredValue(value: unknown): StoredValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  throw new TypeError(`unexpected column value of type ${typeof value}`);
}

function withoutNulls(extra: Readonly<Record<string, ExtraValue>>): Record<string, ExtraValue> {
  const kept: Record<string, ExtraValue> = {};
  for (const key of Object.keys(extra)) {
    const value = extra[key];
    if (value !== null && value !== undefined) kept[key] = value;
  }
  return kept;
}

/** A unique violation on a runtime-managed index as RECORD_DUPLICATE; anything else unchanged. */
function asDuplicate(error: unknown): unknown {
  const failure = error as { code?: unknown; constraint?: unknown };
  if (failure?.code !== '23505' || typeof failure.constraint !== 'string') return error;
  if (!failure.constraint.startsWith(INDEX_PREFIX)) return error;
  return RECORD_DUPLICATE({ index: failure.constraint }, undefined, error);
}

/** Prefix of every runtime-managed index name, so they never meet the migrations' names. */
const INDEX_PREFIX = 'rx_';

const INDEX_NAME = /^[a-z][a-z0-9_]{0,15}$/;

/**
 * Creates the indexes of one object that do not exist yet, on the object's partition of
 * `records` (ADR 0010). Btree indexes follow ADR 0006: `(tenant_id, <columns>, id) WHERE
 * object_id = N AND deleted_at IS NULL`, shared by the objects of that id in every tenant. Unique
 * and trigram indexes also name the tenant in their predicate: uniqueness holds per tenant's
 * object, and a GIN index cannot lead with tenant_id. Sparse ones also leave out rows whose
 * columns are empty (ADR 0015); one that replaces another drops it once built.
 */
async function ensureIndexes(
  db: Database,
  tenantId: string,
  objectId: number,
  indexes: readonly IndexSpec[],
): Promise<void> {
  if (indexes.length > MAX_INDEXES_PER_OBJECT) {
    throw LIMIT_EXCEEDED({
      limit: 'indexes_per_object',
      max: MAX_INDEXES_PER_OBJECT,
      actual: indexes.length,
    });
  }
  // DDL takes no bound parameters: the tenant and object id are checked, then written as literals.
  if (!UUID.test(tenantId)) throw new TypeError(`not a tenant id: ${tenantId}`);
  const partition = recordPartitionOf(objectId);
  const tenantKey = tenantId.toLowerCase().replaceAll('-', '');
  for (const index of indexes) {
    if (!INDEX_NAME.test(index.name)) throw new TypeError(`not an index name: ${index.name}`);
    if (index.columns.length === 0) throw new TypeError(`index ${index.name} has no column`);
    const columns = index.columns.map((column) => indexColumn(column));
    const perTenant = index.unique || index.method === 'trgm';
    const sqlName = (indexName: string) =>
      perTenant
        ? `${INDEX_PREFIX}${tenantKey}_${objectId}_${indexName}`
        : `${INDEX_PREFIX}o${objectId}_${indexName}`;
    const name = sqlName(index.name);
    if (index.replaces !== undefined && (!perTenant || !INDEX_NAME.test(index.replaces))) {
      throw new TypeError(`index ${index.name} cannot replace ${index.replaces}`);
    }
    const [statisticsColumn, ...more] = columns;
    if (
      index.statistics === true &&
      (index.method !== 'btree' || statisticsColumn === undefined || more.length > 0)
    ) {
      throw new TypeError(`only a one-column btree asks for statistics, not ${index.name}`);
    }
    const live = perTenant
      ? `tenant_id = '${tenantId.toLowerCase()}' and object_id = ${objectId} and deleted_at is null`
      : `object_id = ${objectId} and deleted_at is null`;
    // A comparison on the column implies it is not null, so the planner proves this predicate
    // from the filter itself (also from `= any($1)` and `lower(col) like …` in generic plans).
    const predicate =
      index.sparse === true
        ? `${live} and ${columns.map((column) => `${column} is not null`).join(' and ')}`
        : live;
    let definition: string;
    if (index.method === 'trgm') {
      if (!(await hasTrigram(db))) continue;
      // Over lower(column), not the column: pg_trgm also answers `=`, and the planner took this
      // index for the equality of a uniqueness check, a trigram search per value (1,000 names
      // of a bulk create: 3–6 s against 3 ms through the btree). Search matches lower(column).
      definition = `using gin (${columns.map((column) => `lower(${column}) gin_trgm_ops`).join(', ')})`;
    } else {
      const keys = index.unique ? columns : [...columns, 'id'];
      definition = `(tenant_id, ${keys.join(', ')})`;
    }
    await createIndex(db, name, partition, index.unique, definition, predicate);
    // Only once its successor is built and valid: uniqueness is enforced throughout.
    if (index.replaces !== undefined) await dropIndex(db, sqlName(index.replaces));
    if (index.statistics === true && statisticsColumn !== undefined) {
      // The planner learns how the column's few values depend on the tenant and object. One
      // statistics object per partition and slot serves every object using that slot there
      // (the definition names no object). No functional dependencies (ADR 0018): the
      // most-common-values list answers every equality and `in` on these columns first, and
      // dependencies cost more than half of building the object.
      await sql
        .raw(
          `create statistics if not exists ${recordStatisticsName(objectId, statisticsColumn)} (${RECORD_STATISTICS_KINDS.join(', ')}) on tenant_id, object_id, ${statisticsColumn} from ${partition}`,
        )
        .execute(db.kysely);
    }
  }
}

function indexColumn(column: ColumnRef): string {
  if (column.kind === 'slot') return checkedSlot(column.slot, column.type);
  throw new TypeError(`only slot columns are indexed, not ${JSON.stringify(column)}`);
}

async function hasTrigram(db: Database): Promise<boolean> {
  const result = await sql<{ found: boolean }>`select exists (
    select 1 from pg_extension where extname = 'pg_trgm') as found`.execute(db.kysely);
  return result.rows[0]?.found === true;
}

/** ` concurrently` on PostgreSQL (no long lock on `records`), nothing on PGlite. */
function concurrentlySql(db: Database): string {
  return db.backend === 'postgres' ? ' concurrently' : '';
}

/** Drops a runtime index if it exists, concurrently on PostgreSQL. */
async function dropIndex(db: Database, name: string): Promise<void> {
  await sql.raw(`drop index${concurrentlySql(db)} if exists ${name}`).execute(db.kysely);
}

/**
 * `CREATE INDEX CONCURRENTLY IF NOT EXISTS` on PostgreSQL (no long lock on `records`); plain on
 * PGlite, which has a single connection anyway. An index left invalid by a failed concurrent build
 * is dropped and built again.
 */
async function createIndex(
  db: Database,
  name: string,
  table: string,
  unique: boolean,
  definition: string,
  predicate: string,
): Promise<void> {
  const concurrently = concurrentlySql(db);
  const invalid = await sql<{ invalid: boolean }>`select not i.indisvalid as invalid
    from pg_index i join pg_class c on c.oid = i.indexrelid
    where c.relname = ${name}`.execute(db.kysely);
  if (invalid.rows[0]?.invalid === true) await dropIndex(db, name);
  await sql
    .raw(
      `create ${unique ? 'unique ' : ''}index${concurrently} if not exists ${name} on ${table} ${definition} where ${predicate}`,
    )
    .execute(db.kysely);
}
