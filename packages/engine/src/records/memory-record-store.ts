import { isEmptyValue as isEmpty } from '@tangram/logic';
import type {
  AuditEntry,
  ExtraValue,
  IdempotentResponse,
  IndexSpec,
  RecentWrite,
  RecordStore,
  RecordTransaction,
  StoredRecord,
  StoredValue,
} from '../ports/record-store.js';
import {
  evaluateCondition,
  looseOrder as order,
  readColumn as read,
} from './evaluate-condition.js';
import {
  assertNever,
  type ColumnRef,
  type PlanCondition,
  type PlanSortKey,
  type PlanValue,
  type RecordAggregatePlan,
  type RecordQueryPlan,
} from './record-plan.js';

type Row = { -readonly [K in keyof StoredRecord]: StoredRecord[K] };

interface State {
  rows: Map<string, Row>;
  objectIds: Map<string, number>;
  counters: Map<string, number>;
  idempotency: Map<string, IdempotentResponse>;
  audit: AuditEntry[];
}

function clone(state: State): State {
  return {
    rows: new Map([...state.rows].map(([k, row]) => [k, structuredClone(row)])),
    objectIds: new Map(state.objectIds),
    counters: new Map(state.counters),
    idempotency: new Map(state.idempotency),
    audit: [...state.audit],
  };
}

function rowKey(tenantId: string, objectId: number, id: string): string {
  return `${tenantId}/${objectId}/${id}`;
}

/**
 * A record store in memory with the plan semantics the SQL store implements (two-valued
 * conditions, empty values last in both sort directions, keyset after the cursor, lookup paths
 * read through the live target with a missing one as empty), for
 * tests of the engine that need no database. Transactions roll back by restoring a snapshot.
 */
