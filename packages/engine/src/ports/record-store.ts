/**
 * The storage port of the record runtime: the generic `records` table of ADR 0006 and its
 * companions (object ids, autonumber counters, idempotency keys, the append-only audit log).
 * The engine decides what to write; an adapter (packages/db) decides how. Every member is
 * scoped by tenant, and values follow the JSON conventions of `records/record-plan.ts`.
 */
import type {
  ColumnRef,
  ExtraColumn,
  PlanValue,
  RecordAccess,
  RecordAggregatePlan,
  RecordQueryPlan,
  SlotColumn,
} from '../records/record-plan.js';

/** The JSON form of one stored value (see record-plan.ts); null for empty. */
export type StoredValue = PlanValue | null;

/** Any JSON value kept in `extra`. */
export type ExtraValue =
  | string
  | number
  | boolean
  | null
  | ExtraValue[]
  | { [key: string]: ExtraValue };

/** Identifies one record. */
export interface RecordRef {
  readonly tenantId: string;
  readonly objectId: number;
  readonly id: string;
}

/** One row of `records` as read: system columns, the slots read, and `extra` (the keys read). */
export interface StoredRecord extends RecordRef {
  readonly ownerId: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedBy: string;
  readonly updatedAt: string;
  readonly version: number;
  readonly deletedAt: string | null;
  /** Slot name (`t1`, `n3` …) → value; a slot not read or empty may be absent or null. */
  readonly slots: Readonly<Record<string, StoredValue>>;
  /** Field name → value held in `extra`. */
  readonly extra: Readonly<Record<string, ExtraValue>>;
}

/** A row to insert, with version 1 and no deleted_at. */
export interface NewRecord extends RecordRef {
  readonly ownerId: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly slots: Readonly<Record<string, StoredValue>>;
  readonly extra: Readonly<Record<string, ExtraValue>>;
}

/**
 * A change of one row: sets `slots`, merges `extra` (a null removes the key), sets updated_by /
 * updated_at and `version = expectedVersion + 1` — only if the stored version is
 * `expectedVersion` (any version when null), the row is live, and `access` holds.
 */
export interface RecordChange extends RecordRef {
  readonly expectedVersion: number | null;
  readonly updatedBy: string;
  readonly updatedAt: string;
  readonly slots: Readonly<Record<string, StoredValue>>;
  readonly extra: Readonly<Record<string, ExtraValue>>;
  readonly access?: RecordAccess | null;
}

/**
 * Changes of several rows of one object by one actor at one instant, each applied like a
 * `RecordChange` (only at its expected version, live, where `access` holds) with an `update`
 * audit entry listing its `changes`.
 */
export interface RecordBatchChange {
  readonly tenantId: string;
  readonly objectId: number;
  readonly updatedBy: string;
  readonly updatedAt: string;
  readonly access?: RecordAccess | null;
  readonly rows: readonly {
    readonly id: string;
    readonly expectedVersion: number | null;
    readonly slots: Readonly<Record<string, StoredValue>>;
    readonly extra: Readonly<Record<string, ExtraValue>>;
    /** Field name → [before, after] in API JSON, for the audit entry. */
    readonly changes: Readonly<Record<string, readonly [unknown, unknown]>>;
  }[];
}

/**
 * The parents whose rollups a batch of new children moves, refreshed in the statement that
 * inserts the children (`insertRefreshing`). Each rollup is recomputed over the children
 * committed so far plus the new ones, stored in its numeric slot of the parent, and audited.
 */
export interface RollupRefresh {
  readonly tenantId: string;
  readonly parentObjectId: number;
  /** The child's column holding the parent's id. */
  readonly relationColumn: ColumnRef;
  readonly updatedBy: string;
  readonly updatedAt: string;
  readonly rollups: readonly {
    /** The parent's field (the audit key) and its numeric slot. */
    readonly field: string;
    readonly slot: string;
    /** The aggregate over the child object, with the rollup's filter as `where`. */
    readonly plan: RecordAggregatePlan;
    /** The parents whose value of this rollup can move. */
    readonly parents: readonly string[];
  }[];
}

/** Soft delete or restore of one row, with the same version and access checks as RecordChange. */
export interface RecordLifecycleChange extends RecordRef {
  readonly expectedVersion: number | null;
  readonly actorId: string;
  readonly at: string;
  readonly access?: RecordAccess | null;
}

/** One entry of the append-only audit log: who changed what, when, field by field. */
export interface AuditEntry extends RecordRef {
  readonly action: 'create' | 'update' | 'delete' | 'restore';
  readonly actorId: string;
  readonly at: string;
  /** The record's version after the change. */
  readonly version: number;
  /** Field name → [before, after] in API JSON; for create, before is null. */
  readonly changes: Readonly<Record<string, readonly [unknown, unknown]>>;
}

