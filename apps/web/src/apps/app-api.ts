import type { AppDoc, FilterNode, FormDoc, ObjectDoc, SortSpec, ViewDoc } from '@tangram/schema';
import type { RecordRow, RegionOption, TimelineEntry, UploadedFile } from '@tangram/ui';
import { apiFetch, apiHeaders, clientErrorOf } from '../api/http';

/** One page of records with the cursor of the next and the count when asked. */
export interface RecordsPage {
  readonly records: RecordRow[];
  readonly nextCursor: string | null;
  readonly count?: { readonly value: number; readonly exact: boolean };
}

/** A query of one object's records, as the records API takes it in a body. */
export interface RecordsQuery {
  readonly filter?: FilterNode | undefined;
  readonly sort?: readonly SortSpec[] | undefined;
  readonly search?: string | undefined;
  readonly limit?: number;
  readonly cursor?: string | undefined;
  readonly count?: 'exact' | 'estimate' | 'none';
  readonly expand?: readonly string[];
  readonly fields?: readonly string[];
  /** true: the recycle bin, the deleted records the user may restore. */
  readonly deleted?: boolean;
}

/** A saved view as the API answers it. */
export interface SavedViewEntry {
  readonly id: string;
  readonly object: string;
  readonly label: string;
  readonly visibility: 'personal' | 'shared';
  readonly ownerId: string;
  readonly version: number;
  readonly definition: Pick<
    ViewDoc,
    'type' | 'columns' | 'filter' | 'sort' | 'kanban' | 'calendar'
  >;
}

/** One object's matches of a global search. */
export interface SearchGroup {
  readonly object: string;
  readonly label: Record<string, string>;
  readonly icon: string | null;
  readonly records: { id: string; name: string | null }[];
  readonly more: boolean;
}

const records = (object: string) => `/api/v1/objects/${encodeURIComponent(object)}/records`;

/** The published copy of a metadata document. */
export async function getPublished<T>(kind: string, name: string): Promise<T> {
  const { body } = await apiFetch<{ document: T }>(
    'GET',
    `/api/v1/metadata/${kind}/${encodeURIComponent(name)}?state=published`,
  );
  return body.document;
}

/** The published apps of the tenant (name and label). */
export async function listApps(): Promise<{ name: string; label: Record<string, string> }[]> {
  const { body } = await apiFetch<{ documents?: unknown[] } | unknown[]>(
    'GET',
    '/api/v1/metadata?kind=app',
  );
  const list = (Array.isArray(body) ? body : (body.documents ?? [])) as {
    name: string;
    label: Record<string, string>;
    publishedVersion: number | null;
  }[];
  return list.filter((d) => d.publishedVersion !== null);
}

/** The names of the published documents of a kind. */
export async function listPublished(kind: string): Promise<string[]> {
  const { body } = await apiFetch<{
    documents: { name: string; publishedVersion: number | null }[];
  }>('GET', `/api/v1/metadata?kind=${kind}`);
  return body.documents.filter((d) => d.publishedVersion !== null).map((d) => d.name);
}

export const getApp = (name: string) => getPublished<AppDoc>('app', name);
export const getObject = (name: string) => getPublished<ObjectDoc>('object', name);
export const getView = (name: string) => getPublished<ViewDoc>('view', name);
export const getForm = (name: string) => getPublished<FormDoc>('form', name);

/** One page of an object's records (POST …/query, so long filters fit). */
export async function queryRecords(object: string, query: RecordsQuery): Promise<RecordsPage> {
  const body = Object.fromEntries(
    Object.entries(query).filter(([, v]) => v !== undefined && v !== ''),
  );
  return (await apiFetch<RecordsPage>('POST', `${records(object)}/query`, body)).body;
}

export async function getRecord(object: string, id: string, expand: readonly string[] = []) {
  const query = expand.length > 0 ? `?expand=${expand.join(',')}` : '';
  return (await apiFetch<RecordRow>('GET', `${records(object)}/${id}${query}`)).body;
}

export async function createRecord(object: string, values: Record<string, unknown>) {
  return (await apiFetch<RecordRow>('POST', records(object), values)).body;
}

export async function updateRecord(
  object: string,
  id: string,
  version: number,
  patch: Record<string, unknown>,
) {
  return (
    await apiFetch<RecordRow>('PATCH', `${records(object)}/${id}`, patch, {
      'if-match': `"${version}"`,
    })
  ).body;
}

export async function deleteRecord(object: string, id: string, version: number) {
  await apiFetch('DELETE', `${records(object)}/${id}`, undefined, { 'if-match': `"${version}"` });
}

