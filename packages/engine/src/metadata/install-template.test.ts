import { rejectionOf } from '@tangram/errors/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { sampleAccount } from '../testing.js';
import { installTemplate } from './install-template.js';
import { createMemoryMetadataStore } from './memory-metadata-store.js';
import { createMetadataService, type MetadataService } from './metadata-service.js';

const ctx = { tenantId: 'tenant-a', actorId: 'installer' };

function accountView(columns = ['name']) {
  return {
    kind: 'view',
    schemaVersion: 1,
    name: 'all_accounts',
    label: { en: 'All accounts' },
    object: 'account',
    type: 'list',
    columns: columns.map((field) => ({ field })),
  };
}

let service: MetadataService;

beforeEach(() => {
  service = createMetadataService({
    store: createMemoryMetadataStore(),
    clock: { now: () => new Date('2026-03-01T00:00:00Z') },
  });
});

describe('installTemplate', () => {
  it('publishes every document of the template together', async () => {
    const result = await installTemplate(service, ctx, [sampleAccount(), accountView()]);
    expect(result).toEqual({
      published: [
        { kind: 'object', name: 'account', version: 1 },
        { kind: 'view', name: 'all_accounts', version: 1 },
      ],
      unchanged: [],
    });
  });

  it('changes nothing when run again with the same documents', async () => {
    await installTemplate(service, ctx, [sampleAccount(), accountView()]);
    const again = await installTemplate(service, ctx, [sampleAccount(), accountView()]);
    expect(again).toEqual({
      published: [],
      unchanged: [
        { kind: 'object', name: 'account' },
        { kind: 'view', name: 'all_accounts' },
      ],
    });
  });

  it('publishes only the documents that changed', async () => {
    await installTemplate(service, ctx, [sampleAccount(), accountView()]);
    const result = await installTemplate(service, ctx, [
      sampleAccount(),
      accountView(['name', 'industry']),
    ]);
    expect(result.published).toEqual([{ kind: 'view', name: 'all_accounts', version: 2 }]);
  });

  it('refuses invalid documents listing every issue and saves nothing', async () => {
    const error = await rejectionOf(
      installTemplate(service, ctx, [
        { ...sampleAccount(), name: 'Bad' },
        { ...accountView(), type: 'grid' },
      ]),
    );
    expect(error.code).toBe('METADATA_INVALID');
    expect((error.details as { issues: unknown[] }).issues.length).toBeGreaterThanOrEqual(2);
    expect(await service.list(ctx)).toEqual([]);
  });

  it('leaves no drafts behind when the template does not publish as a whole', async () => {
    const error = await rejectionOf(installTemplate(service, ctx, [accountView()]));
    expect(error.code).toBe('METADATA_INVALID');
    expect(await service.list(ctx)).toEqual([]);
  });
});