/** A page read by `query`. */
export interface RecordPage {
  readonly rows: readonly StoredRecord[];
  /** Present unless the plan's count mode was 'none'. */
  readonly count?: { readonly value: number; readonly exact: boolean };
}

/** The first response to a create sent with an Idempotency-Key, replayed on retries. */
export interface IdempotentResponse {
  readonly tenantId: string;
  readonly key: string;
  /** A hash of the request (object and body), to tell a retry from a reuse of the key. */
  readonly requestHash: string;
  readonly status: number;
  readonly body: unknown;
  readonly createdAt: string;
}

/** A runtime-managed index of one object (partial `WHERE object_id = N AND deleted_at IS NULL`). */
export interface IndexSpec {
  /** Stable name within the object, e.g. `n3` or `t1_trgm`; the store derives the SQL name. */
  readonly name: string;
  /** Indexed columns after the leading tenant_id (`id` is appended for btree non-unique). */
  readonly columns: readonly ColumnRef[];
  readonly method: 'btree' | 'trgm';
  readonly unique: boolean;
  /**
   * Holds only rows whose column has a value (`… AND <slot> IS NOT NULL`): for indexes that serve
   * comparisons and text matches alone, which never match an empty value. A row leaving the field
   * empty then costs this index nothing on write.
   */
  readonly sparse?: boolean;
  /**
   * The name of an index of the same tenant's object this one supersedes, dropped once this one
   * is built (so a unique index changes definition without a moment of unenforced uniqueness).
   * Only for indexes of one tenant (unique and trigram ones): the others are shared by tenants.
   */
  readonly replaces?: string;
  /**
   * The store also keeps extended statistics of the column with `tenant_id` and `object_id`: for
   * a column of a few values (a single select), whose mix differs between the tenants and objects
   * sharing a partition. Useless for free text, dates or numbers, and costly to gather: one such
   * object on the name took a third of an ANALYZE of an opportunity partition. One-column btrees
   * only.
   */
  readonly statistics?: boolean;
}

/** What a record transaction can do: everything but nesting and index builds. */
export interface RecordTransaction {
  /**
   * Runs `work` so that, should it throw, what it wrote is undone and the transaction goes on
   * (a savepoint): one row of a bulk write fails alone, and a statement that failed in it does
   * not abort the rest. Outside a transaction `work` runs as it is.
   */
  savepoint<T>(work: () => Promise<T>): Promise<T>;
  /** The object's small integer id in `record_objects`, creating the row on first use. */
  resolveObjectId(tenantId: string, objectName: string): Promise<number>;
  /** One page of records (and the count when asked). */
  query(plan: RecordQueryPlan): Promise<RecordPage>;
  /** One value of an aggregate (numerics as decimal strings, null over no rows but count 0). */
  aggregate(plan: RecordAggregatePlan): Promise<StoredValue>;
  /**
   * One row: its system columns and the slot and extra `columns` asked (every slot and all of
   * `extra` when absent); `lock` locks it until the transaction ends (see RowLock).
   */
  getById(
    ref: RecordRef,
    options?: {
      readonly includeDeleted?: boolean;
      readonly lock?: RowLock;
      readonly access?: RecordAccess | null;
      readonly columns?: readonly ColumnRef[];
    },
  ): Promise<StoredRecord | undefined>;
  /**
   * Per value of `groupBy` in `groups`: each plan's aggregate over its rows holding that value, in
   * plan order, all in one grouped statement. The plans are of one tenant and object. A group no
   * plan has rows for is absent; in a present one, a plan without rows gives what `aggregate`
   * gives for none ('0' for a count, null otherwise). Refreshes the rollups of many parents.
   */
  aggregateGroups(
    plans: readonly RecordAggregatePlan[],
    groupBy: ColumnRef,
    groups: readonly string[],
  ): Promise<Map<string, StoredValue[]>>;
  /**
   * Which of `ids` are live records of the object that `access` reaches (null: any): one
   * statement reading ids only, for checking what lookups name. With `lock` 'key share' the ids
   * found stay live until the transaction ends: a delete of one waits for it (see RowLock).
   */
  liveIds(
    tenantId: string,
    objectId: number,
    ids: readonly string[],
    access: RecordAccess | null,
    options?: { readonly lock?: 'key share' },
  ): Promise<Set<string>>;
  /**
   * The rows of one object with these ids, in id order, with the system columns and `columns`;
   * `lock` locks them in that order, so that concurrent writers never deadlock on them.
   */
  getByIds(
    tenantId: string,
    objectId: number,
    ids: readonly string[],
    options: {
      readonly columns: readonly ColumnRef[];
      readonly lock?: RowLock;
      readonly includeDeleted?: boolean;
    },
  ): Promise<StoredRecord[]>;
  /** Applies a batch of changes and their audit entries in one statement; the ids written. */
  updateMany(batch: RecordBatchChange): Promise<string[]>;
  /** Inserts rows and their audit entries; a unique index violation throws RECORD_DUPLICATE. */
  insert(rows: readonly NewRecord[], audit: readonly AuditEntry[]): Promise<void>;
  /**
   * `insert`, and in the same statement the refresh of the parents' rollups the rows move, with
   * the parents' audit entries: one round trip, atomic without a transaction. False, having
   * written nothing, when a parent changed between the statement's snapshot and its update (a
   * concurrent writer): the caller then writes in a transaction that locks the parents first.
   * Optional: a store without it is always written the locking way.
   */
  insertRefreshing?(
    rows: readonly NewRecord[],
    audit: readonly AuditEntry[],
    refresh: RollupRefresh,
  ): Promise<boolean>;
  /** Applies a change and its audit entry; false, writing nothing, when stale or not found. */
  update(change: RecordChange, audit: AuditEntry): Promise<boolean>;
  /** Sets deleted_at (and bumps version); false, writing nothing, when stale, gone or not found. */
  softDelete(change: RecordLifecycleChange, audit: AuditEntry): Promise<boolean>;
  /** Clears deleted_at (and bumps version); false when the row is not deleted or not found. */
  restore(change: RecordLifecycleChange, audit: AuditEntry): Promise<boolean>;
  /** The next value (1, 2, 3 …) of an atomic counter per (tenant, object, field, period key). */
  nextAutonumber(
    tenantId: string,
    objectId: number,
    field: string,
    periodKey: string,
  ): Promise<number>;
  /** The stored response of an idempotency key stored at or after `notBefore`, if any. */
  getIdempotent(
    tenantId: string,
    key: string,
    notBefore: string,
  ): Promise<IdempotentResponse | undefined>;
  /**
   * Stores a response under its key, replacing one stored before `replaceBefore` (expired);
   * false, writing nothing, when the key is taken by a response that has not expired. Also
   * deletes a few other expired responses of the tenant, more than one per put, so that keys
   * never sent again do not pile up.
   */
  putIdempotent(response: IdempotentResponse, replaceBefore: string): Promise<boolean>;
  /** The audit entries of one record, newest first. */
  history(tenantId: string, objectId: number, id: string): Promise<AuditEntry[]>;
  /**
   * The records `actorId` wrote last, from the audit log: each record once, at its latest write,
   * newest first, at most `limit`, of the objects named when `objects` is given. Deleted records
   * are among them; the caller reads the records themselves under the writer's access.
   */
  recentWrites(
    tenantId: string,
    actorId: string,
    options: { readonly objects?: readonly string[]; readonly limit: number },
  ): Promise<RecentWrite[]>;
}

