import { rejectionOf } from '@tangram/errors/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryMetadataStore } from '../metadata/memory-metadata-store.js';
import { createMetadataService } from '../metadata/metadata-service.js';
import type { AttachmentStore, StoredAttachment } from '../ports/attachment-store.js';
import { createMemoryRecordStore } from '../records/memory-record-store.js';
import type { ApiRecord } from '../records/record-codec.js';
import {
  type BulkRowResult,
  createRecordService,
  type RecordContext,
  type RecordService,
} from '../records/record-service.js';
import { guardAttachmentWrites } from './guard-attachment-writes.js';

const alice: RecordContext = { tenantId: 'tenant-a', actorId: 'alice' };
const bob: RecordContext = { tenantId: 'tenant-a', actorId: 'bob' };

const contract = {
  kind: 'object',
  schemaVersion: 1,
  name: 'contract',
  label: { en: 'Contract' },
  nameField: 'title',
  fields: [
    { name: 'title', type: 'text', label: { en: 'Title' } },
    { name: 'files', type: 'attachment', label: { en: 'Files' } },
  ],
};

let base: RecordService;
let records: RecordService;
let uploads: StoredAttachment[];
let attached: Set<string>;
let lookups: number;

/** A file `uploader` uploaded; the answer is the reference an attachment field holds. */
function upload(uploader: RecordContext, name: string) {
  const id = crypto.randomUUID();
  uploads.push({
    tenantId: uploader.tenantId,
    id,
    name,
    contentType: 'text/plain',
    size: name.length,
    sha256: '0'.repeat(64),
    createdBy: uploader.actorId,
    createdAt: '2026-03-15T04:00:00.000Z',
  });
  return { id, name, size: name.length, contentType: 'text/plain' };
}

/** The port as the database keeps it: a file is listed once a write has claimed it. */
const store: Pick<AttachmentStore, 'ownUploads' | 'claim' | 'release'> = {
  async ownUploads(tenantId, uploadedBy, ids) {
    lookups += 1;
    return ownOf(tenantId, uploadedBy, ids).map((attachment) => ({
      attachment,
      listed: attached.has(attachment.id),
    }));
  },
  async claim(tenantId, uploadedBy, ids) {
    const won = ownOf(tenantId, uploadedBy, ids).filter((upload) => !attached.has(upload.id));
    for (const upload of won) attached.add(upload.id);
    return won.map((upload) => upload.id);
  },
  async release(_tenantId, ids) {
    for (const id of ids) attached.delete(id);
  },
};

function ownOf(tenantId: string, uploadedBy: string, ids: readonly string[]) {
  return uploads.filter(
    (u) => u.tenantId === tenantId && u.createdBy === uploadedBy && ids.includes(u.id),
  );
}

function issueCodes(error: unknown) {
  const { issues } = (error as { details: { issues: { field: string; code: string }[] } }).details;
  return issues.map((issue) => [issue.field, issue.code]);
}

const statusOf = (results: readonly BulkRowResult[]) =>
  results.map((r) => [r.index, r.ok ? 'ok' : r.error?.code]);

beforeEach(async () => {
  const clock = { now: () => new Date('2026-03-15T04:00:00Z') };
  const metadata = createMetadataService({ store: createMemoryMetadataStore(), clock });
  await metadata.saveDraft(alice, contract);
  await metadata.publish(alice);
  base = createRecordService({ metadata, store: createMemoryRecordStore(), clock });
  records = guardAttachmentWrites({ records: base, metadata, store });
  uploads = [];
  attached = new Set();
  lookups = 0;
});

