import { type AppError, isAppError, PRECONDITION_REQUIRED } from '@tangram/errors';
import { evaluateRule } from '@tangram/logic';
import {
  type FieldDef,
  type FilterNode,
  type ObjectDoc,
  SYSTEM_FIELD_NAMES,
} from '@tangram/schema';
import { rollupType } from '../field-types/rollup.js';
import { isSameJson } from '../metadata/json-diff.js';
import { METADATA_NOT_FOUND } from '../metadata/metadata-errors.js';
import type { MetadataContext, MetadataService } from '../metadata/metadata-service.js';
import type { Clock } from '../ports/clock.js';
import type {
  AuditEntry,
  NewRecord,
  RecordBatchChange,
  RecordRef,
  RecordStore,
  RecordTransaction,
  RollupRefresh,
  StoredRecord,
} from '../ports/record-store.js';
import { allocateSlots } from './allocate-slots.js';
import { autonumberPeriod, formatAutonumber } from './autonumber-pattern.js';
import { canonicalJson } from './canonical-json.js';
import { type CreateBatcherOptions, createBatcher } from './create-batcher.js';
import {
  compareDecimals,
  conditionColumns,
  evaluateCondition,
  readColumn,
  recordOfColumns,
} from './evaluate-condition.js';
import {
  type ConversionFailureMode,
  createFieldTypeChanges,
  type FieldTypeChangePreview,
  type FieldTypeChangeResult,
} from './field-type-change.js';
import { indexSpecsOf } from './index-specs.js';
import {
  type PlanQueryContext,
  planQuery,
  type QueryLimits,
  type RecordQueryRequest,
  type ResolvedObject,
} from './plan-query.js';
import {
  type ApiRecord,
  type FieldValue,
  readStoredValue,
  serializeValue,
  toApiRecord,
  toStoredColumns,
} from './record-codec.js';
import { cursorAfter } from './record-cursor.js';
import {
  IDEMPOTENCY_KEY_REUSED,
  LIMIT_EXCEEDED,
  OBJECT_NOT_FOUND,
  QUERY_INVALID,
  RECORD_INVALID,
  RECORD_NOT_FOUND,
  RECORD_PARENT_DELETED,
  RECORD_REFERENCED,
  RECORD_STALE,
  type RecordIssue,
} from './record-errors.js';
import { createRecordIdGenerator } from './record-id.js';
import type { RecordIssueCode } from './record-issue-codes.js';
import {
  assertNever,
  type ColumnRef,
  MATCH_ALL,
  type PlanCondition,
  type RecordAccess,
  type RecordAggregatePlan,
  type RecordQueryPlan,
  systemColumn,
} from './record-plan.js';
import { columnOfField } from './slots.js';
import {
  compileRecordValidator,
  type RecordValidator,
  recomputeFormulas,
} from './validate-record.js';

/** Who is asking: tenant, actor, and the access predicate the access planner made for them. */
export interface RecordContext extends MetadataContext {
  readonly access?: RecordAccess | null;
  /** Field-level security of the caller (see PlanQueryContext.fieldAccess); all 'read' when omitted. */
  readonly fieldAccess?: PlanQueryContext['fieldAccess'];
  /** The record predicate of the caller on another object (lookup expansions); none when omitted. */
  readonly accessOf?: (objectName: string) => Promise<RecordAccess | null>;
  /** The locale of validation-rule messages. */
  readonly locale?: string;
}

/** What the record service needs from the outside world. */
export interface RecordServiceDeps {
  readonly metadata: MetadataService;
  readonly store: RecordStore;
  readonly clock: Clock;
  /** Makes record ids; time-ordered uuids (version 7, see record-id.ts) when omitted. */
  readonly idGen?: () => string;
  /** The tenant time zone deciding "today" (autonumbers, relative dates); Asia/Shanghai if omitted. */
  readonly timeZone?: string;
  readonly limits?: Partial<QueryLimits>;
  /** Most rows one bulk call may carry (1000). */
  readonly maxBulkSize?: number;
  /** How long a published object is used without asking metadata again; 0 (always ask) if omitted. */
  readonly metadataTtlMs?: number;
  /**
   * Concurrent creates of one caller and object share a transaction (create-batcher.ts); false
   * writes each alone.
   */
  readonly createBatch?: CreateBatcherOptions | false;
}

/** The outcome of one row of a bulk call. */
export interface BulkRowResult {
  readonly index: number;
  readonly ok: boolean;
  readonly record?: ApiRecord;
  readonly error?: AppError;
}

/** One page of records, the cursor of the next one, and the count when asked for. */
export interface RecordQueryResult {
  readonly records: readonly ApiRecord[];
  readonly nextCursor: string | null;
  readonly count?: { readonly value: number; readonly exact: boolean };
}

/** Lookup or master-detail fields whose targets a read resolves to `{ id, name }`. */
export interface ExpandOption {
  readonly expand?: readonly string[];
}

/** A query request with the lookups to expand. */
export type RecordReadRequest = RecordQueryRequest & ExpandOption;

/** The key of a record's expanded lookups: `$` keeps it apart from every field name. */
export const EXPANDED_KEY = '$expanded';

/** Most fields one read may expand. */
export const MAX_EXPANDED_FIELDS = 10;

/** A referenced record as an expansion shows it; `name` is null when the target is gone. */
export interface ExpandedRef {
  readonly id: string;
  readonly name: string | null;
}

/** One entry of a record's history. */
export interface RecordHistoryEntry {
  readonly version: number;
  readonly action: AuditEntry['action'];
  readonly actorId: string;
  readonly at: string;
  readonly changes: AuditEntry['changes'];
}

/** Create, read, update, delete, restore, bulk, query and history of the records of any object. */
export interface RecordService {
  create(
    ctx: RecordContext,
    object: string,
    input: unknown,
    options?: { readonly idempotencyKey?: string },
  ): Promise<ApiRecord>;
  get(
    ctx: RecordContext,
    object: string,
    id: string,
    options?: { readonly fields?: readonly string[] } & ExpandOption,
  ): Promise<ApiRecord>;
  /** Applies a patch; `ifMatch` (the version read) is required: 428 without, 412 when stale. */
  update(
    ctx: RecordContext,
    object: string,
    id: string,
    patch: unknown,
    options: { readonly ifMatch?: number | undefined },
  ): Promise<ApiRecord>;
  /** Soft-deletes a record and, through master-detail, its children. */
  remove(
    ctx: RecordContext,
    object: string,
    id: string,
    options: { readonly ifMatch?: number | undefined },
  ): Promise<void>;
  /**
   * Restores a deleted record, and the master-detail children its delete took with it;
   * RECORD_PARENT_DELETED while its own master is deleted.
   */
  restore(ctx: RecordContext, object: string, id: string): Promise<ApiRecord>;
  bulkCreate(
    ctx: RecordContext,
    object: string,
    inputs: readonly unknown[],
  ): Promise<BulkRowResult[]>;
  bulkUpdate(
    ctx: RecordContext,
    object: string,
    rows: readonly {
      readonly id: string;
      readonly patch: unknown;
      readonly ifMatch?: number | undefined;
    }[],
  ): Promise<BulkRowResult[]>;
  bulkRemove(
    ctx: RecordContext,
    object: string,
    rows: readonly { readonly id: string; readonly ifMatch?: number | undefined }[],
  ): Promise<BulkRowResult[]>;
  /** `restore` for up to MAX_BULK_SIZE records, with a result per row. */
  bulkRestore(
    ctx: RecordContext,
    object: string,
    rows: readonly { readonly id: string }[],
  ): Promise<BulkRowResult[]>;
  /** One page; `expand` resolves lookups with one read per target object for the whole page. */
  query(ctx: RecordContext, object: string, request: RecordReadRequest): Promise<RecordQueryResult>;
  history(ctx: RecordContext, object: string, id: string): Promise<RecordHistoryEntry[]>;
  /** Every value of a field that would not convert to a new definition (see field-type-change.ts). */
  previewFieldTypeChange(
    ctx: RecordContext,
    object: string,
    field: string,
    next: unknown,
  ): Promise<FieldTypeChangePreview>;
  /** Moves a field's values to its new type in batches and publishes the object with it. */
  applyFieldTypeChange(
    ctx: RecordContext,
    object: string,
    field: string,
    next: unknown,
    options: { readonly ifMatch?: number | undefined; readonly onFailure?: ConversionFailureMode },
  ): Promise<FieldTypeChangeResult>;
  /** Forgets cached objects of a tenant (call after a publish when metadataTtlMs > 0). */
  invalidate(tenantId?: string): void;
}

/** Most rows one bulk call may carry. */
export const MAX_BULK_SIZE = 1000;

/** How long creates take the locking refresh after a refresh in an insert's statement failed. */
export const CONTENTION_BACKOFF_MS = 5_000;

