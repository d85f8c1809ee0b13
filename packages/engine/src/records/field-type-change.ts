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
import { type FieldValue, readStoredValue, serializeValue } from './record-codec.js';
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

/**
 * A stored value that the new type does not accept, or (code UNIQUE, `params.converted`) that
 * becomes a value another live record's becomes in a unique field, with the record it belongs to.
 */
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
  /** Records whose value converts (empty values included) and collides with no other's. */
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

  static of(failures: Iterable<ConversionFailure>): FailureTally {
    const tally = new FailureTally();
    tally.add([...failures]);
    return tally;
  }

  add(failures: readonly ConversionFailure[]): void {
    this.count += failures.length;
    for (const failure of failures) {
      if (this.listed.length < MAX_LISTED_FAILURES) this.listed.push(failure);
    }
  }
}

/** A live record's value before the change, and the value it holds (or would) in the new type. */
interface HeldValue {
  readonly old: FieldValue;
  readonly value: FieldValue;
}

/**
 * Records whose values are equal in the new type, for a field the change makes unique: the first
 * record holding each value is remembered as rows are read, and every record of a value held
 * twice is a candidate. The scan reads soft-deleted records too, but uniqueness holds among live
 * ones (as the unique index does), so `resolve` reads the candidates again as live records and
 * returns those still holding a value another of them holds.
 */
class DuplicateFinder {
  private readonly first = new Map<string, string>();
  private readonly candidates = new Set<string>();

  add(id: string, value: FieldValue): void {
    if (value === null) return;
    const key = String(value);
    const holder = this.first.get(key);
    if (holder === undefined) {
      this.first.set(key, id);
    } else {
      this.candidates.add(holder);
      this.candidates.add(id);
    }
  }

  async resolve(
    readLive: (ids: readonly string[]) => Promise<ReadonlyMap<string, HeldValue>>,
  ): Promise<Map<string, HeldValue>> {
    const duplicates = new Map<string, HeldValue>();
    if (this.candidates.size === 0) return duplicates;
    const held = await readLive([...this.candidates]);
    const holders = new Map<string, string[]>();
    for (const [id, { value }] of held) {
      if (value === null) continue;
      const ids = holders.get(String(value)) ?? [];
      ids.push(id);
      holders.set(String(value), ids);
    }
    for (const ids of holders.values()) {
      if (ids.length < 2) continue;
      for (const id of ids) duplicates.set(id, held.get(id) as HeldValue);
    }
    return duplicates;
  }
}

/** What a full pass over the values found: records read, values that did not convert, writes. */
interface PassOutcome {
  readonly total: number;
  readonly failures: FailureTally;
  readonly written: number;
  /** Records whose value another live record also holds in the new type, by id (unique fields). */
  readonly duplicates: ReadonlyMap<string, ConversionFailure>;
}

