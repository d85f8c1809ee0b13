import type { AttachmentStore, StoredAttachment } from '@tangram/engine';
import { type Selectable, sql } from 'kysely';
import { ambientTransaction } from './ambient-transaction.js';
import type { Database } from './database.js';
import type { AttachmentsTable } from './system-tables.js';

const FACTS = [
  'tenant_id',
  'id',
  'name',
  'content_type',
  'size',
  'sha256',
  'created_by',
  'created_at',
] as const;

function toAttachment(row: Omit<Selectable<AttachmentsTable>, 'bytes'>): StoredAttachment {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    name: row.name,
    contentType: row.content_type,
    size: row.size,
    sha256: row.sha256,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
  };
}

/** The attachment store port over the `attachments` table (bytes in `bytea`, ADR 0008). */
export function createAttachmentStore(db: Database): AttachmentStore {
  const kysely = () => ambientTransaction(db) ?? db.kysely;
  return {
    async insert(attachment, bytes) {
      await kysely()
        .insertInto('attachments')
        .values({
          tenant_id: attachment.tenantId,
          id: attachment.id,
          name: attachment.name,
          content_type: attachment.contentType,
          size: attachment.size,
          sha256: attachment.sha256,
          bytes,
          created_by: attachment.createdBy,
          created_at: new Date(attachment.createdAt),
        })
        .execute();
    },

    async get(tenantId, id) {
      const row = await kysely()
        .selectFrom('attachments')
        .select(FACTS)
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row === undefined ? undefined : toAttachment(row);
    },

    async isReferenced(tenantId, id) {
      // Attachment fields live in `extra` as lists of { id, name, size, contentType }.
      const row = await kysely()
        .selectFrom('records')
        .select(sql<number>`1`.as('one'))
        .where('tenant_id', '=', tenantId)
        .where(
          sql<boolean>`jsonb_path_exists(extra, '$.*[*] ? (@.id == $id)', jsonb_build_object('id', ${id}::text))`,
        )
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },

    async read(tenantId, id) {
      const row = await kysely()
        .selectFrom('attachments')
        .select([...FACTS, 'bytes'])
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (row === undefined) return undefined;
      // pg answers a Buffer, PGlite a Uint8Array; both are Uint8Array views of the bytes.
      const bytes = new Uint8Array(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength);
      return { attachment: toAttachment(row), bytes };
    },
  };
}
