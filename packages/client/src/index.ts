export type {
  ApiRecord,
  AttachmentFile,
  BulkRequest,
  BulkResult,
  BulkRowResult,
  FieldName,
  ImportResult,
  MetadataDiffSide,
  MetadataDraftResult,
  MetadataEntry,
  MetadataHistoryEntry,
  MetadataPublication,
  MetadataSummary,
  ObjectTypeMap,
  ObjectTypes,
  RecordCount,
  RecordExportParams,
  RecordHistoryEntry,
  RecordImportOptions,
  RecordInput,
  RecordListParams,
  RecordPage,
  SearchResult,
  TimelineItem,
  TimelinePage,
  TimelineParams,
} from './api-types.js';
export { ClientError, isClientError, UNEXPECTED_RESPONSE } from './client-error.js';
export type { ClientOptions, FileHolder, TangramClient } from './create-client.js';
export { createClient } from './create-client.js';
export type { FetchLike, ResponseLike } from './http-transport.js';
export type { MetadataClient } from './metadata-client.js';
export type { RecordClient, RecordTarget } from './record-client.js';
