import { type Migration, type MigrationProvider, Migrator } from 'kysely/migration';
import type { Database } from './database.js';
import { migration0001Metadata } from './migrations/0001_metadata.js';
import { migration0002Records } from './migrations/0002_records.js';
import { migration0003Identity } from './migrations/0003_identity.js';
import { migration0004Attachments } from './migrations/0004_attachments.js';
import { migration0005SavedViews } from './migrations/0005_saved_views.js';
import { migration0006RecordsFillfactor } from './migrations/0006_records_fillfactor.js';
import { migration0007RecordsPartitioned } from './migrations/0007_records_partitioned.js';
import { migration0008TrigramOnLower } from './migrations/0008_trigram_on_lower.js';
import { migration0009RecordsWithoutTenantKeys } from './migrations/0009_records_without_tenant_keys.js';
import { migration0010SparseFilterIndexes } from './migrations/0010_sparse_filter_indexes.js';
import { migration0011SelectStatisticsOnly } from './migrations/0011_select_statistics_only.js';
import { migration0012StatisticsWithoutDependencies } from './migrations/0012_statistics_without_dependencies.js';
import { migration0013DeletedRecordsIndex } from './migrations/0013_deleted_records_index.js';
import { migration0014AttachmentsAttachedAt } from './migrations/0014_attachments_attached_at.js';
import { migration0015IdempotencyByAge } from './migrations/0015_idempotency_by_age.js';
import { migration0016RecordsByCreation } from './migrations/0016_records_by_creation.js';
import { migration0017AuditByActor } from './migrations/0017_audit_by_actor.js';

/** Every system-table migration in the order it runs; names never change once released. */
const systemMigrations: Readonly<Record<string, Migration>> = {
  '0001_metadata': migration0001Metadata,
  '0002_records': migration0002Records,
  '0003_identity': migration0003Identity,
  '0004_attachments': migration0004Attachments,
  '0005_saved_views': migration0005SavedViews,
  '0006_records_fillfactor': migration0006RecordsFillfactor,
  '0007_records_partitioned': migration0007RecordsPartitioned,
  '0008_trigram_on_lower': migration0008TrigramOnLower,
  '0009_records_without_tenant_keys': migration0009RecordsWithoutTenantKeys,
  '0010_sparse_filter_indexes': migration0010SparseFilterIndexes,
  '0011_select_statistics_only': migration0011SelectStatisticsOnly,
  '0012_statistics_without_dependencies': migration0012StatisticsWithoutDependencies,
  '0013_deleted_records_index': migration0013DeletedRecordsIndex,
  '0014_attachments_attached_at': migration0014AttachmentsAttachedAt,
  '0015_idempotency_by_age': migration0015IdempotencyByAge,
  '0016_records_by_creation': migration0016RecordsByCreation,
  '0017_audit_by_actor': migration0017AuditByActor,
};

/** Serves the migrations compiled into this package, so nothing is read from disk at runtime. */
const systemMigrationProvider: MigrationProvider = {
  getMigrations: async () => ({ ...systemMigrations }),
};

/**
 * Brings the system tables up to the latest migration and returns the names of the migrations
 * that ran (none when already up to date). Safe to call on every start, also from several
 * processes at once on PostgreSQL (Kysely holds an advisory lock while migrating).
 */
export async function migrateToLatest(db: Database): Promise<string[]> {
  return migrate(db, (migrator) => migrator.migrateToLatest());
}

/**
 * Brings the system tables up or down to migration `name` (for upgrade tests and tooling), and
 * returns the names of the migrations that ran.
 */
export async function migrateTo(db: Database, name: string): Promise<string[]> {
  if (!Object.hasOwn(systemMigrations, name)) throw new Error(`no system migration ${name}`);
  return migrate(db, (migrator) => migrator.migrateTo(name));
}

async function migrate(
  db: Database,
  run: (migrator: Migrator) => ReturnType<Migrator['migrateToLatest']>,
): Promise<string[]> {
  const migrator = new Migrator({
    db: db.kysely,
    provider: systemMigrationProvider,
  });
  const { error, results = [] } = await run(migrator);
  if (error !== undefined) {
    const failed = results.find((result) => result.status === 'Error');
    throw new Error(`system migration ${failed?.migrationName ?? '(setup)'} failed`, {
      cause: error,
    });
  }
  return results.map((result) => result.migrationName);
}
