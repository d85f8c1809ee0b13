import { PRECONDITION_REQUIRED } from '@tangram/errors';
import type { FieldDef, ObjectDoc } from '@tangram/schema';
import { accept, type Coercion, type ValueIssue } from '../field-types/field-type.js';
import { fieldTypeOf } from '../field-types/field-type-registry.js';
import { checkDocument } from '../metadata/check-document.js';
import {
  METADATA_INVALID,
  METADATA_NAME_MISMATCH,
  METADATA_NOT_FOUND,
  METADATA_STALE,
} from '../metadata/metadata-errors.js';
import type { MetadataContext, MetadataService } from '../metadata/metadata-service.js';
import type { ColumnValue, ColumnValues, RecordStore, ValueColumn } from '../ports/record-store.js';
import { freeSlot, usedSlots } from './allocate-slots.js';
import { type FieldValue, serializeValue } from './record-codec.js';
import {
  FIELD_NOT_FOUND,
  FIELD_TYPE_CHANGE_BUSY,
  FIELD_TYPE_CHANGE_REFUSED,
  FIELD_TYPE_CHANGE_UNSUPPORTED,
  OBJECT_NOT_FOUND,
} from './record-errors.js';
import type { RecordIssueCode } from './record-issue-codes.js';
import { columnOfField, EXTRA_SLOT, storageKindOf } from './slots.js';

/** Rows read and written per statement while a type change scans or moves values. */
export const TYPE_CHANGE_BATCH = 1000;

/** Failures listed in full in a preview or result; the rest are counted. */
export const MAX_LISTED_FAILURES = 1000;

/** How often a batch is re-read when records change under it before the change gives up. */
const MAX_BATCH_ATTEMPTS = 5;

/** Passes over all values at most: the move, then catch-up passes while rows still changed. */
const MAX_MOVE_PASSES = 3;

function isSameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** A stored value that the new type does not accept, with the record it belongs to. */
export interface ConversionFailure {
  readonly id: string;
  /** The value in API JSON of the old type. */
  readonly value: unknown;
  readonly code: RecordIssueCode;
  readonly message: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

/** Everything a type change decides before it reads a record: the fields, columns and object. */
export interface FieldTypeChangePlan {
  readonly from: FieldDef;
  /** The new definition with its storage slot. */
  readonly to: FieldDef;
  readonly fromColumn: ValueColumn;
  readonly toColumn: ValueColumn;
  /** False when the new type keeps its values where they are (text → email, number → currency). */
  readonly moves: boolean;
  /** The object as it will be published. */
  readonly object: ObjectDoc;
}

/** What would happen to the values of a field if its type changed. */
export interface FieldTypeChangePreview {
  readonly object: string;
  readonly field: string;
  /** The metadata revision read: send it back as If-Match to apply. */
  readonly revision: number;
  readonly fromType: string;
  readonly toType: string;
  readonly fromSlot: string;
  readonly toSlot: string;
  readonly moves: boolean;
  /** Records read, soft-deleted ones included (their values move too, for a later restore). */
  readonly total: number;
  /** Records whose value converts (empty values included). */
  readonly convertible: number;
  readonly failureCount: number;
  /** The first MAX_LISTED_FAILURES failures, by record id. */
  readonly failures: readonly ConversionFailure[];
}

/** What an applied type change did. */
export interface FieldTypeChangeResult {
  readonly object: string;
  readonly field: string;
  /** The object version published with the new type. */
  readonly version: number;
  readonly revision: number;
  readonly fromSlot: string;
  readonly toSlot: string;
  readonly total: number;
  /** Values converted (and moved, when the slot changed). */
  readonly converted: number;
  /** Values that did not convert and stayed where they were, in the old slot. */
  readonly keptCount: number;
  readonly kept: readonly ConversionFailure[];
}

/** What to do with values the new type refuses: refuse the change, or keep them in the old slot. */
export type ConversionFailureMode = 'refuse' | 'keep';

/**
 * A stored value of `from` in the stored form of `to`, through the new type's own `coerce`, the
 * code that validates API input, so there is one set of rules. Empty stays empty; numbers and
 * booleans become their text when the new type holds text.
 */
export function convertValue(from: FieldDef, to: FieldDef, stored: FieldValue): Coercion {
  if (stored === null) return accept(null);
  let input = serializeValue(from, stored);
  const target = fieldTypeOf(to);
  if (
    target.valueKind(to) === 'text' &&
    (typeof input === 'number' || typeof input === 'boolean')
  ) {
    input = String(input);
  }
  if (input === null || input === '' || (Array.isArray(input) && input.length === 0)) {
    return accept(null);
  }
  return target.coerce(to, input);
}

/**
 * Decides a type change of `fieldName` in the published `object` to the definition `input`:
 * the new field (validated as part of its object) and where its values go — the same slot when
 * the storage kind stays, else a slot of the new kind no version of the object ever used.
 */
export function planFieldTypeChange(
  object: ObjectDoc,
  history: readonly ObjectDoc[],
  fieldName: string,
  input: unknown,
): FieldTypeChangePlan {
  const from = object.fields.find((f) => f.name === fieldName);
  if (from === undefined) throw FIELD_NOT_FOUND({ object: object.name, field: fieldName });
  const fromColumn = columnOfField(from);
  if (fromColumn === undefined || fromColumn.kind === 'system') {
    throw new TypeError(`published field ${object.name}.${fieldName} has no storage slot`);
  }
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw METADATA_INVALID({
      issues: [{ path: '', code: 'TYPE', message: 'Expected a field definition.' }],
    });
  }
  const body = input as Record<string, unknown>;
  if (body.name !== undefined && body.name !== fieldName) {
    throw METADATA_NAME_MISMATCH({
      expected: { kind: 'field', name: fieldName },
      actual: { kind: 'field', name: body.name },
    });
  }
  const { storage: _storage, ...definition } = body;
  const index = object.fields.indexOf(from);
  const draft = {
    ...object,
    fields: object.fields.map((f, i) => (i === index ? { ...definition, name: fieldName } : f)),
  };
  const checked = checkDocument(draft);
  if (!checked.ok) throw METADATA_INVALID({ issues: checked.issues });
  const next = (checked.document as unknown as ObjectDoc).fields[index] as FieldDef;

  const fromKind = storageKindOf(from);
  const toKind = storageKindOf(next);
  const unsupported = (reason: string) =>
    FIELD_TYPE_CHANGE_UNSUPPORTED({
      object: object.name,
      field: fieldName,
      from: from.type,
      to: next.type,
      reason,
    });
  if (!fieldTypeOf(next).writable) throw unsupported('computed');
  const sameKind = fromKind === toKind;
  const fromSlot = fromColumn.kind === 'slot' ? fromColumn.slot : EXTRA_SLOT;
  // Extra-only values are keyed by field name: a second place for them does not exist.
  if (
    sameKind &&
    fromKind === EXTRA_SLOT &&
    fieldTypeOf(from).valueKind(from) !== fieldTypeOf(next).valueKind(next)
  ) {
    throw unsupported('extra_value_kind');
  }
  const toSlot = sameKind ? fromSlot : freeSlot(toKind, usedSlots([object, ...history]));
  const to = { ...next, storage: { slot: toSlot } } as FieldDef;
  const toColumn = columnOfField(to);
  if (toColumn === undefined || toColumn.kind === 'system') {
    throw new TypeError(`no column for ${object.name}.${fieldName} in ${toSlot}`);
  }
  return {
    from,
    to,
    fromColumn,
    toColumn,
    moves: !sameKind,
    object: { ...object, fields: object.fields.map((f, i) => (i === index ? to : f)) },
  };
}

