import type { JsonPatchOperation, StoredDocument } from '@tangram/engine';
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

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

/** The system tables created by the migrations in `src/migrations/`, as Kysely sees them. */
export interface SystemTables {
  tenants: TenantsTable;
  metadata_heads: MetadataHeadsTable;
  metadata_versions: MetadataVersionsTable;
}
