export type {
  AccessService,
  AccessServiceDeps,
  FieldAccess,
  TenantDirectory,
} from './access/access-service.js';
export { createAccessService } from './access/access-service.js';
export { maskValue } from './access/mask-value.js';
export type {
  DataScope,
  FieldLevel,
  ObjectAccess,
  ObjectAction,
} from './access/object-access.js';
export {
  BUILT_IN_ROLES,
  FULL_ACCESS,
  fieldLevelOf,
  OBJECT_ACTIONS,
  objectAccessOf,
  subordinateRoles,
  uneditableFields,
} from './access/object-access.js';
export type { Organisation, OrgMember, RecordReach } from './access/plan-record-access.js';
export { departmentSubtree, ownersInScope, recordPredicate } from './access/plan-record-access.js';
export type { SecuredRecordServiceDeps } from './access/secured-record-service.js';
export { createSecuredRecordService } from './access/secured-record-service.js';
export {
  ATTACHMENT_NOT_FOUND,
  ATTACHMENT_SIZE_INVALID,
} from './attachments/attachment-errors.js';
export type { AttachmentDownload, AttachmentService } from './attachments/attachment-service.js';
export {
  cleanFileName,
  createAttachmentService,
  MAX_ATTACHMENT_BYTES,
} from './attachments/attachment-service.js';
export type { AttachmentWriteGuardDeps } from './attachments/guard-attachment-writes.js';
export { guardAttachmentWrites } from './attachments/guard-attachment-writes.js';
export type { SniffedType } from './attachments/sniff-content-type.js';
export { sniffContentType } from './attachments/sniff-content-type.js';
export type { AttachmentFile } from './field-types/attachment.js';
export type {
  Coercion,
  FieldOf,
  FieldType,
  FilterOp,
  ValueIssue,
} from './field-types/field-type.js';
export { FIELD_TYPES, fieldTypeOf } from './field-types/field-type-registry.js';
export { hasUnstorableCharacter } from './field-types/value-coercion.js';
export type {
  AuthOptions,
  AuthService,
  AuthServiceDeps,
  CreatedToken,
  RequestOrigin,
  SignIn,
} from './identity/auth-service.js';
export { createAuthService, normaliseEmail, TOKEN_PREFIX } from './identity/auth-service.js';
export type {
  DirectoryService,
  DirectoryServiceDeps,
  RoleSummary,
} from './identity/directory-service.js';
export { createDirectoryService } from './identity/directory-service.js';
export {
  AUTH_INVALID_CREDENTIALS,
  AUTH_RATE_LIMITED,
  AUTH_REQUIRED,
  CSRF_HEADER_MISSING,
  CURRENT_PASSWORD_INCORRECT,
  IDENTITY_INVALID,
  IDENTITY_NOT_FOUND,
  PASSWORD_TOO_WEAK,
  PERMISSION_DENIED,
  SETUP_ALREADY_DONE,
  USER_EMAIL_TAKEN,
} from './identity/identity-errors.js';
export type {
  ApiTokenInfo,
  AuditEvent,
  AuditLogEntry,
  AuditQuery,
  DepartmentInfo,
  IdentityStore,
  NewUser,
  RecordShareInfo,
  SessionRow,
  ShareGrantees,
  SharingRuleInfo,
  TenantInfo,
  TokenAction,
  TokenScopes,
  UserInfo,
  UserPatch,
} from './identity/identity-store.js';
export { TOKEN_ACTIONS } from './identity/identity-store.js';
export type { LoginThrottle, LoginThrottleOptions } from './identity/login-throttle.js';
export { createLoginThrottle } from './identity/login-throttle.js';
export type { PasswordHasher } from './identity/password-hasher.js';
export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './identity/password-hasher.js';
export type { Principal } from './identity/principal.js';
export { AUDITOR_ROLE, isAdmin, isAuditor, SYSTEM_ADMIN_ROLE } from './identity/principal.js';
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
export type { AttachmentStore, OwnUpload, StoredAttachment } from './ports/attachment-store.js';
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
export type {
  AuditEntry,
  ColumnValue,
  ColumnValues,
  ExtraValue,
  IdempotentResponse,
  IndexSpec,
  NewRecord,
  RecentWrite,
  RecordBatchChange,
  RecordChange,
  RecordLifecycleChange,
  RecordPage,
  RecordRef,
  RecordStore,
  RecordTransaction,
  RollupRefresh,
  RowLock,
  StoredRecord,
  StoredValue,
  ValueColumn,
} from './ports/record-store.js';
export type { SavedView, SavedViewDefinition, SavedViewStore } from './ports/saved-view-store.js';
export type { RecentOptions, RecentRecord, RecentRecords } from './recent/recent-records.js';
export { createRecentRecords, MAX_RECENT, RECENT_LIMIT } from './recent/recent-records.js';
export type { SlotAllocation, SlotPlanOptions } from './records/allocate-slots.js';
export {
  allocateSlots,
  freeSlot,
  planSlots,
  usedSlots,
  withoutSlots,
} from './records/allocate-slots.js';
export { autonumberPeriod, formatAutonumber } from './records/autonumber-pattern.js';
export { conditionColumns } from './records/evaluate-condition.js';
export type {
  ConversionFailure,
  ConversionFailureMode,
  FieldTypeChangePlan,
  FieldTypeChangePreview,
  FieldTypeChangeResult,
  FieldTypeChanges,
  FieldTypeChangesDeps,
} from './records/field-type-change.js';
export {
  convertValue,
  createFieldTypeChanges,
  MAX_LISTED_FAILURES,
  planFieldTypeChange,
  TYPE_CHANGE_BATCH,
} from './records/field-type-change.js';
export { checkIndexCap, indexSpecsOf, MAX_INDEXES_PER_OBJECT } from './records/index-specs.js';
export type { SeedInstallation } from './records/install-seed.js';
export { installSeed } from './records/install-seed.js';
export { createMemoryRecordStore } from './records/memory-record-store.js';
export type {
  FieldVisibility,
  PlanQueryContext,
  QueryLimits,
  QueryPlanning,
  RecordQueryRequest,
  ResolvedObject,
} from './records/plan-query.js';
export { DEFAULT_QUERY_LIMITS, planQuery } from './records/plan-query.js';
export type { ApiRecord, FieldValue, RecordValues, StoredColumns } from './records/record-codec.js';
export {
  readStoredValue,
  serializeValue,
  toApiRecord,
  toStoredColumns,
} from './records/record-codec.js';
export type { RecordCursor } from './records/record-cursor.js';
export {
  cursorAfter,
  decodeCursor,
  encodeCursor,
  sortSignature,
} from './records/record-cursor.js';
export type { RecordIssue } from './records/record-errors.js';
export {
  FIELD_NOT_FOUND,
  FIELD_TYPE_CHANGE_BUSY,
  FIELD_TYPE_CHANGE_REFUSED,
  FIELD_TYPE_CHANGE_UNSUPPORTED,
  IDEMPOTENCY_KEY_REUSED,
  LIMIT_EXCEEDED,
  OBJECT_NOT_FOUND,
  QUERY_INVALID,
  RECORD_DUPLICATE,
  RECORD_INVALID,
  RECORD_NOT_FOUND,
  RECORD_PARENT_DELETED,
  RECORD_REFERENCED,
  RECORD_STALE,
} from './records/record-errors.js';
export { RECORD_ISSUE_CODES, type RecordIssueCode } from './records/record-issue-codes.js';
export type {
  ColumnRef,
  CompareOp,
  CountMode,
  ExtraColumn,
  ExtraKind,
  PlanArrayHas,
  PlanCompare,
  PlanCondition,
  PlanEmpty,
  PlanGroup,
  PlanIn,
  PlanNot,
  PlanSearch,
  PlanSortKey,
  PlanTextMatch,
  PlanValue,
  PlanVia,
  RecordAccess,
  RecordAggregatePlan,
  RecordQueryPlan,
  SlotColumn,
  SlotKind,
  SystemColumn,
  SystemColumnRef,
} from './records/record-plan.js';
export {
  assertNever,
  freezePlan,
  MATCH_ALL,
  SYSTEM_COLUMN_KINDS,
  systemColumn,
} from './records/record-plan.js';
export type {
  BulkRowResult,
  ExpandedRef,
  ExpandOption,
  RecordContext,
  RecordHistoryEntry,
  RecordQueryResult,
  RecordReadRequest,
  RecordService,
  RecordServiceDeps,
} from './records/record-service.js';
export {
  createRecordService,
  EXPANDED_KEY,
  MAX_BULK_SIZE,
  MAX_EXPANDED_FIELDS,
} from './records/record-service.js';
export {
  columnOfField,
  EXTRA_SLOT,
  SLOT_CAPACITY,
  slotKindOfSlot,
  storageKindOf,
} from './records/slots.js';
export type { RecordValidation, ValidateRecordOptions } from './records/validate-record.js';
export {
  formulasInOrder,
  recomputeFormulas,
  validateRecord,
} from './records/validate-record.js';
export type { Region, RegionLevel } from './regions/cn-regions.js';
export { findRegion, regionChildren, regionPath } from './regions/cn-regions.js';
export type {
  GlobalSearch,
  SearchGroup,
  SearchOptions,
  SearchResult,
} from './search/global-search.js';
export {
  createGlobalSearch,
  MAX_SEARCH_PER_OBJECT,
  SEARCH_PER_OBJECT,
} from './search/global-search.js';
export type {
  RecordTimeline,
  TimelineChangeItem,
  TimelineItem,
  TimelinePage,
  TimelineRecordItem,
  TimelineRequest,
} from './timeline/record-timeline.js';
export {
  createRecordTimeline,
  MAX_TIMELINE_PAGE,
  TIMELINE_PAGE,
} from './timeline/record-timeline.js';
export {
  SAVED_VIEW_INVALID,
  SAVED_VIEW_NOT_FOUND,
  SAVED_VIEW_NOT_OWNER,
  SAVED_VIEW_STALE,
} from './views/saved-view-errors.js';
export type {
  SavedViewEntry,
  SavedViewInput,
  SavedViewService,
} from './views/saved-view-service.js';
export { createSavedViewService } from './views/saved-view-service.js';
