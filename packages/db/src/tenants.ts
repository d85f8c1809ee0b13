import type { Database } from './database.js';

/** One organisation using this installation; every other row belongs to exactly one. */
export interface Tenant {
  readonly id: string;
  /** Stable, URL-friendly handle, unique across the installation. */
  readonly slug: string;
  readonly name: string;
  readonly createdAt: Date;
}

/**
 * Returns the tenant with this slug, creating it first if there is none. An existing tenant is
 * returned unchanged (its name is not overwritten). Safe under concurrent calls.
 */
export async function ensureTenant(
  db: Database,
  input: { readonly slug: string; readonly name: string },
): Promise<Tenant> {
  const inserted = await db.kysely
    .insertInto('tenants')
    .values({ slug: input.slug, name: input.name })
    .onConflict((conflict) => conflict.column('slug').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted !== undefined) return toTenant(inserted);
  const existing = await findTenantBySlug(db, input.slug);
  if (existing === undefined) {
    throw new Error(`tenant ${input.slug} conflicted on insert but cannot be read`);
  }
  return existing;
}

/** The tenant with this slug, or undefined. */
export async function findTenantBySlug(db: Database, slug: string): Promise<Tenant | undefined> {
  const row = await db.kysely
    .selectFrom('tenants')
    .selectAll()
    .where('slug', '=', slug)
    .executeTakeFirst();
  return row === undefined ? undefined : toTenant(row);
}

function toTenant(row: { id: string; slug: string; name: string; created_at: Date }): Tenant {
  return { id: row.id, slug: row.slug, name: row.name, createdAt: row.created_at };
}
