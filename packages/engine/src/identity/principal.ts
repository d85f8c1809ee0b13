import type { TenantInfo, TokenScopes, UserInfo } from './identity-store.js';

/** The built-in role of administrators: every object, action and field, and the system settings. */
export const SYSTEM_ADMIN_ROLE = 'system_admin';

/** The built-in role of auditors: reads and exports the security audit log. */
export const AUDITOR_ROLE = 'auditor';

/** Who a request acts as, once its session cookie or API token was checked. */
export interface Principal {
  readonly tenant: TenantInfo;
  readonly user: UserInfo;
  readonly via: 'session' | 'token';
  /** The hash of the session or token secret (what logout revokes). */
  readonly credentialHash: string;
  /** An API token's scopes; null for a session. */
  readonly scopes: TokenScopes | null;
}

/** True when the principal holds the system administrator role. */
export function isAdmin(principal: Principal): boolean {
  return principal.user.roles.includes(SYSTEM_ADMIN_ROLE);
}

/**
 * True when the principal may read the audit log: auditors only. An administrator who needs it
 * assigns themself the auditor role, and that assignment is itself audited.
 */
export function isAuditor(principal: Principal): boolean {
  return principal.user.roles.includes(AUDITOR_ROLE);
}
