import { AsyncLocalStorage } from 'node:async_hooks';
import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import type { SystemTables } from './system-tables.js';

/**
 * The transaction a piece of work runs in, visible to every store over the same database in the
 * same async context. A read made through a store while a record transaction is open joins that
 * transaction instead of asking for another connection: on PGlite there is only one, held by the
 * transaction, and on PostgreSQL a pool full of transactions each waiting for one more connection
 * would never make progress.
 */
const ambient = new WeakMap<Kysely<SystemTables>, AsyncLocalStorage<Kysely<SystemTables>>>();

function storageOf(db: Database): AsyncLocalStorage<Kysely<SystemTables>> {
  let storage = ambient.get(db.kysely);
  if (storage === undefined) {
    storage = new AsyncLocalStorage();
    ambient.set(db.kysely, storage);
  }
  return storage;
}

/** The open transaction of the current async context on `db`, if any. */
export function ambientTransaction(db: Database): Kysely<SystemTables> | undefined {
  return ambient.get(db.kysely)?.getStore();
}

/**
 * Runs `work` in a transaction that reads through the stores join; inside an open one, `work`
 * joins it (there is no nesting: the outer transaction commits or rolls back everything).
 */
export function runInTransaction<T>(
  db: Database,
  work: (trx: Kysely<SystemTables>) => Promise<T>,
): Promise<T> {
  const open = ambientTransaction(db);
  if (open !== undefined) return work(open);
  const storage = storageOf(db);
  const committed: (() => void)[] = [];
  return db.kysely
    .transaction()
    .execute((trx) => {
      afterCommitOf.set(trx, committed);
      return storage.run(trx, () => work(trx));
    })
    .then((result) => {
      for (const callback of committed) callback();
      return result;
    });
}

/** What runs once each ambient transaction has committed (see `afterCommit`). */
const afterCommitOf = new WeakMap<Kysely<SystemTables>, (() => void)[]>();

/**
 * Runs `callback` once what the current async context wrote on `db` is committed: at once outside
 * a transaction, after the ambient transaction's commit inside one, never if it rolls back. For
 * upkeep that must see the rows just written from another connection (partition statistics).
 */
export function afterCommit(db: Database, callback: () => void): void {
  const open = ambientTransaction(db);
  const waiting = open === undefined ? undefined : afterCommitOf.get(open);
  if (waiting === undefined) callback();
  else waiting.push(callback);
}

/** Runs `work` outside any ambient transaction (index builds, which must not run inside one). */
export function outsideTransaction<T>(db: Database, work: () => T): T {
  const storage = ambient.get(db.kysely);
  return storage === undefined ? work() : storage.exit(work);
}
