import { BAD_REQUEST, isAppError } from '@tangram/errors';
import type { FieldDef, FilterNode, ObjectDoc } from '@tangram/schema';
import type { MetadataContext, MetadataService } from '../metadata/metadata-service.js';
import type { ApiRecord } from '../records/record-codec.js';
import { encodeCursor } from '../records/record-cursor.js';
import { QUERY_INVALID, type RecordIssue } from '../records/record-errors.js';
import type {
  RecordContext,
  RecordHistoryEntry,
  RecordService,
} from '../records/record-service.js';

/** A record of another object pointing at this one (a follow-up, a contact, a deal …). */
export interface TimelineRecordItem {
  readonly kind: 'record';
  readonly at: string;
  readonly object: string;
  /** The lookup or master-detail field of `object` that points at the timeline's record. */
  readonly via: string;
  readonly record: ApiRecord;
}

/** One entry of the record's own audit trail: created, changed (field by field), deleted … */
export interface TimelineChangeItem extends RecordHistoryEntry {
  readonly kind: 'change';
}

/** One entry of a record's timeline. */
export type TimelineItem = TimelineRecordItem | TimelineChangeItem;

/** One page of a timeline, newest first, and the cursor of the next (older) page. */
export interface TimelinePage {
  readonly items: readonly TimelineItem[];
  readonly nextCursor: string | null;
}

/** Paging and the related objects to include. */
export interface TimelineRequest {
  /** Items per page: 1 to 100, 20 by default. */
  readonly limit?: number;
  readonly cursor?: string;
  /** Only records of these objects (every object pointing here when absent; [] for none). */
  readonly objects?: readonly string[];
}

/** The 360° timeline of one record. */
export interface RecordTimeline {
  timeline(
    ctx: RecordContext,
    object: string,
    id: string,
    request?: TimelineRequest,
  ): Promise<TimelinePage>;
}

/** Default and largest page of a timeline. */
export const TIMELINE_PAGE = 20;
export const MAX_TIMELINE_PAGE = 100;

interface Source {
  readonly object: string;
  readonly field: string;
  /** Orders items of one instant: the audit trail is 0, sources 1, 2 … in name order. */
  readonly rank: number;
}

/** The position after the last item of a page: its time, source rank and key within the source. */
interface Position {
  readonly at: string;
  readonly rank: number;
  readonly key: string;
}

const MIN_UUID = '00000000-0000-0000-0000-000000000000';
const MAX_UUID = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

function toBase64Url(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function encodePosition(position: Position): string {
  return toBase64Url(JSON.stringify([position.at, position.rank, position.key]));
}

function decodePosition(text: string): Position {
  const invalid = () => BAD_REQUEST({ parameter: 'cursor', reason: 'not a timeline cursor' });
  if (!/^[A-Za-z0-9_-]{1,1000}$/.test(text)) throw invalid();
  let parsed: unknown;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    parsed = JSON.parse(
      new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0))),
    );
  } catch {
    throw invalid();
  }
  if (
    !Array.isArray(parsed) ||
    typeof parsed[0] !== 'string' ||
    Number.isNaN(Date.parse(parsed[0])) ||
    !Number.isInteger(parsed[1]) ||
    typeof parsed[2] !== 'string'
  ) {
    throw invalid();
  }
  return { at: parsed[0], rank: parsed[1], key: parsed[2] };
}

/** Newest first; at one instant, higher rank first, then higher key. */
function compareDesc(a: Position, b: Position): number {
  const at = Date.parse(b.at) - Date.parse(a.at);
  if (at !== 0) return at;
  if (a.rank !== b.rank) return b.rank - a.rank;
  return a.key < b.key ? 1 : a.key > b.key ? -1 : 0;
}

const versionKey = (version: number) => String(version).padStart(12, '0');

// A source's query names only its lookup and created_at, so a field issue means the caller may not
// filter by the lookup (hidden or masked): which records point here is not theirs to see.
function isLookupHidden(error: unknown): boolean {
  if (!QUERY_INVALID.is(error)) return false;
  const issues = (error.details as { issues?: RecordIssue[] } | undefined)?.issues ?? [];
  return (
    issues.length > 0 &&
    issues.every((issue) => issue.code === 'FIELD_NOT_READABLE' || issue.code === 'FIELD_MASKED')
  );
}

