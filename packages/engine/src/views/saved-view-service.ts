import { BAD_REQUEST, PRECONDITION_REQUIRED } from '@tangram/errors';
import { SYSTEM_FIELD_NAMES } from '@tangram/schema';
import type { AccessService, FieldSight } from '../access/access-service.js';
import { PERMISSION_DENIED } from '../identity/identity-errors.js';
import { isAdmin, type Principal } from '../identity/principal.js';
import { checkDocument } from '../metadata/check-document.js';
import type { Clock } from '../ports/clock.js';
import type { SavedView, SavedViewDefinition, SavedViewStore } from '../ports/saved-view-store.js';
import { QUERY_INVALID, type RecordIssue } from '../records/record-errors.js';
import type { RecordContext, RecordService } from '../records/record-service.js';
import {
  SAVED_VIEW_INVALID,
  SAVED_VIEW_NOT_FOUND,
  SAVED_VIEW_NOT_OWNER,
  SAVED_VIEW_STALE,
} from './saved-view-errors.js';

/** What a user sends to save a view. */
export interface SavedViewInput {
  readonly object: string;
  readonly label: string;
  readonly visibility: 'personal' | 'shared';
  readonly definition: SavedViewDefinition;
}

/** A saved view as the API shows it. */
export type SavedViewEntry = Omit<SavedView, 'tenantId'>;

