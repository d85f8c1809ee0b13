import type { AppDoc, FormDoc, ObjectDoc, ViewDoc } from '@tangram/schema';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useSession } from '../auth/session-store';
import { getApp, getForm, getObject, getView, listPublished } from './app-api';
import { canRead, restrictApp, restrictObject } from './object-access';

// Published metadata changes only on publish; a minute keeps navigation instant.
const METADATA_STALE_MS = 60_000;

/** The app name of pages of objects outside any app: `/apps/_/o/<object>`. */
export const NO_APP = '_';

const EMPTY_APP: AppDoc = {
  kind: 'app',
  schemaVersion: 1,
  name: NO_APP,
  label: { 'zh-CN': '全部对象', en: 'All objects' },
  version: '0.0.0',
  objects: [],
  forms: [],
  views: [],
  navigation: [],
};

// Metadata is cached per signed-in user: what it shows depends on their permissions.
const useUserKey = () => useSession((s) => s.user?.id ?? '');

export function useAppDoc(name: string | undefined) {
  const user = useUserKey();
  return useQuery({
    queryKey: ['published', 'app', name, user],
    queryFn: async () => restrictApp(name === NO_APP ? EMPTY_APP : await getApp(name as string)),
    enabled: name !== undefined,
    staleTime: METADATA_STALE_MS,
  });
}

export function useObjectDoc(name: string | undefined) {
  const user = useUserKey();
  return useQuery({
    queryKey: ['published', 'object', name, user],
    queryFn: async () => restrictObject(await getObject(name as string)),
    enabled: name !== undefined && canRead(name),
    staleTime: METADATA_STALE_MS,
  });
}

/** Several objects at once, by name; absent ones are left out until they load. */
export function useObjectDocs(names: readonly string[]): Record<string, ObjectDoc> {
  const user = useUserKey();
  const results = useQueries({
    queries: names.filter(canRead).map((name) => ({
      queryKey: ['published', 'object', name, user],
      queryFn: async () => restrictObject(await getObject(name)),
      staleTime: METADATA_STALE_MS,
    })),
  });
  const docs: Record<string, ObjectDoc> = {};
  for (const result of results) if (result.data) docs[result.data.name] = result.data;
  return docs;
}

/** The views of an app, by name. */
export function useAppViews(app: AppDoc | undefined): ViewDoc[] {
  const names = app?.views ?? [];
  const results = useQueries({
    queries: names.map((name) => ({
      queryKey: ['published', 'view', name],
      queryFn: () => getView(name),
      staleTime: METADATA_STALE_MS,
    })),
  });
  return results.flatMap((r) => (r.data && canRead(r.data.object) ? [r.data] : []));
}

/**
 * The app's form of an object (its first one); for an object the app ships no form of, the
 * first published form of the object in the tenant; undefined when there is none.
 */
export function useFormOf(
  app: AppDoc | undefined,
  object: string | undefined,
): FormDoc | undefined {
  const names = app?.forms ?? [];
  const results = useQueries({
    queries: names.map((name) => ({
      queryKey: ['published', 'form', name],
      queryFn: () => getForm(name),
      staleTime: METADATA_STALE_MS,
    })),
  });
  const own = results.map((r) => r.data).find((form) => form?.object === object);
  const settled = results.every((r) => !r.isLoading);
  const others = useQuery({
    queryKey: ['published', 'forms-of', object],
    enabled: settled && own === undefined && object !== undefined,
    staleTime: METADATA_STALE_MS,
    queryFn: async () => {
      for (const name of await listPublished('form')) {
        const form = await getForm(name);
        if (form.object === object) return form;
      }
      return null;
    },
  });
  return own ?? others.data ?? undefined;
}

/** The lookup targets of an object (for filters through lookups and expanded names). */
export function lookupTargets(object: ObjectDoc | undefined): string[] {
  if (!object) return [];
  return [
    ...new Set(
      object.fields.flatMap((f) =>
        f.type === 'lookup' || f.type === 'master_detail' ? [f.target] : [],
      ),
    ),
  ];
}

/**
 * The lookup and master-detail fields of an object, to expand into names; only those whose
 * target the user may read (the server refuses expanding the others).
 */
export function relationFields(object: ObjectDoc | undefined): string[] {
  return (object?.fields ?? [])
    .filter((f) => (f.type === 'lookup' || f.type === 'master_detail') && canRead(f.target))
    .map((f) => f.name)
    .slice(0, 10);
}
