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

/** A file someone uploaded, and whether a record has listed it already. */
export interface OwnUpload {
  readonly attachment: StoredAttachment;
  /** Whether a write has attached the file to a record (`claim`): it stays so for good. */
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
  /** Whether a write has attached the file to a record, even one since changed or deleted. */
  isAttached(tenantId: string, id: string): Promise<boolean>;
  /**
   * Of `ids`, the files of the tenant `uploadedBy` uploaded, each with whether a record lists it:
   * what a write may newly put into an attachment field (ids that are no uuid are none).
   */
  ownUploads(tenantId: string, uploadedBy: string, ids: readonly string[]): Promise<OwnUpload[]>;
  /**
   * Marks as attached those of `ids` that `uploadedBy` uploaded and no write has attached yet, and
   * answers the ids it marked. Each file is claimed at most once: of two concurrent claims of one
   * file, the second waits for the first and then finds it taken.
   */
  claim(tenantId: string, uploadedBy: string, ids: readonly string[]): Promise<string[]>;
  /** Frees files claimed by a write that then failed, so that a retry may attach them. */
  release(tenantId: string, ids: readonly string[]): Promise<void>;
}
