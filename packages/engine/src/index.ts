export { checkDocument } from './metadata/check-document.js';
export type { TemplateInstallation } from './metadata/install-template.js';
export { installTemplate } from './metadata/install-template.js';
export { diffJson, isSameJson } from './metadata/json-diff.js';
export { createMemoryMetadataStore } from './metadata/memory-metadata-store.js';
export {
  METADATA_INVALID,
  METADATA_NAME_MISMATCH,
  METADATA_NOT_FOUND,
  METADATA_STALE,
  METADATA_UNKNOWN_KIND,
  METADATA_VERSION_NOT_FOUND,
} from './metadata/metadata-errors.js';
export type {
  MetadataContext,
  MetadataDiffSide,
  MetadataDraftResult,
  MetadataEntry,
  MetadataHistoryEntry,
  MetadataPublication,
  MetadataRef,
  MetadataRevert,
  MetadataService,
  MetadataServiceDeps,
  MetadataState,
  MetadataSummary,
  MetadataValidation,
} from './metadata/metadata-service.js';
export { createMetadataService } from './metadata/metadata-service.js';
export type { Clock } from './ports/clock.js';
export { systemClock } from './ports/clock.js';
export type {
  JsonPatchOperation,
  MetadataHead,
  MetadataReader,
  MetadataStore,
  MetadataTransaction,
  MetadataVersion,
  StoredDocument,
} from './ports/metadata-store.js';
