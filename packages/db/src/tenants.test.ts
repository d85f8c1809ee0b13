import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { ensureTenant, findTenantBySlug } from './tenants.js';
import { openTestDatabase, testBackends } from './testing.js';

function uniqueSlug(): string {
  return `t_${randomUUID().slice(0, 8)}`;
}

describe.each(testBackends())('tenants on $name', (backend) => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase(backend);
  });
  afterAll(async () => {
    await db.close();
  });

  it('creates a tenant with a generated uuid and creation time', async () => {
    const slug = uniqueSlug();
    const tenant = await ensureTenant(db, { slug, name: 'Acme' });
    expect(tenant).toMatchObject({ slug, name: 'Acme' });
    expect(tenant.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(tenant.createdAt).toBeInstanceOf(Date);
  });

  it('returns the existing tenant, unchanged, when ensured again', async () => {
    const slug = uniqueSlug();
    const first = await ensureTenant(db, { slug, name: 'Acme' });
    const second = await ensureTenant(db, { slug, name: 'Renamed' });
    expect(second).toEqual(first);
  });

  it('creates one tenant when ensured concurrently', async () => {
    const slug = uniqueSlug();
    const tenants = await Promise.all(
      [1, 2, 3, 4].map(() => ensureTenant(db, { slug, name: 'Acme' })),
    );
    expect(new Set(tenants.map((tenant) => tenant.id)).size).toBe(1);
  });

  it('finds a tenant by slug, and nothing for an unknown slug', async () => {
    const slug = uniqueSlug();
    const tenant = await ensureTenant(db, { slug, name: 'Acme' });
    expect(await findTenantBySlug(db, slug)).toEqual(tenant);
    expect(await findTenantBySlug(db, uniqueSlug())).toBeUndefined();
  });
});