/** A record someone wrote, and when they last did. */
export interface RecentWrite {
  readonly object: string;
  readonly id: string;
  readonly at: string;
}

/** Where one field's values are kept: a slot column, or a key of `extra`. */
export type ValueColumn = SlotColumn | ExtraColumn;

/** One record's value in one column, with the version it was read at. */
export interface ColumnValue {
  readonly id: string;
  readonly version: number;
  readonly value: StoredValue | ExtraValue;
}

/** One record's values in several columns, in the order asked, with the version read. */
export interface ColumnValues {
  readonly id: string;
  readonly version: number;
  readonly values: readonly (StoredValue | ExtraValue)[];
}

/**
 * A row lock held until the transaction ends. 'update': the row is about to be changed, its id
 * stays (PostgreSQL's FOR NO KEY UPDATE, which leaves other writers' 'key share' alone). 'delete':
 * the row is about to be deleted, so it waits for every transaction that named it as a master or
 * a restricting lookup target ('key share') to end, and their new children are then seen by the
 * cascade or the restrict check (FOR UPDATE). 'key share': the row must stay live while the
 * transaction writes records naming it.
 */
export type RowLock = 'update' | 'delete' | 'key share';

/** The record store port implemented by packages/db. */
export interface RecordStore extends RecordTransaction {
  /**
   * Up to `limit` rows of one object (soft-deleted ones too) ordered by id after `afterId`, each
   * with its values in `columns`: the keyset scan of a field type change.
   */
  readColumnBatch(
    tenantId: string,
    objectId: number,
    columns: readonly ValueColumn[],
    afterId: string | null,
    limit: number,
  ): Promise<ColumnValues[]>;
  /**
   * Sets `column` of each row (null empties it) in one short statement, only where the row is
   * still at the version given, without bumping versions or writing audit (the values moved,
   * the records did not change); returns the ids written.
   */
  writeColumnBatch(
    tenantId: string,
    objectId: number,
    column: ValueColumn,
    rows: readonly ColumnValue[],
  ): Promise<string[]>;
  /** Runs `work` in one database transaction, rolled back if it throws. */
  transaction<T>(work: (tx: RecordTransaction) => Promise<T>): Promise<T>;
  /** Creates missing indexes (concurrently, outside any transaction); idempotent. */
  ensureIndexes(tenantId: string, objectId: number, indexes: readonly IndexSpec[]): Promise<void>;
}
