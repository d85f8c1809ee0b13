import type { WidgetServices } from '@tangram/ui';
import { describeError } from '../api/describe-error';
import { useSession } from '../auth/session-store';
import {
  getObject,
  getRecord,
  globalSearch,
  listUsers,
  queryRecords,
  regionChildren,
  regionPath,
  uploadFile,
} from './app-api';

/** The record a file is downloaded through: the server checks the caller may read its field. */
export interface AttachmentHolder {
  readonly object: string;
  readonly record: string;
  readonly field: string;
}

/**
 * The download URL of an attachment: through the record holding it, or plain — which the server
 * allows only to the uploader of a file no record holds yet.
 */
export function attachmentUrl(id: string, holder?: AttachmentHolder): string {
  const path = `/api/v1/attachments/${encodeURIComponent(id)}`;
  return holder ? `${path}?${new URLSearchParams({ ...holder })}` : path;
}

/**
 * The widget services of a form editing `record`: files the record already holds download
 * through it; files added in this edit are not on it yet and download plainly.
 */
export function recordBoundServices(
  services: WidgetServices,
  object: string,
  record: Readonly<Record<string, unknown>> & { readonly id: string },
): WidgetServices {
  return {
    ...services,
    fileUrl(id, field) {
      const held = record[field];
      const saved =
        Array.isArray(held) && held.some((file) => (file as { id?: unknown }).id === id);
      return saved ? attachmentUrl(id, { object, record: record.id, field }) : attachmentUrl(id);
    },
  };
}

const regionCache = new Map<string, Promise<Awaited<ReturnType<typeof regionChildren>>>>();
let usersCache: Promise<{ id: string; name: string }[]> | undefined;

/**
 * The server calls the rich widgets of packages/ui make, over this app's API: lookup search by
 * the target's name (the record query's own search), region levels (cached for the session),
 * uploads, and the people user fields can name.
 */
export const widgetServices: WidgetServices = {
  async searchRecords(object, text) {
    if (text.trim() !== '') {
      const [group] = await globalSearch(text, [object]);
      return group?.records ?? [];
    }
    const target = await getObject(object);
    // Newest first: the order an index serves (records_created), whatever the object's size.
    const page = await queryRecords(object, {
      limit: 20,
      fields: [target.nameField],
      sort: [{ field: 'created_at', direction: 'desc' }],
    });
    return page.records.map((r) => ({
      id: r.id,
      name: r[target.nameField] == null ? null : String(r[target.nameField]),
    }));
  },
  async recordName(object, id) {
    const target = await getObject(object);
    const record = await getRecord(object, id).catch(() => undefined);
    const name = record?.[target.nameField];
    return name === undefined || name === null ? null : String(name);
  },
  regionChildren(parent) {
    let cached = regionCache.get(parent);
    if (!cached) {
      cached = regionChildren(parent);
      cached.catch(() => regionCache.delete(parent));
      regionCache.set(parent, cached);
    }
    return cached;
  },
  regionPath,
  // The widget shows what a refused upload says; say it in the UI language.
  uploadFile: (file) =>
    uploadFile(file).catch((error: unknown) => {
      throw new Error(describeError(error));
    }),
  fileUrl: (id) => attachmentUrl(id),
  async listUsers() {
    usersCache ??= listUsers();
    const users = await usersCache;
    const me = useSession.getState().user;
    if (me && !users.some((u) => u.id === me.id)) return [{ id: me.id, name: me.name }, ...users];
    return users;
  },
};
