import { describe, expect, it } from 'vitest';
import type { MetadataHead, MetadataVersion } from '../ports/metadata-store.js';
import { createMemoryMetadataStore } from './memory-metadata-store.js';

function head(overrides: Partial<MetadataHead> = {}): MetadataHead {
  return {
    tenantId: 't1',
    kind: 'object',
    name: 'account',
    revision: 1,
    draft: { kind: 'object', schemaVersion: 1, name: 'account' },
    publishedVersion: null,
    published: null,
    updatedAt: new Date('2026-01-01T00:00:00Z'),
    updatedBy: 'u1',
    ...overrides,
  };
}

function version(overrides: Partial<MetadataVersion> = {}): MetadataVersion {
  return {
    tenantId: 't1',
    kind: 'object',
    name: 'account',
    version: 1,
    document: { kind: 'object', schemaVersion: 1, name: 'account' },
    diff: [],
    authorId: 'u1',
    createdAt: new Date('2026-01-01T00:00:00Z'),
    message: null,
    revertedFrom: null,
    ...overrides,
  };
}

describe('createMemoryMetadataStore', () => {
  it('writes a new head only when no head was expected', async () => {
    const store = createMemoryMetadataStore();
    expect(await store.transaction((tx) => tx.writeHead(head(), 1))).toBe(false);
    expect(await store.transaction((tx) => tx.writeHead(head(), null))).toBe(true);
    expect(await store.transaction((tx) => tx.writeHead(head(), null))).toBe(false);
  });

  it('replaces a head only when the expected revision is the stored one', async () => {
    const store = createMemoryMetadataStore();
    await store.transaction((tx) => tx.writeHead(head(), null));
    expect(await store.transaction((tx) => tx.writeHead(head({ revision: 2 }), 7))).toBe(false);
    expect(await store.transaction((tx) => tx.writeHead(head({ revision: 2 }), 1))).toBe(true);
    expect((await store.getHead('t1', 'object', 'account'))?.revision).toBe(2);
  });

  it('applies nothing of a transaction that throws', async () => {
    const store = createMemoryMetadataStore();
    const failing = store.transaction(async (tx) => {
      await tx.writeHead(head(), null);
      await tx.insertVersion(version());
      throw new Error('boom');
    });
    await expect(failing).rejects.toThrow('boom');
    expect(await store.getHead('t1', 'object', 'account')).toBeUndefined();
    expect(await store.listVersions('t1', 'object', 'account')).toEqual([]);
  });

  it('lets a transaction read its own writes before they are committed', async () => {
    const store = createMemoryMetadataStore();
    await store.transaction(async (tx) => {
      await tx.writeHead(head(), null);
      expect((await tx.getHead('t1', 'object', 'account'))?.revision).toBe(1);
      expect(await store.getHead('t1', 'object', 'account')).toBeUndefined();
    });
    expect((await store.getHead('t1', 'object', 'account'))?.revision).toBe(1);
  });

  it('refuses a duplicate version', async () => {
    const store = createMemoryMetadataStore();
    await store.transaction((tx) => tx.insertVersion(version()));
    await expect(store.transaction((tx) => tx.insertVersion(version()))).rejects.toThrow();
  });

  it('lists versions newest first', async () => {
    const store = createMemoryMetadataStore();
    await store.transaction(async (tx) => {
      await tx.insertVersion(version({ version: 1 }));
      await tx.insertVersion(version({ version: 2 }));
    });
    const versions = await store.listVersions('t1', 'object', 'account');
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
  });

  it('keeps tenants apart', async () => {
    const store = createMemoryMetadataStore();
    await store.transaction((tx) => tx.writeHead(head(), null));
    expect(await store.listHeads('t2')).toEqual([]);
    expect(await store.getHead('t2', 'object', 'account')).toBeUndefined();
  });

  it('filters heads by kind', async () => {
    const store = createMemoryMetadataStore();
    await store.transaction(async (tx) => {
      await tx.writeHead(head(), null);
      await tx.writeHead(head({ kind: 'view', name: 'all_accounts' }), null);
    });
    const views = await store.listHeads('t1', { kind: 'view' });
    expect(views.map((h) => h.name)).toEqual(['all_accounts']);
  });

  it('hands out copies that cannot change what it holds', async () => {
    const store = createMemoryMetadataStore();
    await store.transaction((tx) => tx.writeHead(head(), null));
    const read = await store.getHead('t1', 'object', 'account');
    (read?.draft as Record<string, unknown>).name = 'changed';
    expect((await store.getHead('t1', 'object', 'account'))?.draft?.name).toBe('account');
  });

  it('runs transactions one after another', async () => {
    const store = createMemoryMetadataStore();
    const order: string[] = [];
    const first = store.transaction(async () => {
      order.push('first start');
      await new Promise((resolve) => setTimeout(resolve, 10));
      order.push('first end');
    });
    const second = store.transaction(async () => {
      order.push('second');
    });
    await Promise.all([first, second]);
    expect(order).toEqual(['first start', 'first end', 'second']);
  });
});