export function createMemoryRecordStore(): RecordStore & {
  readonly indexes: Map<string, readonly IndexSpec[]>;
} {
  let state: State = {
    rows: new Map(),
    objectIds: new Map(),
    counters: new Map(),
    idempotency: new Map(),
    audit: [],
  };
  const indexes = new Map<string, readonly IndexSpec[]>();

  function holds(condition: PlanCondition, row: StoredRecord, tenantId: string): boolean {
    // As the database's correlated probe: a missing or deleted target reads as empty.
    const target = (objectId: number, id: string) => {
      const found = state.rows.get(rowKey(tenantId, objectId, id));
      return found !== undefined && found.deletedAt === null ? found : undefined;
    };
    return evaluateCondition(condition, row, { target }) === true;
  }

  function compareRows(
    sort: readonly PlanSortKey[],
    a: readonly unknown[],
    b: readonly unknown[],
  ): number {
    for (const [i, key] of sort.entries()) {
      const [x, y] = [a[i], b[i]];
      // Empty values last in both directions; only the order of non-empty values reverses.
      if (isEmpty(x) && isEmpty(y)) continue;
      if (isEmpty(x)) return 1;
      if (isEmpty(y)) return -1;
      const cmp = order(key.column.type, x, y);
      if (cmp !== 0) return key.direction === 'asc' ? cmp : -cmp;
    }
    return 0;
  }

  function matching(plan: RecordQueryPlan | RecordAggregatePlan, deleted: boolean): Row[] {
    const access = plan.kind === 'query' ? plan.access : null;
    return [...state.rows.values()].filter(
      (row) =>
        row.tenantId === plan.tenantId &&
        row.objectId === plan.objectId &&
        (row.deletedAt !== null) === deleted &&
        holds(plan.where, row, plan.tenantId) &&
        (access === null || holds(access, row, plan.tenantId)) &&
        (plan.kind !== 'query' ||
          plan.search === null ||
          plan.search.columns.some((column) => {
            const value = read(row, column);
            return (
              !isEmpty(value) &&
              String(value)
                .toLowerCase()
                .includes(plan.search?.text.toLowerCase() ?? '')
            );
          })),
    );
  }

  function live(
    tenantId: string,
    objectId: number,
    id: string,
    access?: PlanCondition | null,
  ): Row | undefined {
    const row = state.rows.get(rowKey(tenantId, objectId, id));
    if (!row) return undefined;
    if (access && !holds(access, row, tenantId)) return undefined;
    return row;
  }

  const tx: RecordTransaction = {
    async savepoint(work) {
      const snapshot = clone(state);
      try {
        return await work();
      } catch (error) {
        state = snapshot;
        throw error;
      }
    },
    async resolveObjectId(tenantId, objectName) {
      const key = `${tenantId}/${objectName}`;
      let id = state.objectIds.get(key);
      if (id === undefined) {
        id = [...state.objectIds.keys()].filter((k) => k.startsWith(`${tenantId}/`)).length + 1;
        state.objectIds.set(key, id);
      }
      return id;
    },
    async query(plan) {
      const rows = matching(plan, plan.deleted);
      const keyOf = (row: Row) => plan.sort.map((key) => read(row, key.column));
      const sorted = rows.sort((a, b) => compareRows(plan.sort, keyOf(a), keyOf(b)));
      const after = plan.after;
      const page = (
        after === null
          ? sorted
          : sorted.filter((row) => compareRows(plan.sort, keyOf(row), after) > 0)
      )
        .slice(0, plan.limit)
        .map((row) => structuredClone(row));
      return plan.count === 'none'
        ? { rows: page }
        : { rows: page, count: { value: rows.length, exact: true } };
    },
    async aggregate(plan) {
      const rows = matching(plan, false);
      if (plan.function === 'count') return String(rows.length);
      const column = plan.column;
      if (column === null) return null;
      const values = rows.map((row) => read(row, column)).filter((v) => !isEmpty(v)) as PlanValue[];
      if (values.length === 0) return null;
      const sorted = [...values].sort((a, b) => order(column.type, a, b));
      switch (plan.function) {
        case 'sum':
          return String(values.reduce((sum, v) => sum + Number(v), 0));
        case 'avg':
          return String(values.reduce((sum, v) => sum + Number(v), 0) / values.length);
        case 'min':
          return sorted[0] ?? null;
        case 'max':
          return sorted[sorted.length - 1] ?? null;
        default:
          return assertNever(plan.function, 'aggregate');
      }
    },
    async aggregateGroups(plans, groupBy, groups) {
      const values = new Map<string, StoredValue[]>();
      for (const group of new Set(groups)) {
        const byGroup: PlanCondition = { kind: 'compare', column: groupBy, op: 'eq', value: group };
        const grouped = plans.map(
          (plan): RecordAggregatePlan => ({
            ...plan,
            where: { kind: 'and', children: [plan.where, byGroup] },
          }),
        );
        if (!grouped.some((plan) => matching(plan, false).length > 0)) continue;
        values.set(group, await Promise.all(grouped.map((plan) => tx.aggregate(plan))));
      }
      return values;
    },
    async liveIds(tenantId, objectId, ids, access) {
      return new Set(
        ids.filter((id) => {
          const row = live(tenantId, objectId, id, access);
          return row !== undefined && row.deletedAt === null;
        }),
      );
    },
    async getByIds(tenantId, objectId, ids, options) {
      const found: StoredRecord[] = [];
      for (const id of [...new Set(ids)].sort()) {
        const row = await tx.getById({ tenantId, objectId, id }, options);
        if (row !== undefined) found.push(row);
      }
      return found;
    },
    async updateMany(batch) {
      const written: string[] = [];
      for (const row of batch.rows) {
        const ref = { tenantId: batch.tenantId, objectId: batch.objectId, id: row.id };
        const current = live(batch.tenantId, batch.objectId, row.id, batch.access);
        const ok = await tx.update(
          {
            ...ref,
            expectedVersion: row.expectedVersion,
            updatedBy: batch.updatedBy,
            updatedAt: batch.updatedAt,
            slots: row.slots,
            extra: row.extra,
            access: batch.access ?? null,
          },
          {
            ...ref,
            action: 'update',
            actorId: batch.updatedBy,
            at: batch.updatedAt,
            version: (current?.version ?? 0) + 1,
            changes: row.changes,
          },
        );
        if (ok) written.push(row.id);
      }
      return written;
    },
    async getById(ref, options = {}) {
      const row = live(ref.tenantId, ref.objectId, ref.id, options.access);
      if (!row || (row.deletedAt !== null && options.includeDeleted !== true)) return undefined;
      return options.columns === undefined ? structuredClone(row) : narrowed(row, options.columns);
    },
    async insert(rows, audit) {
      for (const row of rows) {
        const key = rowKey(row.tenantId, row.objectId, row.id);
        if (state.rows.has(key)) throw new Error(`duplicate record id ${row.id}`);
        state.rows.set(key, {
          ...structuredClone(row),
          updatedBy: row.createdBy,
          updatedAt: row.createdAt,
          version: 1,
          deletedAt: null,
        });
      }
      state.audit.push(...audit);
    },
    async update(change, audit) {
      const row = live(change.tenantId, change.objectId, change.id, change.access);
      if (!row || row.deletedAt !== null) return false;
      if (change.expectedVersion !== null && row.version !== change.expectedVersion) return false;
      const extra = { ...row.extra };
      for (const [key, value] of Object.entries(change.extra)) {
        if (value === null) delete extra[key];
        else extra[key] = structuredClone(value);
      }
      Object.assign(row, {
        slots: { ...row.slots, ...change.slots },
        extra,
        updatedBy: change.updatedBy,
        updatedAt: change.updatedAt,
        version: row.version + 1,
      });
      state.audit.push(audit);
      return true;
    },
    async softDelete(change, audit) {
      const row = live(change.tenantId, change.objectId, change.id, change.access);
      if (!row || row.deletedAt !== null) return false;
      if (change.expectedVersion !== null && row.version !== change.expectedVersion) return false;
      Object.assign(row, {
        deletedAt: change.at,
        version: row.version + 1,
        updatedBy: change.actorId,
        updatedAt: change.at,
      });
      state.audit.push(audit);
      return true;
    },
    async restore(change, audit) {
      const row = live(change.tenantId, change.objectId, change.id, change.access);
      if (!row || row.deletedAt === null) return false;
      if (change.expectedVersion !== null && row.version !== change.expectedVersion) return false;
      Object.assign(row, {
        deletedAt: null,
        version: row.version + 1,
        updatedBy: change.actorId,
        updatedAt: change.at,
      });
      state.audit.push(audit);
      return true;
    },
    async nextAutonumber(tenantId, objectId, field, periodKey) {
      const key = `${tenantId}/${objectId}/${field}/${periodKey}`;
      const next = (state.counters.get(key) ?? 0) + 1;
      state.counters.set(key, next);
      return next;
    },
    async getIdempotent(tenantId, key, notBefore) {
      const stored = state.idempotency.get(`${tenantId}/${key}`);
      return stored && Date.parse(stored.createdAt) >= Date.parse(notBefore) ? stored : undefined;
    },
    async putIdempotent(response, replaceBefore) {
      const key = `${response.tenantId}/${response.key}`;
      const stored = state.idempotency.get(key);
      if (stored && Date.parse(stored.createdAt) >= Date.parse(replaceBefore)) return false;
      const expired = [...state.idempotency]
        .filter(([other, { tenantId, createdAt }]) => {
          const old = Date.parse(createdAt) < Date.parse(replaceBefore);
          return other !== key && tenantId === response.tenantId && old;
        })
        .sort(([, a], [, b]) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
      for (const [other] of expired.slice(0, 2)) state.idempotency.delete(other);
      state.idempotency.set(key, response);
      return true;
    },
    async history(tenantId, objectId, id) {
      return state.audit
        .filter((e) => e.tenantId === tenantId && e.objectId === objectId && e.id === id)
        .reverse();
    },
    async recentWrites(tenantId, actorId, { objects, limit }) {
      const names = new Map(
        [...state.objectIds]
          .filter(([key]) => key.startsWith(`${tenantId}/`))
          .map(([key, objectId]) => [objectId, key.slice(tenantId.length + 1)]),
      );
      const latest = new Map<string, RecentWrite>();
      for (const entry of [...state.audit].reverse()) {
        const object = names.get(entry.objectId);
        if (entry.tenantId !== tenantId || entry.actorId !== actorId || object === undefined)
          continue;
        if (objects !== undefined && !objects.includes(object)) continue;
        const key = `${object}/${entry.id}`;
        if (!latest.has(key)) latest.set(key, { object, id: entry.id, at: entry.at });
      }
      return [...latest.values()].slice(0, limit);
    },
  };

  // One transaction at a time, like a serialised database; a failed one restores the snapshot.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    ...tx,
    indexes,
    transaction<T>(work: (tx: RecordTransaction) => Promise<T>): Promise<T> {
      const run = queue.then(async () => {
        const snapshot = clone(state);
        try {
          return await work(tx);
        } catch (error) {
          state = snapshot;
          throw error;
        }
      });
      queue = run.catch(() => undefined);
      return run;
    },
    async ensureIndexes(tenantId, objectId, specs) {
      indexes.set(`${tenantId}/${objectId}`, specs);
    },
    async readColumnBatch(tenantId, objectId, columns, afterId, limit) {
      return [...state.rows.values()]
        .filter((row) => row.tenantId === tenantId && row.objectId === objectId)
        .filter((row) => afterId === null || row.id > afterId)
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .slice(0, limit)
        .map((row) => ({
          id: row.id,
          version: row.version,
          values: columns.map((column) => read(row, column) ?? null),
        }));
    },
    async writeColumnBatch(tenantId, objectId, column, rows) {
      const written: string[] = [];
      for (const { id, version, value } of rows) {
        const row = state.rows.get(rowKey(tenantId, objectId, id));
        if (row === undefined || row.version !== version) continue;
        if (column.kind === 'slot') {
          row.slots = { ...row.slots, [column.slot]: value as StoredValue };
        } else {
          const { [column.key]: _dropped, ...rest } = row.extra;
          row.extra = value === null ? rest : { ...rest, [column.key]: value };
        }
        written.push(id);
      }
      return written;
    },
  };
}

/** A copy of `row` with only the slots and extra keys of `columns`, as the SQL store reads it. */
function narrowed(row: StoredRecord, columns: readonly ColumnRef[]): StoredRecord {
  const slots: Record<string, StoredValue> = {};
  const extra: Record<string, ExtraValue> = {};
  for (const column of columns) {
    if (column.kind === 'slot') slots[column.slot] = row.slots[column.slot] ?? null;
    const value = column.kind === 'extra' ? row.extra[column.key] : undefined;
    if (column.kind === 'extra' && value !== undefined) extra[column.key] = value;
  }
  return structuredClone({ ...row, slots, extra });
}