/** Personal and shared saved views of list, kanban and calendar pages. */
export interface SavedViewService {
  list(ctx: RecordContext, object: string): Promise<SavedViewEntry[]>;
  get(ctx: RecordContext, id: string): Promise<SavedViewEntry>;
  create(ctx: RecordContext, input: SavedViewInput): Promise<SavedViewEntry>;
  update(
    ctx: RecordContext,
    id: string,
    input: Partial<Omit<SavedViewInput, 'object'>>,
    options: { readonly ifMatch?: number | undefined },
  ): Promise<SavedViewEntry>;
  remove(
    ctx: RecordContext,
    id: string,
    options: { readonly ifMatch?: number | undefined },
  ): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const entryOf = ({ tenantId: _tenant, ...entry }: SavedView): SavedViewEntry => entry;

/** A record context that may carry the signed-in principal (apps/server puts it there). */
interface SignedContext extends RecordContext {
  readonly principal?: Principal;
}

/** The field paths the conditions of a (schema-checked) filter tree name, at any depth. */
function filterPaths(node: unknown): string[] {
  if (node === null || typeof node !== 'object') return [];
  const n = node as { kind?: unknown; children?: unknown; child?: unknown; field?: unknown };
  if (n.kind === 'condition') return typeof n.field === 'string' ? [n.field] : [];
  if (n.kind === 'not') return filterPaths(n.child);
  return Array.isArray(n.children) ? n.children.flatMap(filterPaths) : [];
}

/**
 * True when the user may filter and sort `object` by `path`, as the record query planner decides:
 * each field on the way readable and not masked, each hop a lookup to a published object.
 */
function isUsablePath(sight: FieldSight, object: string, path: string): boolean {
  const names = path.split('.');
  let current = sight.objects.get(object);
  for (const [index, name] of names.entries()) {
    if (!current || sight.visibility(current.name, name) !== 'read') return false;
    const field = current.fields.find((f) => f.name === name);
    if (index === names.length - 1) return field !== undefined || SYSTEM_FIELD_NAMES.has(name);
    if (field?.type !== 'lookup' && field?.type !== 'master_detail') return false;
    current = sight.objects.get(field.target);
  }
  return false;
}

/**
 * Creates the saved-view service. A view is checked twice before it is stored: as a view document
 * against schemas/view.schema.json, then its filter and sort by planning a one-row query of its
 * object through the record service, as the caller (so it can only name fields they may read).
 * A view is shown only to callers who may read its object and filter and sort by every field it
 * filters and sorts by.
 */
export function createSavedViewService(deps: {
  readonly store: SavedViewStore;
  readonly records: RecordService;
  /** What the signed-in caller may read: which views of which objects they are shown. */
  readonly access: Pick<AccessService, 'objectAccess' | 'fieldSight'>;
  readonly clock: Clock;
  readonly idGen?: () => string;
}): SavedViewService {
  const { store, records, access, clock } = deps;
  const idGen = deps.idGen ?? (() => crypto.randomUUID());

  async function check(ctx: RecordContext, view: SavedView): Promise<void> {
    const label = view.label.trim();
    if (label === '' || label.length > 100) {
      throw SAVED_VIEW_INVALID({
        issues: [{ path: '/label', code: 'LABEL', message: 'A label of 1 to 100 characters.' }],
      });
    }
    const validation = checkDocument({
      kind: 'view',
      schemaVersion: 1,
      name: 'saved_view',
      label: { 'zh-CN': label, en: label },
      object: view.object,
      visibility: view.visibility,
      ...view.definition,
    });
    if (!validation.ok) {
      throw SAVED_VIEW_INVALID({
        issues: validation.issues.map((issue) => ({
          path: `/definition${issue.path}`,
          code: issue.code,
          message: issue.message,
        })),
      });
    }
    const { filter, sort } = view.definition;
    try {
      await records.query(ctx, view.object, {
        ...(filter === undefined ? {} : { filter }),
        ...(sort === undefined ? {} : { sort }),
        fields: [],
        limit: 1,
      });
    } catch (error) {
      if (QUERY_INVALID.is(error)) {
        const issues = (error.details as { issues?: RecordIssue[] } | undefined)?.issues ?? [];
        throw SAVED_VIEW_INVALID({
          issues: issues.map((issue) => ({ ...issue, path: `/definition${issue.path}` })),
        });
      }
      throw error;
    }
  }

  async function visible(ctx: RecordContext, id: string): Promise<SavedView> {
    const view = UUID.test(id) ? await store.get(ctx.tenantId, id) : undefined;
    if (!view || (view.visibility === 'personal' && view.ownerId !== ctx.actorId))
      throw SAVED_VIEW_NOT_FOUND({ id });
    return view;
  }

  /**
   * The views of `object` the caller is shown: null when they may not read the object; else those
   * whose filter and sort name only fields they may filter and sort by. A condition holds a value
   * of its field, so a view filtering by a field hidden or masked from the caller is not shown to
   * them at all (they could not apply it either). Calls without a principal see every view.
   */
  async function shownOf(
    ctx: RecordContext,
    object: string,
    views: readonly SavedView[],
  ): Promise<SavedView[] | null> {
    const { principal } = ctx as SignedContext;
    if (!principal || (isAdmin(principal) && principal.scopes === null)) return [...views];
    if (!(await access.objectAccess(principal, object)).actions.read) return null;
    if (views.length === 0) return [];
    const sight = await access.fieldSight(principal);
    return views.filter((view) =>
      [
        ...filterPaths(view.definition.filter),
        ...(view.definition.sort ?? []).map((key) => key.field),
      ].every((path) => isUsablePath(sight, object, path)),
    );
  }

  async function owned(ctx: RecordContext, id: string, ifMatch: number | undefined) {
    if (ifMatch === undefined) throw PRECONDITION_REQUIRED({ header: 'if-match' });
    const view = await visible(ctx, id);
    if (view.ownerId !== ctx.actorId) throw SAVED_VIEW_NOT_OWNER({ id });
    if (view.version !== ifMatch) throw SAVED_VIEW_STALE({ id, expected: ifMatch });
    return view;
  }

  return {
    async list(ctx, object) {
      if (!/^[a-z][a-z0-9_]{0,62}$/.test(object)) {
        throw BAD_REQUEST({ parameter: 'object', reason: 'an object name' });
      }
      const shown = await shownOf(ctx, object, await store.list(ctx.tenantId, object, ctx.actorId));
      if (shown === null) throw PERMISSION_DENIED({ object, action: 'read' });
      return shown.map(entryOf);
    },

    async get(ctx, id) {
      const view = await visible(ctx, id);
      const [shown] = (await shownOf(ctx, view.object, [view])) ?? [];
      if (!shown) throw SAVED_VIEW_NOT_FOUND({ id });
      return entryOf(shown);
    },

    async create(ctx, input) {
      const at = clock.now().toISOString();
      const view: SavedView = {
        tenantId: ctx.tenantId,
        id: idGen(),
        object: input.object,
        label: input.label.trim(),
        visibility: input.visibility,
        ownerId: ctx.actorId,
        definition: input.definition,
        version: 1,
        createdAt: at,
        updatedAt: at,
      };
      await check(ctx, view);
      await store.insert(view);
      return entryOf(view);
    },

    async update(ctx, id, input, options) {
      const current = await owned(ctx, id, options.ifMatch);
      const next: SavedView = {
        ...current,
        ...(input.label === undefined ? {} : { label: input.label.trim() }),
        ...(input.visibility === undefined ? {} : { visibility: input.visibility }),
        ...(input.definition === undefined ? {} : { definition: input.definition }),
        version: current.version + 1,
        updatedAt: clock.now().toISOString(),
      };
      await check(ctx, next);
      if (!(await store.update(next, current.version))) {
        throw SAVED_VIEW_STALE({ id, expected: current.version });
      }
      return entryOf(next);
    },

    async remove(ctx, id, options) {
      const current = await owned(ctx, id, options.ifMatch);
      if (!(await store.remove(ctx.tenantId, id, current.version))) {
        throw SAVED_VIEW_STALE({ id, expected: current.version });
      }
    },
  };
}
