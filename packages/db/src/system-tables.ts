import type { JsonPatchOperation, SavedViewDefinition, StoredDocument } from '@tangram/engine';
import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { IdentityTables } from './identity/identity-tables.js';

/** Row of `tenants`: one organisation using this installation. */
export interface TenantsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  created_at: ColumnType<Date, Date | undefined, never>;
}

/** Row of `metadata_heads`: the current draft and published state of one document. */
export interface MetadataHeadsTable {
  tenant_id: string;
  kind: string;
  name: string;
  revision: number;
  draft: JSONColumnType<StoredDocument | null, string | null, string | null>;
  published_version: number | null;
  published: JSONColumnType<StoredDocument | null, string | null, string | null>;
  updated_at: Date;
  updated_by: string;
}

/** Row of `metadata_versions`: one published version of a document, never changed. */
export interface MetadataVersionsTable {
  tenant_id: string;
  kind: string;
  name: string;
  version: number;
  document: JSONColumnType<StoredDocument, string, never>;
  diff: JSONColumnType<readonly JsonPatchOperation[], string, never>;
  author_id: string;
  created_at: Date;
  message: string | null;
  reverted_from: number | null;
}

/** Row of `record_objects`: the small integer id an object has inside its tenant's records. */
export interface RecordObjectsTable {
  tenant_id: string;
  object_name: string;
  object_id: number;
}

/**
 * Row of `records`, system columns only: the typed slots (`t1` … `u30`) are named by plans at
 * run time and reached through checked identifiers, see `records/record-slots.ts`.
 */
export interface RecordsTable {
  tenant_id: string;
  object_id: number;
  id: string;
  owner_id: string | null;
  created_by: string;
  updated_by: string;
  created_at: Date;
  updated_at: Date;
  version: ColumnType<number, number | undefined, number>;
  deleted_at: Date | null;
  extra: JSONColumnType<Record<string, unknown>, string | undefined, string>;
}

/** Row of `record_audit`: one write to one record, never changed (a trigger refuses it). */
export interface RecordAuditTable {
  tenant_id: string;
  object_id: number;
  record_id: string;
  seq: ColumnType<number | bigint, never, never>;
  version: number;
  action: 'create' | 'update' | 'delete' | 'restore';
  actor: string;
  at: Date;
  changes: JSONColumnType<Record<string, unknown>, string, never>;
}

/** Row of `record_idempotency`: the first response to a create sent with an Idempotency-Key. */
export interface RecordIdempotencyTable {
  tenant_id: string;
  key: string;
  request_hash: string;
  status: number;
  body: ColumnType<unknown, string, never>;
  created_at: Date;
}

/** Row of `record_counters`: the last autonumber handed out for one field (and period). */
export interface RecordCountersTable {
  tenant_id: string;
  object_id: number;
  field: string;
  period: ColumnType<string, string | undefined, never>;
  value: ColumnType<number | bigint, number, number>;
}

/** Row of `attachments`: one uploaded file, its facts and bytes (ADR 0008). */
export interface AttachmentsTable {
  tenant_id: string;
  id: string;
  name: string;
  content_type: string;
  size: number;
  sha256: string;
  bytes: Uint8Array;
  created_by: string;
  created_at: Date;
  /** When a record first listed the file; null while it is a free upload (ADR 0021). */
  attached_at: Date | null;
}

/** Row of `saved_views`: a list, kanban or calendar view a user saved. */
export interface SavedViewsTable {
  tenant_id: string;
  id: string;
  object: string;
  label: string;
  visibility: 'personal' | 'shared';
  owner_id: string;
  definition: JSONColumnType<SavedViewDefinition, string, string>;
  version: number;
  created_at: Date;
  updated_at: Date;
}

/** The system tables created by the migrations in `src/migrations/`, as Kysely sees them. */
export interface SystemTables extends IdentityTables {
  tenants: TenantsTable;
  metadata_heads: MetadataHeadsTable;
  metadata_versions: MetadataVersionsTable;
  record_objects: RecordObjectsTable;
  records: RecordsTable;
  record_audit: RecordAuditTable;
  record_idempotency: RecordIdempotencyTable;
  record_counters: RecordCountersTable;
  attachments: AttachmentsTable;
  saved_views: SavedViewsTable;
}
