import { rejectionOf } from '@tangram/errors/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import type { MetadataStore } from '../ports/metadata-store.js';
import { sampleAccount, sampleAccountForm } from '../testing.js';
import { createMemoryMetadataStore } from './memory-metadata-store.js';
import {
  createMetadataService,
  type MetadataContext,
  type MetadataService,
} from './metadata-service.js';

const alice: MetadataContext = { tenantId: 'tenant-a', actorId: 'alice' };
const bob: MetadataContext = { tenantId: 'tenant-a', actorId: 'bob' };
const otherTenant: MetadataContext = { tenantId: 'tenant-b', actorId: 'carol' };

function field(name: string, type = 'text') {
  return { name, type, label: { en: name } };
}

function account(fields = ['name', 'industry']) {
  // As published: the runtime gives text fields the text slots t1, t2 … in order.
  const sample = sampleAccount(fields);
  return {
    ...sample,
    fields: sample.fields.map((f, index) => ({ ...f, storage: { slot: `t${index + 1}` } })),
  };
}

/** A store whose compare-and-set always loses, as if another writer got there first. */
function losingRaces(store: MetadataStore): MetadataStore {
  return {
    ...store,
    transaction: (work) => store.transaction((tx) => work({ ...tx, writeHead: async () => false })),
  };
}

let now: Date;
let store: MetadataStore;
let service: MetadataService;

beforeEach(() => {
  now = new Date('2026-03-01T10:00:00Z');
  store = createMemoryMetadataStore();
  service = createMetadataService({ store, clock: { now: () => now } });
});

async function publishAccount(): Promise<void> {
  await service.saveDraft(alice, account());
  await service.saveDraft(alice, sampleAccountForm());
  await service.publish(alice);
}

async function revisionOf(kind: string, name: string): Promise<number> {
  return (await service.get(alice, kind, name)).revision;
}

describe('saveDraft', () => {
  it('saves a new document as a draft without If-Match', async () => {
    const saved = await service.saveDraft(alice, account());
    expect(saved).toEqual({ kind: 'object', name: 'account', revision: 1, hasDraft: true });
    const entry = await service.get(alice, 'object', 'account', { state: 'draft' });
    expect(entry.document).toEqual(account());
  });

  it('refuses an invalid document listing every issue and stores nothing', async () => {
    const broken = { ...account(), name: 'Bad Name', nameField: 42 };
    const error = await rejectionOf(service.saveDraft(alice, broken));
    expect(error.code).toBe('METADATA_INVALID');
    expect(error.status).toBe(422);
    const { issues } = error.details as { issues: { path: string }[] };
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(['/name', '/nameField']));
    expect(await service.list(alice)).toEqual([]);
  });

  it('refuses a rule the expression language excludes and stores nothing', async () => {
    const form = sampleAccountForm();
    const item = form.items[0]!.items[0]! as Record<string, unknown>;
    item.rules = { visible: { method: [{ var: 'name' }, 'toString'] } };
    const error = await rejectionOf(service.saveDraft(alice, form));
    expect(error.code).toBe('METADATA_INVALID');
    const { issues } = error.details as { issues: { path: string; code: string }[] };
    expect(issues).toEqual([
      expect.objectContaining({
        path: '/items/0/items/0/rules/visible/method',
        code: 'EXCLUDED_OPERATOR',
      }),
    ]);
    expect(await service.list(alice)).toEqual([]);
  });

  it('requires If-Match to change an existing document', async () => {
    await service.saveDraft(alice, account());
    const error = await rejectionOf(service.saveDraft(alice, account(['name'])));
    expect(error.code).toBe('PRECONDITION_REQUIRED');
    expect(error.status).toBe(428);
  });

  it('refuses a stale If-Match', async () => {
    await service.saveDraft(alice, account());
    await service.saveDraft(bob, account(['name']), { ifMatch: 1 });
    const error = await rejectionOf(
      service.saveDraft(alice, account(['name', 'phone']), { ifMatch: 1 }),
    );
    expect(error.code).toBe('METADATA_STALE');
    expect(error.status).toBe(412);
    expect((await service.get(alice, 'object', 'account')).document).toEqual(account(['name']));
  });

  it('bumps the revision when If-Match is the current one', async () => {
    await service.saveDraft(alice, account());
    const saved = await service.saveDraft(alice, account(['name']), { ifMatch: 1 });
    expect(saved.revision).toBe(2);
  });

  it('refuses If-Match on a document that does not exist', async () => {
    const error = await rejectionOf(service.saveDraft(alice, account(), { ifMatch: 3 }));
    expect(error.code).toBe('METADATA_STALE');
  });

  it('answers stale when the store compare-and-set loses a race', async () => {
    const racing = createMetadataService({ store: losingRaces(store), clock: { now: () => now } });
    const error = await rejectionOf(racing.saveDraft(alice, account()));
    expect(error.code).toBe('METADATA_STALE');
    expect(await service.list(alice)).toEqual([]);
  });

  it('records who changed the document and when', async () => {
    await service.saveDraft(alice, account());
    const [summary] = await service.list(alice);
    expect(summary).toMatchObject({ updatedBy: 'alice', updatedAt: now });
  });
});

