export type { DocumentRule } from './document-rules.js';
export { listDocumentRules } from './document-rules.js';
export { SYSTEM_FIELD_NAMES } from './field-facts.js';
export type { FilterOperator } from './filter-operators.js';
export { FILTER_OPERATORS } from './filter-operators.js';
export type * from './generated/types.js';
export {
  type DocumentValidation,
  METADATA_ISSUE_CODES,
  type MetadataIssue,
  type MetadataIssueCode,
} from './metadata-issue.js';
export type { MetadataDocument, MetadataKind } from './metadata-kinds.js';
export { isMetadataKind, METADATA_KINDS } from './metadata-kinds.js';
export type { Migration, MigrationRegistry } from './migrations.js';
export {
  CURRENT_SCHEMA_VERSIONS,
  createMigrationRegistry,
  migrateDocument,
  SCHEMA_VERSION_UNSUPPORTED,
} from './migrations.js';
export { metadataSchemas } from './schema-validators.js';
export type { SeedPlan, SeedStep } from './seed/plan-seed.js';
export { planSeed, resolveSeedValues } from './seed/plan-seed.js';
export { isRecordReference, isUserReference } from './seed/seed-references.js';
export { validateSeed } from './seed/validate-seed.js';
export { validateApp } from './validate-app.js';
export { validateDocument } from './validate-document.js';
export type { VarReference } from './var-paths.js';
export { collectVarPaths, collectVarReferences } from './var-paths.js';