/** The outcome of a bulk call, a result per row. */
export interface BulkAnswer {
  readonly succeeded: number;
  readonly failed: number;
  readonly results: { index: number; status: number; error?: { code: string; message: string } }[];
}

export async function bulkUpdate(
  object: string,
  rows: { id: string; ifMatch: number; patch: Record<string, unknown> }[],
) {
  return (
    await apiFetch<BulkAnswer>('POST', `${records(object)}/bulk`, { op: 'update', records: rows })
  ).body;
}

export async function bulkDelete(object: string, rows: { id: string; ifMatch: number }[]) {
  return (
    await apiFetch<BulkAnswer>('POST', `${records(object)}/bulk`, { op: 'delete', records: rows })
  ).body;
}

/** Restores deleted records (and the details each delete took with it), a result per row. */
export async function bulkRestore(object: string, ids: readonly string[]) {
  const rows = ids.map((id) => ({ id }));
  return (
    await apiFetch<BulkAnswer>('POST', `${records(object)}/bulk`, { op: 'restore', records: rows })
  ).body;
}

export async function timeline(object: string, id: string, cursor?: string) {
  const query = new URLSearchParams({ limit: '20', ...(cursor ? { cursor } : {}) });
  return (
    await apiFetch<{ items: TimelineEntry[]; nextCursor: string | null }>(
      'GET',
      `${records(object)}/${id}/timeline?${query}`,
    )
  ).body;
}

export async function globalSearch(q: string, objects?: readonly string[]) {
  const query = new URLSearchParams({
    q,
    limit: '5',
    ...(objects ? { objects: objects.join(',') } : {}),
  });
  return (await apiFetch<{ groups: SearchGroup[] }>('GET', `/api/v1/search?${query}`)).body.groups;
}

/** A record the signed-in user wrote lately (`GET /api/v1/recent`). */
export interface RecentRecord {
  readonly object: string;
  readonly id: string;
  readonly name: string | null;
  readonly at: string;
}

/** The records the signed-in user wrote last among `objects`, newest first. */
export async function recentRecords(objects: readonly string[], limit = 10) {
  const query = new URLSearchParams({ objects: objects.join(','), limit: String(limit) });
  return (await apiFetch<{ records: RecentRecord[] }>('GET', `/api/v1/recent?${query}`)).body
    .records;
}

export async function listSavedViews(object: string) {
  return (
    await apiFetch<{ views: SavedViewEntry[] }>('GET', `/api/v1/saved-views?object=${object}`)
  ).body.views;
}

export async function saveView(input: Omit<SavedViewEntry, 'id' | 'ownerId' | 'version'>) {
  return (await apiFetch<SavedViewEntry>('POST', '/api/v1/saved-views', input)).body;
}

export async function updateSavedView(
  view: SavedViewEntry,
  patch: Partial<Pick<SavedViewEntry, 'label' | 'visibility' | 'definition'>>,
) {
  return (
    await apiFetch<SavedViewEntry>('PATCH', `/api/v1/saved-views/${view.id}`, patch, {
      'if-match': `"${view.version}"`,
    })
  ).body;
}

export async function deleteSavedView(view: SavedViewEntry) {
  await apiFetch('DELETE', `/api/v1/saved-views/${view.id}`, undefined, {
    'if-match': `"${view.version}"`,
  });
}

export async function regionChildren(parent: string): Promise<RegionOption[]> {
  const query = parent === '' ? '' : `?parent=${parent}`;
  return (await apiFetch<{ regions: RegionOption[] }>('GET', `/api/v1/regions${query}`)).body
    .regions;
}

export async function regionPath(code: string): Promise<string[]> {
  const { body } = await apiFetch<{ path: { name: string }[] }>('GET', `/api/v1/regions/${code}`);
  return body.path.map((r) => r.name);
}

/** Uploads one file as the raw request body; the answer goes into an attachment field. */
export async function uploadFile(file: File): Promise<UploadedFile> {
  const response = await fetch(`/api/v1/attachments?name=${encodeURIComponent(file.name)}`, {
    method: 'POST',
    headers: { ...apiHeaders(), 'content-type': file.type || 'application/octet-stream' },
    body: file,
    credentials: 'same-origin',
  });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok)
    throw clientErrorOf(response.status, body, { method: 'POST', url: response.url });
  return body as UploadedFile;
}

/** The tenant's people for user pickers: all of them for administrators, else none. */
export async function listUsers(): Promise<{ id: string; name: string }[]> {
  try {
    const { body } = await apiFetch<{ users: { id: string; name: string }[] }>(
      'GET',
      '/api/v1/identity/users',
    );
    return body.users.map((u) => ({ id: u.id, name: u.name }));
  } catch {
    return [];
  }
}
