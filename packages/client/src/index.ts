export type {
  ApiRecord,
  BulkRequest,
  BulkResult,
  BulkRowResult,
  FieldName,
  MetadataDiffSide,
  MetadataDraftResult,
  MetadataEntry,
  MetadataHistoryEntry,
  MetadataPublication,
  MetadataSummary,
  ObjectTypeMap,
  ObjectTypes,
  RecordCount,
  RecordHistoryEntry,
  RecordInput,
  RecordListParams,
  RecordPage,
} from './api-types.js';
export { ClientError, isClientError, UNEXPECTED_RESPONSE } from './client-error.js';
export type { ClientOptions, TangramClient } from './create-client.js';
export { createClient } from './create-client.js';
export type { FetchLike, ResponseLike } from './http-transport.js';
export type { MetadataClient } from './metadata-client.js';
export type { RecordClient, RecordTarget } from './record-client.js';
