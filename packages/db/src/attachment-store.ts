import type { AttachmentStore, StoredAttachment } from '@tangram/engine';
import { type RawBuilder, type Selectable, sql } from 'kysely';
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether a record of the tenant, deleted ones included, lists the file `id` (text) in a field.
 * Attachment fields live in `extra` as lists of { id, name, size, contentType }.
 */
function listedInRecord(tenantId: string, id: RawBuilder<string>) {
  return sql<boolean>`exists (
    select 1 from records
    where records.tenant_id = ${tenantId}
      and jsonb_path_exists(records.extra, '$.*[*] ? (@.id == $id)', jsonb_build_object('id', ${id}))
  )`;
}

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
      const row = await kysely()
        .selectNoFrom(listedInRecord(tenantId, sql`${id}::text`).as('listed'))
        .executeTakeFirstOrThrow();
      return row.listed;
    },

    async ownUploads(tenantId, uploadedBy, ids) {
      const wanted = [...new Set(ids.filter((id) => UUID.test(id)))];
      if (wanted.length === 0) return [];
      const rows = await kysely()
        .selectFrom('attachments')
        .select([...FACTS, listedInRecord(tenantId, sql`attachments.id::text`).as('listed')])
        .where('tenant_id', '=', tenantId)
        .where('created_by', '=', uploadedBy)
        .where('id', 'in', wanted)
        .execute();
      return rows.map(({ listed, ...facts }) => ({ attachment: toAttachment(facts), listed }));
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