/** How long a create's Idempotency-Key is remembered: a retry after that creates a new record. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;

/** The instant before which a stored idempotency key has expired, as seen at `now`. */
function expiredBefore(now: Date): string {
  return new Date(now.getTime() - IDEMPOTENCY_KEY_TTL_MS).toISOString();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Relation = Extract<FieldDef, { type: 'lookup' | 'master_detail' }>;

/** At most this many planned rollup filters are kept per service. */
const MAX_PLANNED_FILTERS = 1000;

/** Relative-date operators: their condition depends on when it is planned. */
const CLOCK_OPERATORS: ReadonlySet<string> = new Set(['on_relative', 'in_last', 'in_next']);

/** True when a filter plans the same whatever the time: no relative date, no lookup path. */
function isStableFilter(node: FilterNode): boolean {
  switch (node.kind) {
    case 'and':
    case 'or':
      return node.children.every(isStableFilter);
    case 'not':
      return isStableFilter(node.child);
    case 'condition':
      return !node.field.includes('.') && !CLOCK_OPERATORS.has(node.op);
    default:
      return assertNever(node, 'filter node');
  }
}

interface CompiledObject extends ResolvedObject {
  readonly name: string;
  readonly version: number;
  readonly checkedAt: number;
  readonly uniqueFields: readonly FieldDef[];
  readonly autonumbers: readonly Extract<FieldDef, { type: 'autonumber' }>[];
  readonly relations: readonly Relation[];
  /**
   * The relations whose target's delete depends on who points at it: master-detail (the
   * cascade) and lookups with `onDelete: restrict`. A write naming one holds the target live
   * until it commits (RowLock 'key share'), so a concurrent delete sees the new record.
   */
  readonly guardedRelations: ReadonlySet<string>;
  /** The columns of its fields: what a read of whole records selects, not every slot. */
  readonly columns: readonly ColumnRef[];
  /** Validation, defaults and formulas of this version, compiled once. */
  readonly validator: RecordValidator;
}

/** A rollup of a parent object fed by one relation field of a child object. */
interface RollupTarget {
  readonly parent: CompiledObject;
  readonly relation: FieldDef;
  /** The relation's column in the child: the parent's id. */
  readonly relationColumn: ColumnRef;
  readonly rollups: readonly {
    readonly field: Extract<FieldDef, { type: 'rollup' }>;
    /** The aggregated column; null for a count. */
    readonly column: ColumnRef | null;
    /** The rollup's own filter over the child, planned; null for none. */
    readonly filter: PlanCondition | null;
    /** The child's columns the filter reads. */
    readonly filterColumns: readonly ColumnRef[];
    /**
     * The filter reads system columns (which every write changes), so whether a child matches is
     * never decided from its written values: each write of a child refreshes its parent.
     */
    readonly opaque: boolean;
  }[];
}

/** A child's columns as the rollups read them. */
type ChildRow = Pick<StoredRecord, 'slots' | 'extra'>;

/** A write of a child: its row before and after (null when it did not exist or is deleted). */
interface ChildChange {
  readonly before: ChildRow | null;
  readonly after: ChildRow | null;
}

/** A field of another object pointing at records of this one. */
interface Reference {
  readonly child: CompiledObject;
  readonly field: FieldDef;
  readonly cascade: boolean;
}

/**
 * Metadata a write needs, loaded before its transaction opens: inside it, the service talks to
 * the transaction only, so it never waits for a second connection while holding locks.
 */
interface Prepared {
  readonly rollups: ReadonlyMap<string, readonly RollupTarget[]>;
  readonly references: ReadonlyMap<string, readonly Reference[]>;
}

interface Write {
  readonly tx: RecordTransaction;
  readonly ctx: RecordContext;
  readonly now: Date;
  readonly at: string;
  readonly prepared: Prepared;
  /**
   * When set, child writes collect here and their parents are refreshed once, by
   * `flushRollups`, at the end of a bulk call.
   */
  readonly deferredRollups?: { child: CompiledObject; change: ChildChange }[];
}

// Thrown inside a transaction when another request stored the same idempotency key first.
const IDEMPOTENCY_RACE = Symbol('idempotency race');

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function collectPaths(node: unknown, out: Set<string>, depth = 0): void {
  if (depth > 16 || node === null || typeof node !== 'object') return;
  const n = node as Record<string, unknown>;
  if (typeof n.field === 'string' && n.field.includes('.')) out.add(n.field);
  if (Array.isArray(n.children))
    for (const child of n.children) collectPaths(child, out, depth + 1);
  if (n.child !== undefined) collectPaths(n.child, out, depth + 1);
}

/** A child row with written values over it (an extra set to null is gone). */
function changedRow(
  compiled: CompiledObject,
  row: ChildRow,
  values: Readonly<Record<string, FieldValue>>,
): ChildRow {
  const written = toStoredColumns(compiled.object, values);
  return { slots: { ...row.slots, ...written.slots }, extra: { ...row.extra, ...written.extra } };
}

function errorResult(index: number, error: unknown): BulkRowResult {
  if (isAppError(error)) return { index, ok: false, error };
  throw error;
}

/** The id a lookup or master-detail field of a stored row points at, or null. */
function relationIdOf(row: StoredRecord, relation: Relation): string | null {
  const column = columnOfField(relation);
  const value =
    column?.kind === 'slot'
      ? row.slots[column.slot]
      : column?.kind === 'extra'
        ? row.extra[column.key]
        : null;
  return typeof value === 'string' ? value : null;
}

/** Creates the record service over the metadata service and a record store. */
export function createRecordService(deps: RecordServiceDeps): RecordService {
  const { metadata, store, clock } = deps;
  /**
   * When a refresh in the statement of an insert last failed, per tenant and parent object: a
   * concurrent writer changed one of its parents. For CONTENTION_BACKOFF_MS after that, creates
   * of children of that object take the locking way at once, so that writers contending for the
   * same parents do not each pay a failed statement (of up to 1,000 rows) before it.
   */
  const contended = new Map<string, number>();
  const contentionKey = (refresh: RollupRefresh) => `${refresh.tenantId}:${refresh.parentObjectId}`;
  const isContended = (refresh: RollupRefresh, now: Date): boolean => {
    const key = contentionKey(refresh);
    const since = contended.get(key);
    if (since === undefined) return false;
    if (now.getTime() - since < CONTENTION_BACKOFF_MS) return true;
    contended.delete(key);
    return false;
  };
  const idGen = deps.idGen ?? createRecordIdGenerator();
  const timeZone = deps.timeZone ?? 'Asia/Shanghai';
  const maxBulkSize = deps.maxBulkSize ?? MAX_BULK_SIZE;
  const ttl = deps.metadataTtlMs ?? 0;
  const objects = new Map<string, CompiledObject>();
  /** Planned rollup filters by tenant, child and parent version and field (`rollupFilter`). */
  const plannedFilters = new Map<string, PlanCondition | null>();
  const objectIds = new Map<string, Promise<number>>();
  const indexed = new Set<string>();
  let indexBuilds: Promise<void> = Promise.resolve();
  const typeChanges = createFieldTypeChanges({ metadata, store, onPublished: invalidate });

  function invalidate(tenantId?: string): void {
    for (const key of objects.keys()) {
      if (tenantId === undefined || key.startsWith(`${tenantId}\u0000`)) objects.delete(key);
    }
  }

  function objectIdOf(tenantId: string, name: string): Promise<number> {
    const key = `${tenantId}\u0000${name}`;
    let id = objectIds.get(key);
    if (!id) {
      id = store.resolveObjectId(tenantId, name);
      id.catch(() => objectIds.delete(key));
      objectIds.set(key, id);
    }
    return id;
  }

  // Runtime indexes are built concurrently by the store, outside request transactions; a failed
  // build is retried the next time the object is loaded. Uniqueness is also checked by the service.
  function ensureIndexes(tenantId: string, compiled: CompiledObject): void {
    const key = `${tenantId}\u0000${compiled.name}\u0000${compiled.version}`;
    if (indexed.has(key)) return;
    indexed.add(key);
    // One build at a time: each holds a connection while it waits for open transactions.
    indexBuilds = indexBuilds
      .then(() => store.ensureIndexes(tenantId, compiled.objectId, indexSpecsOf(compiled.object)))
      .catch(() => {
        indexed.delete(key);
      });
  }

  /** The objects each service call loaded, by its own context object (see `perCall`). */
  const callLoads = new WeakMap<RecordContext, Map<string, Promise<CompiledObject>>>();

  /** A service method whose call reads each object's metadata at most once, however deep. */
  function perCall<A extends unknown[], R>(
    method: (ctx: RecordContext, ...args: A) => R,
  ): (ctx: RecordContext, ...args: A) => R {
    return (ctx, ...args) => {
      const call = { ...ctx };
      callLoads.set(call, new Map());
      return method(call, ...args);
    };
  }

  function loadObject(ctx: RecordContext, name: string): Promise<CompiledObject> {
    const loads = callLoads.get(ctx);
    const loaded = loads?.get(name);
    if (loaded !== undefined) return loaded;
    const loading = readObject(ctx, name);
    loads?.set(name, loading);
    return loading;
  }

  async function readObject(ctx: RecordContext, name: string): Promise<CompiledObject> {
    const key = `${ctx.tenantId}\u0000${name}`;
    const cached = objects.get(key);
    if (cached && ttl > 0 && Date.now() - cached.checkedAt < ttl) return cached;
    let entry: Awaited<ReturnType<MetadataService['get']>>;
    try {
      entry = await metadata.get(ctx, 'object', name, { state: 'published' });
    } catch (error) {
      if (METADATA_NOT_FOUND.is(error)) throw OBJECT_NOT_FOUND({ object: name });
      throw error;
    }
    if (entry.state !== 'published' || entry.version === null)
      throw OBJECT_NOT_FOUND({ object: name });
    if (cached && cached.version === entry.version) {
      const fresh = { ...cached, checkedAt: Date.now() };
      objects.set(key, fresh);
      return fresh;
    }
    let object = entry.document as unknown as ObjectDoc;
    // Objects published before slots existed get the slots their next publish would give them.
    if (object.fields.some((f) => f.storage === undefined)) object = allocateSlots(object, []);
    const compiled: CompiledObject = {
      name,
      version: entry.version,
      checkedAt: Date.now(),
      object,
      objectId: await objectIdOf(ctx.tenantId, name),
      uniqueFields: object.fields.filter((f) => f.unique === true || f.externalId === true),
      autonumbers: object.fields.filter((f) => f.type === 'autonumber'),
      relations: object.fields.filter((f) => f.type === 'lookup' || f.type === 'master_detail'),
      guardedRelations: new Set(
        object.fields.flatMap((f) =>
          f.type === 'master_detail' || (f.type === 'lookup' && f.onDelete === 'restrict')
            ? [f.name]
            : [],
        ),
      ),
      columns: object.fields.flatMap((f) => columnOfField(f) ?? []),
      validator: compileRecordValidator(object),
    };
    objects.set(key, compiled);
    ensureIndexes(ctx.tenantId, compiled);
    return compiled;
  }

  /** The objects lookup paths in a filter go through, loaded for the (synchronous) planner. */
  async function filterObjects(
    ctx: RecordContext,
    object: ObjectDoc,
    filter: unknown,
  ): Promise<Map<string, ResolvedObject>> {
    const paths = new Set<string>();
    collectPaths(filter, paths);
    const resolved = new Map<string, ResolvedObject>();
    for (const path of [...paths].slice(0, 100)) {
      let current = object;
      for (const name of path.split('.').slice(0, -1).slice(0, 3)) {
        const field = current.fields.find((f) => f.name === name);
        if (field?.type !== 'lookup' && field?.type !== 'master_detail') break;
        const target =
          resolved.get(field.target) ??
          (await loadObject(ctx, field.target).catch(() => undefined));
        if (!target) break;
        resolved.set(field.target, target);
        current = target.object;
      }
    }
    return resolved;
  }

  async function planContext(
    ctx: RecordContext,
    compiled: CompiledObject,
    filter: unknown,
  ): Promise<PlanQueryContext> {
    const resolved = await filterObjects(ctx, compiled.object, filter);
    // A restricted caller's lookup paths read only the targets their own predicate reaches.
    const reach = new Map<string, RecordAccess | null>();
    if (ctx.accessOf !== undefined) {
      for (const name of resolved.keys()) reach.set(name, await ctx.accessOf(name));
    }
    return {
      tenantId: ctx.tenantId,
      objectId: compiled.objectId,
      objects: (name) => resolved.get(name),
      ...(ctx.accessOf === undefined ? {} : { targetAccess: (name: string) => reach.get(name) }),
      clock,
      timeZone,
      access: ctx.access ?? null,
      ...(ctx.fieldAccess === undefined ? {} : { fieldAccess: ctx.fieldAccess }),
      ...(deps.limits === undefined ? {} : { limits: deps.limits }),
    };
  }

  /** The relations `expand` names: lookup or master-detail fields only, at most ten. */
  function relationsToExpand(compiled: CompiledObject, expand: unknown): Relation[] {
    if (expand === undefined) return [];
    const issue = (code: RecordIssueCode, message: string, field?: string): never => {
      throw QUERY_INVALID({
        issues: [{ path: '/expand', code, message, ...(field === undefined ? {} : { field }) }],
      });
    };
    if (!Array.isArray(expand) || !expand.every((name) => typeof name === 'string')) {
      return issue('INVALID_EXPAND', 'Expected a list of field names.');
    }
    const names = [...new Set(expand as string[])];
    if (names.length > MAX_EXPANDED_FIELDS) {
      issue('TOO_MANY_EXPANSIONS', `A read expands at most ${MAX_EXPANDED_FIELDS} fields.`);
    }
    const issues: RecordIssue[] = [];
    const relations: Relation[] = [];
    for (const name of names) {
      const relation = compiled.relations.find((f) => f.name === name);
      if (relation) relations.push(relation);
      else if (
        compiled.object.fields.some((f) => f.name === name) ||
        SYSTEM_FIELD_NAMES.has(name)
      ) {
        issues.push({
          path: '/expand',
          field: name,
          code: 'NOT_A_LOOKUP',
          message: `The field ${name} is not a lookup or master-detail field.`,
        });
      } else {
        issues.push({
          path: '/expand',
          field: name,
          code: 'UNKNOWN_FIELD',
          message: `The object has no field ${name}.`,
        });
      }
    }
    if (issues.length > 0) throw QUERY_INVALID({ issues });
    return relations;
  }

  /**
   * Attaches `$expanded` to each record: the distinct ids the page's rows hold are read with one
   * `getByIds` per target object (its name slot only), through the same tenant scoping.
   */
  async function expandRelations(
    ctx: RecordContext,
    relations: readonly Relation[],
    rows: readonly StoredRecord[],
    records: readonly ApiRecord[],
  ): Promise<ApiRecord[]> {
    if (relations.length === 0) return [...records];
    const wanted = new Map<string, Set<string>>();
    for (const relation of relations) {
      const ids = wanted.get(relation.target) ?? new Set<string>();
      for (const row of rows) {
        const id = relationIdOf(row, relation);
        if (id !== null) ids.add(id);
      }
      wanted.set(relation.target, ids);
    }
    const names = new Map<string, Map<string, string | null>>();
    await Promise.all(
      [...wanted].map(async ([targetName, ids]) => {
        const found = new Map<string, string | null>();
        names.set(targetName, found);
        if (ids.size === 0) return;
        const target = await loadObject(ctx, targetName).catch(() => undefined);
        if (!target) return;
        const nameField = target.object.fields.find((f) => f.name === target.object.nameField);
        const column = nameField === undefined ? undefined : columnOfField(nameField);
        const columns = column === undefined ? [] : [column];
        // A caller with record-level access reads only the targets it may see (others show no name).
        const access = ctx.accessOf === undefined ? null : await ctx.accessOf(targetName);
        const read =
          access === null
            ? await store.getByIds(ctx.tenantId, target.objectId, [...ids], { columns })
            : (
                await store.query({
                  kind: 'query',
                  tenantId: ctx.tenantId,
                  objectId: target.objectId,
                  where: { kind: 'in', column: systemColumn('id'), values: [...ids] },
                  access,
                  search: null,
                  sort: [{ column: systemColumn('id'), direction: 'asc' }],
                  after: null,
                  select: columns,
                  limit: ids.size,
                  count: 'none',
                  deleted: false,
                })
              ).rows;
        const only = new Set([target.object.nameField]);
        for (const row of read) {
          const value = toApiRecord(target.object, row, only)[target.object.nameField];
          found.set(row.id, value === null || value === undefined ? null : String(value));
        }
      }),
    );
    return records.map((record, index) => {
      const row = rows[index];
      const expanded: Record<string, ExpandedRef | null> = {};
      for (const relation of relations) {
        const id = row === undefined ? null : relationIdOf(row, relation);
        expanded[relation.name] =
          id === null ? null : { id, name: names.get(relation.target)?.get(id) ?? null };
      }
      return { ...record, [EXPANDED_KEY]: expanded };
    });
  }

  function refOf(ctx: RecordContext, compiled: CompiledObject, id: string): RecordRef {
    return { tenantId: ctx.tenantId, objectId: compiled.objectId, id };
  }

  function matchPlan(
    ctx: RecordContext,
    compiled: ResolvedObject,
    where: PlanCondition,
    limit: number,
  ): RecordQueryPlan {
    return {
      kind: 'query',
      tenantId: ctx.tenantId,
      objectId: compiled.objectId,
      where,
      access: null,
      search: null,
      sort: [{ column: systemColumn('id'), direction: 'asc' }],
      after: null,
      select: [],
      limit,
      count: 'none',
      deleted: false,
    };
  }

  /** UNIQUE issues for values another live record (or an earlier row of the batch) holds. */
  async function uniqueIssues(
    write: Write,
    compiled: CompiledObject,
    rows: readonly {
      readonly id?: string;
      readonly values: Readonly<Record<string, FieldValue>>;
    }[],
  ): Promise<Map<number, RecordIssue[]>> {
    const issues = new Map<number, RecordIssue[]>();
    const add = (index: number, field: FieldDef) => {
      const list = issues.get(index) ?? [];
      list.push({
        path: `/${field.name}`,
        field: field.name,
        code: 'UNIQUE',
        message: 'Another record already has this value.',
      });
      issues.set(index, list);
    };
    for (const field of compiled.uniqueFields) {
      const column = columnOfField(field);
      if (column?.kind !== 'slot') continue;
      const seen = new Map<string, number>();
      rows.forEach((row, index) => {
        const value = row.values[field.name];
        if (value === undefined || value === null) return;
        const text = String(value);
        if (seen.has(text)) add(index, field);
        else seen.set(text, index);
      });
      if (seen.size === 0) continue;
      const page = await write.tx.query({
        ...matchPlan(
          write.ctx,
          compiled,
          { kind: 'in', column, values: [...seen.keys()] },
          seen.size * 2 + 1,
        ),
        select: [column],
      });
      for (const stored of page.rows) {
        const index = seen.get(String(stored.slots[column.slot]));
        if (index !== undefined && rows[index]?.id !== stored.id) add(index, field);
      }
    }
    return issues;
  }

  /**
   * REFERENCE issues of lookups and master-details the rows set: each new target must be a live
   * record the caller may read (REFERENCE_NOT_FOUND, the same for a missing, deleted or unseen
   * one, so an answer never tells them apart) and, when the field has a filter, one it selects
   * (REFERENCE_FILTERED). One read per relation field for all the rows; a value an update keeps
   * is not checked again, so a record pointing at a since-deleted target can still be changed.
   */
  /** Whether any of `inputs` (unchecked bodies) sets one of the object's guarded relations. */
  function namesGuardedRelation(compiled: CompiledObject, inputs: readonly unknown[]): boolean {
    if (compiled.guardedRelations.size === 0) return false;
    return inputs.some(
      (input) =>
        typeof input === 'object' &&
        input !== null &&
        Object.keys(input).some((key) => compiled.guardedRelations.has(key)),
    );
  }

  async function referenceIssues(
    write: Write,
    compiled: CompiledObject,
    rows: readonly {
      readonly values: Readonly<Record<string, FieldValue>>;
      readonly before?: ApiRecord;
    }[],
  ): Promise<Map<number, RecordIssue[]>> {
    const issues = new Map<number, RecordIssue[]>();
    const add = (index: number, field: FieldDef, code: RecordIssueCode, message: string) => {
      issues.set(index, [
        ...(issues.get(index) ?? []),
        { path: `/${field.name}`, field: field.name, code, message },
      ]);
    };
    const { ctx } = write;
    for (const relation of compiled.relations) {
      const wanted = new Map<string, number[]>();
      rows.forEach((row, index) => {
        const value = row.values[relation.name];
        if (typeof value !== 'string' || row.before?.[relation.name] === value) return;
        wanted.set(value, [...(wanted.get(value) ?? []), index]);
      });
      if (wanted.size === 0) continue;
      const target = await loadObject(ctx, relation.target).catch(() => undefined);
      const access = ctx.accessOf === undefined ? null : await ctx.accessOf(relation.target);
      const ids = [...wanted.keys()];
      const reached = target
        ? await write.tx.liveIds(
            ctx.tenantId,
            target.objectId,
            ids,
            access,
            compiled.guardedRelations.has(relation.name) ? { lock: 'key share' } : {},
          )
        : new Set<string>();
      const allowed = new Set(reached);
      const choices = relation.type === 'lookup' ? relation.filter : undefined;
      if (target && choices !== undefined && reached.size > 0) {
        allowed.clear();
        const filter = {
          kind: 'and',
          children: [{ kind: 'condition', field: 'id', op: 'in', value: [...reached] }, choices],
        };
        const context = await planContext({ ...ctx, access }, target, filter);
        const planning = planQuery(
          target.object,
          // In id order: the primary key serves an id list, where the default newest-first
          // order could have the planner walk every record created since the oldest one.
          { filter, fields: [], limit: reached.size, sort: [{ field: 'id', direction: 'asc' }] },
          {
            ...context,
            limits: { ...context.limits, maxPageSize: reached.size, maxInValues: reached.size },
          },
        );
        if (!planning.ok) throw QUERY_INVALID({ issues: planning.issues });
        for (const row of (await write.tx.query(planning.plan)).rows) allowed.add(row.id);
      }
      for (const [id, indexes] of wanted) {
        for (const index of indexes) {
          if (!reached.has(id)) {
            add(
              index,
              relation,
              'REFERENCE_NOT_FOUND',
              `No ${relation.target} record you can see has this id.`,
            );
          } else if (!allowed.has(id)) {
            add(
              index,
              relation,
              'REFERENCE_FILTERED',
              'The record is not one this field may point to.',
            );
          }
        }
      }
    }
    return issues;
  }

  /** The UNIQUE and REFERENCE issues of rows that passed validation, merged per row. */
  async function storedIssues(
    write: Write,
    compiled: CompiledObject,
    rows: readonly {
      readonly id?: string;
      readonly values: Readonly<Record<string, FieldValue>>;
      readonly before?: ApiRecord;
    }[],
  ): Promise<Map<number, RecordIssue[]>> {
    const issues = await uniqueIssues(write, compiled, rows);
    for (const [index, found] of await referenceIssues(write, compiled, rows)) {
      issues.set(index, [...(issues.get(index) ?? []), ...found]);
    }
    return issues;
  }

  // The tenant's date of the last minute asked for: a date changes only on a whole minute (every
  // UTC offset is a whole number of minutes), and every create asks for it.
  let lastToday = { minute: Number.NaN, date: '' };
  function today(now: Date): string {
    const minute = Math.floor(now.getTime() / 60_000);
    if (minute !== lastToday.minute) {
      lastToday = { minute, date: String(evaluateRule({ today: [] }, {}, { now, timeZone })) };
    }
    return lastToday.date;
  }

  function systemValues(row: {
    id: string;
    version: number;
    ownerId: string | null;
    createdBy: string;
    createdAt: string;
    updatedBy: string;
    updatedAt: string;
  }) {
    return {
      id: row.id,
      version: row.version,
      owner_id: row.ownerId,
      created_by: row.createdBy,
      created_at: row.createdAt,
      updated_by: row.updatedBy,
      updated_at: row.updatedAt,
    };
  }

  /**
   * A rollup's filter planned on its child object as the system sees the records, whatever the
   * writer may read or see: a rollup counts every child. Undefined when it does not plan. Kept
   * per child and parent version, unless it names a relative date (the clock moves on) or a
   * lookup path (another object's version counts too).
   */
  async function rollupFilter(
    ctx: RecordContext,
    child: CompiledObject,
    parent: CompiledObject,
    field: FieldDef,
    filter: FilterNode,
  ): Promise<PlanCondition | undefined> {
    const key = [ctx.tenantId, child.name, child.version, parent.name, parent.version, field.name];
    const cacheKey = key.join('\u0000');
    if (plannedFilters.has(cacheKey)) return plannedFilters.get(cacheKey) ?? undefined;
    const { fieldAccess: _fieldAccess, access: _access, ...system } = ctx;
    const context = await planContext(system, child, filter);
    const planned = planQuery(child.object, { filter }, { ...context, access: null });
    const where = planned.ok ? planned.plan.where : undefined;
    if (isStableFilter(filter)) {
      // A bounded memo: versions only grow, so old keys are never asked for again.
      if (plannedFilters.size >= MAX_PLANNED_FILTERS) plannedFilters.clear();
      plannedFilters.set(cacheKey, where ?? null);
    }
    return where;
  }

  /** Parents whose rollups read `child` through one of its relation fields, with planned filters. */
  async function rollupTargets(ctx: RecordContext, child: CompiledObject): Promise<RollupTarget[]> {
    const targets: RollupTarget[] = [];
    for (const relation of child.relations) {
      const relationColumn = columnOfField(relation);
      const parent = await loadObject(ctx, relation.target).catch(() => undefined);
      if (!parent || !relationColumn) continue;
      const rollups: RollupTarget['rollups'][number][] = [];
      for (const field of parent.object.fields) {
        if (field.type !== 'rollup' || field.childObject !== child.name) continue;
        if (field.relationField !== relation.name) continue;
        const source = child.object.fields.find((f) => f.name === field.field);
        const column = source ? (columnOfField(source) ?? null) : null;
        if (field.function !== 'count' && column === null) continue;
        let filter: PlanCondition | null = null;
        if (field.filter !== undefined) {
          const planned = await rollupFilter(ctx, child, parent, field, field.filter);
          if (planned === undefined) continue;
          filter = planned;
        }
        const filterColumns = filter === null ? [] : conditionColumns(filter);
        rollups.push({
          field,
          column: field.function === 'count' ? null : column,
          filter,
          filterColumns,
          opaque: filterColumns.some((c) => c.kind === 'system'),
        });
      }
      if (rollups.length > 0) targets.push({ parent, relation, relationColumn, rollups });
    }
    return targets;
  }

  /** Objects whose master-detail or restricting lookup fields point at `parent`. */
  async function referencingFields(ctx: RecordContext, parent: string): Promise<Reference[]> {
    const found: Reference[] = [];
    for (const summary of await metadata.list(ctx, { kind: 'object' })) {
      if (summary.publishedVersion === null) continue;
      const child = await loadObject(ctx, summary.name).catch(() => undefined);
      for (const field of child?.relations ?? []) {
        if (!child || field.target !== parent) continue;
        if (field.type === 'master_detail') found.push({ child, field, cascade: true });
        else if (field.onDelete === 'restrict') found.push({ child, field, cascade: false });
      }
    }
    return found;
  }

  /** Loads, before a transaction, the rollups and (for deletes) the references a write needs. */
  async function prepare(
    ctx: RecordContext,
    compiled: CompiledObject,
    { references }: { readonly references: boolean },
  ): Promise<Prepared> {
    const rollups = new Map([[compiled.name, await rollupTargets(ctx, compiled)]]);
    const referenceMap = new Map<string, Reference[]>();
    if (references) {
      // Master-detail chains are followed to the depth the cascade goes.
      let frontier = [compiled.name];
      for (let depth = 0; depth <= 8 && frontier.length > 0; depth += 1) {
        const next: string[] = [];
        for (const name of frontier) {
          if (referenceMap.has(name)) continue;
          const found = await referencingFields(ctx, name);
          referenceMap.set(name, found);
          next.push(...found.filter((r) => r.cascade).map((r) => r.child.name));
        }
        frontier = next;
      }
      // Children a cascade deletes leave the rollups of their other parents too.
      for (const found of referenceMap.values()) {
        for (const { child, cascade } of found) {
          if (cascade && !rollups.has(child.name)) {
            rollups.set(child.name, await rollupTargets(ctx, child));
          }
        }
      }
    }
    return { rollups, references: referenceMap };
  }

  /**
   * The parents whose rollups `changes` of `child` can move, per target and rollup (by index). A
   * parent is left out when no rollup of it can change: the child matches the rollup's filter
   * neither before nor after (decided in memory with the store's semantics, see
   * evaluate-condition.ts; an undecided filter counts as a match), an aggregated field is empty,
   * or the relation, aggregated field and filter columns all kept their values.
   */
  function rollupRefreshes(
    write: Write,
    child: CompiledObject,
    changes: readonly ChildChange[],
  ): { target: RollupTarget; parents: Map<number, Set<string>> }[] {
    const refreshes: { target: RollupTarget; parents: Map<number, Set<string>> }[] = [];
    for (const target of write.prepared.rollups.get(child.name) ?? []) {
      const parents = new Map<number, Set<string>>();
      target.rollups.forEach((rollup, index) => {
        for (const { before, after } of changes) {
          const was = contributionOf(target, rollup, before);
          const is = contributionOf(target, rollup, after);
          if (was === null && is === null) continue;
          if (was !== null && is !== null && before !== null && after !== null) {
            const reads = [target.relationColumn, ...rollup.filterColumns];
            if (rollup.column !== null) reads.push(rollup.column);
            if (!rollup.opaque && reads.every((c) => sameColumnValue(c, before, after))) continue;
          }
          const ids = parents.get(index) ?? new Set<string>();
          parents.set(index, ids);
          if (was !== null) ids.add(was);
          if (is !== null) ids.add(is);
        }
      });
      if (parents.size > 0) refreshes.push({ target, parents });
    }
    return refreshes;
  }

  /** The parent a child row counts towards in a rollup, or null when it adds nothing to it. */
  function contributionOf(
    target: RollupTarget,
    rollup: RollupTarget['rollups'][number],
    row: ChildRow | null,
  ): string | null {
    if (row === null) return null;
    const record = recordOfColumns(row);
    const parent = readColumn(record, target.relationColumn);
    if (typeof parent !== 'string' || parent === '') return null;
    // SQL aggregates other than count(*) skip NULL.
    if (rollup.column !== null) {
      const value = readColumn(record, rollup.column);
      if (value === null || value === undefined) return null;
    }
    if (rollup.filter === null || rollup.opaque) return parent;
    return evaluateCondition(rollup.filter, record, { exact: true }) === false ? null : parent;
  }

  /** Whether a child row's column has the same value before and after a write. */
  function sameColumnValue(column: ColumnRef, before: ChildRow, after: ChildRow): boolean {
    const [x, y] = [
      readColumn(recordOfColumns(before), column),
      readColumn(recordOfColumns(after), column),
    ];
    if ((x ?? null) === null || (y ?? null) === null) return (x ?? null) === (y ?? null);
    if (column.type === 'numeric' && compareDecimals(x, y) === 0) return true;
    return isSameJson({ v: x }, { v: y });
  }

  /**
   * The refresh of one parent object's rollups for the statement inserting their new children
   * (`insertRefreshing`), or null when it must take the locking way: a rollup other than a count
   * or a sum (only for those does a child that leaves the value unchanged leave it unchanged
   * whatever a concurrent writer does), or a parent with formulas, which are recomputed in memory.
   */
  function inStatementRefresh(
    write: Write,
    child: CompiledObject,
    {
      target,
      parents,
    }: { target: RollupTarget; parents: ReadonlyMap<number, ReadonlySet<string>> },
  ): RollupRefresh | null {
    if (hasFormulas(target.parent)) return null;
    const rollups: RollupRefresh['rollups'][number][] = [];
    for (const [index, ids] of parents) {
      const rollup = target.rollups[index];
      const column = rollup === undefined ? undefined : columnOfField(rollup.field);
      const fn = rollup?.field.function;
      if (rollup === undefined || column?.kind !== 'slot' || (fn !== 'count' && fn !== 'sum')) {
        return null;
      }
      rollups.push({
        field: rollup.field.name,
        slot: column.slot,
        plan: {
          kind: 'aggregate',
          tenantId: write.ctx.tenantId,
          objectId: child.objectId,
          where: rollup.filter ?? MATCH_ALL,
          function: fn,
          column: rollup.column,
        },
        parents: [...ids],
      });
    }
    return {
      tenantId: write.ctx.tenantId,
      parentObjectId: target.parent.objectId,
      relationColumn: target.relationColumn,
      updatedBy: write.ctx.actorId,
      updatedAt: write.at,
      rollups,
    };
  }

  /** Whether a write of `child` changes some rollup of a parent (so needs a transaction). */
  function feedsRollups(write: Write, child: CompiledObject, change: ChildChange): boolean {
    return rollupRefreshes(write, child, [change]).length > 0;
  }

  /**
   * Recomputes the rollups (and then formulas) of the parents of written children that can
   * change (see `rollupRefreshes`); collected for later when the write defers them.
   */
  async function refreshRollups(
    write: Write,
    child: CompiledObject,
    changes: readonly ChildChange[],
  ): Promise<void> {
    if (child.relations.length === 0 || changes.length === 0) return;
    if (write.deferredRollups !== undefined) {
      for (const change of changes) write.deferredRollups.push({ child, change });
      return;
    }
    for (const { target, parents } of rollupRefreshes(write, child, changes)) {
      await refreshParents(write, child, target, parents);
    }
  }

  /** Refreshes the parents of the child writes a bulk call deferred, once per child object. */
  async function flushRollups(write: Write): Promise<void> {
    const { deferredRollups: deferred = [], ...now } = write;
    const objects = new Map(deferred.map(({ child }) => [child.name, child]));
    for (const child of objects.values()) {
      const changes = deferred.filter((d) => d.child === child).map((d) => d.change);
      await refreshRollups(now, child, changes);
    }
    deferred.length = 0;
  }

  /**
   * Refreshes the rollups of many parents with a fixed number of statements, whatever their
   * count and however many of their rollups can change: one locking read, one grouped statement
   * computing those rollups, one multi-row update with its audit rows. The store locks the
   * parents in id order, so that two requests touching the same parents wait for each other
   * instead of deadlocking. The aggregates run
   * after the lock is held: in READ COMMITTED each statement sees what committed before it, so a
   * concurrent writer's children, committed while this waited, are counted (a subquery of the
   * locking read would still see its older snapshot).
   */
  async function refreshParents(
    write: Write,
    child: CompiledObject,
    target: RollupTarget,
    parents: ReadonlyMap<number, ReadonlySet<string>>,
  ): Promise<void> {
    const { parent, relationColumn } = target;
    const ids = new Set<string>();
    for (const set of parents.values()) for (const id of set) ids.add(id);
    // Formulas read the whole parent; without any, only the rollups' own columns are read,
    // compared and written.
    const withFormulas = hasFormulas(parent);
    const rows = await write.tx.getByIds(write.ctx.tenantId, parent.objectId, [...ids], {
      lock: 'update',
      columns: withFormulas ? parent.columns : rollupColumnsOf(target),
    });
    if (rows.length === 0) return;
    const live = new Set(rows.map((row) => row.id));
    const indexes = [...parents.keys()].filter((index) => target.rollups[index] !== undefined);
    const plans = indexes.flatMap((index): RecordAggregatePlan[] => {
      const rollup = target.rollups[index];
      if (rollup === undefined) return [];
      return [
        {
          kind: 'aggregate',
          tenantId: write.ctx.tenantId,
          objectId: child.objectId,
          where: rollup.filter ?? MATCH_ALL,
          function: rollup.field.function,
          column: rollup.column,
        },
      ];
    });
    const groups = [...ids].filter((id) => live.has(id));
    const aggregates = await write.tx.aggregateGroups(plans, relationColumn, groups);
    const changes: RecordBatchChange['rows'][number][] = [];
    for (const row of rows) {
      const values: Record<string, FieldValue> = {};
      const view: Record<string, unknown> | undefined = withFormulas
        ? toApiRecord(parent.object, row)
        : undefined;
      for (const [position, index] of indexes.entries()) {
        const rollup = target.rollups[index]?.field;
        if (rollup === undefined || !parents.get(index)?.has(row.id)) continue;
        // A parent without matching children has no group: counted 0, every other function empty.
        const result =
          aggregates.get(row.id)?.[position] ?? (rollup.function === 'count' ? '0' : null);
        const empty = rollup.function === 'count' || rollup.function === 'sum' ? '0' : null;
        const coerced = result === null ? undefined : rollupType.coerce(rollup, result);
        const value = coerced?.ok ? coerced.value : empty;
        // Compared as decimals, not as served numbers, so that no digit of a change is lost.
        const stored = readStoredValue(rollup, row);
        const same =
          stored === null || value === null
            ? stored === value
            : compareDecimals(stored, value) === 0;
        if (same) continue;
        values[rollup.name] = value;
        if (view !== undefined) view[rollup.name] = serializeValue(rollup, value);
      }
      if (Object.keys(values).length === 0) continue;
      if (view !== undefined) {
        Object.assign(values, recomputeFormulas(parent.object, view, { now: write.now, timeZone }));
      }
      const diff = diffValues(parent, row, values);
      if (diff === undefined) continue;
      changes.push({
        id: row.id,
        expectedVersion: row.version,
        ...toStoredColumns(parent.object, diff.changed),
        changes: diff.changes,
      });
    }
    if (changes.length === 0) return;
    await write.tx.updateMany({
      tenantId: write.ctx.tenantId,
      objectId: parent.objectId,
      updatedBy: write.ctx.actorId,
      updatedAt: write.at,
      // Rollups are kept by the system: a parent outside the writer's access scope is refreshed
      // too, or its rollups would silently go stale.
      access: null,
      rows: changes,
    });
  }

  /** Whether an object has formula fields, which are recomputed in memory from the whole record. */
  function hasFormulas(compiled: CompiledObject): boolean {
    return compiled.object.fields.some((field) => field.type === 'formula');
  }

  /** The columns holding a target's rollups. */
  function rollupColumnsOf(target: RollupTarget): ColumnRef[] {
    return target.rollups.flatMap(({ field }) => {
      const column = columnOfField(field);
      return column === undefined ? [] : [column];
    });
  }

  /** The fields `values` changes in `row`: their audit pairs, new values and the record after. */
  function diffValues(
    compiled: CompiledObject,
    row: StoredRecord,
    values: Readonly<Record<string, FieldValue>>,
  ):
    | {
        readonly before: ApiRecord;
        readonly after: Record<string, unknown>;
        readonly changes: Record<string, readonly [unknown, unknown]>;
        readonly changed: Record<string, FieldValue>;
      }
    | undefined {
    const before = toApiRecord(compiled.object, row);
    const changes: Record<string, readonly [unknown, unknown]> = {};
    const after: Record<string, unknown> = { ...before };
    for (const field of compiled.object.fields) {
      if (!Object.hasOwn(values, field.name)) continue;
      const served = serializeValue(field, values[field.name] ?? null);
      if (isSameJson({ v: before[field.name] ?? null }, { v: served })) continue;
      changes[field.name] = [before[field.name] ?? null, served];
      after[field.name] = served;
    }
    if (Object.keys(changes).length === 0) return undefined;
    const changed = Object.fromEntries(
      Object.keys(changes).map((name) => [name, values[name] ?? null]),
    );
    return { before, after, changes, changed };
  }

  /** Writes changed values with their audit entry; the new record as API JSON, or undefined when stale. */
  async function writeChange(
    write: Write,
    compiled: CompiledObject,
    row: StoredRecord,
    values: Readonly<Record<string, FieldValue>>,
    expectedVersion: number,
  ): Promise<ApiRecord | undefined> {
    const diff = diffValues(compiled, row, values);
    if (diff === undefined) return toApiRecord(compiled.object, row);
    const { after, changes, changed } = diff;
    const version = expectedVersion + 1;
    const ok = await write.tx.update(
      {
        ...refOf(write.ctx, compiled, row.id),
        expectedVersion,
        updatedBy: write.ctx.actorId,
        updatedAt: write.at,
        ...toStoredColumns(compiled.object, changed),
        access: write.ctx.access ?? null,
      },
      {
        ...refOf(write.ctx, compiled, row.id),
        action: 'update',
        actorId: write.ctx.actorId,
        at: write.at,
        version,
        changes,
      },
    );
    if (!ok) return undefined;
    return { ...after, id: row.id, version, updated_by: write.ctx.actorId, updated_at: write.at };
  }

  /**
   * Validates and writes new rows; each gets its result. With `atomic` (the caller is not in a
   * transaction yet), one is opened only when the write is more than one statement: autonumbers
   * to draw, or parents whose rollups the new rows move. Otherwise the insert of the rows and
   * their audit entries is one statement, atomic by itself: no BEGIN and COMMIT round trips.
   */
  async function createRows(
    write: Write,
    compiled: CompiledObject,
    inputs: readonly unknown[],
    atomic?: <T>(work: (write: Write) => Promise<T>) => Promise<T>,
  ): Promise<BulkRowResult[]> {
    // Autonumbers are drawn in the transaction; a master (or restricting target) named is held
    // live from the check of the reference to the insert.
    if (
      atomic !== undefined &&
      (compiled.autonumbers.length > 0 || namesGuardedRelation(compiled, inputs))
    ) {
      return atomic((inside) => createRows(inside, compiled, inputs));
    }
    const results: (BulkRowResult | undefined)[] = new Array(inputs.length);
    const valid: {
      index: number;
      values: Record<string, FieldValue>;
      record: Record<string, unknown>;
    }[] = [];
    const options = {
      mode: 'create',
      systemKeys: true,
      now: write.now,
      timeZone,
      ...(write.ctx.locale === undefined ? {} : { locale: write.ctx.locale }),
    } as const;
    inputs.forEach((input, index) => {
      const validation = compiled.validator.validate(input, options);
      // Both are fresh objects of this validation: safe to complete in place.
      if (validation.ok)
        valid.push({
          index,
          values: validation.values as Record<string, FieldValue>,
          record: validation.record as Record<string, unknown>,
        });
      else
        results[index] = { index, ok: false, error: RECORD_INVALID({ issues: validation.issues }) };
    });
    const duplicates = await storedIssues(write, compiled, valid);
    const rows: NewRecord[] = [];
    const audit: AuditEntry[] = [];
    const created: { index: number; record: ApiRecord }[] = [];
    const date = today(write.now);
    const { fields } = compiled.object;
    const ownerId = UUID.test(write.ctx.actorId) ? write.ctx.actorId : null;
    for (const [position, { index, values, record: served }] of valid.entries()) {
      const issues = duplicates.get(position);
      if (issues) {
        results[index] = { index, ok: false, error: RECORD_INVALID({ issues }) };
        continue;
      }
      for (const field of compiled.autonumbers) {
        const counter = await write.tx.nextAutonumber(
          write.ctx.tenantId,
          compiled.objectId,
          field.name,
          autonumberPeriod(field.pattern, date),
        );
        const value = formatAutonumber(field.pattern, date, counter + (field.startAt ?? 1) - 1);
        values[field.name] = value;
        served[field.name] = serializeValue(field, value);
      }
      const system = {
        id: idGen(),
        version: 1,
        ownerId,
        createdBy: write.ctx.actorId,
        createdAt: write.at,
        updatedBy: write.ctx.actorId,
        updatedAt: write.at,
      };
      // The validated record holds the system keys, then every field in field order, as API JSON.
      const record = Object.assign(served, systemValues(system));
      const changes: Record<string, readonly [unknown, unknown]> = {};
      for (const field of fields) {
        const value = served[field.name] ?? null;
        if (value !== null) changes[field.name] = [null, value];
      }
      rows.push({
        tenantId: write.ctx.tenantId,
        objectId: compiled.objectId,
        id: system.id,
        ownerId: system.ownerId,
        createdBy: system.createdBy,
        createdAt: system.createdAt,
        ...toStoredColumns(compiled.object, values),
      });
      audit.push({
        tenantId: write.ctx.tenantId,
        objectId: compiled.objectId,
        id: system.id,
        action: 'create',
        actorId: write.ctx.actorId,
        at: write.at,
        version: 1,
        changes,
      });
      created.push({ index, record: record as ApiRecord });
    }
    if (rows.length > 0) {
      const changes = rows.map((row) => ({ before: null, after: row }));
      const insert = async (inside: Write) => {
        await inside.tx.insert(rows, audit);
        await refreshRollups(inside, compiled, changes);
      };
      if (atomic === undefined) await insert(write);
      else {
        const refreshes = rollupRefreshes(write, compiled, changes);
        const [only] = refreshes;
        const refresh =
          refreshes.length === 1 && only ? inStatementRefresh(write, compiled, only) : null;
        if (refreshes.length === 0) await write.tx.insert(rows, audit);
        else if (
          refresh === null ||
          write.tx.insertRefreshing === undefined ||
          isContended(refresh, write.now)
        ) {
          await atomic(insert);
        } else if (!(await write.tx.insertRefreshing(rows, audit, refresh))) {
          contended.set(contentionKey(refresh), write.now.getTime());
          await atomic(insert);
        }
      }
    }
    for (const { index, record } of created) results[index] = { index, ok: true, record };
    return Array.from(results, (result, index) => result ?? { index, ok: false });
  }

  async function updateRow(
    write: Write,
    compiled: CompiledObject,
    id: string,
    patch: unknown,
    ifMatch: number | undefined,
    atomic?: (work: (write: Write) => Promise<ApiRecord>) => Promise<ApiRecord>,
  ): Promise<ApiRecord> {
    if (!UUID.test(id)) throw RECORD_NOT_FOUND({ object: compiled.name, id });
    // A new master (or restricting target) is held live from its check to the write.
    if (atomic !== undefined && namesGuardedRelation(compiled, [patch])) {
      return atomic((inside) => updateRow(inside, compiled, id, patch, ifMatch));
    }
    const row = await write.tx.getById(refOf(write.ctx, compiled, id), {
      access: write.ctx.access ?? null,
      ...(ifMatch === undefined ? { lock: 'update' as const } : {}),
      columns: compiled.columns,
    });
    if (!row) throw RECORD_NOT_FOUND({ object: compiled.name, id });
    if (ifMatch !== undefined && row.version !== ifMatch) {
      throw RECORD_STALE({ object: compiled.name, id, expected: ifMatch, actual: row.version });
    }
    const existing = toApiRecord(compiled.object, row);
    const validation = compiled.validator.validate(patch, {
      mode: 'update',
      existing,
      now: write.now,
      timeZone,
      ...(write.ctx.locale === undefined ? {} : { locale: write.ctx.locale }),
    });
    if (!validation.ok) throw RECORD_INVALID({ issues: validation.issues });
    const duplicates = await storedIssues(write, compiled, [
      { id, values: validation.values, before: existing },
    ]);
    const issues = duplicates.get(0);
    if (issues) throw RECORD_INVALID({ issues });
    const commit = async (into: Write): Promise<ApiRecord> => {
      const record = await writeChange(into, compiled, row, validation.values, row.version);
      if (!record) throw RECORD_STALE({ object: compiled.name, id, expected: row.version });
      if (record.version !== row.version) {
        const after = changedRow(compiled, row, validation.values);
        await refreshRollups(into, compiled, [{ before: row, after }]);
      }
      return record;
    };
    if (atomic === undefined) return commit(write);
    // Outside a transaction (a single update), the write is one version-guarded statement with
    // its audit row: a change since the read above makes it stale, never lost. Only an update
    // feeding a parent's rollups needs the transaction, for the write and the refresh together.
    const diff = diffValues(compiled, row, validation.values);
    const feeds =
      diff !== undefined &&
      feedsRollups(write, compiled, {
        before: row,
        after: changedRow(compiled, row, diff.changed),
      });
    return feeds ? atomic(commit) : commit(write);
  }

  async function removeRows(
    write: Write,
    compiled: CompiledObject,
    rows: readonly StoredRecord[],
    depth = 0,
  ): Promise<void> {
    if (rows.length === 0) return;
    const ids = rows.map((r) => r.id);
    const references = depth > 8 ? [] : (write.prepared.references.get(compiled.name) ?? []);
    // Children a cascade reached were read unlocked: before they are deleted as masters in turn,
    // wait for writers adding records under them, as for the record deleted first.
    if (depth > 0 && references.length > 0) {
      await write.tx.getByIds(write.ctx.tenantId, compiled.objectId, ids, {
        columns: [],
        lock: 'delete',
      });
    }
    for (const { child, field, cascade } of references) {
      const column = columnOfField(field);
      if (!column) continue;
      const where: PlanCondition = { kind: 'in', column, values: ids };
      if (!cascade) {
        const page = await write.tx.query(matchPlan(write.ctx, child, where, 1));
        if (page.rows.length > 0) {
          throw RECORD_REFERENCED({ object: compiled.name, by: child.name, field: field.name });
        }
      }
    }
    for (const row of rows) {
      const ok = await write.tx.softDelete(
        {
          ...refOf(write.ctx, compiled, row.id),
          expectedVersion: row.version,
          actorId: write.ctx.actorId,
          at: write.at,
          access: depth === 0 ? (write.ctx.access ?? null) : null,
        },
        {
          ...refOf(write.ctx, compiled, row.id),
          action: 'delete',
          actorId: write.ctx.actorId,
          at: write.at,
          version: row.version + 1,
          changes: {},
        },
      );
      if (!ok) throw RECORD_STALE({ object: compiled.name, id: row.id, expected: row.version });
    }
    for (const { child, field, cascade } of references) {
      const column = columnOfField(field);
      if (!cascade || !column) continue;
      // Children are read in pages; each page is deleted before the next is read.
      for (;;) {
        const feeds = (write.prepared.rollups.get(child.name)?.length ?? 0) > 0;
        const page = await write.tx.query({
          ...matchPlan(write.ctx, child, { kind: 'in', column, values: ids }, MAX_BULK_SIZE),
          // The columns its parents' rollups read, to refresh them.
          select: feeds ? child.columns : [],
        });
        if (page.rows.length === 0) break;
        await removeRows(write, child, page.rows, depth + 1);
        if (page.rows.length < MAX_BULK_SIZE) break;
      }
    }
    await refreshRollups(
      write,
      compiled,
      rows.map((row) => ({ before: row, after: null })),
    );
  }

  async function removeRow(
    write: Write,
    compiled: CompiledObject,
    id: string,
    ifMatch: number | undefined,
  ): Promise<void> {
    if (!UUID.test(id)) throw RECORD_NOT_FOUND({ object: compiled.name, id });
    const row = await write.tx.getById(refOf(write.ctx, compiled, id), {
      access: write.ctx.access ?? null,
      lock: 'delete',
      columns: compiled.columns,
    });
    if (!row) throw RECORD_NOT_FOUND({ object: compiled.name, id });
    if (ifMatch !== undefined && row.version !== ifMatch) {
      throw RECORD_STALE({ object: compiled.name, id, expected: ifMatch, actual: row.version });
    }
    await removeRows(write, compiled, [row]);
  }

  /**
   * Restores a deleted record of the caller's scope, and with it the master-detail children its
   * delete took (deleted at the same instant). A record whose master is deleted stays deleted:
   * RECORD_PARENT_DELETED, restore the master instead. A live record is answered as it is.
   */
  async function restoreRow(
    write: Write,
    compiled: CompiledObject,
    id: string,
  ): Promise<ApiRecord> {
    const { ctx } = write;
    const row = UUID.test(id)
      ? await write.tx.getById(refOf(ctx, compiled, id), {
          includeDeleted: true,
          lock: 'update',
          access: ctx.access ?? null,
          columns: compiled.columns,
        })
      : undefined;
    if (!row) throw RECORD_NOT_FOUND({ object: compiled.name, id });
    if (row.deletedAt === null) return toApiRecord(compiled.object, row);
    const orphaned = await deletedMaster(write, compiled, row);
    if (orphaned) throw RECORD_PARENT_DELETED({ object: compiled.name, id, ...orphaned });
    await restoreRows(write, compiled, [row]);
    return toApiRecord(compiled.object, {
      ...row,
      version: row.version + 1,
      deletedAt: null,
      updatedBy: ctx.actorId,
      updatedAt: write.at,
    });
  }

  /** The first master-detail field of `row` whose master is deleted, or undefined. */
  async function deletedMaster(
    write: Write,
    compiled: CompiledObject,
    row: StoredRecord,
  ): Promise<{ field: string; master: string; masterId: string } | undefined> {
    for (const field of compiled.relations) {
      if (field.type !== 'master_detail') continue;
      const masterId = relationIdOf(row, field);
      if (masterId === null) continue;
      const master = await loadObject(write.ctx, field.target);
      // Held live until the restore commits, so that a delete of the master cascades to it.
      const [live] = await write.tx.getByIds(write.ctx.tenantId, master.objectId, [masterId], {
        columns: [],
        lock: 'key share',
      });
      if (!live) return { field: field.name, master: field.target, masterId };
    }
    return undefined;
  }

  /**
   * Restores `rows` (deleted, read for update) with their audit entries, then, through each
   * master-detail reference, the children deleted in the same instant as their master (by its
   * cascade), page by page; a child whose other master is still deleted stays deleted.
   */
  async function restoreRows(
    write: Write,
    compiled: CompiledObject,
    rows: readonly StoredRecord[],
    depth = 0,
  ): Promise<void> {
    if (rows.length === 0) return;
    for (const row of rows) {
      const ref = refOf(write.ctx, compiled, row.id);
      const ok = await write.tx.restore(
        {
          ...ref,
          expectedVersion: row.version,
          actorId: write.ctx.actorId,
          at: write.at,
          access: depth === 0 ? (write.ctx.access ?? null) : null,
        },
        {
          ...ref,
          action: 'restore',
          actorId: write.ctx.actorId,
          at: write.at,
          version: row.version + 1,
          changes: {},
        },
      );
      if (!ok) throw RECORD_STALE({ object: compiled.name, id: row.id, expected: row.version });
    }
    await refreshRollups(
      write,
      compiled,
      rows.map((row) => ({ before: null, after: row })),
    );
    const references = depth > 8 ? [] : (write.prepared.references.get(compiled.name) ?? []);
    const instants = new Map<string, string[]>();
    for (const row of rows) {
      if (row.deletedAt === null) continue;
      instants.set(row.deletedAt, [...(instants.get(row.deletedAt) ?? []), row.id]);
    }
    for (const { child, field, cascade } of references) {
      const column = columnOfField(field);
      if (!cascade || !column) continue;
      for (const [deletedAt, ids] of instants) {
        const together: PlanCondition = {
          kind: 'and',
          children: [
            { kind: 'in', column, values: ids },
            { kind: 'compare', column: systemColumn('deleted_at'), op: 'eq', value: deletedAt },
          ],
        };
        let after: RecordQueryPlan['after'] = null;
        for (;;) {
          const page = await write.tx.query({
            ...matchPlan(write.ctx, child, together, MAX_BULK_SIZE),
            deleted: true,
            select: child.columns,
            after,
          });
          const restorable: StoredRecord[] = [];
          for (const row of page.rows) {
            if (!(await deletedMaster(write, child, row))) restorable.push(row);
          }
          await restoreRows(write, child, restorable, depth + 1);
          const last = page.rows[page.rows.length - 1];
          if (page.rows.length < MAX_BULK_SIZE || !last) break;
          after = [last.id];
        }
      }
    }
  }

  /**
   * A bulk write of one row at a time in one transaction: each row in a savepoint of its own, so
   * that a failed row leaves nothing behind and the others commit; the parents' rollups are
   * refreshed once at the end. A result per row, in order.
   */
  async function eachRow<R extends { readonly id: string }>(
    ctx: RecordContext,
    name: string,
    rows: readonly R[],
    needs: { readonly references: boolean },
    work: (write: Write, compiled: CompiledObject, row: R) => Promise<ApiRecord | undefined>,
  ): Promise<BulkRowResult[]> {
    checkBulk(rows.length);
    const compiled = await loadObject(ctx, name);
    const prepared = await prepare(ctx, compiled, needs);
    return inTransaction(ctx, prepared, async (each) => {
      const write: Write = { ...each, deferredRollups: [] };
      const results: BulkRowResult[] = [];
      for (const [index, row] of rows.entries()) {
        try {
          const record = await write.tx.savepoint(() => work(write, compiled, row));
          results.push(record === undefined ? { index, ok: true } : { index, ok: true, record });
        } catch (error) {
          results.push(errorResult(index, error));
        }
      }
      await flushRollups(write);
      return results;
    });
  }

  function inTransaction<T>(
    ctx: RecordContext,
    prepared: Prepared,
    work: (write: Write) => Promise<T>,
  ): Promise<T> {
    const now = clock.now();
    return store.transaction((tx) => work({ tx, ctx, now, at: now.toISOString(), prepared }));
  }

  /** `createRows` for a caller outside any transaction: it opens one only when needed. */
  function createOutside(
    ctx: RecordContext,
    prepared: Prepared,
    compiled: CompiledObject,
    inputs: readonly unknown[],
  ): Promise<BulkRowResult[]> {
    const now = clock.now();
    const write: Write = { tx: store, ctx, now, at: now.toISOString(), prepared };
    return createRows(write, compiled, inputs, (work) =>
      store.transaction((tx) => work({ ...write, tx })),
    );
  }

  function checkBulk(count: number): void {
    if (count > maxBulkSize)
      throw LIMIT_EXCEEDED({ limit: 'bulkSize', max: maxBulkSize, actual: count });
  }

  function replay(
    prior: { requestHash: string; body: unknown },
    hash: string,
    key: string,
  ): ApiRecord {
    if (prior.requestHash !== hash) throw IDEMPOTENCY_KEY_REUSED({ key });
    return prior.body as ApiRecord;
  }

  const service: RecordService = {
    async create(ctx, name, input, options = {}) {
      const compiled = await loadObject(ctx, name);
      const prepared = await prepare(ctx, compiled, { references: false });
      const key = options.idempotencyKey;
      const only = (results: readonly BulkRowResult[]) => {
        const [result] = results;
        if (!result?.ok || !result.record) throw result?.error ?? RECORD_INVALID({ issues: [] });
        return result.record;
      };
      const createOne = async (write: Write) => only(await createRows(write, compiled, [input]));
      if (key === undefined) return only(await createOutside(ctx, prepared, compiled, [input]));
      // The actor is part of the request: a key is answered from its first response only to the
      // user who sent it, never to another of the tenant who sends the same key and body.
      const hash = await sha256(canonicalJson({ object: name, input, actor: ctx.actorId }));
      try {
        return await inTransaction(ctx, prepared, async (write) => {
          const prior = await write.tx.getIdempotent(ctx.tenantId, key, expiredBefore(write.now));
          if (prior) return replay(prior, hash, key);
          const record = await createOne(write);
          const stored = await write.tx.putIdempotent(
            {
              tenantId: ctx.tenantId,
              key,
              requestHash: hash,
              status: 201,
              body: record,
              createdAt: write.at,
            },
            expiredBefore(write.now),
          );
          if (!stored) throw IDEMPOTENCY_RACE;
          return record;
        });
      } catch (error) {
        // A retry that ran while the first request with its key was still writing failed on
        // that request's record (its unique value, say) or on the key itself: once the first
        // has committed, the retry answers with its response, as a later retry would.
        const prior = await store.getIdempotent(ctx.tenantId, key, expiredBefore(clock.now()));
        if (!prior) throw error;
        return replay(prior, hash, key);
      }
    },

    async get(ctx, name, id, options = {}) {
      const compiled = await loadObject(ctx, name);
      let fields: Set<string> | undefined;
      if (options.fields !== undefined) {
        fields = new Set(options.fields);
        const unknown = [...fields].filter(
          (f) => !SYSTEM_FIELD_NAMES.has(f) && !compiled.object.fields.some((d) => d.name === f),
        );
        if (unknown.length > 0) {
          throw QUERY_INVALID({
            issues: unknown.map((field) => ({
              path: '/fields',
              field,
              code: 'UNKNOWN_FIELD',
              message: `The object has no field ${field}.`,
            })),
          });
        }
      }
      const relations = relationsToExpand(compiled, options.expand);
      const read =
        fields === undefined ? undefined : new Set([...fields, ...relations.map((r) => r.name)]);
      const row = UUID.test(id)
        ? await store.getById(refOf(ctx, compiled, id), {
            access: ctx.access ?? null,
            columns:
              read === undefined
                ? compiled.columns
                : compiled.object.fields.flatMap((f) =>
                    read.has(f.name) ? (columnOfField(f) ?? []) : [],
                  ),
          })
        : undefined;
      if (!row) throw RECORD_NOT_FOUND({ object: name, id });
      const [record] = await expandRelations(
        ctx,
        relations,
        [row],
        [toApiRecord(compiled.object, row, fields)],
      );
      return record as ApiRecord;
    },

    async update(ctx, name, id, patch, options) {
      if (options.ifMatch === undefined) throw PRECONDITION_REQUIRED();
      const compiled = await loadObject(ctx, name);
      const prepared = await prepare(ctx, compiled, { references: false });
      const now = clock.now();
      const write: Write = { tx: store, ctx, now, at: now.toISOString(), prepared };
      return updateRow(write, compiled, id, patch, options.ifMatch, (work) =>
        store.transaction((tx) => work({ ...write, tx })),
      );
    },

    async remove(ctx, name, id, options) {
      if (options.ifMatch === undefined) throw PRECONDITION_REQUIRED();
      const compiled = await loadObject(ctx, name);
      const prepared = await prepare(ctx, compiled, { references: true });
      await inTransaction(ctx, prepared, (write) =>
        removeRow(write, compiled, id, options.ifMatch),
      );
    },

    async restore(ctx, name, id) {
      const compiled = await loadObject(ctx, name);
      const prepared = await prepare(ctx, compiled, { references: true });
      return inTransaction(ctx, prepared, (write) => restoreRow(write, compiled, id));
    },

    async bulkCreate(ctx, name, inputs) {
      checkBulk(inputs.length);
      const compiled = await loadObject(ctx, name);
      if (inputs.length === 0) return [];
      const prepared = await prepare(ctx, compiled, { references: false });
      return createOutside(ctx, prepared, compiled, inputs);
    },

    bulkUpdate: (ctx, name, rows) =>
      eachRow(ctx, name, rows, { references: false }, (write, compiled, row) =>
        updateRow(write, compiled, row.id, row.patch, row.ifMatch),
      ),

    bulkRemove: (ctx, name, rows) =>
      eachRow(ctx, name, rows, { references: true }, async (write, compiled, row) => {
        await removeRow(write, compiled, row.id, row.ifMatch);
        return undefined;
      }),

    bulkRestore: (ctx, name, rows) =>
      eachRow(ctx, name, rows, { references: true }, (write, compiled, row) =>
        restoreRow(write, compiled, row.id),
      ),

    async query(ctx, name, request) {
      const compiled = await loadObject(ctx, name);
      const { expand, ...query } = request;
      const relations = relationsToExpand(compiled, expand);
      // The expanded fields are read even when `fields` leaves them out of the records.
      const read =
        Array.isArray(query.fields) && relations.length > 0
          ? { ...query, fields: [...new Set([...query.fields, ...relations.map((r) => r.name)])] }
          : query;
      const planning = planQuery(
        compiled.object,
        read,
        await planContext(ctx, compiled, query.filter),
      );
      if (!planning.ok) throw QUERY_INVALID({ issues: planning.issues });
      const { plan, pageSize } = planning;
      const page = await store.query(plan);
      const visible = page.rows.slice(0, pageSize);
      const fields = Array.isArray(query.fields) ? new Set(query.fields as string[]) : undefined;
      const last = visible[visible.length - 1];
      return {
        records: await expandRelations(
          ctx,
          relations,
          visible,
          visible.map((row) => toApiRecord(compiled.object, row, fields)),
        ),
        nextCursor: page.rows.length > pageSize && last ? cursorAfter(plan.sort, last) : null,
        ...(page.count === undefined ? {} : { count: page.count }),
      };
    },

    async history(ctx, name, id) {
      const compiled = await loadObject(ctx, name);
      const row = UUID.test(id)
        ? await store.getById(refOf(ctx, compiled, id), {
            includeDeleted: true,
            access: ctx.access ?? null,
            columns: compiled.columns,
          })
        : undefined;
      if (!row) throw RECORD_NOT_FOUND({ object: name, id });
      const entries = await store.history(ctx.tenantId, compiled.objectId, id);
      return entries.map(({ version, action, actorId, at, changes }) => ({
        version,
        action,
        actorId,
        at,
        changes,
      }));
    },

    previewFieldTypeChange: (ctx, name, field, next) => typeChanges.preview(ctx, name, field, next),

    applyFieldTypeChange: (ctx, name, field, next, options) =>
      typeChanges.apply(ctx, name, field, next, options),

    invalidate,
  };
  const create = perCall(service.create);
  const bulkCreate = perCall(service.bulkCreate);
  const batched =
    deps.createBatch === false
      ? undefined
      : createBatcher({ create, bulkCreate }, deps.createBatch ?? {});
  return {
    ...service,
    create: (ctx, name, input, options = {}) =>
      batched === undefined || options.idempotencyKey !== undefined
        ? create(ctx, name, input, options)
        : batched(ctx, name, input),
    get: perCall(service.get),
    update: perCall(service.update),
    remove: perCall(service.remove),
    restore: perCall(service.restore),
    bulkCreate,
    bulkUpdate: perCall(service.bulkUpdate),
    bulkRemove: perCall(service.bulkRemove),
    bulkRestore: perCall(service.bulkRestore),
    query: perCall(service.query),
    history: perCall(service.history),
  };
}
