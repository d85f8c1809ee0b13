import { randomUUID } from 'node:crypto';
import type { MetadataHead, MetadataStore, MetadataVersion, StoredDocument } from '@tangram/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { createMetadataStore } from './metadata-store.js';
import { ensureTenant } from './tenants.js';
import { openTestDatabase, testBackends } from './testing.js';

function objectDocument(name: string, labelEn = 'Account'): StoredDocument {
  return {
    kind: 'object',
    schemaVersion: 1,
    name,
    label: { 'zh-CN': '客户', en: labelEn },
    fields: [{ name: 'amount', type: 'currency', currency: 'CNY', precision: 18 }],
  };
}

function draftHead(tenantId: string, name: string, overrides: Partial<MetadataHead> = {}) {
  const head: MetadataHead = {
    tenantId,
    kind: 'object',
    name,
    revision: 1,
    draft: objectDocument(name),
    publishedVersion: null,
    published: null,
    updatedAt: new Date('2026-03-04T05:06:07.089Z'),
    updatedBy: 'user-1',
    ...overrides,
  };
  return head;
}

function publishedVersion(
  tenantId: string,
  name: string,
  version: number,
  overrides: Partial<MetadataVersion> = {},
): MetadataVersion {
  return {
    tenantId,
    kind: 'object',
    name,
    version,
    document: objectDocument(name, `Account v${version}`),
    diff: [{ op: 'replace', path: '/label/en', value: `Account v${version}` }],
    authorId: 'user-1',
    createdAt: new Date(Date.UTC(2026, 2, version, 8, 30, 0, 123)),
    message: `publish ${version}`,
    revertedFrom: null,
    ...overrides,
  };
}

