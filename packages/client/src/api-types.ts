import type { FilterNode, MetadataDocument, SortSpec } from '@tangram/schema';

/** A record as the API answers it: flat, `id` and `version` beside the field values. */
export interface ApiRecord {
  readonly id: string;
  readonly version: number;
  readonly [field: string]: unknown;
}

/** Field values to create or change a record with. */
export type RecordInput = Readonly<Record<string, unknown>>;

/** How many records match, when asked for. */
export interface RecordCount {
  readonly value: number;
  readonly exact: boolean;
}

/** One page of records and the cursor of the next (null on the last page). */
export interface RecordPage<R extends ApiRecord = ApiRecord> {
  readonly records: R[];
  readonly nextCursor: string | null;
  readonly count?: RecordCount;
}

/**
 * What to list: a filter tree, sort keys, fields, page size, cursor, search text, count mode, and
 * whether to read the recycle bin instead of the live records.
 */
export interface RecordListParams<F extends string = string> {
  readonly filter?: FilterNode;
  /** `'-amount,name'` or sort keys. */
  readonly sort?: string | readonly SortSpec[];
  readonly fields?: readonly F[];
  /** Lookup or master-detail fields whose targets each record names in `$expanded`. */
  readonly expand?: readonly F[];
  readonly limit?: number;
  readonly cursor?: string;
  readonly search?: string;
  readonly count?: 'exact' | 'estimate' | 'none';
  /** true: the deleted records the caller may restore, last deleted first unless sorted. */
  readonly deleted?: boolean;
}

/** The outcome of one row of a bulk request, with the status it would have had alone. */
export interface BulkRowResult<R extends ApiRecord = ApiRecord> {
  readonly index: number;
  readonly status: number;
  readonly record?: R;
  /** With `{ minimal: true }`, the record's id and version in place of `record`. */
  readonly id?: string;
  readonly version?: number;
  readonly error?: { readonly code: string; readonly message: string; readonly details?: unknown };
}

/** The answer of a bulk request: how many rows succeeded and failed, and each row's result. */
export interface BulkResult<R extends ApiRecord = ApiRecord> {
  readonly op: BulkRequest['op'];
  readonly succeeded: number;
  readonly failed: number;
  readonly results: BulkRowResult<R>[];
}

/**
 * A bulk request: rows to create, to change (each with its If-Match version), delete or restore;
 * `I` and `P` type the rows of an object's generated input and patch types.
 */
export type BulkRequest<I extends RecordInput = RecordInput, P extends RecordInput = I> =
  | { readonly op: 'create'; readonly records: readonly I[] }
  | {
      readonly op: 'update';
      readonly records: readonly { id: string; patch: P; ifMatch?: number }[];
    }
  | { readonly op: 'delete'; readonly records: readonly { id: string; ifMatch?: number }[] }
  | { readonly op: 'restore'; readonly records: readonly { id: string }[] };

/** What the client knows of one object: its record as read, as created and as changed. */
export interface ObjectTypes {
  readonly record: ApiRecord;
  readonly input: RecordInput;
  readonly patch: RecordInput;
}

/**
 * The objects of a tenant by name. As it stands, any name with untyped records;
 * `GET /api/v1/openapi.ts` generates a tenant's own (`TangramObjects`) from its published objects.
 */
export type ObjectTypeMap = { readonly [object: string]: ObjectTypes };

/** The names of a record type's fields, as `fields` selects them. */
export type FieldName<R extends ApiRecord> = Exclude<keyof R & string, '$expanded'>;

/** What a CSV export selects: a filter tree, sort keys, fields (columns) and search text. */
export type RecordExportParams<F extends string = string> = Pick<
  RecordListParams<F>,
  'filter' | 'sort' | 'fields' | 'search'
>;

/** How a CSV import reads its file: the encoding (`auto` tells UTF-8 from GBK) and header row. */
export interface RecordImportOptions {
  readonly encoding?: 'auto' | 'utf-8' | 'gbk';
  /** The 1-based line naming the columns; lines above it are skipped. */
  readonly headerRow?: number;
}

/** The answer of a CSV import: counts, the columns that named no field, and a result per row. */
export interface ImportResult<R extends ApiRecord = ApiRecord> {
  readonly created: number;
  readonly failed: number;
  readonly ignoredColumns: readonly string[];
  readonly results: readonly (BulkRowResult<R> & { readonly line: number })[];
}

/** One item of a record's 360° timeline, newest first. */
export type TimelineItem =
  | {
      readonly kind: 'record';
      readonly at: string;
      /** The object of the record pointing here, and the field it points through. */
      readonly object: string;
      readonly via: string;
      readonly record: ApiRecord;
    }
  | (RecordHistoryEntry & { readonly kind: 'change' });

/** One page of a record's timeline and the cursor of the next. */
export interface TimelinePage {
  readonly items: TimelineItem[];
  readonly nextCursor: string | null;
}

/** What to read of a timeline: page size, cursor, and the objects whose records to include. */
export interface TimelineParams {
  readonly limit?: number;
  readonly cursor?: string;
  /** Only records of these objects; empty for the change history alone. */
  readonly objects?: readonly string[];
}

/** The matches of a global search, grouped by object. */
export interface SearchResult {
  readonly q: string;
  readonly groups: readonly {
    readonly object: string;
    readonly label?: unknown;
    readonly icon?: string | null;
    readonly records: readonly { readonly id: string; readonly name: string | null }[];
    /** The object has more matches than returned. */
    readonly more: boolean;
  }[];
}

/** A stored file, as an attachment field holds it. */
export interface AttachmentFile {
  readonly id: string;
  readonly name: string;
  readonly size: number;
  readonly contentType: string;
}

/** One entry of a record's change history. */
export interface RecordHistoryEntry {
  readonly action: 'create' | 'update' | 'delete' | 'restore';
  readonly actorId: string;
  readonly at: string;
  readonly version: number;
  readonly changes: Readonly<Record<string, readonly [unknown, unknown]>>;
  readonly [key: string]: unknown;
}

/** A metadata document as listed. */
export interface MetadataSummary {
  readonly kind: string;
  readonly name: string;
  readonly label: unknown;
  readonly revision: number;
  readonly publishedVersion: number | null;
  readonly hasDraft: boolean;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

/** A metadata document as read, with the revision to send back as If-Match. */
export interface MetadataEntry<D = MetadataDocument> {
  readonly kind: string;
  readonly name: string;
  readonly revision: number;
  readonly state: 'draft' | 'published' | 'version';
  readonly version: number | null;
  readonly publishedVersion: number | null;
  readonly hasDraft: boolean;
  readonly document: D;
}

/** The head of a document after a draft was saved. */
export interface MetadataDraftResult {
  readonly kind: string;
  readonly name: string;
  readonly revision: number;
  readonly hasDraft: boolean;
}

/** A version created by publish or revert. */
export interface MetadataPublication {
  readonly kind: string;
  readonly name: string;
  readonly version: number;
}

/** One version in a document's history. */
export interface MetadataHistoryEntry {
  readonly version: number;
  readonly authorId: string;
  readonly createdAt: string;
  readonly message: string | null;
  readonly diff: readonly unknown[];
  readonly revertedFrom: number | null;
}

/** A version number, 0 for nothing, or 'draft'. */
export type MetadataDiffSide = number | 'draft';