/** Whether the new definition is unique, so that two records may not hold one converted value. */
function makesUnique(plan: FieldTypeChangePlan): boolean {
  // Only a slot has a unique index (and the service checks only slots): see indexSpecsOf.
  return plan.toColumn.kind === 'slot' && (plan.to.unique === true || plan.to.externalId === true);
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

  /** A failure report for a row whose value another live record also holds in the new type. */
  function duplicateOf(plan: FieldTypeChangePlan, id: string, held: HeldValue): ConversionFailure {
    const converted = serializeValue(plan.to, held.value);
    return {
      id,
      value: serializeValue(plan.from, held.old),
      code: 'UNIQUE',
      message: `Another record's value also becomes ${JSON.stringify(converted)}, and the field is unique.`,
      params: { converted },
    };
  }

  /**
   * The duplicates `finder` found among live records, as failures by record id. Their value in the
   * new type is what the old one converts to, or (`moved`) what the new column holds already.
   */
  async function duplicatesOf(
    ctx: MetadataContext,
    loaded: LoadedChange,
    finder: DuplicateFinder,
    source: 'converted' | 'moved',
  ): Promise<Map<string, ConversionFailure>> {
    const { plan } = loaded;
    const columns = source === 'moved' ? [plan.fromColumn, plan.toColumn] : [plan.fromColumn];
    const convertedOf = (old: FieldValue): FieldValue => {
      const converted = convertValue(plan.from, plan.to, old);
      return converted.ok ? converted.value : null;
    };
    const held = await finder.resolve(async (ids) => {
      const found = new Map<string, HeldValue>();
      for (let start = 0; start < ids.length; start += batchSize) {
        const chunk = ids.slice(start, start + batchSize);
        for (const row of await store.getByIds(ctx.tenantId, loaded.objectId, chunk, { columns })) {
          const old = readStoredValue(plan.from, row);
          const value = source === 'moved' ? readStoredValue(plan.to, row) : convertedOf(old);
          found.set(row.id, { old, value });
        }
      }
      return found;
    });
    return new Map([...held].map(([id, value]) => [id, duplicateOf(plan, id, value)]));
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
    const finder = makesUnique(loaded.plan) ? new DuplicateFinder() : undefined;
    await scan(ctx, loaded, async (rows) => {
      total += rows.length;
      const found: ConversionFailure[] = [];
      for (const row of rows) {
        const old = (row.values[0] ?? null) as FieldValue;
        const result = convertValue(loaded.plan.from, loaded.plan.to, old);
        if (!result.ok) found.push(failureOf(loaded.plan, row.id, old, result.issue));
        else finder?.add(row.id, result.value);
      }
      failures.add(found);
    });
    const duplicates = finder
      ? await duplicatesOf(ctx, loaded, finder, 'converted')
      : new Map<string, ConversionFailure>();
    failures.add([...duplicates.values()]);
    return { total, failures, written: 0, duplicates };
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
   * does not convert, and for the `kept` duplicates): batch by batch, writing only rows that
   * differ, in one short UPDATE guarded by the versions read; rows written meanwhile are read and
   * converted again. Being idempotent, a second pass catches rows written through the old
   * definition during the first. For a unique field the pass also finds the values two live
   * records came to hold in the new column meanwhile, in `duplicates`.
   */
  async function reconcile(
    ctx: MetadataContext,
    loaded: LoadedChange,
    onFailure: ConversionFailureMode,
    kept: ReadonlyMap<string, ConversionFailure>,
  ): Promise<PassOutcome> {
    const { plan, objectId } = loaded;
    let total = 0;
    let written = 0;
    const failures = new FailureTally();
    const finder = makesUnique(plan) ? new DuplicateFinder() : undefined;
    await scan(ctx, loaded, async (rows, after) => {
      total += rows.length;
      const last = rows[rows.length - 1]?.id ?? '';
      let pending = rows;
      for (let attempt = 1; ; attempt += 1) {
        const writes: ColumnValue[] = [];
        const found: ConversionFailure[] = [];
        const values = new Map<string, FieldValue>();
        for (const row of pending) {
          const [old = null, current = null] = row.values as FieldValue[];
          const duplicate = kept.get(row.id);
          const result = duplicate ? accept(null) : convertValue(plan.from, plan.to, old);
          if (duplicate) found.push(duplicate);
          else if (!result.ok) found.push(failureOf(plan, row.id, old, result.issue));
          const value = result.ok ? result.value : null;
          values.set(row.id, value);
          if (!isSameValue(value, current))
            writes.push({ id: row.id, version: row.version, value });
        }
        if (onFailure === 'refuse' && found.length > 0) throw refused(plan, FailureTally.of(found));
        const done = new Set(
          await store.writeColumnBatch(ctx.tenantId, objectId, plan.toColumn, writes),
        );
        written += done.size;
        const missed = new Set(writes.filter((w) => !done.has(w.id)).map((w) => w.id));
        failures.add(found.filter((f) => !missed.has(f.id)));
        for (const [id, value] of values) if (!missed.has(id)) finder?.add(id, value);
        if (missed.size === 0) return;
        if (attempt === MAX_BATCH_ATTEMPTS) {
          throw FIELD_TYPE_CHANGE_BUSY({ object: plan.object.name, field: plan.from.name });
        }
        pending = await reread(ctx, loaded, after, last, missed);
        if (pending.length === 0) return;
      }
    });
    const duplicates = finder
      ? await duplicatesOf(ctx, loaded, finder, 'moved')
      : new Map<string, ConversionFailure>();
    return { total, failures, written, duplicates };
  }

  /**
   * Moves the values, keeping the `duplicates` the check found out of the new column, then
   * passes again while the previous pass found rows to write, or values that records written
   * meanwhile made duplicates (kept from then on too). The new column never holds a value twice:
   * refused when asked to refuse, FIELD_TYPE_CHANGE_BUSY when records kept changing.
   */
  async function move(
    ctx: MetadataContext,
    loaded: LoadedChange,
    onFailure: ConversionFailureMode,
    duplicates: ReadonlyMap<string, ConversionFailure>,
  ): Promise<PassOutcome> {
    const { plan } = loaded;
    const kept = new Map(duplicates);
    let outcome: PassOutcome | undefined;
    for (let pass = 0; pass < MAX_MOVE_PASSES; pass += 1) {
      outcome = await reconcile(ctx, loaded, onFailure, kept);
      if (outcome.duplicates.size > 0 && onFailure === 'refuse') {
        throw refused(plan, FailureTally.of(outcome.duplicates.values()));
      }
      for (const [id, failure] of outcome.duplicates) kept.set(id, failure);
      if (outcome.written === 0 && outcome.duplicates.size === 0) return outcome;
    }
    if (outcome === undefined || outcome.duplicates.size > 0) {
      throw FIELD_TYPE_CHANGE_BUSY({ object: plan.object.name, field: plan.from.name });
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
        // Refusing is decided on a full read first, so a refused change writes nothing at all;
        // so are the duplicates a unique field would get, which the move keeps out.
        if (onFailure === 'refuse' || !plan.moves || makesUnique(plan)) {
          outcome = await check(ctx, loaded);
          if (onFailure === 'refuse' && outcome.failures.count > 0) {
            throw refused(plan, outcome.failures);
          }
          // Within the slot there is no other place to keep a duplicate in: refused whatever.
          if (!plan.moves && outcome.duplicates.size > 0) {
            throw refused(plan, FailureTally.of(outcome.duplicates.values()));
          }
        }
        if (plan.moves)
          outcome = await move(ctx, loaded, onFailure, outcome?.duplicates ?? new Map());
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