describe.each(testBackends())('metadata store on $name', (backend) => {
  let db: Database;
  let store: MetadataStore;
  beforeAll(async () => {
    db = await openTestDatabase(backend);
    store = createMetadataStore(db);
  });
  afterAll(async () => {
    await db.close();
  });

  // Each test works in tenants of its own, so tests share one database without meeting.
  async function newTenantId(): Promise<string> {
    const slug = `t_${randomUUID().slice(0, 8)}`;
    return (await ensureTenant(db, { slug, name: slug })).id;
  }

  it('round-trips a head with its draft, published document and dates', async () => {
    const tenantId = await newTenantId();
    const head = draftHead(tenantId, 'account', {
      revision: 3,
      publishedVersion: 2,
      published: objectDocument('account', 'Published'),
    });
    await store.transaction((tx) => tx.writeHead(head, null));

    expect(await store.getHead(tenantId, 'object', 'account')).toEqual(head);
    expect(await store.listHeads(tenantId)).toEqual([head]);
  });

  it('lists heads sorted by kind and name, filtered by kind on request', async () => {
    const tenantId = await newTenantId();
    const contact = draftHead(tenantId, 'contact');
    const account = draftHead(tenantId, 'account');
    const form = draftHead(tenantId, 'account_form', { kind: 'form' });
    await store.transaction(async (tx) => {
      for (const head of [contact, form, account]) await tx.writeHead(head, null);
    });

    expect(await store.listHeads(tenantId)).toEqual([form, account, contact]);
    expect(await store.listHeads(tenantId, { kind: 'object' })).toEqual([account, contact]);
  });

  it('returns nothing for a head or version that does not exist', async () => {
    const tenantId = await newTenantId();
    expect(await store.getHead(tenantId, 'object', 'account')).toBeUndefined();
    expect(await store.getVersion(tenantId, 'object', 'account', 1)).toBeUndefined();
    expect(await store.listVersions(tenantId, 'object', 'account')).toEqual([]);
    expect(await store.listHeads(tenantId)).toEqual([]);
  });

  it('round-trips versions and lists them newest first', async () => {
    const tenantId = await newTenantId();
    const versions = [
      publishedVersion(tenantId, 'account', 1, { message: null }),
      publishedVersion(tenantId, 'account', 2),
      publishedVersion(tenantId, 'account', 3, { revertedFrom: 1 }),
    ];
    await store.transaction(async (tx) => {
      for (const version of versions) await tx.insertVersion(version);
    });

    expect(await store.listVersions(tenantId, 'object', 'account')).toEqual(
      [...versions].reverse(),
    );
    expect(await store.getVersion(tenantId, 'object', 'account', 2)).toEqual(versions[1]);
  });

  it('throws when a version number is inserted twice', async () => {
    const tenantId = await newTenantId();
    await store.transaction((tx) => tx.insertVersion(publishedVersion(tenantId, 'account', 1)));

    await expect(
      store.transaction((tx) => tx.insertVersion(publishedVersion(tenantId, 'account', 1))),
    ).rejects.toThrow();
    expect(await store.listVersions(tenantId, 'object', 'account')).toHaveLength(1);
  });

  it('inserts a new head only when none exists', async () => {
    const tenantId = await newTenantId();
    const first = draftHead(tenantId, 'account');
    const second = draftHead(tenantId, 'account', { updatedBy: 'user-2' });

    expect(await store.transaction((tx) => tx.writeHead(first, null))).toBe(true);
    expect(await store.transaction((tx) => tx.writeHead(second, null))).toBe(false);
    expect(await store.getHead(tenantId, 'object', 'account')).toEqual(first);
  });

  it('replaces a head when the expected revision matches', async () => {
    const tenantId = await newTenantId();
    await store.transaction((tx) => tx.writeHead(draftHead(tenantId, 'account'), null));
    const next = draftHead(tenantId, 'account', {
      revision: 2,
      draft: null,
      publishedVersion: 1,
      published: objectDocument('account', 'Published'),
      updatedAt: new Date('2026-03-05T00:00:00.000Z'),
      updatedBy: 'user-2',
    });

    expect(await store.transaction((tx) => tx.writeHead(next, 1))).toBe(true);
    expect(await store.getHead(tenantId, 'object', 'account')).toEqual(next);
  });

  it('refuses a stale write and changes nothing', async () => {
    const tenantId = await newTenantId();
    const current = draftHead(tenantId, 'account', { revision: 5 });
    await store.transaction((tx) => tx.writeHead(current, null));
    const stale = draftHead(tenantId, 'account', { revision: 5, updatedBy: 'user-2' });

    expect(await store.transaction((tx) => tx.writeHead(stale, 4))).toBe(false);
    expect(await store.getHead(tenantId, 'object', 'account')).toEqual(current);
  });

  it('refuses to replace a head that does not exist', async () => {
    const tenantId = await newTenantId();
    const head = draftHead(tenantId, 'account', { revision: 2 });

    expect(await store.transaction((tx) => tx.writeHead(head, 1))).toBe(false);
    expect(await store.getHead(tenantId, 'object', 'account')).toBeUndefined();
  });

  it('lets exactly one of several concurrent inserts of a new head win', async () => {
    const tenantId = await newTenantId();
    const candidates = ['user-1', 'user-2', 'user-3', 'user-4'].map((updatedBy) =>
      draftHead(tenantId, 'account', { updatedBy }),
    );

    const outcomes = await Promise.all(
      candidates.map((head) =>
        store.transaction(async (tx) => {
          const written = await tx.writeHead(head, null);
          // Hold the transaction open a moment so that the others really overlap with it.
          await new Promise((resolve) => setTimeout(resolve, 20));
          return written;
        }),
      ),
    );

    expect(outcomes.filter(Boolean)).toHaveLength(1);
    const winner = candidates[outcomes.indexOf(true)];
    expect(await store.getHead(tenantId, 'object', 'account')).toEqual(winner);
  });

  it('leaves nothing behind when the transaction throws', async () => {
    const tenantId = await newTenantId();
    const failure = new Error('validation failed after writing');

    await expect(
      store.transaction(async (tx) => {
        await tx.writeHead(draftHead(tenantId, 'account'), null);
        await tx.insertVersion(publishedVersion(tenantId, 'account', 1));
        throw failure;
      }),
    ).rejects.toBe(failure);

    expect(await store.getHead(tenantId, 'object', 'account')).toBeUndefined();
    expect(await store.listVersions(tenantId, 'object', 'account')).toEqual([]);
  });

  it('sees its own writes inside the transaction', async () => {
    const tenantId = await newTenantId();
    const head = draftHead(tenantId, 'account');

    const seen = await store.transaction(async (tx) => {
      await tx.writeHead(head, null);
      await tx.insertVersion(publishedVersion(tenantId, 'account', 1));
      return {
        head: await tx.getHead(tenantId, 'object', 'account'),
        versions: await tx.listVersions(tenantId, 'object', 'account'),
      };
    });

    expect(seen.head).toEqual(head);
    expect(seen.versions.map((version) => version.version)).toEqual([1]);
  });

  it('refuses reads through the store, not the transaction, inside a transaction', async () => {
    const tenantId = await newTenantId();
    await expect(
      store.transaction(() => store.getHead(tenantId, 'object', 'account')),
    ).rejects.toThrow(/read through the transaction/);
    expect(await store.getHead(tenantId, 'object', 'account')).toBeUndefined();
  });

  it('never returns another tenant’s documents', async () => {
    const owner = await newTenantId();
    const other = await newTenantId();
    await store.transaction(async (tx) => {
      await tx.writeHead(draftHead(owner, 'account'), null);
      await tx.insertVersion(publishedVersion(owner, 'account', 1));
    });

    expect(await store.listHeads(other)).toEqual([]);
    expect(await store.getHead(other, 'object', 'account')).toBeUndefined();
    expect(await store.listVersions(other, 'object', 'account')).toEqual([]);
    expect(await store.getVersion(other, 'object', 'account', 1)).toBeUndefined();
    // The same name in the other tenant is a different document.
    expect(await store.transaction((tx) => tx.writeHead(draftHead(other, 'account'), null))).toBe(
      true,
    );
  });

  it('refuses a head for a tenant that does not exist', async () => {
    await expect(
      store.transaction((tx) => tx.writeHead(draftHead(randomUUID(), 'account'), null)),
    ).rejects.toThrow();
  });

  it('holds the tenant lock until the transaction that took it ends', async () => {
    const tenantId = await newTenantId();
    const events: string[] = [];
    let signalLocked: () => void = () => {};
    const firstLocked = new Promise<void>((resolve) => {
      signalLocked = resolve;
    });

    const first = store.transaction(async (tx) => {
      await tx.lockTenant(tenantId);
      events.push('first locked');
      signalLocked();
      await new Promise((resolve) => setTimeout(resolve, 100));
      events.push('first done');
    });
    await Promise.race([firstLocked, first]);
    const second = store.transaction(async (tx) => {
      await tx.lockTenant(tenantId);
      events.push('second locked');
    });
    await Promise.all([first, second]);

    expect(events).toEqual(['first locked', 'first done', 'second locked']);
  });
});