describe('discardDraft', () => {
  it('drops the draft and keeps the published copy', async () => {
    await publishAccount();
    await service.saveDraft(alice, account(['name']), { ifMatch: 2 });
    const result = await service.discardDraft(alice, 'object', 'account', { ifMatch: 3 });
    expect(result).toEqual({ kind: 'object', name: 'account', revision: 4, hasDraft: false });
    expect((await service.get(alice, 'object', 'account')).document).toEqual(account());
  });

  it('makes a never-published document disappear', async () => {
    await service.saveDraft(alice, account());
    await service.discardDraft(alice, 'object', 'account', { ifMatch: 1 });
    expect(await service.list(alice)).toEqual([]);
    expect((await rejectionOf(service.get(alice, 'object', 'account'))).code).toBe(
      'METADATA_NOT_FOUND',
    );
  });

  it('lets a discarded never-published document be created again without If-Match', async () => {
    await service.saveDraft(alice, account());
    await service.discardDraft(alice, 'object', 'account', { ifMatch: 1 });
    const saved = await service.saveDraft(alice, account());
    expect(saved.revision).toBe(3);
  });

  it('answers not found when there is no draft', async () => {
    await publishAccount();
    const error = await rejectionOf(
      service.discardDraft(alice, 'object', 'account', { ifMatch: 2 }),
    );
    expect(error.code).toBe('METADATA_NOT_FOUND');
  });

  it('requires If-Match', async () => {
    await service.saveDraft(alice, account());
    const error = await rejectionOf(service.discardDraft(alice, 'object', 'account', {}));
    expect(error.code).toBe('PRECONDITION_REQUIRED');
  });
});

describe('get', () => {
  it('serves the draft over the published copy by default', async () => {
    await publishAccount();
    await service.saveDraft(alice, account(['name']), { ifMatch: 2 });
    const entry = await service.get(alice, 'object', 'account');
    expect(entry).toMatchObject({
      state: 'draft',
      version: null,
      publishedVersion: 1,
      hasDraft: true,
    });
    expect(entry.document).toEqual(account(['name']));
  });

  it('serves the published copy when asked for it', async () => {
    await publishAccount();
    await service.saveDraft(alice, account(['name']), { ifMatch: 2 });
    const entry = await service.get(alice, 'object', 'account', { state: 'published' });
    expect(entry).toMatchObject({ state: 'published', version: 1 });
    expect(entry.document).toEqual(account());
  });

  it('answers not found for a draft that does not exist', async () => {
    await publishAccount();
    const error = await rejectionOf(service.get(alice, 'object', 'account', { state: 'draft' }));
    expect(error.code).toBe('METADATA_NOT_FOUND');
  });

  it('serves an old version', async () => {
    await publishAccount();
    await service.saveDraft(alice, account(['name', 'industry', 'phone']), { ifMatch: 2 });
    await service.publish(alice);
    const entry = await service.get(alice, 'object', 'account', { version: 1 });
    expect(entry).toMatchObject({ state: 'version', version: 1, publishedVersion: 2 });
    expect(entry.document).toEqual(account());
  });

  it('answers version not found for a version never published', async () => {
    await publishAccount();
    const error = await rejectionOf(service.get(alice, 'object', 'account', { version: 9 }));
    expect(error.code).toBe('METADATA_VERSION_NOT_FOUND');
  });

  it('answers unknown kind for a kind that does not exist', async () => {
    const error = await rejectionOf(service.get(alice, 'widget', 'account'));
    expect(error.code).toBe('METADATA_UNKNOWN_KIND');
  });

  it('answers not found for a missing document', async () => {
    const error = await rejectionOf(service.get(alice, 'object', 'nobody'));
    expect(error.code).toBe('METADATA_NOT_FOUND');
    expect(error.status).toBe(404);
  });
});

