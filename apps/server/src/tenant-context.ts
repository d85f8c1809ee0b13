import type { Principal, RecordContext } from '@tangram/engine';
import { principalOf, type RequestContextResolver } from '@tangram/server';

/** The tenant slug sign-in uses unless the login names another. */
export const DEFAULT_TENANT_SLUG = 'default';

/** What a signed-in request acts as: its tenant, its user as the actor, and the principal. */
export interface SignedInContext extends RecordContext {
  readonly principal: Principal;
}

/**
 * Who a request acts as: the principal its session cookie or API token was authenticated as
 * (the auth hook did that before the route ran, and answered 401 AUTH_REQUIRED without one).
 * The tenant is the principal's: no header or parameter can name another.
 */
export function createSessionContextResolver(): RequestContextResolver {
  return (request): SignedInContext => {
    const principal = principalOf(request);
    return {
      tenantId: principal.tenant.id,
      actorId: principal.user.id,
      locale: principal.user.locale,
      principal,
    };
  };
}
