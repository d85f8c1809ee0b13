import type { FieldDef, ObjectDoc } from '@tangram/schema';
import type { OwnUpload } from '../ports/attachment-store.js';
import type { RecordIssue } from '../records/record-errors.js';

/** An attachment field of an object definition. */
export type AttachmentField = Extract<FieldDef, { type: 'attachment' }>;

/** One row of a write as the attachment check sees it: its input, and the record it changes. */
export interface AttachmentWrite {
  /** The create input or update patch, as the caller sent it. */
  readonly input: unknown;
  /** For an update, the record as stored before it (at least its attachment fields). */
  readonly existing?: Readonly<Record<string, unknown>>;
}

/** A file reference as a write lists it: only `id` is known to be there. */
interface ListedFile {
  readonly id: string;
  readonly size?: unknown;
  readonly contentType?: unknown;
}

const NOT_ATTACHABLE =
  'A file can be attached only from an upload of your own that no record lists yet, or kept ' +
  'where it is already attached; upload the file again.';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The file references of a field value that carry an id; anything else is left to the field
 * type, which refuses it (TYPE).
 */
function listedFiles(value: unknown): ListedFile[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (file): file is ListedFile => isPlainObject(file) && typeof file.id === 'string',
  );
}

/** Whether a reference states the facts of the file it names: its size, and its type if given. */
function matches(
  file: ListedFile,
  facts: { readonly size?: unknown; readonly contentType?: unknown },
) {
  return (
    file.size === facts.size &&
    (file.contentType === undefined || file.contentType === facts.contentType)
  );
}

/** The attachment fields of `object`. */
export function attachmentFieldsOf(object: ObjectDoc): AttachmentField[] {
  return object.fields.filter((field): field is AttachmentField => field.type === 'attachment');
}

/**
 * Whether any row of a write may list files: a value that is a list holding an object. Only then
 * is the object's definition read; other writes skip the check without a round trip.
 */
export function mayListFiles(inputs: readonly unknown[]): boolean {
  return inputs.some(
    (input) =>
      isPlainObject(input) &&
      Object.values(input).some((value) => Array.isArray(value) && value.some(isPlainObject)),
  );
}

/**
 * The file ids the rows of a write put into attachment fields that those fields do not hold yet:
 * the ids to look up among the writer's own uploads.
 */
export function newlyListedIds(
  fields: readonly AttachmentField[],
  writes: readonly AttachmentWrite[],
): string[] {
  const ids = new Set<string>();
  for (const { input, existing } of writes) {
    if (!isPlainObject(input)) continue;
    for (const field of fields) {
      if (!Object.hasOwn(input, field.name)) continue;
      const held = new Set(listedFiles(existing?.[field.name]).map((file) => file.id));
      for (const file of listedFiles(input[field.name])) if (!held.has(file.id)) ids.add(file.id);
    }
  }
  return [...ids];
}

/**
 * FILE_NOT_ATTACHABLE issues, by row index, for the files a write may not put into an attachment
 * field. A field may list only files it already holds, as it holds them, and files the writer
 * uploaded (`uploads`, as the store answered for the writer) that no record lists yet, each in
 * one field of one row of the write, with the size and type the upload answered. So an id learnt
 * from a record once readable, or any other id, never opens a file through a record of one's own.
 * `allowListed` also accepts the writer's uploads some record lists: for the retry of a create
 * with an Idempotency-Key, whose first attempt listed them.
 */
export function attachmentWriteIssues(
  fields: readonly AttachmentField[],
  writes: readonly AttachmentWrite[],
  uploads: readonly OwnUpload[],
  options: { readonly allowListed?: boolean } = {},
): Map<number, RecordIssue[]> {
  const own = new Map(uploads.map((upload) => [upload.attachment.id, upload]));
  const claimed = new Set<string>();
  const issues = new Map<number, RecordIssue[]>();
  for (const [index, { input, existing }] of writes.entries()) {
    if (!isPlainObject(input)) continue;
    for (const field of fields) {
      if (!Object.hasOwn(input, field.name)) continue;
      const held = new Map(listedFiles(existing?.[field.name]).map((file) => [file.id, file]));
      const refused = new Set<string>();
      for (const file of listedFiles(input[field.name])) {
        const kept = held.get(file.id);
        if (kept !== undefined) {
          if (!matches(file, kept)) refused.add(file.id);
          continue;
        }
        const upload = own.get(file.id);
        const attachable =
          upload !== undefined &&
          (!upload.listed || options.allowListed === true) &&
          !claimed.has(file.id) &&
          matches(file, upload.attachment);
        if (attachable) claimed.add(file.id);
        else refused.add(file.id);
      }
      if (refused.size === 0) continue;
      const list = issues.get(index) ?? [];
      list.push({
        path: `/${field.name}`,
        field: field.name,
        code: 'FILE_NOT_ATTACHABLE',
        message: NOT_ATTACHABLE,
        params: { ids: [...refused] },
      });
      issues.set(index, list);
    }
  }
  return issues;
}
