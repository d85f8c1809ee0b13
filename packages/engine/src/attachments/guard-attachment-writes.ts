import { type AppError, isAppError } from '@tangram/errors';
import type { ObjectDoc } from '@tangram/schema';
import { METADATA_NOT_FOUND } from '../metadata/metadata-errors.js';
import type { MetadataService } from '../metadata/metadata-service.js';
import type { AttachmentStore } from '../ports/attachment-store.js';
import { RECORD_INVALID, type RecordIssue } from '../records/record-errors.js';
import {
  type BulkRowResult,
  MAX_BULK_SIZE,
  type RecordContext,
  type RecordService,
} from '../records/record-service.js';
import {
  type AttachmentField,
  type AttachmentWrite,
  attachmentFieldsOf,
  attachmentWriteIssues,
  mayListFiles,
  newlyListedIds,
} from './attachment-write-issues.js';

/** What the attachment write guard wraps and reads. */
export interface AttachmentWriteGuardDeps {
  /** The record service below the access planner: reads see what the caller's writes reach. */
  readonly records: RecordService;
  readonly metadata: Pick<MetadataService, 'get'>;
  readonly store: Pick<AttachmentStore, 'ownUploads'>;
}

/**
 * The record service whose creates and updates put into attachment fields only what
 * `attachmentWriteIssues` allows: files the field already holds, and uploads of the writer no
 * record lists yet. Anything else is RECORD_INVALID with FILE_NOT_ATTACHABLE on the field, and
 * nothing of that row is written. Downloads go through a record that lists the file, so this is
 * what keeps a file id learnt once from opening the file for good. Writes whose values hold no
 * list of objects pass without a round trip.
 */
export function guardAttachmentWrites(deps: AttachmentWriteGuardDeps): RecordService {
  const { records: inner, metadata, store } = deps;

  async function fieldsOf(
    ctx: RecordContext,
    object: string,
    inputs: readonly unknown[],
  ): Promise<AttachmentField[]> {
    if (!mayListFiles(inputs)) return [];
    try {
      const entry = await metadata.get(ctx, 'object', object, { state: 'published' });
      return attachmentFieldsOf(entry.document as unknown as ObjectDoc);
    } catch (error) {
      // An object that is not published is the record service's to answer (OBJECT_NOT_FOUND).
      if (METADATA_NOT_FOUND.is(error)) return [];
      throw error;
    }
  }

  async function issuesOf(
    ctx: RecordContext,
    fields: readonly AttachmentField[],
    writes: readonly AttachmentWrite[],
    options: { readonly allowListed?: boolean } = {},
  ): Promise<Map<number, RecordIssue[]>> {
    const ids = newlyListedIds(fields, writes);
    const uploads = ids.length === 0 ? [] : await store.ownUploads(ctx.tenantId, ctx.actorId, ids);
    return attachmentWriteIssues(fields, writes, uploads, options);
  }

  /** The attachment fields of a record as stored, read under the caller's access predicate. */
  function heldFiles(
    ctx: RecordContext,
    object: string,
    id: string,
    fields: readonly AttachmentField[],
  ): Promise<Record<string, unknown>> {
    return inner.get(ctx, object, id, { fields: fields.map((field) => field.name) });
  }

  /** Writes the rows not refused through `write`, and answers every row at its own index. */
  async function writeAccepted<T>(
    rows: readonly T[],
    refused: ReadonlyMap<number, AppError>,
    write: (rows: T[]) => Promise<BulkRowResult[]>,
  ): Promise<BulkRowResult[]> {
    if (refused.size === 0) return write([...rows]);
    const kept = [...rows.keys()].filter((index) => !refused.has(index));
    const written = kept.length === 0 ? [] : await write(kept.map((index) => rows[index] as T));
    const results = new Map<number, BulkRowResult>();
    for (const [index, error] of refused) results.set(index, { index, ok: false, error });
    written.forEach((result, position) => {
      const index = kept[position] as number;
      results.set(index, { ...result, index });
    });
    return [...rows.keys()].map((index) => results.get(index) ?? { index, ok: false });
  }

  return {
    ...inner,

    async create(ctx, object, input, options) {
      const fields = await fieldsOf(ctx, object, [input]);
      if (fields.length > 0) {
        // A retry of a keyed create lists the files its first attempt attached: the record
        // service answers it with that record. Other people's files stay refused.
        const keyed = options?.idempotencyKey !== undefined;
        const issues = await issuesOf(ctx, fields, [{ input }], { allowListed: keyed });
        const found = issues.get(0);
        if (found) throw RECORD_INVALID({ issues: found });
      }
      return inner.create(ctx, object, input, options);
    },

    async update(ctx, object, id, patch, options) {
      // Without If-Match the record service answers 428 before reading anything.
      const fields = options.ifMatch === undefined ? [] : await fieldsOf(ctx, object, [patch]);
      if (fields.length > 0) {
        const existing = await heldFiles(ctx, object, id, fields);
        const found = (await issuesOf(ctx, fields, [{ input: patch, existing }])).get(0);
        if (found) throw RECORD_INVALID({ issues: found });
      }
      return inner.update(ctx, object, id, patch, options);
    },

    async bulkCreate(ctx, object, inputs) {
      const fields = inputs.length > MAX_BULK_SIZE ? [] : await fieldsOf(ctx, object, inputs);
      if (fields.length === 0) return inner.bulkCreate(ctx, object, inputs);
      const issues = await issuesOf(
        ctx,
        fields,
        inputs.map((input) => ({ input })),
      );
      const refused = new Map(
        [...issues].map(([index, found]) => [index, RECORD_INVALID({ issues: found })]),
      );
      return writeAccepted(inputs, refused, (rows) => inner.bulkCreate(ctx, object, rows));
    },

    async bulkUpdate(ctx, object, rows) {
      const patches = rows.map((row) => row.patch);
      const fields = rows.length > MAX_BULK_SIZE ? [] : await fieldsOf(ctx, object, patches);
      if (fields.length === 0) return inner.bulkUpdate(ctx, object, rows);
      const refused = new Map<number, AppError>();
      const writes: AttachmentWrite[] = [];
      for (const [index, row] of rows.entries()) {
        if (!mayListFiles([row.patch])) {
          writes.push({ input: undefined });
          continue;
        }
        try {
          writes.push({ input: row.patch, existing: await heldFiles(ctx, object, row.id, fields) });
        } catch (error) {
          // The row's own failure (RECORD_NOT_FOUND …), as its update would answer it.
          if (!isAppError(error)) throw error;
          refused.set(index, error);
          writes.push({ input: undefined });
        }
      }
      for (const [index, found] of await issuesOf(ctx, fields, writes)) {
        refused.set(index, RECORD_INVALID({ issues: found }));
      }
      return writeAccepted(rows, refused, (accepted) => inner.bulkUpdate(ctx, object, accepted));
    },
  };
}
