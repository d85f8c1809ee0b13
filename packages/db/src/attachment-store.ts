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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The distinct ids of `ids` that can be file ids at all (a bad one must not fail the query). */
const uuidsOf = (ids: readonly string[]) => [...new Set(ids.filter((id) => UUID.test(id)))];

function toAttachment(
  row: Omit<Selectable<AttachmentsTable>, 'bytes' | 'attached_at'>,
): StoredAttachment {
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

    async isAttached(tenantId, id) {
      const row = await kysely()
        .selectFrom('attachments')
        .select('attached_at')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row !== undefined && row.attached_at !== null;
    },

    async ownUploads(tenantId, uploadedBy, ids) {
      const wanted = uuidsOf(ids);
      if (wanted.length === 0) return [];
      const rows = await kysely()
        .selectFrom('attachments')
        .select([...FACTS, 'attached_at'])
        .where('tenant_id', '=', tenantId)
        .where('created_by', '=', uploadedBy)
        .where('id', 'in', wanted)
        .execute();
      return rows.map(({ attached_at, ...facts }) => ({
        attachment: toAttachment(facts),
        listed: attached_at !== null,
      }));
    },

    async claim(tenantId, uploadedBy, ids) {
      const wanted = uuidsOf(ids);
      if (wanted.length === 0) return [];
      // Read committed: a claim that waited for a concurrent one's row lock re-reads the row and
      // no longer matches `attached_at is null`.
      const rows = await kysely()
        .updateTable('attachments')
        .set({ attached_at: sql`now()` })
        .where('tenant_id', '=', tenantId)
        .where('created_by', '=', uploadedBy)
        .where('id', 'in', wanted)
        .where('attached_at', 'is', null)
        .returning('id')
        .execute();
      return rows.map((row) => row.id);
    },

    async release(tenantId, ids) {
      const wanted = uuidsOf(ids);
      if (wanted.length === 0) return;
      await kysely()
        .updateTable('attachments')
        .set({ attached_at: null })
        .where('tenant_id', '=', tenantId)
        .where('id', 'in', wanted)
        .execute();
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
