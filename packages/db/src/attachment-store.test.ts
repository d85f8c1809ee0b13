import { randomUUID } from 'node:crypto';
import {
  type AttachmentStore,
  createMetadataService,
  createRecordService,
  type RecordContext,
  type RecordService,
  type StoredAttachment,
} from '@tangram/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAttachmentStore } from './attachment-store.js';
import type { Database } from './database.js';
import { createMetadataStore } from './metadata-store.js';
import { createRecordStore } from './records/record-store.js';
import { ensureTenant } from './tenants.js';
import { openTestDatabase, testBackends } from './testing.js';

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

describe.each(testBackends())('attachment store on $name', (backend) => {
  let db: Database;
  let store: AttachmentStore;
  let records: RecordService;
  const clock = { now: () => new Date('2026-03-15T04:00:00Z') };

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    store = createAttachmentStore(db);
    const metadata = createMetadataService({ store: createMetadataStore(db), clock });
    records = createRecordService({ metadata, store: createRecordStore(db), clock });
  });

  afterAll(async () => {
    await db.close();
  });

  async function newTenant(): Promise<RecordContext> {
    const slug = `t-${randomUUID().slice(0, 8)}`;
    const ctx = { tenantId: (await ensureTenant(db, { slug, name: slug })).id, actorId: 'alice' };
    const metadata = createMetadataService({ store: createMetadataStore(db), clock });
    await metadata.saveDraft(ctx, contract);
    await metadata.publish(ctx);
    return ctx;
  }

  /** Stores a file `uploadedBy` uploaded; the answer is the reference a field holds. */
  async function uploaded(tenantId: string, uploadedBy: string, text = 'terms') {
    const bytes = new TextEncoder().encode(text);
    const attachment: StoredAttachment = {
      tenantId,
      id: randomUUID(),
      name: `${text}.txt`,
      contentType: 'text/plain; charset=utf-8',
      size: bytes.byteLength,
      sha256: '0'.repeat(64),
      createdBy: uploadedBy,
      createdAt: '2026-03-15T04:00:00.000Z',
    };
    await store.insert(attachment, bytes);
    const { id, name, size, contentType } = attachment;
    return { id, name, size, contentType };
  }

  const listing = (uploads: Awaited<ReturnType<AttachmentStore['ownUploads']>>) =>
    uploads.map((u) => [u.attachment.id, u.listed]).sort();

  it('answers the facts of the uploader’s own files among the ids, and no one else’s', async () => {
    const ctx = await newTenant();
    const mine = await uploaded(ctx.tenantId, 'alice');
    const theirs = await uploaded(ctx.tenantId, 'bob');
    const uploads = await store.ownUploads(ctx.tenantId, 'alice', [
      mine.id,
      theirs.id,
      randomUUID(),
      'not-a-uuid',
    ]);
    expect(uploads).toEqual([
      {
        attachment: expect.objectContaining({ id: mine.id, size: mine.size, createdBy: 'alice' }),
        listed: false,
      },
    ]);
    expect(await store.ownUploads(ctx.tenantId, 'alice', [])).toEqual([]);
  });

  it('tells which of them a record lists, a deleted record included', async () => {
    const ctx = await newTenant();
    const free = await uploaded(ctx.tenantId, 'alice', 'free');
    const live = await uploaded(ctx.tenantId, 'alice', 'live');
    const binned = await uploaded(ctx.tenantId, 'alice', 'binned');
    await records.create(ctx, 'contract', { title: 'Live', files: [live] });
    const deleted = await records.create(ctx, 'contract', { title: 'Gone', files: [binned] });
    await records.remove(ctx, 'contract', deleted.id, { ifMatch: deleted.version });
    const uploads = await store.ownUploads(ctx.tenantId, 'alice', [free.id, live.id, binned.id]);
    expect(listing(uploads)).toEqual(
      [
        [free.id, false],
        [live.id, true],
        [binned.id, true],
      ].sort(),
    );
    expect(await store.isReferenced(ctx.tenantId, live.id)).toBe(true);
    expect(await store.isReferenced(ctx.tenantId, free.id)).toBe(false);
  });

  it('keeps to the tenant: another tenant’s file, or a listing there, counts for nothing', async () => {
    const ctx = await newTenant();
    const other = await newTenant();
    const mine = await uploaded(ctx.tenantId, 'alice');
    await records.create(other, 'contract', { title: 'Elsewhere', files: [mine] });
    expect(listing(await store.ownUploads(ctx.tenantId, 'alice', [mine.id]))).toEqual([
      [mine.id, false],
    ]);
    expect(await store.ownUploads(other.tenantId, 'alice', [mine.id])).toEqual([]);
  });
});
