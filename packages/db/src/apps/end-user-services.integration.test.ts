import { randomUUID } from 'node:crypto';
import {
  createAccessService,
  createAttachmentService,
  createGlobalSearch,
  createMetadataService,
  createRecentRecords,
  createRecordService,
  createRecordTimeline,
  createSavedViewService,
  type RecordContext,
  type RecordService,
  type TimelineItem,
} from '@tangram/engine';
import { rejectionOf } from '@tangram/errors/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAttachmentStore } from '../attachment-store.js';
import type { Database } from '../database.js';
import { createIdentityStore } from '../identity/identity-store.js';
import { createMetadataStore } from '../metadata-store.js';
import { createRecordStore } from '../records/record-store.js';
import { createSavedViewStore } from '../saved-view-store.js';
import { ensureTenant } from '../tenants.js';
import { openTestDatabase, testBackends } from '../testing.js';

const label = (en: string) => ({ en });

const documents = [
  {
    kind: 'object',
    schemaVersion: 1,
    name: 'account',
    label: label('Account'),
    nameField: 'name',
    fields: [
      { name: 'name', type: 'text', label: label('Name'), required: true },
      { name: 'city', type: 'text', label: label('City'), searchable: true },
      {
        name: 'industry',
        type: 'single_select',
        label: label('Industry'),
        options: [
          { value: 'retail', label: label('Retail') },
          { value: 'it', label: label('IT') },
        ],
      },
    ],
  },
  {
    kind: 'object',
    schemaVersion: 1,
    name: 'activity',
    label: label('Activity'),
    nameField: 'subject',
    fields: [
      { name: 'subject', type: 'text', label: label('Subject'), required: true },
      { name: 'account', type: 'lookup', label: label('Account'), target: 'account' },
    ],
  },
  {
    kind: 'object',
    schemaVersion: 1,
    name: 'contact',
    label: label('Contact'),
    nameField: 'name',
    fields: [
      { name: 'name', type: 'text', label: label('Name'), required: true },
      { name: 'account', type: 'master_detail', label: label('Account'), target: 'account' },
    ],
  },
];

