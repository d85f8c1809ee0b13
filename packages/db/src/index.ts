export { createAttachmentStore } from './attachment-store.js';
export type { Database, DatabaseOptions } from './database.js';
export { createDatabase, DEFAULT_DATA_DIR } from './database.js';
export { createIdentityStore } from './identity/identity-store.js';
export type { IdentityTables } from './identity/identity-tables.js';
export { createMetadataStore } from './metadata-store.js';
export { migrateTo, migrateToLatest } from './migrate.js';
export { recordPartitionOf, recordStatisticsName } from './records/record-partitions.js';
export { createRecordStore } from './records/record-store.js';
export {
  enableRowLevelSecurity,
  PrivilegedRoleError,
  TENANT_POLICY,
} from './row-level-security.js';
export { createSavedViewStore } from './saved-view-store.js';
export type {
  AttachmentsTable,
  MetadataHeadsTable,
  MetadataVersionsTable,
  RecordAuditTable,
  RecordCountersTable,
  RecordIdempotencyTable,
  RecordObjectsTable,
  RecordsTable,
  SavedViewsTable,
  SystemTables,
  TenantsTable,
} from './system-tables.js';
export {
  currentTenant,
  runInTenant,
  scopeByTenant,
  TENANT_SETTING,
  tenantScopedPool,
} from './tenant-scope.js';
export type { Tenant } from './tenants.js';
export { ensureTenant, findTenantBySlug } from './tenants.js';