describe('list', () => {
  it('summarises every document of the tenant', async () => {
    await publishAccount();
    await service.saveDraft(bob, account(['name']), { ifMatch: 2 });
    expect(await service.list(alice)).toEqual([
      {
        kind: 'form',
        name: 'account_form',
        label: { en: 'Account' },
        revision: 2,
        publishedVersion: 1,
        hasDraft: false,
        updatedAt: now,
        updatedBy: 'alice',
      },
      {
        kind: 'object',
        name: 'account',
        label: { en: 'Account', 'zh-CN': '客户' },
        revision: 3,
        publishedVersion: 1,
        hasDraft: true,
        updatedAt: now,
        updatedBy: 'bob',
      },
    ]);
  });

  it('filters by kind', async () => {
    await publishAccount();
    const forms = await service.list(alice, { kind: 'form' });
    expect(forms.map((s) => s.name)).toEqual(['account_form']);
  });

  it('keeps tenants apart', async () => {
    await publishAccount();
    expect(await service.list(otherTenant)).toEqual([]);
  });
});

describe('validate', () => {
  it('reports cross-reference issues of drafts over published documents', async () => {
    await publishAccount();
    await service.saveDraft(alice, account(['name']), { ifMatch: 2 });
    const result = await service.validate(alice);
    expect(result.valid).toBe(false);
    expect(result.issues).toContainEqual(
      expect.objectContaining({ document: { kind: 'form', name: 'account_form' } }),
    );
  });

  it('finds a consistent app valid', async () => {
    await publishAccount();
    expect(await service.validate(alice)).toEqual({ valid: true, issues: [] });
  });
});

describe('publish', () => {
  it('publishes every draft as version 1 and clears the drafts', async () => {
    await service.saveDraft(alice, account());
    await service.saveDraft(alice, sampleAccountForm());
    const result = await service.publish(alice);
    expect(result.published).toEqual([
      { kind: 'form', name: 'account_form', version: 1 },
      { kind: 'object', name: 'account', version: 1 },
    ]);
    const summaries = await service.list(alice);
    expect(summaries.map((s) => [s.hasDraft, s.publishedVersion])).toEqual([
      [false, 1],
      [false, 1],
    ]);
  });

  it('numbers versions per document and stores the diff from the previous one', async () => {
    await publishAccount();
    await service.saveDraft(alice, sampleAccountForm(['name']), { ifMatch: 2 });
    const result = await service.publish(alice);
    expect(result.published).toEqual([{ kind: 'form', name: 'account_form', version: 2 }]);
    const [latest] = await store.listVersions('tenant-a', 'form', 'account_form');
    expect(latest?.diff).toEqual([{ op: 'remove', path: '/items/0/items/1' }]);
  });

  it('refuses an inconsistent app listing every issue, writing nothing', async () => {
    await service.saveDraft(alice, account());
    await service.saveDraft(alice, { ...sampleAccountForm(['phone', 'fax']), object: 'account' });
    const error = await rejectionOf(service.publish(alice));
    expect(error.code).toBe('METADATA_INVALID');
    const { issues } = error.details as { issues: { document: unknown; path: string }[] };
    expect(issues).toHaveLength(2);
    expect(issues.every((i) => typeof i.path === 'string')).toBe(true);
    expect(issues[0]?.document).toEqual({ kind: 'form', name: 'account_form' });
    expect((await service.list(alice)).every((s) => s.publishedVersion === null)).toBe(true);
    expect(await store.listVersions('tenant-a', 'object', 'account')).toEqual([]);
  });

  it('publishes only the selected documents', async () => {
    await service.saveDraft(alice, account());
    await service.saveDraft(alice, sampleAccountForm());
    const result = await service.publish(alice, {
      documents: [{ kind: 'object', name: 'account' }],
    });
    expect(result.published).toEqual([{ kind: 'object', name: 'account', version: 1 }]);
    expect((await service.get(alice, 'form', 'account_form')).state).toBe('draft');
  });

  it('validates the set as it will go live, not drafts left unpublished', async () => {
    await service.saveDraft(alice, account());
    await service.saveDraft(alice, sampleAccountForm());
    const error = await rejectionOf(
      service.publish(alice, { documents: [{ kind: 'form', name: 'account_form' }] }),
    );
    expect(error.code).toBe('METADATA_INVALID');
  });

  it('answers an empty list when there is nothing to publish', async () => {
    await publishAccount();
    expect(await service.publish(alice)).toEqual({ published: [] });
  });

  it('clears a draft equal to the published copy without a new version', async () => {
    await publishAccount();
    await service.saveDraft(alice, account(), { ifMatch: 2 });
    expect(await service.publish(alice)).toEqual({ published: [] });
    const entry = await service.get(alice, 'object', 'account');
    expect(entry).toMatchObject({ hasDraft: false, publishedVersion: 1 });
  });

  it('records author, time and message on the version', async () => {
    await service.saveDraft(alice, account());
    await service.publish(bob, { message: 'first cut' });
    const [version] = await service.history(alice, 'object', 'account');
    expect(version).toMatchObject({ authorId: 'bob', createdAt: now, message: 'first cut' });
  });

  it('writes nothing when the store compare-and-set loses a race', async () => {
    await service.saveDraft(alice, account());
    const racing = createMetadataService({ store: losingRaces(store), clock: { now: () => now } });
    const error = await rejectionOf(racing.publish(alice));
    expect(error.code).toBe('METADATA_STALE');
    expect(await store.listVersions('tenant-a', 'object', 'account')).toEqual([]);
  });

  it('answers not found when a selected document does not exist', async () => {
    const error = await rejectionOf(
      service.publish(alice, { documents: [{ kind: 'object', name: 'ghost' }] }),
    );
    expect(error.code).toBe('METADATA_NOT_FOUND');
  });
});

