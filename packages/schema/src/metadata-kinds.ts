import type {
  AppDoc,
  DashboardDoc,
  FormDoc,
  ObjectDoc,
  ReportDoc,
  RoleDoc,
  ViewDoc,
  WorkflowDoc,
} from './generated/types.js';

/** Every kind of metadata document a tenant stores, each identified by (kind, name). */
export const METADATA_KINDS = [
  'app',
  'object',
  'form',
  'view',
  'workflow',
  'report',
  'dashboard',
  'role',
] as const;

/** One kind of metadata document. */
export type MetadataKind = (typeof METADATA_KINDS)[number];

/** Any metadata document valid against its schema. */
export type MetadataDocument =
  | AppDoc
  | ObjectDoc
  | FormDoc
  | ViewDoc
  | WorkflowDoc
  | ReportDoc
  | DashboardDoc
  | RoleDoc;

/** Guard for a known document kind. */
export function isMetadataKind(value: unknown): value is MetadataKind {
  return typeof value === 'string' && (METADATA_KINDS as readonly string[]).includes(value);
}
