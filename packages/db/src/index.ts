export type { Database, DatabaseOptions } from './database.js';
export { createDatabase, DEFAULT_DATA_DIR } from './database.js';
export { createMetadataStore } from './metadata-store.js';
export { migrateToLatest } from './migrate.js';
export { createRecordStore } from './records/record-store.js';
export type {
  MetadataHeadsTable,
  MetadataVersionsTable,
  RecordAuditTable,
  RecordCountersTable,
  RecordIdempotencyTable,
  RecordObjectsTable,
  RecordsTable,
  SystemTables,
  TenantsTable,
} from './system-tables.js';
export type { Tenant } from './tenants.js';
export { ensureTenant, findTenantBySlug } from './tenants.js';