describe('history', () => {
  it('lists versions newest first with author, time, message and diff', async () => {
    await publishAccount();
    now = new Date('2026-03-02T10:00:00Z');
    await service.saveDraft(bob, account(['name', 'industry', 'phone']), { ifMatch: 2 });
    await service.publish(bob, { message: 'add phone' });
    const history = await service.history(alice, 'object', 'account');
    expect(history.map((v) => [v.version, v.authorId, v.message, v.revertedFrom])).toEqual([
      [2, 'bob', 'add phone', null],
      [1, 'alice', null, null],
    ]);
    expect(history[0]?.createdAt).toEqual(new Date('2026-03-02T10:00:00Z'));
    expect(history[0]?.diff).toEqual([
      { op: 'add', path: '/fields/2', value: { ...field('phone'), storage: { slot: 't3' } } },
    ]);
  });
});

describe('diff', () => {
  it('compares two versions', async () => {
    await publishAccount();
    await service.saveDraft(alice, account(['name', 'industry', 'phone']), { ifMatch: 2 });
    await service.publish(alice);
    const ops = await service.diff(alice, 'object', 'account', { from: 2, to: 1 });
    expect(ops).toEqual([{ op: 'remove', path: '/fields/2' }]);
  });

  it('compares from nothing when from is 0', async () => {
    await publishAccount();
    const ops = await service.diff(alice, 'object', 'account', { from: 0, to: 1 });
    expect(ops).toHaveLength(Object.keys(account()).length);
    expect(ops.every((op) => op.op === 'add')).toBe(true);
  });

  it('compares the published version with the draft', async () => {
    await publishAccount();
    await service.saveDraft(alice, { ...account(), icon: 'building' }, { ifMatch: 2 });
    const ops = await service.diff(alice, 'object', 'account', { from: 1, to: 'draft' });
    expect(ops).toEqual([{ op: 'add', path: '/icon', value: 'building' }]);
  });

  it('answers version not found for a version never published', async () => {
    await publishAccount();
    const error = await rejectionOf(service.diff(alice, 'object', 'account', { from: 1, to: 5 }));
    expect(error.code).toBe('METADATA_VERSION_NOT_FOUND');
  });
});