/** Preview and apply of field type changes: the record-side half of the metadata change. */
export interface FieldTypeChanges {
  preview(
    ctx: MetadataContext,
    object: string,
    field: string,
    next: unknown,
  ): Promise<FieldTypeChangePreview>;
  apply(
    ctx: MetadataContext,
    object: string,
    field: string,
    next: unknown,
    options: { readonly ifMatch?: number | undefined; readonly onFailure?: ConversionFailureMode },
  ): Promise<FieldTypeChangeResult>;
}

/** What field type changes need: metadata to read and publish objects, the store to move values. */
export interface FieldTypeChangesDeps {
  readonly metadata: MetadataService;
  readonly store: RecordStore;
  /** Called after a change is published, e.g. to forget cached objects. */
  readonly onPublished?: (tenantId: string) => void;
  readonly batchSize?: number;
}

interface LoadedChange {
  readonly plan: FieldTypeChangePlan;
  readonly revision: number;
  readonly objectId: number;
}

/** Failures counted in full and listed up to MAX_LISTED_FAILURES, so memory stays bounded. */
class FailureTally {
  count = 0;
  readonly listed: ConversionFailure[] = [];

  add(failures: readonly ConversionFailure[]): void {
    this.count += failures.length;
    for (const failure of failures) {
      if (this.listed.length < MAX_LISTED_FAILURES) this.listed.push(failure);
    }
  }
}

/** What a full pass over the values found: records read, values that did not convert, writes. */
interface PassOutcome {
  readonly total: number;
  readonly failures: FailureTally;
  readonly written: number;
}

