import type { ObjectDoc } from '@tangram/schema';
import type { MetadataService } from '../metadata/metadata-service.js';
import type { RecordStore } from '../ports/record-store.js';
import { isNameHidden, isOutOfSight } from '../records/query-refusals.js';
import type { RecordContext, RecordService } from '../records/record-service.js';

/** A record the user changed lately, as the home page lists it. */
export interface RecentRecord {
  readonly object: string;
  readonly label: unknown;
  readonly icon: string | null;
  readonly id: string;
  /** The record's name (null when empty, or hidden from the user). */
  readonly name: string | null;
  /** When the user last wrote it. */
  readonly at: string;
}

/** Options of one read of recent records. */
export interface RecentOptions {
  /** Only records of these objects (else of every object). */
  readonly objects?: readonly string[];
  /** Records returned: 1 to MAX_RECENT, RECENT_LIMIT by default. */
  readonly limit?: number;
}

/** The records a user wrote last, across objects, that the user may still read. */
export interface RecentRecords {
  recent(
    ctx: RecordContext,
    options?: RecentOptions,
  ): Promise<{ readonly records: readonly RecentRecord[] }>;
}

/** Default and largest number of recent records. */
export const RECENT_LIMIT = 10;
export const MAX_RECENT = 50;

/**
 * Creates the recent-records reader. The audit log says which records the user wrote last
 * (`recentWrites`, one index walk whatever the objects' size); the records themselves are then
 * read through the record service, one query per object by id, so the caller's access predicate
 * and field security decide what is shown: a record since deleted, moved out of the user's
 * scope or of an object they may no longer read is left out, and a hidden name shows as null.
 */
export function createRecentRecords(deps: {
  readonly metadata: MetadataService;
  readonly records: RecordService;
  readonly store: Pick<RecordStore, 'recentWrites'>;
}): RecentRecords {
  const { metadata, records, store } = deps;

  /** The names of the records of `object` among `ids` that the user may read. */
  async function namesOf(
    ctx: RecordContext,
    object: string,
    ids: readonly string[],
  ): Promise<{ readonly doc: ObjectDoc; readonly names: Map<string, string | null> } | undefined> {
    let doc: ObjectDoc;
    try {
      const entry = await metadata.get(ctx, 'object', object, { state: 'published' });
      doc = entry.document as unknown as ObjectDoc;
    } catch (error) {
      if (isOutOfSight(error)) return undefined;
      throw error;
    }
    // In id order, which the primary key gives for an id list: the default newest-first order
    // lets the planner walk every record created since the oldest of them instead.
    const request = {
      filter: { kind: 'condition', field: 'id', op: 'in', value: [...ids] },
      sort: [{ field: 'id', direction: 'asc' as const }],
      limit: ids.length,
    };
    let page: Awaited<ReturnType<RecordService['query']>>;
    try {
      page = await records.query(ctx, object, { ...request, fields: [doc.nameField] });
    } catch (error) {
      if (isOutOfSight(error)) return undefined;
      if (!isNameHidden(error)) throw error;
      page = await records.query(ctx, object, { ...request, fields: [] });
    }
    const names = new Map<string, string | null>();
    for (const record of page.records) {
      const value = record[doc.nameField];
      names.set(record.id, value === undefined || value === null ? null : String(value));
    }
    return { doc, names };
  }

  return {
    async recent(ctx, options = {}) {
      const limit = Math.min(Math.max(1, Math.trunc(options.limit ?? RECENT_LIMIT)), MAX_RECENT);
      // Twice as many as shown: some are deleted or out of the caller's sight by now.
      const writes = await store.recentWrites(ctx.tenantId, ctx.actorId, {
        limit: limit * 2,
        ...(options.objects === undefined ? {} : { objects: options.objects }),
      });
      const idsByObject = new Map<string, string[]>();
      for (const write of writes) {
        idsByObject.set(write.object, [...(idsByObject.get(write.object) ?? []), write.id]);
      }
      const found = new Map<string, Awaited<ReturnType<typeof namesOf>>>();
      // One object after another, so one read holds one connection at a time.
      for (const [object, ids] of idsByObject) found.set(object, await namesOf(ctx, object, ids));
      const result: RecentRecord[] = [];
      for (const write of writes) {
        const seen = found.get(write.object);
        if (seen === undefined || !seen.names.has(write.id)) continue;
        result.push({
          object: write.object,
          label: seen.doc.label,
          icon: seen.doc.icon ?? null,
          id: write.id,
          name: seen.names.get(write.id) ?? null,
          at: write.at,
        });
      }
      return { records: result.slice(0, limit) };
    },
  };
}