describe('creates', () => {
  it('attach an upload of the writer that no record lists yet', async () => {
    const file = upload(alice, 'terms.txt');
    const created = await records.create(alice, 'contract', { title: 'C', files: [file] });
    expect(created.files).toEqual([file]);
  });

  it('refuse a file someone else uploaded, and write nothing', async () => {
    const theirs = upload(bob, 'plan.txt');
    const error = await rejectionOf(
      records.create(alice, 'contract', { title: 'C', files: [theirs] }),
    );
    expect(error.code).toBe('RECORD_INVALID');
    expect(error.status).toBe(422);
    expect(issueCodes(error)).toEqual([['files', 'FILE_NOT_ATTACHABLE']]);
    expect((await base.query(alice, 'contract', {})).records).toEqual([]);
  });

  it('refuse an id no upload has', async () => {
    const made = { id: crypto.randomUUID(), name: 'x.txt', size: 5 };
    const error = await rejectionOf(records.create(alice, 'contract', { files: [made] }));
    expect(issueCodes(error)).toEqual([['files', 'FILE_NOT_ATTACHABLE']]);
  });

  it('refuse an own upload that another record lists already', async () => {
    const file = upload(alice, 'terms.txt');
    await records.create(alice, 'contract', { title: 'First', files: [file] });
    const error = await rejectionOf(
      records.create(alice, 'contract', { title: 'Copy', files: [file] }),
    );
    expect(issueCodes(error)).toEqual([['files', 'FILE_NOT_ATTACHABLE']]);
  });

  it('attach an upload to one of two concurrent creates and refuse the other', async () => {
    const file = upload(alice, 'terms.txt');
    const settled = await Promise.allSettled([
      records.create(alice, 'contract', { title: 'A', files: [file] }),
      records.create(alice, 'contract', { title: 'B', files: [file] }),
    ]);
    expect(settled.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = settled.find((outcome) => outcome.status === 'rejected');
    expect(issueCodes(refused?.reason)).toEqual([['files', 'FILE_NOT_ATTACHABLE']]);
    expect((await base.query(alice, 'contract', {})).records).toHaveLength(1);
  });

  it('free the upload again when the create fails for another reason', async () => {
    const file = upload(alice, 'terms.txt');
    const failed = records.create(alice, 'contract', { title: 'C', files: [file], nope: 1 });
    expect(issueCodes(await rejectionOf(failed))).toEqual([['nope', 'UNKNOWN_FIELD']]);
    const created = await records.create(alice, 'contract', { title: 'C', files: [file] });
    expect(created.files).toEqual([file]);
  });

  it('answer the retry of a keyed create with its first record', async () => {
    const file = upload(alice, 'terms.txt');
    const input = { title: 'C', files: [file] };
    const first = await records.create(alice, 'contract', input, { idempotencyKey: 'k1' });
    const again = await records.create(alice, 'contract', input, { idempotencyKey: 'k1' });
    expect(again.id).toBe(first.id);
    const theirs = upload(bob, 'plan.txt');
    const foreign = await rejectionOf(
      records.create(alice, 'contract', { files: [theirs] }, { idempotencyKey: 'k2' }),
    );
    expect(issueCodes(foreign)).toEqual([['files', 'FILE_NOT_ATTACHABLE']]);
  });

  it('ask the store nothing when no value lists a file', async () => {
    await records.create(alice, 'contract', { title: 'C', files: [] });
    await records.bulkCreate(alice, 'contract', [{ title: 'D' }, { title: 'E', files: null }]);
    expect(lookups).toBe(0);
  });
});

describe('updates', () => {
  let record: ApiRecord;
  let first: ReturnType<typeof upload>;
  let second: ReturnType<typeof upload>;

  beforeEach(async () => {
    first = upload(alice, 'one.txt');
    second = upload(alice, 'two.txt');
    record = await records.create(alice, 'contract', { title: 'C', files: [first, second] });
  });

  it('keep, reorder and remove the files the field holds, by anyone who may edit it', async () => {
    const reordered = await records.update(
      bob,
      'contract',
      record.id,
      { title: 'Renamed', files: [second, first] },
      { ifMatch: record.version },
    );
    expect(reordered.files).toEqual([second, first]);
    const removed = await records.update(
      bob,
      'contract',
      record.id,
      { files: [first] },
      { ifMatch: reordered.version },
    );
    expect(removed.files).toEqual([first]);
  });

  it('refuse a held file restated with other facts than the record holds', async () => {
    const restated = { ...first, size: 999 };
    const error = await rejectionOf(
      records.update(alice, 'contract', record.id, { files: [restated] }, { ifMatch: 1 }),
    );
    expect(issueCodes(error)).toEqual([['files', 'FILE_NOT_ATTACHABLE']]);
  });

  it('add an own upload beside the files held, but not a file of someone else', async () => {
    const added = upload(bob, 'three.txt');
    const updated = await records.update(
      bob,
      'contract',
      record.id,
      { files: [first, second, added] },
      { ifMatch: record.version },
    );
    expect(updated.files).toEqual([first, second, added]);
    const theirs = upload(alice, 'four.txt');
    const error = await rejectionOf(
      records.update(
        bob,
        'contract',
        record.id,
        { files: [first, theirs] },
        { ifMatch: updated.version },
      ),
    );
    expect(issueCodes(error)).toEqual([['files', 'FILE_NOT_ATTACHABLE']]);
  });

  it('refuse to move a file that another record lists into this one', async () => {
    const other = await records.create(alice, 'contract', { title: 'Other' });
    const error = await rejectionOf(
      records.update(alice, 'contract', other.id, { files: [first] }, { ifMatch: other.version }),
    );
    expect(issueCodes(error)).toEqual([['files', 'FILE_NOT_ATTACHABLE']]);
  });

  it('answer a missing If-Match and a missing record as the record service does', async () => {
    const patch = { files: [first] };
    const unmatched = records.update(alice, 'contract', record.id, patch, {});
    expect((await rejectionOf(unmatched)).code).toBe('PRECONDITION_REQUIRED');
    const missing = records.update(alice, 'contract', crypto.randomUUID(), patch, { ifMatch: 1 });
    expect((await rejectionOf(missing)).code).toBe('RECORD_NOT_FOUND');
  });
});

describe('bulk writes', () => {
  it('refuse the rows listing files they may not and write the others, each at its index', async () => {
    const mine = upload(alice, 'mine.txt');
    const theirs = upload(bob, 'theirs.txt');
    const results = await records.bulkCreate(alice, 'contract', [
      { title: 'A', files: [theirs] },
      { title: 'B', files: [mine] },
      { title: 'C', files: [mine] },
      { title: 'D' },
    ]);
    expect(statusOf(results)).toEqual([
      [0, 'RECORD_INVALID'],
      [1, 'ok'],
      [2, 'RECORD_INVALID'],
      [3, 'ok'],
    ]);
    expect(results[1]?.record?.files).toEqual([mine]);
    expect((await base.query(alice, 'contract', {})).records.map((r) => r.title).sort()).toEqual([
      'B',
      'D',
    ]);
  });

  it('free the uploads of rows that fail, so that a later write may attach them', async () => {
    const kept = upload(alice, 'kept.txt');
    const freed = upload(alice, 'freed.txt');
    const results = await records.bulkCreate(alice, 'contract', [
      { title: 'A', files: [kept] },
      { title: 'B', files: [freed], nope: 1 },
    ]);
    expect(statusOf(results)).toEqual([
      [0, 'ok'],
      [1, 'RECORD_INVALID'],
    ]);
    expect([...attached]).toEqual([kept.id]);
    const later = await records.create(alice, 'contract', { title: 'B', files: [freed] });
    expect(later.files).toEqual([freed]);
  });

  it('check each updated row against the files its own record holds', async () => {
    const held = upload(alice, 'held.txt');
    const kept = await records.create(alice, 'contract', { title: 'Kept', files: [held] });
    const plain = await records.create(alice, 'contract', { title: 'Plain' });
    const results = await records.bulkUpdate(bob, 'contract', [
      { id: plain.id, patch: { files: [held] }, ifMatch: plain.version },
      { id: kept.id, patch: { title: 'Still kept', files: [held] }, ifMatch: kept.version },
      { id: crypto.randomUUID(), patch: { files: [held] }, ifMatch: 1 },
      { id: plain.id, patch: { title: 'Renamed' }, ifMatch: plain.version },
    ]);
    expect(statusOf(results)).toEqual([
      [0, 'RECORD_INVALID'],
      [1, 'ok'],
      [2, 'RECORD_NOT_FOUND'],
      [3, 'ok'],
    ]);
    expect(results[1]?.record).toMatchObject({ title: 'Still kept', files: [held] });
  });
});