/**
 * Creates the timeline: the record's audit trail merged with the records of every object that
 * points at it through a lookup or master-detail field, newest first, keyset-paged across all
 * sources. Related records are read with the record service's query (its keyset cursor over
 * created_at and id), so the caller's access predicate applies to each source; a source the
 * caller may not read, or whose lookup field is hidden or masked from them, is left out.
 */
export function createRecordTimeline(deps: {
  readonly metadata: MetadataService;
  readonly records: RecordService;
}): RecordTimeline {
  const { metadata, records } = deps;

  async function sourcesOf(ctx: MetadataContext, object: string, only?: readonly string[]) {
    const listed = await metadata.list(ctx, { kind: 'object' });
    const found: Omit<Source, 'rank'>[] = [];
    for (const summary of listed) {
      if (summary.publishedVersion === null) continue;
      if (only !== undefined && !only.includes(summary.name)) continue;
      const entry = await metadata.get(ctx, 'object', summary.name, { state: 'published' });
      const doc = entry.document as unknown as ObjectDoc;
      for (const field of doc.fields as FieldDef[]) {
        if ((field.type === 'lookup' || field.type === 'master_detail') && field.target === object)
          found.push({ object: summary.name, field: field.name });
      }
    }
    found.sort((a, b) =>
      a.object === b.object ? (a.field < b.field ? -1 : 1) : a.object < b.object ? -1 : 1,
    );
    return found.map((source, index) => ({ ...source, rank: index + 1 }));
  }

  // The record query's own cursor, placed just after `after` for this source: rows of the same
  // instant come after the cursor when the source ranks below it, before it when above.
  function cursorFor(source: Source, after: Position): string {
    const id =
      source.rank < after.rank ? MAX_UUID : source.rank > after.rank ? MIN_UUID : after.key;
    return encodeCursor({ sort: 'created_at:desc,id:desc', after: [after.at, id] });
  }

  async function readSource(
    ctx: RecordContext,
    id: string,
    source: Source,
    after: Position | null,
    limit: number,
  ): Promise<TimelineRecordItem[]> {
    const filter: FilterNode = { kind: 'condition', field: source.field, op: 'eq', value: id };
    try {
      const page = await records.query(ctx, source.object, {
        filter,
        sort: [{ field: 'created_at', direction: 'desc' }],
        limit,
        ...(after === null ? {} : { cursor: cursorFor(source, after) }),
      });
      return page.records.map((record) => ({
        kind: 'record',
        at: record.created_at as string,
        object: source.object,
        via: source.field,
        record,
      }));
    } catch (error) {
      if (isAppError(error) && (error.status === 403 || error.status === 404)) return [];
      if (isLookupHidden(error)) return [];
      throw error;
    }
  }

  return {
    async timeline(ctx, object, id, request = {}) {
      const limit = Math.min(
        Math.max(1, Math.trunc(request.limit ?? TIMELINE_PAGE)),
        MAX_TIMELINE_PAGE,
      );
      const after = request.cursor === undefined ? null : decodePosition(request.cursor);
      // The history call also proves the record exists and is readable by the caller.
      const history = await records.history(ctx, object, id);
      const sources = await sourcesOf(ctx, object, request.objects);
      const positioned: { position: Position; item: TimelineItem }[] = history.map((entry) => ({
        position: { at: entry.at, rank: 0, key: versionKey(entry.version) },
        item: { kind: 'change', ...entry },
      }));
      for (const source of sources) {
        for (const item of await readSource(ctx, id, source, after, limit + 1)) {
          positioned.push({
            position: { at: item.at, rank: source.rank, key: item.record.id },
            item,
          });
        }
      }
      const ordered = positioned
        .filter(({ position }) => after === null || compareDesc(after, position) < 0)
        .sort((a, b) => compareDesc(a.position, b.position));
      const page = ordered.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map(({ item }) => item),
        nextCursor: ordered.length > limit && last ? encodePosition(last.position) : null,
      };
    },
  };
}
