import type { ObjectDoc } from '@tangram/schema';
import type { MetadataContext, MetadataService } from '../metadata/metadata-service.js';
import { isNameHidden, isOutOfSight } from '../records/query-refusals.js';
import type { RecordContext, RecordService } from '../records/record-service.js';

/** One object's matches in a global search. */
export interface SearchGroup {
  readonly object: string;
  readonly label: unknown;
  readonly icon: string | null;
  /**
   * Each match with the object's name field (null when empty, or hidden from the user); at most
   * `perObject`.
   */
  readonly records: readonly { readonly id: string; readonly name: string | null }[];
  /** True when the object has more matches than were returned. */
  readonly more: boolean;
}

/** What a global search found: the objects with matches, in the order asked (or listed). */
export interface SearchResult {
  readonly q: string;
  readonly groups: readonly SearchGroup[];
}

/** Options of one global search. */
export interface SearchOptions {
  /** Search only these objects (else every published object). */
  readonly objects?: readonly string[];
  /** Matches returned per object: 1 to 20, 5 by default. */
  readonly perObject?: number;
}

/** Search across every object a user may read, each through the record query's search. */
export interface GlobalSearch {
  search(ctx: RecordContext, q: string, options?: SearchOptions): Promise<SearchResult>;
}

/** Default and largest number of matches per object. */
export const SEARCH_PER_OBJECT = 5;
export const MAX_SEARCH_PER_OBJECT = 20;

/**
 * Creates the global search. Each object is searched with the record service's own `search`
 * (its name and searchable fields, through the caller's access predicate), bounded by
 * `perObject`, the objects one after another so one search holds one connection at a time. An
 * object whose name field the caller may not read is searched by its other fields, and its matches
 * are listed without a name.
 */
export function createGlobalSearch(deps: {
  readonly metadata: MetadataService;
  readonly records: RecordService;
}): GlobalSearch {
  const { metadata, records } = deps;

  async function publishedObjects(ctx: MetadataContext, only?: readonly string[]) {
    const listed = await metadata.list(ctx, { kind: 'object' });
    const names = listed.filter((s) => s.publishedVersion !== null).map((s) => s.name);
    return only === undefined ? names : only.filter((name) => names.includes(name));
  }

  return {
    async search(ctx, q, options = {}) {
      const text = q.trim();
      const perObject = Math.min(
        Math.max(1, Math.trunc(options.perObject ?? SEARCH_PER_OBJECT)),
        MAX_SEARCH_PER_OBJECT,
      );
      if (text === '') return { q: text, groups: [] };
      const groups: SearchGroup[] = [];
      for (const name of await publishedObjects(ctx, options.objects)) {
        let object: ObjectDoc;
        try {
          const entry = await metadata.get(ctx, 'object', name, { state: 'published' });
          object = entry.document as unknown as ObjectDoc;
        } catch (error) {
          if (isOutOfSight(error)) continue;
          throw error;
        }
        const request = {
          search: text,
          limit: perObject,
          // Newest first by creation, which an index serves: a word most records hold (a common
          // surname) then reads the first matches, not all of them to sort by `updated_at`.
          sort: [{ field: 'created_at', direction: 'desc' as const }],
        };
        let page: Awaited<ReturnType<RecordService['query']>>;
        try {
          page = await records.query(ctx, name, { ...request, fields: [object.nameField] });
        } catch (error) {
          if (isOutOfSight(error)) continue;
          if (!isNameHidden(error)) throw error;
          // Its other readable fields are still searched; the matches come without a name.
          page = await records.query(ctx, name, { ...request, fields: [] });
        }
        if (page.records.length === 0) continue;
        groups.push({
          object: name,
          label: object.label,
          icon: object.icon ?? null,
          records: page.records.map((r) => {
            const value = r[object.nameField];
            return { id: r.id, name: value === undefined || value === null ? null : String(value) };
          }),
          more: page.nextCursor !== null,
        });
      }
      return { q: text, groups };
    },
  };
}
