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
