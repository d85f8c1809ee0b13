/** A file as stored: who uploaded it, what it is, and a digest of its bytes. */
export interface StoredAttachment {
  readonly tenantId: string;
  readonly id: string;
  readonly name: string;
  readonly contentType: string;
  readonly size: number;
  /** Hex SHA-256 of the bytes. */
  readonly sha256: string;
  readonly createdBy: string;
  readonly createdAt: string;
}

/** A file someone uploaded, and whether a record field lists it already. */
export interface OwnUpload {
  readonly attachment: StoredAttachment;
  /** Whether any record of the tenant, deleted ones included, lists the file in a field. */
  readonly listed: boolean;
}

/** The storage port of uploaded files (packages/db keeps them in the `attachments` table). */
export interface AttachmentStore {
  insert(attachment: StoredAttachment, bytes: Uint8Array): Promise<void>;
  /** The file's facts without its bytes. */
  get(tenantId: string, id: string): Promise<StoredAttachment | undefined>;
  /** The file's facts and bytes. */
  read(
    tenantId: string,
    id: string,
  ): Promise<{ attachment: StoredAttachment; bytes: Uint8Array } | undefined>;
  /** Whether any record of the tenant, deleted ones included, lists the file in a field. */
  isReferenced(tenantId: string, id: string): Promise<boolean>;
  /**
   * Of `ids`, the files of the tenant `uploadedBy` uploaded, each with whether a record lists it:
   * what a write may newly put into an attachment field (ids that are no uuid are none).
   */
  ownUploads(tenantId: string, uploadedBy: string, ids: readonly string[]): Promise<OwnUpload[]>;
}
