import { BAD_REQUEST } from '@tangram/errors';
import type { AttachmentFile } from '../field-types/attachment.js';
import type { AttachmentStore, StoredAttachment } from '../ports/attachment-store.js';
import type { Clock } from '../ports/clock.js';
import type { RecordContext, RecordService } from '../records/record-service.js';
import { ATTACHMENT_NOT_FOUND, ATTACHMENT_SIZE_INVALID } from './attachment-errors.js';
import { sniffContentType } from './sniff-content-type.js';

/** Largest file one upload may carry unless the service is told otherwise: 20 MiB. */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/** A file ready to be sent back: its facts, bytes and whether a browser may show it inline. */
export interface AttachmentDownload {
  readonly attachment: StoredAttachment;
  readonly bytes: Uint8Array;
  readonly inline: boolean;
}

/** The record field a download goes through: `object`'s record `record`, field `field`. */
export interface AttachmentSource {
  readonly object: string;
  readonly record: string;
  readonly field: string;
}

/** Upload and download of the files attachment fields point at. */
export interface AttachmentService {
  /** Stores a file; the answer is the reference an attachment field holds. */
  upload(
    ctx: RecordContext,
    file: { readonly name: string; readonly bytes: Uint8Array },
  ): Promise<AttachmentFile>;
  /**
   * A file referenced from a record field is served only through that field (`from`): the
   * caller must be able to read the record and the field, and the field must list the file. A
   * file no record lists yet is served only to its uploader. Otherwise ATTACHMENT_NOT_FOUND.
   */
  download(ctx: RecordContext, id: string, from?: AttachmentSource): Promise<AttachmentDownload>;
}

function lists(value: unknown, id: string): boolean {
  return (
    Array.isArray(value) &&
    value.some((file) => typeof file === 'object' && file !== null && file.id === id)
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A file name as kept: the last path segment, without control characters, at most 255
 * characters; BAD_REQUEST when nothing is left.
 */
export function cleanFileName(name: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed.
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  const clean = [...base].slice(0, 255).join('');
  if (clean === '' || clean === '.' || clean === '..') {
    throw BAD_REQUEST({ parameter: 'name', reason: 'a file name is needed' });
  }
  return clean;
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Creates the attachment service over a store; the content type is sniffed from the bytes. */
export function createAttachmentService(deps: {
  readonly store: AttachmentStore;
  /** The secured record service: a download through a field is a read of that record and field. */
  readonly records: Pick<RecordService, 'get'>;
  readonly clock: Clock;
  readonly maxBytes?: number;
  readonly idGen?: () => string;
}): AttachmentService {
  const maxBytes = deps.maxBytes ?? MAX_ATTACHMENT_BYTES;
  const idGen = deps.idGen ?? (() => crypto.randomUUID());
  return {
    async upload(ctx, file) {
      const name = cleanFileName(file.name);
      const size = file.bytes.byteLength;
      if (size === 0 || size > maxBytes) throw ATTACHMENT_SIZE_INVALID({ size, max: maxBytes });
      const { contentType } = sniffContentType(file.bytes, name);
      const attachment: StoredAttachment = {
        tenantId: ctx.tenantId,
        id: idGen(),
        name,
        contentType,
        size,
        sha256: await sha256Hex(file.bytes),
        createdBy: ctx.actorId,
        createdAt: deps.clock.now().toISOString(),
      };
      await deps.store.insert(attachment, file.bytes);
      return { id: attachment.id, name, size, contentType };
    },

    async download(ctx, id, from) {
      const facts = UUID.test(id) ? await deps.store.get(ctx.tenantId, id) : undefined;
      if (!facts) throw ATTACHMENT_NOT_FOUND({ id });
      if (from === undefined) {
        const own = facts.createdBy === ctx.actorId;
        if (!own || (await deps.store.isAttached(ctx.tenantId, id))) {
          throw ATTACHMENT_NOT_FOUND({ id });
        }
      } else {
        // Record scope and field read go through the access planner: a record out of scope is
        // RECORD_NOT_FOUND, a field the caller may not read 400 FIELD_NOT_READABLE.
        const record = await deps.records.get(ctx, from.object, from.record, {
          fields: [from.field],
        });
        if (!lists(record[from.field], id)) throw ATTACHMENT_NOT_FOUND({ id });
      }
      const found = await deps.store.read(ctx.tenantId, id);
      if (!found) throw ATTACHMENT_NOT_FOUND({ id });
      const { inline } = sniffContentType(found.bytes, found.attachment.name);
      return { ...found, inline };
    },
  };
}