describe.each(testBackends())('end-user services on $name', (backend) => {
  let db: Database;
  let records: RecordService;
  let tick = Date.parse('2026-03-15T04:00:00.000Z');
  // Every read of the clock is one second later, so each write has its own instant.
  const clock = {
    now: () => {
      tick += 1000;
      return new Date(tick);
    },
  };
  let search: ReturnType<typeof createGlobalSearch>;
  let timeline: ReturnType<typeof createRecordTimeline>;
  let recent: ReturnType<typeof createRecentRecords>;

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    const metadata = createMetadataService({ store: createMetadataStore(db), clock });
    const store = createRecordStore(db);
    records = createRecordService({ metadata, store, clock });
    search = createGlobalSearch({ metadata, records });
    recent = createRecentRecords({ metadata, records, store });
    timeline = createRecordTimeline({ metadata, records });
  });
  afterAll(async () => {
    await db.close();
  });

  async function newTenant(actorId = 'alice'): Promise<RecordContext> {
    const slug = `t_${randomUUID().slice(0, 8)}`;
    const ctx = { tenantId: (await ensureTenant(db, { slug, name: slug })).id, actorId };
    const metadata = createMetadataService({ store: createMetadataStore(db), clock });
    for (const document of documents) await metadata.saveDraft(ctx, document);
    await metadata.publish(ctx);
    return ctx;
  }

  it('searches every object by name and searchable fields, bounded and grouped', async () => {
    const ctx = await newTenant();
    for (let i = 0; i < 7; i++) await records.create(ctx, 'account', { name: `Acme ${i}` });
    await records.create(ctx, 'account', { name: 'Globex', city: 'Acme Town' });
    await records.create(ctx, 'contact', { name: 'Acme Liu' });
    await records.create(ctx, 'activity', { subject: 'Call Bob' });

    const found = await search.search(ctx, 'acme', { perObject: 5 });
    expect(found.groups.map((g) => [g.object, g.records.length, g.more])).toEqual([
      ['account', 5, true],
      ['contact', 1, false],
    ]);
    // Newest first: the account found through its searchable city was written last.
    expect(found.groups[0]?.records[0]?.name).toBe('Globex');
    expect((await search.search(ctx, 'nothing-like-it')).groups).toEqual([]);
    const other = await newTenant();
    expect((await search.search(other, 'acme')).groups).toEqual([]);
  });

  it('lists the records a user wrote last, each once, newest first, of the objects asked', async () => {
    const alice = await newTenant();
    const bob = { ...alice, actorId: 'bob' };
    const acme = await records.create(alice, 'account', { name: 'Acme' });
    const call = await records.create(alice, 'activity', { subject: 'Call', account: acme.id });
    const gone = await records.create(alice, 'account', { name: 'Gone' });
    await records.create(bob, 'account', { name: 'Bob’s' });
    await records.update(alice, 'account', acme.id, { name: 'Acme Ltd' }, { ifMatch: 1 });
    await records.remove(alice, 'account', gone.id, { ifMatch: 1 });

    const named = (page: Awaited<ReturnType<typeof recent.recent>>) =>
      page.records.map((r) => [r.object, r.name]);
    expect(named(await recent.recent(alice))).toEqual([
      ['account', 'Acme Ltd'],
      ['activity', 'Call'],
    ]);
    expect(named(await recent.recent(alice, { objects: ['activity'] }))).toEqual([
      ['activity', 'Call'],
    ]);
    expect(named(await recent.recent(alice, { limit: 1 }))).toEqual([['account', 'Acme Ltd']]);
    expect(named(await recent.recent(bob))).toEqual([['account', 'Bob’s']]);
    const [first] = (await recent.recent(alice)).records;
    expect(first).toMatchObject({ id: acme.id, label: { en: 'Account' }, icon: null });
    expect(Date.parse(first?.at ?? '')).toBeGreaterThan(Date.parse(call.created_at as string));
    expect((await recent.recent(alice, { objects: [] })).records).toEqual([]);
  });

  it('merges the audit trail and related records in a timeline, newest first, paged', async () => {
    const ctx = await newTenant();
    const account = await records.create(ctx, 'account', { name: 'Acme' });
    const id = String(account.id);
    await records.create(ctx, 'activity', { subject: 'First call', account: id });
    await records.update(ctx, 'account', id, { industry: 'it' }, { ifMatch: 1 });
    await records.create(ctx, 'contact', { name: 'Liu', account: id });
    await records.create(ctx, 'activity', { subject: 'Visit', account: id });
    await records.update(ctx, 'account', id, { city: 'Suzhou' }, { ifMatch: 2 });
    await records.create(ctx, 'activity', { subject: 'Unrelated' });

    const describe = (item: TimelineItem) =>
      item.kind === 'change'
        ? `${item.action} v${item.version}`
        : `${item.object}:${item.record.name ?? item.record.subject}`;
    const whole = await timeline.timeline(ctx, 'account', id, { limit: 100 });
    expect(whole.items.map(describe)).toEqual([
      'update v3',
      'activity:Visit',
      'contact:Liu',
      'update v2',
      'activity:First call',
      'create v1',
    ]);
    expect(whole.nextCursor).toBeNull();
    const change = whole.items[0];
    expect(change?.kind === 'change' && change.changes).toEqual({ city: [null, 'Suzhou'] });

    const paged: string[] = [];
    let page = await timeline.timeline(ctx, 'account', id, { limit: 2 });
    paged.push(...page.items.map(describe));
    while (page.nextCursor !== null) {
      page = await timeline.timeline(ctx, 'account', id, { limit: 2, cursor: page.nextCursor });
      paged.push(...page.items.map(describe));
    }
    expect(paged).toEqual(whole.items.map(describe));

    const onlyActivities = await timeline.timeline(ctx, 'account', id, { objects: ['activity'] });
    expect(onlyActivities.items.filter((i) => i.kind === 'record').length).toBe(2);
    expect((await rejectionOf(timeline.timeline(ctx, 'account', randomUUID()))).code).toBe(
      'RECORD_NOT_FOUND',
    );
    expect(
      (await rejectionOf(timeline.timeline(ctx, 'account', id, { cursor: 'not-one' }))).code,
    ).toBe('BAD_REQUEST');
  });

  it('keeps sibling items of one instant apart across pages', async () => {
    const ctx = await newTenant();
    const account = await records.create(ctx, 'account', { name: 'Same time' });
    const frozen = tick;
    const still = { now: () => new Date(frozen) };
    const metadata = createMetadataService({ store: createMetadataStore(db), clock: still });
    const sameInstant = createRecordService({
      metadata,
      store: createRecordStore(db),
      clock: still,
    });
    for (let i = 0; i < 5; i++) {
      await sameInstant.create(ctx, 'activity', { subject: `A${i}`, account: account.id });
      await sameInstant.create(ctx, 'contact', { name: `C${i}`, account: account.id });
    }
    const seen: string[] = [];
    let page = await timeline.timeline(ctx, 'account', String(account.id), { limit: 3 });
    seen.push(...page.items.map((i) => (i.kind === 'record' ? i.record.id : `v${i.version}`)));
    while (page.nextCursor !== null) {
      page = await timeline.timeline(ctx, 'account', String(account.id), {
        limit: 3,
        cursor: page.nextCursor,
      });
      seen.push(...page.items.map((i) => (i.kind === 'record' ? i.record.id : `v${i.version}`)));
    }
    expect(seen.length).toBe(11);
    expect(new Set(seen).size).toBe(11);
  });

  it('stores an upload, sniffs its type from the bytes and serves it back to its tenant', async () => {
    const ctx = await newTenant();
    const attachments = createAttachmentService({
      store: createAttachmentStore(db),
      records,
      clock,
      maxBytes: 1024,
    });
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const file = await attachments.upload(ctx, { name: '../logo.png', bytes: png });
    expect(file).toMatchObject({ name: 'logo.png', size: 11, contentType: 'image/png' });
    const back = await attachments.download(ctx, file.id);
    expect([...back.bytes]).toEqual([...png]);
    expect(back.inline).toBe(true);
    expect(back.attachment.sha256).toMatch(/^[0-9a-f]{64}$/);

    const html = new TextEncoder().encode('<script>alert(1)</script>');
    const disguised = await attachments.upload(ctx, { name: 'photo.png', bytes: html });
    expect(disguised.contentType).toBe('text/plain; charset=utf-8');
    expect((await attachments.download(ctx, disguised.id)).inline).toBe(false);

    const tooBig = await rejectionOf(
      attachments.upload(ctx, { name: 'big.bin', bytes: new Uint8Array(1025) }),
    );
    expect(tooBig.code).toBe('ATTACHMENT_SIZE_INVALID');
    const other = await newTenant();
    expect((await rejectionOf(attachments.download(other, file.id))).code).toBe(
      'ATTACHMENT_NOT_FOUND',
    );
  });

  it('saves personal and shared views, shows each to whom it belongs, and checks them', async () => {
    const alice = await newTenant('alice');
    const bob = { ...alice, actorId: 'bob' };
    const metadata = createMetadataService({ store: createMetadataStore(db), clock });
    const access = createAccessService({ metadata, identity: createIdentityStore(db) });
    const views = createSavedViewService({
      store: createSavedViewStore(db),
      records,
      access,
      clock,
    });
    const definition = {
      type: 'list' as const,
      columns: [{ field: 'name' }, { field: 'industry' }],
      filter: { kind: 'condition', field: 'industry', op: 'eq', value: 'it' },
      sort: [{ field: 'name', direction: 'asc' as const }],
    };
    const mine = await views.create(alice, {
      object: 'account',
      label: 'My IT accounts',
      visibility: 'personal',
      definition,
    });
    const team = await views.create(alice, {
      object: 'account',
      label: 'Team IT',
      visibility: 'shared',
      definition,
    });
    expect((await views.list(alice, 'account')).map((v) => v.label)).toEqual([
      'My IT accounts',
      'Team IT',
    ]);
    expect((await views.list(bob, 'account')).map((v) => v.label)).toEqual(['Team IT']);
    expect((await rejectionOf(views.get(bob, mine.id))).code).toBe('SAVED_VIEW_NOT_FOUND');
    expect(
      (await rejectionOf(views.update(bob, team.id, { label: 'X' }, { ifMatch: 1 }))).code,
    ).toBe('SAVED_VIEW_NOT_OWNER');

    const renamed = await views.update(alice, team.id, { label: 'Team IT deals' }, { ifMatch: 1 });
    expect(renamed.version).toBe(2);
    expect((await views.get(bob, team.id)).label).toBe('Team IT deals');
    expect(
      (await rejectionOf(views.update(alice, team.id, { label: 'Y' }, { ifMatch: 1 }))).code,
    ).toBe('SAVED_VIEW_STALE');

    const unknownField = await rejectionOf(
      views.create(alice, {
        object: 'account',
        label: 'Bad',
        visibility: 'personal',
        definition: {
          ...definition,
          filter: { kind: 'condition', field: 'nope', op: 'eq', value: 1 },
        },
      }),
    );
    expect(unknownField.code).toBe('SAVED_VIEW_INVALID');
    const badShape = await rejectionOf(
      views.create(alice, {
        object: 'account',
        label: 'Bad',
        visibility: 'personal',
        definition: { ...definition, type: 'table' as 'list' },
      }),
    );
    expect(badShape.code).toBe('SAVED_VIEW_INVALID');

    await views.remove(alice, mine.id, { ifMatch: 1 });
    expect((await views.list(alice, 'account')).map((v) => v.label)).toEqual(['Team IT deals']);
  });
});
