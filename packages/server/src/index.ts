/** Fastify's inject types, for tests that drive a built server. */
export type { InjectOptions, LightMyRequestResponse } from 'fastify';
export type { AttachmentRoutesOptions } from './attachment-routes.js';
export { attachmentRoutes, contentDisposition } from './attachment-routes.js';
export type { AuditRoutesOptions } from './audit-routes.js';
export { auditRoutes, csvCell, MAX_AUDIT_EXPORT } from './audit-routes.js';
export {
  CSRF_HEADER,
  CSRF_HEADER_VALUE,
  checkTokenScope,
  createAuthHook,
  createDesignGuard,
  DESIGN_PERMISSION,
  maybePrincipalOf,
  originOf,
  principalOf,
  readCookie,
  SESSION_COOKIE,
} from './auth-request.js';
export type { AuthRoutesOptions } from './auth-routes.js';
export { authRoutes, publicUser } from './auth-routes.js';
export type { ServerOptions } from './build-server.js';
export { BODY_LIMIT, buildServer } from './build-server.js';
export type { FieldTypeChangeRoutesOptions } from './field-type-change-routes.js';
export { fieldTypeChangeRoutes } from './field-type-change-routes.js';
export type { HealthRoutesOptions } from './health-routes.js';
export { healthRoutes } from './health-routes.js';
export type { IdentityRoutesOptions } from './identity-routes.js';
export { identityRoutes } from './identity-routes.js';
export { formatEtag, parseIfMatch } from './if-match.js';
export type { MetadataRoutesOptions } from './metadata-routes.js';
export { metadataRoutes } from './metadata-routes.js';
export type { OpenApiDocument, OpenApiOptions } from './openapi-document.js';
export { assignSchemaNames, buildOpenApiDocument, schemaName } from './openapi-document.js';
export type { JsonSchema } from './openapi-field-schema.js';
export { fieldValueSchema } from './openapi-field-schema.js';
export type { OpenApiRoutesOptions, PublishedObjectsReader } from './openapi-routes.js';
export { openApiRoutes, publishedObjectsOf } from './openapi-routes.js';
export { renderOpenApiTypes } from './openapi-typescript.js';
export type { RecordExportRoutesOptions } from './record-export-routes.js';
export { MAX_EXPORT_ROWS, recordExportRoutes } from './record-export-routes.js';
export {
  checkFilterSize,
  checkPageSize,
  DEFAULT_PAGE_SIZE,
  MAX_FILTER_DEPTH,
  MAX_FILTER_NODES,
  MAX_PAGE_SIZE,
  MAX_SORT_KEYS,
  parseFieldsParam,
  parseFilterParam,
  parseSortParam,
} from './record-query-params.js';
export type { RecordRoutesOptions } from './record-routes.js';
export { BULK_BODY_LIMIT, recordRoutes } from './record-routes.js';
export { regionRoutes } from './region-routes.js';
export type { RequestContextResolver } from './request-context.js';
export type { SavedViewRoutesOptions } from './saved-view-routes.js';
export { savedViewRoutes } from './saved-view-routes.js';
export type { SearchRoutesOptions } from './search-routes.js';
export { searchRoutes } from './search-routes.js';
export { UNSUPPORTED_CHARACTER, UNSUPPORTED_MEDIA_TYPE } from './server-errors.js';
export type { TimelineRoutesOptions } from './timeline-routes.js';
export { timelineRoutes } from './timeline-routes.js';
export { toAppError } from './to-app-error.js';
