import { AsyncLocalStorage } from 'node:async_hooks';
import type {
  MetadataHead,
  MetadataReader,
  MetadataStore,
  MetadataTransaction,
  MetadataVersion,
} from '@tangram/engine';
import { type Kysely, type Selectable, sql } from 'kysely';
import { ambientTransaction } from './ambient-transaction.js';
import type { Database } from './database.js';
import type { MetadataHeadsTable, MetadataVersionsTable, SystemTables } from './system-tables.js';

/**
 * First key of the two-key advisory locks taken by `lockTenant`, so that they never meet
 * advisory locks taken for other purposes (those use other first keys or the one-key form).
 */
const TENANT_LOCK_NAMESPACE = 1;

/** The metadata store port over the system tables `metadata_heads` and `metadata_versions`. */
export function createMetadataStore(db: Database): MetadataStore {
  const insideTransaction = new AsyncLocalStorage<true>();
  // Reading through the store instead of `tx` inside `transaction()` would read outside the
  // transaction on PostgreSQL and wait forever for the single connection on PGlite: refuse it.
  // Inside a record transaction, reads join it (see ambient-transaction.ts).
  const guard = <K extends keyof MetadataReader>(name: K): MetadataReader[K] => {
    return (async (...args: unknown[]) => {
      if (insideTransaction.getStore()) {
        throw new Error('inside MetadataStore.transaction(), read through the transaction');
      }
      const reader = createReader(ambientTransaction(db) ?? db.kysely);
      return (reader[name] as (...args: unknown[]) => Promise<unknown>)(...args);
    }) as MetadataReader[K];
  };
  return {
    listHeads: guard('listHeads'),
    getHead: guard('getHead'),
    listVersions: guard('listVersions'),
    getVersion: guard('getVersion'),
    transaction: (work) =>
      db.kysely
        .transaction()
        .execute((trx) => insideTransaction.run(true, () => work(createTransaction(trx)))),
  };
}

function createTransaction(trx: Kysely<SystemTables>): MetadataTransaction {
  return {
    ...createReader(trx),

    async lockTenant(tenantId) {
      await sql`select pg_advisory_xact_lock(${TENANT_LOCK_NAMESPACE}::int, ${hashTenantId(tenantId)}::int)`.execute(
        trx,
      );
    },

    async writeHead(head, expectedRevision) {
      const columns = {
        revision: head.revision,
        draft: toJson(head.draft),
        published_version: head.publishedVersion,
        published: toJson(head.published),
        updated_at: head.updatedAt,
        updated_by: head.updatedBy,
      };
      if (expectedRevision === null) {
        // A concurrent insert of the same head waits for ours to finish and then does nothing:
        // compare-and-set fails instead of raising a unique violation.
        const inserted = await trx
          .insertInto('metadata_heads')
          .values({ tenant_id: head.tenantId, kind: head.kind, name: head.name, ...columns })
          .onConflict((conflict) => conflict.columns(['tenant_id', 'kind', 'name']).doNothing())
          .returning('revision')
          .executeTakeFirst();
        return inserted !== undefined;
      }
      const updated = await trx
        .updateTable('metadata_heads')
        .set(columns)
        .where('tenant_id', '=', head.tenantId)
        .where('kind', '=', head.kind)
        .where('name', '=', head.name)
        .where('revision', '=', expectedRevision)
        .returning('revision')
        .executeTakeFirst();
      return updated !== undefined;
    },

    async insertVersion(version) {
      await trx
        .insertInto('metadata_versions')
        .values({
          tenant_id: version.tenantId,
          kind: version.kind,
          name: version.name,
          version: version.version,
          document: JSON.stringify(version.document),
          diff: JSON.stringify(version.diff),
          author_id: version.authorId,
          created_at: version.createdAt,
          message: version.message,
          reverted_from: version.revertedFrom,
        })
        .execute();
    },
  };
}

function createReader(executor: Kysely<SystemTables>): MetadataReader {
  return {
    async listHeads(tenantId, filter) {
      let query = executor
        .selectFrom('metadata_heads')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .orderBy('kind')
        .orderBy('name');
      if (filter?.kind !== undefined) query = query.where('kind', '=', filter.kind);
      const rows = await query.execute();
      return rows.map(toHead);
    },

    async getHead(tenantId, kind, name) {
      const row = await executor
        .selectFrom('metadata_heads')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('kind', '=', kind)
        .where('name', '=', name)
        .executeTakeFirst();
      return row === undefined ? undefined : toHead(row);
    },

    async listVersions(tenantId, kind, name) {
      const rows = await executor
        .selectFrom('metadata_versions')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('kind', '=', kind)
        .where('name', '=', name)
        .orderBy('version', 'desc')
        .execute();
      return rows.map(toVersion);
    },

    async getVersion(tenantId, kind, name, version) {
      const row = await executor
        .selectFrom('metadata_versions')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('kind', '=', kind)
        .where('name', '=', name)
        .where('version', '=', version)
        .executeTakeFirst();
      return row === undefined ? undefined : toVersion(row);
    },
  };
}

/** A tenant id folded to a signed 32-bit key (FNV-1a); collisions only serialise two tenants. */
function hashTenantId(tenantId: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < tenantId.length; index++) {
    hash ^= tenantId.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

// jsonb parameters are sent as JSON text: `pg` would otherwise send a JS array as a
// PostgreSQL array literal.
function toJson(value: unknown): string | null {
  return value === null ? null : JSON.stringify(value);
}

function toHead(row: Selectable<MetadataHeadsTable>): MetadataHead {
  return {
    tenantId: row.tenant_id,
    kind: row.kind,
    name: row.name,
    revision: row.revision,
    draft: row.draft,
    publishedVersion: row.published_version,
    published: row.published,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

function toVersion(row: Selectable<MetadataVersionsTable>): MetadataVersion {
  return {
    tenantId: row.tenant_id,
    kind: row.kind,
    name: row.name,
    version: row.version,
    document: row.document,
    diff: row.diff,
    authorId: row.author_id,
    createdAt: row.created_at,
    message: row.message,
    revertedFrom: row.reverted_from,
  };
}