describe('revert', () => {
  async function publishTwoFormVersions(): Promise<void> {
    await publishAccount();
    await service.saveDraft(alice, sampleAccountForm(['name']), { ifMatch: 2 });
    await service.publish(alice);
  }

  it('appends a new version equal to the old one and keeps history', async () => {
    await publishTwoFormVersions();
    const revision = await revisionOf('form', 'account_form');
    const result = await service.revert(bob, 'form', 'account_form', {
      version: 1,
      ifMatch: revision,
    });
    expect(result).toEqual({
      kind: 'form',
      name: 'account_form',
      version: 3,
      revertedFrom: 1,
      revision: revision + 1,
    });
    expect((await service.get(alice, 'form', 'account_form')).document).toEqual(
      sampleAccountForm(),
    );
    const history = await service.history(alice, 'form', 'account_form');
    expect(history.map((v) => [v.version, v.revertedFrom, v.authorId])).toEqual([
      [3, 1, 'bob'],
      [2, null, 'alice'],
      [1, null, 'alice'],
    ]);
  });

  it('discards the draft', async () => {
    await publishTwoFormVersions();
    await service.saveDraft(alice, sampleAccountForm([]), {
      ifMatch: await revisionOf('form', 'account_form'),
    });
    const revision = await revisionOf('form', 'account_form');
    await service.revert(alice, 'form', 'account_form', { version: 1, ifMatch: revision });
    expect((await service.get(alice, 'form', 'account_form')).hasDraft).toBe(false);
  });

  it('refuses a version that no longer fits the app, writing nothing', async () => {
    await publishTwoFormVersions();
    await service.saveDraft(alice, account(['name']), {
      ifMatch: await revisionOf('object', 'account'),
    });
    await service.publish(alice);
    const revision = await revisionOf('form', 'account_form');
    const error = await rejectionOf(
      service.revert(alice, 'form', 'account_form', { version: 1, ifMatch: revision }),
    );
    expect(error.code).toBe('METADATA_INVALID');
    expect(await service.history(alice, 'form', 'account_form')).toHaveLength(2);
  });

  it('requires If-Match', async () => {
    await publishTwoFormVersions();
    const error = await rejectionOf(service.revert(alice, 'form', 'account_form', { version: 1 }));
    expect(error.code).toBe('PRECONDITION_REQUIRED');
  });

  it('refuses a stale If-Match', async () => {
    await publishTwoFormVersions();
    const error = await rejectionOf(
      service.revert(alice, 'form', 'account_form', { version: 1, ifMatch: 1 }),
    );
    expect(error.code).toBe('METADATA_STALE');
  });

  it('answers version not found for a version never published', async () => {
    await publishTwoFormVersions();
    const revision = await revisionOf('form', 'account_form');
    const error = await rejectionOf(
      service.revert(alice, 'form', 'account_form', { version: 7, ifMatch: revision }),
    );
    expect(error.code).toBe('METADATA_VERSION_NOT_FOUND');
  });
});

describe('storage slots of objects', () => {
  function unslotted(fields: string[]) {
    return { ...account(fields), fields: fields.map((name) => field(name)) };
  }

  it('assigns slots when an object is published', async () => {
    await service.saveDraft(alice, unslotted(['name', 'industry']));
    await service.publish(alice);
    const entry = await service.get(alice, 'object', 'account', { state: 'published' });
    expect(entry.document).toEqual(account(['name', 'industry']));
  });

  it('refuses to publish a draft that moves a field to another slot', async () => {
    await publishAccount();
    const moved = account();
    moved.fields[0] = { ...field('name'), storage: { slot: 't7' } };
    await service.saveDraft(alice, moved, { ifMatch: 2 });
    const error = await rejectionOf(service.publish(alice));
    expect(error.code).toBe('METADATA_INVALID');
    expect(error.details).toEqual({ issues: [expect.objectContaining({ code: 'SLOT_CHANGED' })] });
  });

  it('keeps a deleted field’s slot through a revert', async () => {
    await service.saveDraft(alice, unslotted(['name', 'industry']));
    await service.publish(alice);
    await service.saveDraft(alice, unslotted(['name']), { ifMatch: 2 });
    await service.publish(alice);
    await service.saveDraft(alice, unslotted(['name', 'phone']), { ifMatch: 4 });
    await service.publish(alice);
    const phone = await service.get(alice, 'object', 'account', { state: 'published' });
    expect(phone.document).toMatchObject({
      fields: [{}, { name: 'phone', storage: { slot: 't3' } }],
    });
    await service.revert(alice, 'object', 'account', { version: 1, ifMatch: 6 });
    const entry = await service.get(alice, 'object', 'account', { state: 'published' });
    expect(entry.document).toEqual(account(['name', 'industry']));
  });
});

describe('onPublished', () => {
  it('is told the tenant after a publish and a revert commit, and not after a refused one', async () => {
    const told: string[] = [];
    const listening = createMetadataService({
      store,
      clock: { now: () => now },
      onPublished: (tenantId) => told.push(tenantId),
    });
    await listening.saveDraft(alice, account());
    await listening.publish(alice);
    expect(told).toEqual(['tenant-a']);
    await listening.saveDraft(alice, sampleAccountForm(['ghost']));
    await expect(listening.publish(alice)).rejects.toThrow();
    expect(told).toEqual(['tenant-a']);
    await listening.discardDraft(alice, 'form', 'account_form', {
      ifMatch: (await listening.get(alice, 'form', 'account_form', { state: 'draft' })).revision,
    });
    await listening.saveDraft(alice, account(['name']), {
      ifMatch: (await listening.get(alice, 'object', 'account')).revision,
    });
    await listening.publish(alice);
    await listening.revert(alice, 'object', 'account', {
      version: 1,
      ifMatch: (await listening.get(alice, 'object', 'account')).revision,
    });
    expect(told).toEqual(['tenant-a', 'tenant-a', 'tenant-a']);
  });
});