/** Creates the preview/apply pair over the metadata service and the record store. */
export function createFieldTypeChanges(deps: FieldTypeChangesDeps): FieldTypeChanges {
  const { metadata, store } = deps;
  const batchSize = deps.batchSize ?? TYPE_CHANGE_BATCH;
  // One change per object at a time in this process: two would pick the same free slot.
  const running = new Map<string, Promise<unknown>>();

  async function load(
    ctx: MetadataContext,
    objectName: string,
    fieldName: string,
    next: unknown,
  ): Promise<LoadedChange> {
    let entry: Awaited<ReturnType<MetadataService['get']>>;
    try {
      entry = await metadata.get(ctx, 'object', objectName, { state: 'published' });
    } catch (error) {
      if (METADATA_NOT_FOUND.is(error)) throw OBJECT_NOT_FOUND({ object: objectName });
      throw error;
    }
    const object = entry.document as unknown as ObjectDoc;
    const history: ObjectDoc[] = [];
    for (const { version } of await metadata.history(ctx, 'object', objectName)) {
      const old = await metadata.get(ctx, 'object', objectName, { version });
      history.push(old.document as unknown as ObjectDoc);
    }
    return {
      plan: planFieldTypeChange(object, history, fieldName, next),
      revision: entry.revision,
      objectId: await store.resolveObjectId(ctx.tenantId, objectName),
    };
  }

  /** A failure report for a row whose old value does not convert. */
  function failureOf(
    plan: FieldTypeChangePlan,
    id: string,
    old: FieldValue,
    issue: ValueIssue,
  ): ConversionFailure {
    return {
      id,
      value: serializeValue(plan.from, old),
      code: issue.code,
      message: issue.message,
      ...(issue.params === undefined ? {} : { params: issue.params }),
    };
  }

  /** Reads every row in keyset batches (the old column, and the new one when values move). */
  async function scan(
    ctx: MetadataContext,
    loaded: LoadedChange,
    each: (rows: ColumnValues[], after: string | null) => Promise<void>,
  ): Promise<void> {
    const { plan } = loaded;
    const columns = plan.moves ? [plan.fromColumn, plan.toColumn] : [plan.fromColumn];
    let after: string | null = null;
    for (;;) {
      const rows = await store.readColumnBatch(
        ctx.tenantId,
        loaded.objectId,
        columns,
        after,
        batchSize,
      );
      if (rows.length === 0) return;
      await each(rows, after);
      after = rows[rows.length - 1]?.id ?? null;
      if (rows.length < batchSize) return;
    }
  }

  /** Rows among `ids` read again, from just after `after` up to `last`, whatever got inserted. */
  async function reread(
    ctx: MetadataContext,
    loaded: LoadedChange,
    after: string | null,
    last: string,
    ids: ReadonlySet<string>,
  ): Promise<ColumnValues[]> {
    const { plan } = loaded;
    const found: ColumnValues[] = [];
    let cursor = after;
    for (;;) {
      const rows = await store.readColumnBatch(
        ctx.tenantId,
        loaded.objectId,
        [plan.fromColumn, plan.toColumn],
        cursor,
        batchSize,
      );
      for (const row of rows) {
        if (row.id > last) return found;
        if (ids.has(row.id)) found.push(row);
      }
      if (rows.length < batchSize) return found;
      cursor = rows[rows.length - 1]?.id ?? null;
    }
  }

  async function check(ctx: MetadataContext, loaded: LoadedChange): Promise<PassOutcome> {
    let total = 0;
    const failures = new FailureTally();
    await scan(ctx, loaded, async (rows) => {
      total += rows.length;
      const found: ConversionFailure[] = [];
      for (const row of rows) {
        const old = (row.values[0] ?? null) as FieldValue;
        const result = convertValue(loaded.plan.from, loaded.plan.to, old);
        if (!result.ok) found.push(failureOf(loaded.plan, row.id, old, result.issue));
      }
      failures.add(found);
    });
    return { total, failures, written: 0 };
  }

  function previewOf(
    objectName: string,
    loaded: LoadedChange,
    { total, failures }: PassOutcome,
  ): FieldTypeChangePreview {
    const { plan } = loaded;
    return {
      object: objectName,
      field: plan.from.name,
      revision: loaded.revision,
      fromType: plan.from.type,
      toType: plan.to.type,
      fromSlot: plan.from.storage?.slot ?? EXTRA_SLOT,
      toSlot: plan.to.storage?.slot ?? EXTRA_SLOT,
      moves: plan.moves,
      total,
      convertible: total - failures.count,
      failureCount: failures.count,
      failures: failures.listed,
    };
  }

  /**
   * One pass making the new column hold the converted old value of every row (empty where it
   * does not convert): batch by batch, writing only rows that differ, in one short UPDATE
   * guarded by the versions read; rows written meanwhile are read and converted again. Being
   * idempotent, a second pass catches rows written through the old definition during the first.
   */
  async function reconcile(
    ctx: MetadataContext,
    loaded: LoadedChange,
    onFailure: ConversionFailureMode,
  ): Promise<PassOutcome> {
    const { plan, objectId } = loaded;
    let total = 0;
    let written = 0;
    const failures = new FailureTally();
    await scan(ctx, loaded, async (rows, after) => {
      total += rows.length;
      const last = rows[rows.length - 1]?.id ?? '';
      let pending = rows;
      for (let attempt = 1; ; attempt += 1) {
        const writes: ColumnValue[] = [];
        const found: ConversionFailure[] = [];
        for (const row of pending) {
          const [old = null, current = null] = row.values as FieldValue[];
          const result = convertValue(plan.from, plan.to, old);
          if (!result.ok) found.push(failureOf(plan, row.id, old, result.issue));
          const value = result.ok ? result.value : null;
          if (!isSameValue(value, current))
            writes.push({ id: row.id, version: row.version, value });
        }
        if (onFailure === 'refuse' && found.length > 0) {
          const tally = new FailureTally();
          tally.add(found);
          throw refused(plan, tally);
        }
        const done = new Set(
          await store.writeColumnBatch(ctx.tenantId, objectId, plan.toColumn, writes),
        );
        written += done.size;
        const missed = new Set(writes.filter((w) => !done.has(w.id)).map((w) => w.id));
        failures.add(found.filter((f) => !missed.has(f.id)));
        if (missed.size === 0) return;
        if (attempt === MAX_BATCH_ATTEMPTS) {
          throw FIELD_TYPE_CHANGE_BUSY({ object: plan.object.name, field: plan.from.name });
        }
        pending = await reread(ctx, loaded, after, last, missed);
        if (pending.length === 0) return;
      }
    });
    return { total, failures, written };
  }

  /** Moves the values, then passes again while the previous pass found rows to write. */
  async function move(
    ctx: MetadataContext,
    loaded: LoadedChange,
    onFailure: ConversionFailureMode,
  ): Promise<PassOutcome> {
    let outcome = await reconcile(ctx, loaded, onFailure);
    for (let pass = 1; pass < MAX_MOVE_PASSES && outcome.written > 0; pass += 1) {
      outcome = await reconcile(ctx, loaded, onFailure);
    }
    return outcome;
  }

  function refused(plan: FieldTypeChangePlan, failures: FailureTally) {
    return FIELD_TYPE_CHANGE_REFUSED({
      object: plan.object.name,
      field: plan.from.name,
      failureCount: failures.count,
      failures: failures.listed,
    });
  }

  // The object's history is the audit of metadata: the version message names the kept values.
  function auditMessage(plan: FieldTypeChangePlan, kept: FailureTally): string {
    const [fromSlot, toSlot] = [plan.from.storage?.slot, plan.to.storage?.slot];
    const change = `Type of ${plan.object.name}.${plan.from.name} changed from ${plan.from.type} (${fromSlot}) to ${plan.to.type} (${toSlot}).`;
    if (kept.count === 0) return change;
    const ids = kept.listed.slice(0, 20).map((f) => f.id);
    const more = kept.count > ids.length ? ` and ${kept.count - ids.length} more` : '';
    return `${change} ${kept.count} value(s) that did not convert kept in ${fromSlot}: ${ids.join(', ')}${more}.`;
  }

  async function exclusive<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = running.get(key) ?? Promise.resolve();
    const run = before.catch(() => undefined).then(work);
    const settled = run.catch(() => undefined);
    running.set(key, settled);
    try {
      return await run;
    } finally {
      if (running.get(key) === settled) running.delete(key);
    }
  }

  return {
    async preview(ctx, objectName, fieldName, next) {
      const loaded = await load(ctx, objectName, fieldName, next);
      return previewOf(objectName, loaded, await check(ctx, loaded));
    },

    async apply(ctx, objectName, fieldName, next, options) {
      if (options.ifMatch === undefined) throw PRECONDITION_REQUIRED();
      const ifMatch = options.ifMatch;
      const onFailure = options.onFailure ?? 'refuse';
      return exclusive(`${ctx.tenantId}\u0000${objectName}`, async () => {
        const loaded = await load(ctx, objectName, fieldName, next);
        if (loaded.revision !== ifMatch) {
          throw METADATA_STALE({
            kind: 'object',
            name: objectName,
            expected: ifMatch,
            actual: loaded.revision,
          });
        }
        const { plan } = loaded;
        let outcome: PassOutcome | undefined;
        // Refusing is decided on a full read first, so a refused change writes nothing at all.
        if (onFailure === 'refuse' || !plan.moves) {
          outcome = await check(ctx, loaded);
          if (onFailure === 'refuse' && outcome.failures.count > 0) {
            throw refused(plan, outcome.failures);
          }
        }
        if (plan.moves) outcome = await move(ctx, loaded, onFailure);
        if (outcome === undefined) throw new Error('unreachable: no pass over the values');
        const published = await metadata.publishTypeChange(ctx, plan.object, {
          field: fieldName,
          ifMatch,
          message: auditMessage(plan, outcome.failures),
        });
        deps.onPublished?.(ctx.tenantId);
        return {
          object: objectName,
          field: fieldName,
          version: published.version,
          revision: published.revision,
          fromSlot: plan.from.storage?.slot ?? EXTRA_SLOT,
          toSlot: plan.to.storage?.slot ?? EXTRA_SLOT,
          total: outcome.total,
          converted: outcome.total - outcome.failures.count,
          keptCount: outcome.failures.count,
          kept: outcome.failures.listed,
        };
      });
    },
  };
}
