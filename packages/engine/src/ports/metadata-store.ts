/**
 * The storage port of the metadata engine. The engine decides what to write (drafts, versions,
 * diffs); an adapter (packages/db) decides how. Every method is scoped by tenant.
 */

/** A metadata document as stored: validated JSON with `kind`, `schemaVersion` and `name`. */
export interface StoredDocument {
  readonly kind: string;
  readonly schemaVersion: number;
  readonly name: string;
  readonly [key: string]: unknown;
}

/** One RFC 6902 operation of a JSON diff between two versions of a document. */
export interface JsonPatchOperation {
  readonly op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  readonly path: string;
  readonly from?: string;
  readonly value?: unknown;
}

/** The current state of one document: its draft (if any) and its published version (if any). */
export interface MetadataHead {
  readonly tenantId: string;
  readonly kind: string;
  readonly name: string;
  /** Bumped by every change to the head (draft save, discard, publish, revert): the ETag. */
  readonly revision: number;
  readonly draft: StoredDocument | null;
  readonly publishedVersion: number | null;
  readonly published: StoredDocument | null;
  readonly updatedAt: Date;
  readonly updatedBy: string;
}

/** One published version of a document, kept forever. */
export interface MetadataVersion {
  readonly tenantId: string;
  readonly kind: string;
  readonly name: string;
  /** 1, 2, 3 … per document. */
  readonly version: number;
  readonly document: StoredDocument;
  /** The diff from the previous version (from nothing for version 1). */
  readonly diff: readonly JsonPatchOperation[];
  readonly authorId: string;
  readonly createdAt: Date;
  readonly message: string | null;
  /** Set when this version was made by reverting to an earlier one. */
  readonly revertedFrom: number | null;
}

/** Reads of the metadata store, all scoped by tenant. */
export interface MetadataReader {
  listHeads(tenantId: string, filter?: { readonly kind?: string }): Promise<MetadataHead[]>;
  getHead(tenantId: string, kind: string, name: string): Promise<MetadataHead | undefined>;
  /** Versions of one document, newest first. */
  listVersions(tenantId: string, kind: string, name: string): Promise<MetadataVersion[]>;
  getVersion(
    tenantId: string,
    kind: string,
    name: string,
    version: number,
  ): Promise<MetadataVersion | undefined>;
}

/** Writes happen only inside a transaction: they all commit or none does. */
export interface MetadataTransaction extends MetadataReader {
  /** Serialises publishes and reverts of one tenant until the transaction ends. */
  lockTenant(tenantId: string): Promise<void>;
  /**
   * Inserts or replaces a head. `expectedRevision` is the revision the caller read (null when
   * the head must not exist yet); returns false, writing nothing, when the stored one differs.
   */
  writeHead(head: MetadataHead, expectedRevision: number | null): Promise<boolean>;
  /** Appends a version; a duplicate (tenant, kind, name, version) is a bug and throws. */
  insertVersion(version: MetadataVersion): Promise<void>;
}

/** The metadata store port implemented by packages/db. */
export interface MetadataStore extends MetadataReader {
  /** Runs `work` in one database transaction, rolled back if it throws. */
  transaction<T>(work: (tx: MetadataTransaction) => Promise<T>): Promise<T>;
}
