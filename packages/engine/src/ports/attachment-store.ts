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
}
