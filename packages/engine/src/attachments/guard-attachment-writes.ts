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
  readonly store: Pick<AttachmentStore, 'ownUploads' | 'claim' | 'release'>;
}

/** What `admit` decides of a write's rows: the refused ones, and the files each other row claimed. */
interface Admission {
  readonly refused: Map<number, RecordIssue[]>;
  readonly claims: Map<number, string[]>;
}

/**
 * The record service whose creates and updates put into attachment fields only what
 * `attachmentWriteIssues` allows: files the field already holds, and uploads of the writer no
 * record lists yet. Anything else is RECORD_INVALID with FILE_NOT_ATTACHABLE on the field, and
 * nothing of that row is written. Downloads go through a record that lists the file, so this is
 * what keeps a file id learnt once from opening the file for good. Writes whose values hold no
 * list of objects pass without a round trip.
 *
 * A row's new files are claimed in the store before the row is written, and freed again if the
 * write fails: so of two concurrent writes attaching one upload, one gets FILE_NOT_ATTACHABLE.
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

  /**
   * The rows of a write refused by `attachmentWriteIssues`, and for the others the uploads they
   * newly list, claimed. A row that lost a claim to a concurrent write is refused as if that
   * write had committed first, and frees the files it did claim.
   */
  async function admit(
    ctx: RecordContext,
    fields: readonly AttachmentField[],
    writes: readonly AttachmentWrite[],
    options: { readonly allowListed?: boolean } = {},
  ): Promise<Admission> {
    const ids = newlyListedIds(fields, writes);
    const uploads = ids.length === 0 ? [] : await store.ownUploads(ctx.tenantId, ctx.actorId, ids);
    // Held files are checked too: a kept reference must state the facts the record holds.
    const refused = attachmentWriteIssues(fields, writes, uploads, options);
    const claims = new Map<number, string[]>();
    if (ids.length === 0) return { refused, claims };
    const free = new Set(uploads.filter((u) => !u.listed).map((u) => u.attachment.id));
    for (const [index, write] of writes.entries()) {
      if (refused.has(index)) continue;
      const wanted = newlyListedIds(fields, [write]).filter((id) => free.has(id));
      if (wanted.length > 0) claims.set(index, wanted);
    }
    const won = new Set(await store.claim(ctx.tenantId, ctx.actorId, [...claims.values()].flat()));
    const lost = new Set([...claims.values()].flat().filter((id) => !won.has(id)));
    if (lost.size === 0) return { refused, claims };
    const taken = uploads.map((u) => (lost.has(u.attachment.id) ? { ...u, listed: true } : u));
    const late = attachmentWriteIssues(fields, writes, taken, { allowListed: false });
    for (const [index, claimed] of claims) {
      const found = late.get(index);
      if (found === undefined || !claimed.some((id) => lost.has(id))) continue;
      refused.set(index, found);
      claims.delete(index);
      await release(
        ctx,
        claimed.filter((id) => won.has(id)),
      );
    }
    return { refused, claims };
  }

  function release(ctx: RecordContext, ids: readonly string[] | undefined): Promise<void> {
    return ids === undefined || ids.length === 0
      ? Promise.resolve()
      : store.release(ctx.tenantId, ids);
  }

  /** Runs the write of one row, freeing what the row claimed should it fail. */
  async function settled<T>(
    ctx: RecordContext,
    claimed: string[] | undefined,
    write: () => Promise<T>,
  ) {
    try {
      return await write();
    } catch (error) {
      await release(ctx, claimed);
      throw error;
    }
  }

  /** Frees the claims of the rows a bulk write answered as failed. */
  async function releaseFailed(
    ctx: RecordContext,
    claims: ReadonlyMap<number, string[]>,
    results: readonly BulkRowResult[],
  ): Promise<BulkRowResult[]> {
    const failed = results.filter((result) => !result.ok).map((result) => result.index);
    await release(
      ctx,
      failed.flatMap((index) => claims.get(index) ?? []),
    );
    return [...results];
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
        const { refused, claims } = await admit(ctx, fields, [{ input }], { allowListed: keyed });
        const found = refused.get(0);
        if (found) throw RECORD_INVALID({ issues: found });
        return settled(ctx, claims.get(0), () => inner.create(ctx, object, input, options));
      }
      return inner.create(ctx, object, input, options);
    },

    async update(ctx, object, id, patch, options) {
      // Without If-Match the record service answers 428 before reading anything.
      const fields = options.ifMatch === undefined ? [] : await fieldsOf(ctx, object, [patch]);
      if (fields.length > 0) {
        const existing = await heldFiles(ctx, object, id, fields);
        const { refused, claims } = await admit(ctx, fields, [{ input: patch, existing }]);
        const found = refused.get(0);
        if (found) throw RECORD_INVALID({ issues: found });
        return settled(ctx, claims.get(0), () => inner.update(ctx, object, id, patch, options));
      }
      return inner.update(ctx, object, id, patch, options);
    },

    async bulkCreate(ctx, object, inputs) {
      const fields = inputs.length > MAX_BULK_SIZE ? [] : await fieldsOf(ctx, object, inputs);
      if (fields.length === 0) return inner.bulkCreate(ctx, object, inputs);
      const admission = await admit(
        ctx,
        fields,
        inputs.map((input) => ({ input })),
      );
      const refused = new Map(
        [...admission.refused].map(([index, found]) => [index, RECORD_INVALID({ issues: found })]),
      );
      const results = await settled(ctx, [...admission.claims.values()].flat(), () =>
        writeAccepted(inputs, refused, (rows) => inner.bulkCreate(ctx, object, rows)),
      );
      return releaseFailed(ctx, admission.claims, results);
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
      const admission = await admit(ctx, fields, writes);
      for (const [index, found] of admission.refused) {
        refused.set(index, RECORD_INVALID({ issues: found }));
      }
      const results = await settled(ctx, [...admission.claims.values()].flat(), () =>
        writeAccepted(rows, refused, (accepted) => inner.bulkUpdate(ctx, object, accepted)),
      );
      return releaseFailed(ctx, admission.claims, results);
    },
  };
}
