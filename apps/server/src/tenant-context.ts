import type { Database, Tenant } from '@tangram/db';
import { findTenantBySlug } from '@tangram/db';
import { defineError } from '@tangram/errors';
import type { RequestContextResolver } from '@tangram/server';

/** The tenant named by the request does not exist. */
export const TENANT_NOT_FOUND = defineError<{ slug: string }>(
  'TENANT_NOT_FOUND',
  404,
  'There is no tenant with that slug.',
);

/** The tenant slug every request acts in unless it names another. */
export const DEFAULT_TENANT_SLUG = 'default';

/**
 * IDENTITY PLACEHOLDER: the one place that decides who a request acts as, until sign-in exists.
 * The tenant is `default`, or the slug in the `x-tangram-tenant` header (404 TENANT_NOT_FOUND
 * when unknown); the actor is the `x-tangram-actor` header, else 'anonymous'. Nothing is
 * authenticated: the identity work replaces this function with one reading a session.
 */
export function createHeaderContextResolver(
  db: Database,
  defaultTenant: Tenant,
): RequestContextResolver {
  return async (request) => {
    const slug = request.headers['x-tangram-tenant'];
    const actor = request.headers['x-tangram-actor'];
    let tenant: Tenant | undefined = defaultTenant;
    if (typeof slug === 'string' && slug !== '' && slug !== defaultTenant.slug) {
      tenant = await findTenantBySlug(db, slug);
      if (!tenant) throw TENANT_NOT_FOUND({ slug });
    }
    return {
      tenantId: tenant.id,
      actorId: typeof actor === 'string' && actor !== '' ? actor : 'anonymous',
    };
  };
}
