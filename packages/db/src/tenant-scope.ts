import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import type { PreparingPool } from './prepared-statements.js';

/**
 * The tenant the current async call chain acts for. With row-level security on (PostgreSQL
 * server mode), every statement runs with the session setting `tangram.tenant_id` equal to it,
 * and the policies of row-level-security.ts let a statement see and write that tenant's rows only.
 */
const tenantScope = new AsyncLocalStorage<string>();

/** The PostgreSQL setting the row-level security policies compare `tenant_id` with. */
export const TENANT_SETTING = 'tangram.tenant_id';

/** Runs `fn` (and everything it awaits) as acting for `tenantId`. */
export function runInTenant<T>(tenantId: string, fn: () => T): T {
  return tenantScope.run(tenantId, fn);
}

/** The tenant the current call chain acts for, if any. */
export function currentTenant(): string | undefined {
  return tenantScope.getStore();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function tenantOf(first: unknown): string | undefined {
  if (typeof first === 'string') return UUID.test(first) ? first : undefined;
  const item = Array.isArray(first) ? first[0] : first;
  if (item !== null && typeof item === 'object') {
    const tenantId = (item as { tenantId?: unknown }).tenantId;
    if (typeof tenantId === 'string' && UUID.test(tenantId)) return tenantId;
  }
  return undefined;
}

/**
 * Wraps a store whose methods take the tenant first (a tenant id, or an object or list of
 * objects with `tenantId`): each call runs in that tenant's scope. Other calls run unchanged.
 */
export function scopeByTenant<T extends object>(store: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(store)) {
    wrapped[name] =
      typeof value === 'function'
        ? (...args: unknown[]) => {
            const tenantId = tenantOf(args[0]);
            const call = () => (value as (...a: unknown[]) => unknown).apply(store, args);
            return tenantId === undefined ? call() : runInTenant(tenantId, call);
          }
        : value;
  }
  return wrapped as T;
}

const settings = new WeakMap<pg.PoolClient, string>();
const patched = new WeakSet<pg.PoolClient>();

/**
 * Makes `client` set `tangram.tenant_id` to the current tenant ('' outside any) before a
 * statement whenever the connection's setting differs: one extra round trip when a connection
 * changes tenant, none otherwise. A rollback may undo the setting, so it is set again after one.
 */
function scopedClient(client: pg.PoolClient): pg.PoolClient {
  if (patched.has(client)) return client;
  patched.add(client);
  const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
  const send = async (...args: unknown[]): Promise<unknown> => {
    const want = tenantScope.getStore() ?? '';
    if (settings.get(client) !== want) {
      await query('select set_config($1, $2, false)', [TENANT_SETTING, want]);
      settings.set(client, want);
    }
    const text = typeof args[0] === 'string' ? args[0] : '';
    try {
      return await query(...args);
    } catch (error) {
      settings.delete(client);
      throw error;
    } finally {
      if (/^\s*rollback/i.test(text)) settings.delete(client);
    }
  };
  (client as { query: unknown }).query = send;
  return client;
}

/** `pool` whose clients run every statement in the current tenant's scope. */
export function tenantScopedPool(pool: PreparingPool): PreparingPool {
  return {
    options: pool.options,
    connect: async () => scopedClient(await pool.connect()),
    end: () => pool.end(),
  };
}
