import type { AppError } from '@tangram/errors';
import { canonicalJson } from './canonical-json.js';
import type { ApiRecord } from './record-codec.js';
import type { BulkRowResult, RecordContext } from './record-service.js';

/** How the batcher writes: one record alone, or many in one transaction with a result per row. */
export interface CreateWriter {
  create(ctx: RecordContext, object: string, input: unknown): Promise<ApiRecord>;
  bulkCreate(
    ctx: RecordContext,
    object: string,
    inputs: readonly unknown[],
  ): Promise<BulkRowResult[]>;
}

export interface CreateBatcherOptions {
  /** Most creates one transaction carries (50). */
  readonly maxBatch?: number;
  /** Transactions in flight per caller and object at once (2: one being written, one forming). */
  readonly maxInFlight?: number;
}

interface Pending {
  readonly input: unknown;
  readonly resolve: (record: ApiRecord) => void;
  readonly reject: (error: unknown) => void;
}

interface Lane {
  readonly ctx: RecordContext;
  readonly object: string;
  readonly queue: Pending[];
  inFlight: number;
}

/**
 * Group commit for single creates. Concurrent creates of the same object by the same caller
 * (equal context: tenant, actor, locale, access) that arrive while earlier ones are being written
 * share the next transaction: one multi-row insert, one refresh of the parents' rollups, one
 * commit, instead of five or six round trips each. Every create still gets exactly its own
 * outcome: a row that fails validation or uniqueness fails alone, with the error it would have
 * had alone. If the shared transaction fails as a whole (a unique index race, a lost connection),
 * each create of it is retried alone, so no create is failed by another's problem. A create
 * arriving while nothing is in flight starts at once: an idle server adds no latency.
 */
export function createBatcher(
  writer: CreateWriter,
  options: CreateBatcherOptions = {},
): (ctx: RecordContext, object: string, input: unknown) => Promise<ApiRecord> {
  const maxBatch = options.maxBatch ?? 50;
  const maxInFlight = options.maxInFlight ?? 2;
  const lanes = new Map<string, Lane>();

  // Callers are the same when their contexts hold the same plain data (tenant, actor, locale,
  // the access predicate, the signed-in principal); a context carrying anything else, such as a
  // field-access function, is never batched.
  function laneKey(ctx: RecordContext, object: string): string | undefined {
    if (!isPlainData(ctx, 0)) return undefined;
    return canonicalJson([object, ctx]);
  }

  function pump(key: string, lane: Lane): void {
    while (lane.inFlight < maxInFlight && lane.queue.length > 0) {
      const batch = lane.queue.splice(0, maxBatch);
      lane.inFlight += 1;
      void write(lane, batch).finally(() => {
        lane.inFlight -= 1;
        if (lane.queue.length > 0) pump(key, lane);
        else if (lane.inFlight === 0) lanes.delete(key);
      });
    }
  }

  async function write(lane: Lane, batch: readonly Pending[]): Promise<void> {
    if (batch.length === 1) {
      const [only] = batch as [Pending];
      await writer.create(lane.ctx, lane.object, only.input).then(only.resolve, only.reject);
      return;
    }
    let results: BulkRowResult[];
    try {
      results = await writer.bulkCreate(
        lane.ctx,
        lane.object,
        batch.map((pending) => pending.input),
      );
    } catch {
      // The transaction failed as a whole: each create gets the outcome it has alone.
      await Promise.all(
        batch.map((pending) =>
          writer.create(lane.ctx, lane.object, pending.input).then(pending.resolve, pending.reject),
        ),
      );
      return;
    }
    batch.forEach((pending, index) => {
      const result = results[index];
      if (result?.ok === true && result.record !== undefined) pending.resolve(result.record);
      else pending.reject(result?.error ?? missingResult(index));
    });
  }

  return (ctx, object, input) => {
    const key = laneKey(ctx, object);
    if (key === undefined) return writer.create(ctx, object, input);
    return new Promise<ApiRecord>((resolve, reject) => {
      let lane = lanes.get(key);
      if (lane === undefined) {
        lane = { ctx, object, queue: [], inFlight: 0 };
        lanes.set(key, lane);
      }
      lane.queue.push({ input, resolve, reject });
      pump(key, lane);
    });
  };
}

/** JSON-like data only: primitives, arrays and plain objects, at most eight levels deep. */
function isPlainData(value: unknown, depth: number): boolean {
  if (value === null || value === undefined) return true;
  const type = typeof value;
  if (type === 'string' || type === 'number' || type === 'boolean') return true;
  if (type !== 'object' || depth > 8) return false;
  if (Array.isArray(value)) return value.every((item) => isPlainData(item, depth + 1));
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  return Object.values(value as object).every((item) => isPlainData(item, depth + 1));
}

function missingResult(index: number): AppError | Error {
  return new Error(`bulk create returned no result for row ${index}`);
}
