import { randomUUID } from 'node:crypto';
import {
  type AttachmentStore,
  createMetadataService,
  type RecordContext,
  type StoredAttachment,
} from '@tangram/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInTransaction } from './ambient-transaction.js';
import { createAttachmentStore } from './attachment-store.js';
import type { Database } from './database.js';
import { createMetadataStore } from './metadata-store.js';
import { ensureTenant } from './tenants.js';
import { createSignal, openTestDatabase, testBackends } from './testing.js';

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
  const clock = { now: () => new Date('2026-03-15T04:00:00Z') };

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    store = createAttachmentStore(db);
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

  it('tells which of them a write has claimed, and claims each file only once', async () => {
    const ctx = await newTenant();
    const free = await uploaded(ctx.tenantId, 'alice', 'free');
    const taken = await uploaded(ctx.tenantId, 'alice', 'taken');
    const theirs = await uploaded(ctx.tenantId, 'bob', 'theirs');
    expect(await store.claim(ctx.tenantId, 'alice', [taken.id, theirs.id, 'not-a-uuid'])).toEqual([
      taken.id,
    ]);
    expect(await store.claim(ctx.tenantId, 'alice', [taken.id])).toEqual([]);
    const uploads = await store.ownUploads(ctx.tenantId, 'alice', [free.id, taken.id]);
    expect(listing(uploads)).toEqual(
      [
        [free.id, false],
        [taken.id, true],
      ].sort(),
    );
    expect(await store.isAttached(ctx.tenantId, taken.id)).toBe(true);
    expect(await store.isAttached(ctx.tenantId, free.id)).toBe(false);
    expect(await store.isAttached(ctx.tenantId, theirs.id)).toBe(false);
  });

  it('frees a released claim for the next write', async () => {
    const ctx = await newTenant();
    const file = await uploaded(ctx.tenantId, 'alice');
    await store.claim(ctx.tenantId, 'alice', [file.id]);
    await store.release(ctx.tenantId, [file.id, 'not-a-uuid']);
    expect(await store.isAttached(ctx.tenantId, file.id)).toBe(false);
    expect(await store.claim(ctx.tenantId, 'alice', [file.id])).toEqual([file.id]);
  });

  it('gives a file to one of two concurrent claims: the second waits, then finds it taken', async () => {
    const ctx = await newTenant();
    const file = await uploaded(ctx.tenantId, 'alice');
    const held = createSignal();
    const firstClaimed = createSignal();
    const first = runInTransaction(db, async () => {
      const won = await store.claim(ctx.tenantId, 'alice', [file.id]);
      firstClaimed.give();
      await held.wait;
      return won;
    });
    await firstClaimed.wait;
    const second = store.claim(ctx.tenantId, 'alice', [file.id]);
    // Give the second claim time to reach the row lock (PostgreSQL) or the connection (PGlite).
    await new Promise((resolve) => setTimeout(resolve, 50));
    held.give();
    expect(await first).toEqual([file.id]);
    expect(await second).toEqual([]);
  });

  it('keeps to the tenant: another tenant’s file counts for nothing', async () => {
    const ctx = await newTenant();
    const other = await newTenant();
    const mine = await uploaded(ctx.tenantId, 'alice');
    expect(await store.ownUploads(other.tenantId, 'alice', [mine.id])).toEqual([]);
    expect(await store.claim(other.tenantId, 'alice', [mine.id])).toEqual([]);
    expect(await store.isAttached(other.tenantId, mine.id)).toBe(false);
    expect(listing(await store.ownUploads(ctx.tenantId, 'alice', [mine.id]))).toEqual([
      [mine.id, false],
    ]);
  });
});
