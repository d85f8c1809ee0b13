import type { FieldDef, ObjectDoc, RoleDoc } from '@tangram/schema';
import { PERMISSION_DENIED } from '../identity/identity-errors.js';
import type { AuditEvent } from '../identity/identity-store.js';
import { isAdmin, type Principal } from '../identity/principal.js';
import type { MetadataContext, MetadataService } from '../metadata/metadata-service.js';
import type { RecordStore } from '../ports/record-store.js';
import { type FieldVisibility, planQuery } from '../records/plan-query.js';
import type { ApiRecord } from '../records/record-codec.js';
import { OBJECT_NOT_FOUND, QUERY_INVALID } from '../records/record-errors.js';
import { MATCH_ALL, type PlanCondition } from '../records/record-plan.js';
import {
  type BulkRowResult,
  EXPANDED_KEY,
  type ExpandedRef,
  type RecordContext,
  type RecordHistoryEntry,
  type RecordService,
} from '../records/record-service.js';
import { type AccessService, narrowToScopes } from './access-service.js';
import { createFieldVisibility } from './field-visibility.js';
import { maskValue } from './mask-value.js';
import {
  type ObjectAccess,
  type ObjectAction,
  objectAccessOf,
  uneditableFields,
} from './object-access.js';
import { recordPredicate } from './plan-record-access.js';

/** What the secured record service wraps and reads. */
export interface SecuredRecordServiceDeps {
  readonly records: RecordService;
  readonly access: AccessService;
  readonly metadata: MetadataService;
  readonly store: Pick<RecordStore, 'resolveObjectId'>;
  /** Appends to the security audit log (unmasked views). */
  readonly audit: (event: AuditEvent) => Promise<void>;
  /** How long published objects are reused (5 s). */
  readonly ttlMs?: number;
}

/** A record context that may carry the signed-in principal, and why it reads. */
interface SignedContext extends RecordContext {
  readonly principal?: Principal;
  /**
   * 'export': a query needs the export permission and is audited as an export. 'import': a bulk
   * create needs the import permission besides create, and is audited as an import.
   */
  readonly purpose?: 'export' | 'import';
}

/** What the access planner decided for one call. */
interface Decision {
  readonly principal: Principal;
  readonly object: ObjectDoc;
  readonly access: ObjectAccess;
  readonly ctx: RecordContext;
  readonly visibility: (objectName: string, field: string) => FieldVisibility;
  readonly presentation: Sight['presentation'];
}

interface TenantObjects {
  readonly docs: ReadonlyMap<string, ObjectDoc>;
  readonly loadedAt: number;
}

/** An expanded lookup whose target's name field is sensitive. */
interface SensitiveExpansion {
  readonly relation: string;
  readonly target: string;
  readonly nameField: string;
  readonly sensitive: NonNullable<FieldDef['sensitive']>;
  /** Whether the user sees the target's name masked. */
  readonly masked: boolean;
}

/** The condition no record meets. */
const NOTHING: PlanCondition = { kind: 'not', child: MATCH_ALL };

function and(a: PlanCondition | null | undefined, b: PlanCondition | null): PlanCondition | null {
  if (!a) return b;
  if (!b) return a;
  return { kind: 'and', children: [a, b] };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** How one set of roles and token scopes sees the fields of a tenant's objects. */
interface Sight {
  readonly visibility: (objectName: string, field: string) => FieldVisibility;
  /** The fields of an object hidden from the reader, and its sensitive fields they see. */
  readonly presentation: (object: ObjectDoc) => Presentation;
}

interface Presentation {
  readonly hidden: ReadonlySet<string>;
  readonly sensitive: readonly FieldDef[];
}

function createSight(
  roles: readonly RoleDoc[],
  scopes: Principal['scopes'],
  docs: ReadonlyMap<string, ObjectDoc>,
): Sight {
  const grants = new Map<string, ObjectAccess>();
  const grantOf = (name: string): ObjectAccess => {
    let granted = grants.get(name);
    if (!granted) {
      granted = narrowToScopes(scopes, name, objectAccessOf(roles, name));
      grants.set(name, granted);
    }
    return granted;
  };
  const visibility = createFieldVisibility({
    objectOf: (name) => docs.get(name),
    accessOf: grantOf,
  });
  const presentations = new Map<string, Presentation>();
  return {
    visibility,
    presentation(object) {
      let found = presentations.get(object.name);
      if (found === undefined) {
        const seen = (field: FieldDef) => visibility(object.name, field.name);
        found = {
          hidden: new Set(object.fields.filter((f) => seen(f) === 'none').map((f) => f.name)),
          sensitive: object.fields.filter((f) => f.sensitive !== undefined && seen(f) !== 'none'),
        };
        presentations.set(object.name, found);
      }
      return found;
    },
  };
}

/**
 * The record service as a signed-in user reaches it: the one access planner turns (user,
 * object, action) into an allow or 403, a field visibility (none / masked / read) and a record
 * predicate (data scope, role hierarchy, sharing rules, manual shares) ANDed into `ctx.access`,
 * so the same SQL serves list, count, search, get, bulk, history and every write. Filters, sorts
 * and `fields` naming hidden fields are 400 from the planner; writes to fields the user may not
 * edit are 403 before anything is written. Sensitive fields are masked unless the role unmasks
 * them, and every unmasked view is audited. Calls without a principal (installers, workflows)
 * pass through unchanged.
 */
export function createSecuredRecordService(deps: SecuredRecordServiceDeps): RecordService {
  const { records: inner, access, metadata } = deps;
  const ttl = deps.ttlMs ?? 5_000;
  const tenants = new Map<string, Promise<TenantObjects>>();
  // An object's id in the record store never changes once given.
  const objectIds = new Map<string, number>();

  async function objectIdOf(tenantId: string, name: string): Promise<number> {
    const key = `${tenantId}\u0000${name}`;
    let id = objectIds.get(key);
    if (id === undefined) {
      id = await deps.store.resolveObjectId(tenantId, name);
      objectIds.set(key, id);
    }
    return id;
  }

  async function loadObjects(tenantId: string): Promise<TenantObjects> {
    const ctx: MetadataContext = { tenantId, actorId: 'system' };
    const summaries = await metadata.list(ctx, { kind: 'object' });
    const entries = await Promise.all(
      summaries
        .filter((s) => s.publishedVersion !== null)
        .map((s) => metadata.get(ctx, 'object', s.name, { state: 'published' })),
    );
    const docs = new Map(entries.map((e) => [e.name, e.document as unknown as ObjectDoc]));
    return { docs, loadedAt: Date.now() };
  }

  async function objectsOf(tenantId: string): Promise<ReadonlyMap<string, ObjectDoc>> {
    const cached = tenants.get(tenantId);
    if (cached) {
      const loaded = await cached;
      if (Date.now() - loaded.loadedAt < ttl) return loaded.docs;
    }
    const loading = loadObjects(tenantId);
    loading.catch(() => tenants.delete(tenantId));
    tenants.set(tenantId, loading);
    return (await loading).docs;
  }

  /** Plans a sharing rule's criteria over `object`; undefined (the rule is skipped) when invalid. */
  function criteriaPlanner(tenantId: string, object: ObjectDoc, objectId: number) {
    return (criteria: unknown): PlanCondition | undefined => {
      const planning = planQuery(
        object,
        { filter: criteria, limit: 1 },
        {
          tenantId,
          objectId,
          objects: () => undefined,
          clock: { now: () => new Date() },
          timeZone: 'Asia/Shanghai',
        },
      );
      return planning.ok ? planning.plan.where : undefined;
    };
  }

  // How each set of roles and token scopes sees the tenant's objects, shared by its calls until
  // the roles (the access directory) or the published objects reload: the visibility of a
  // formula follows its expression's fields, and working that out per request cost a tenth of a
  // get's server time.
  const sights = new WeakMap<object, WeakMap<object, Map<string, Sight>>>();

  async function sightOf(principal: Principal, docs: ReadonlyMap<string, ObjectDoc>) {
    const directory = await access.directory(principal.tenant.id);
    let byDocs = sights.get(directory);
    if (byDocs === undefined) {
      byDocs = new WeakMap();
      sights.set(directory, byDocs);
    }
    let byKey = byDocs.get(docs);
    if (byKey === undefined) {
      byKey = new Map();
      byDocs.set(docs, byKey);
    }
    const key = `${principal.user.roles.join('\u0000')}\u0001${JSON.stringify(principal.scopes)}`;
    let sight = byKey.get(key);
    if (sight === undefined) {
      sight = createSight(await access.rolesOf(principal), principal.scopes, docs);
      byKey.set(key, sight);
    }
    return sight;
  }

  async function decide(
    ctx: RecordContext,
    objectName: string,
    action: ObjectAction,
  ): Promise<Decision | null> {
    const { principal } = ctx as SignedContext;
    if (!principal) return null;
    const objectAccess = await access.objectAccess(principal, objectName);
    const docs = await objectsOf(ctx.tenantId);
    const object = docs.get(objectName);
    if (!object) throw OBJECT_NOT_FOUND({ object: objectName });
    if (!objectAccess.actions[action]) {
      throw PERMISSION_DENIED({ object: objectName, action });
    }
    const { visibility, presentation } = await sightOf(principal, docs);
    const mode = action === 'update' || action === 'delete' ? 'edit' : 'read';
    const objectId = await objectIdOf(ctx.tenantId, objectName);
    const reach = await access.reach(
      principal,
      objectName,
      objectAccess.scope,
      mode,
      criteriaPlanner(ctx.tenantId, object, objectId),
    );
    const full = isAdmin(principal) && principal.scopes === null;
    // Lookup expansions read other objects: through their own record predicate.
    const accessOf = async (name: string): Promise<PlanCondition | null> => {
      const target = docs.get(name);
      const granted =
        name === objectName ? objectAccess : await access.objectAccess(principal, name);
      if (!target || !granted.actions.read) return NOTHING;
      const targetReach = await access.reach(
        principal,
        name,
        granted.scope,
        'read',
        criteriaPlanner(ctx.tenantId, target, await objectIdOf(ctx.tenantId, name)),
      );
      return recordPredicate(targetReach);
    };
    const secured: SignedContext = {
      ...ctx,
      access: and(ctx.access, recordPredicate(reach)),
      ...(full ? {} : { fieldAccess: visibility, accessOf }),
    };
    return { principal, object, access: objectAccess, ctx: secured, visibility, presentation };
  }

  /** The fields of a decision's object its principal may not edit, worked out once per decision. */
  const lockedFields = new WeakMap<Decision, ReadonlySet<string>>();

  function lockedFieldsOf(decision: Decision): ReadonlySet<string> {
    let locked = lockedFields.get(decision);
    if (locked === undefined) {
      locked = new Set(
        uneditableFields(
          decision.access,
          decision.object.fields.map((f) => f.name),
        ),
      );
      lockedFields.set(decision, locked);
    }
    return locked;
  }

  function checkWritable(decision: Decision, input: unknown, at = ''): void {
    const locked = lockedFieldsOf(decision);
    // A bulk call checks each of its rows: most principals may edit every field.
    if (locked.size === 0 || !isPlainObject(input)) return;
    const denied = Object.keys(input).filter((key) => locked.has(key));
    if (denied.length > 0) {
      throw PERMISSION_DENIED({
        object: decision.object.name,
        fields: denied,
        reason: 'not editable',
        at,
      });
    }
  }

  function checkVisible(decision: Decision, names: readonly string[] | undefined, path: string) {
    const hidden = (names ?? []).filter(
      (name) => decision.visibility(decision.object.name, name) === 'none',
    );
    if (hidden.length > 0) {
      throw QUERY_INVALID({
        issues: hidden.map((field) => ({
          path,
          field,
          code: 'FIELD_NOT_READABLE',
          message: `You may not read the field ${field}.`,
        })),
      });
    }
  }

  /** Audits that the user saw `fields` of records `ids` of `target` unmasked (the first 200 ids). */
  function auditUnmasked(
    decision: Decision,
    target: string,
    ids: readonly string[],
    fields: readonly string[],
    extra: { readonly view?: 'history' } = {},
  ): Promise<void> {
    return deps.audit({
      tenantId: decision.principal.tenant.id,
      actorId: decision.principal.user.id,
      action: 'record.unmasked',
      target,
      details: { ids: ids.slice(0, 200), count: ids.length, fields: [...fields], ...extra },
    });
  }

  /**
   * An expansion shows the target's name: the lookup and the target's name field must be
   * readable. Returns the expansions whose name field is sensitive, for `presentExpanded`.
   */
  function checkExpand(
    decision: Decision,
    expand: readonly string[] | undefined,
    docs: ReadonlyMap<string, ObjectDoc>,
  ): SensitiveExpansion[] {
    checkVisible(decision, expand, '/expand');
    const sensitive: SensitiveExpansion[] = [];
    for (const name of expand ?? []) {
      const field = decision.object.fields.find((f) => f.name === name);
      if (field?.type !== 'lookup' && field?.type !== 'master_detail') continue;
      const target = docs.get(field.target);
      const nameField = target?.fields.find((f) => f.name === target.nameField);
      if (nameField === undefined) continue;
      const seen = decision.visibility(field.target, nameField.name);
      if (seen === 'none') {
        throw QUERY_INVALID({
          issues: [
            {
              path: '/expand',
              field: name,
              code: 'FIELD_NOT_READABLE',
              message: `You may not read the records ${name} points at.`,
            },
          ],
        });
      }
      if (nameField.sensitive !== undefined) {
        sensitive.push({
          relation: name,
          target: field.target,
          nameField: nameField.name,
          sensitive: nameField.sensitive,
          masked: seen === 'masked',
        });
      }
    }
    return sensitive;
  }

  /**
   * The expanded names of `records` as the user sees the targets themselves: masked where the
   * target's name field is masked for them, and audited as unmasked views of the targets where not.
   */
  async function presentExpanded<T extends ApiRecord>(
    decision: Decision,
    records: readonly T[],
    expansions: readonly SensitiveExpansion[],
  ): Promise<T[]> {
    if (expansions.length === 0) return [...records];
    const unmasked = new Map<string, { ids: Set<string>; field: string }>();
    const shown = records.map((record) => {
      const expanded = record[EXPANDED_KEY] as Record<string, ExpandedRef | null> | undefined;
      if (expanded === undefined) return record;
      let copy: Record<string, ExpandedRef | null> | undefined;
      for (const expansion of expansions) {
        const ref = expanded[expansion.relation];
        if (ref === undefined || ref === null || ref.name === null || ref.name === '') continue;
        if (expansion.masked) {
          copy ??= { ...expanded };
          copy[expansion.relation] = {
            ...ref,
            name: String(maskValue(ref.name, expansion.sensitive)),
          };
        } else {
          const seen = unmasked.get(expansion.target) ?? {
            ids: new Set<string>(),
            field: expansion.nameField,
          };
          seen.ids.add(ref.id);
          unmasked.set(expansion.target, seen);
        }
      }
      return copy === undefined ? record : { ...record, [EXPANDED_KEY]: copy };
    });
    for (const [target, { ids, field }] of unmasked) {
      await auditUnmasked(decision, target, [...ids], [field]);
    }
    return shown;
  }

  /**
   * Leaves out what the user may not read, masks what they may not see unmasked and audits what
   * they saw unmasked. Reads already select only readable fields; a write answers the whole
   * record it wrote (defaults and formulas over hidden fields included), so it is cut here.
   */
  async function present<T extends ApiRecord>(
    decision: Decision,
    rows: readonly T[],
  ): Promise<T[]> {
    const { hidden, sensitive } = decision.presentation(decision.object);
    if (sensitive.length === 0 && hidden.size === 0) return [...rows];
    const seen = new Set<string>();
    const ids: string[] = [];
    const out = rows.map((row) => {
      let copy: Record<string, unknown> | undefined;
      if ([...hidden].some((field) => Object.hasOwn(row, field))) {
        copy = Object.fromEntries(Object.entries(row).filter(([key]) => !hidden.has(key)));
      }
      let unmasked = false;
      for (const field of sensitive) {
        const value = row[field.name];
        if (value === null || value === undefined || value === '') continue;
        if (decision.visibility(decision.object.name, field.name) === 'masked') {
          copy ??= { ...row };
          copy[field.name] = maskValue(
            value,
            field.sensitive as NonNullable<typeof field.sensitive>,
          );
        } else {
          seen.add(field.name);
          unmasked = true;
        }
      }
      if (unmasked) ids.push(String(row.id));
      return (copy ?? row) as T;
    });
    if (ids.length > 0) await auditUnmasked(decision, decision.object.name, ids, [...seen]);
    return out;
  }

  async function presentOne(decision: Decision | null, record: ApiRecord): Promise<ApiRecord> {
    if (!decision) return record;
    const [shown] = await present(decision, [record]);
    return shown ?? record;
  }

  async function presentBulk(decision: Decision | null, results: BulkRowResult[]) {
    if (!decision) return results;
    const shown = await present(
      decision,
      results.flatMap((r) => (r.record ? [r.record] : [])),
    );
    let index = 0;
    return results.map((r) => (r.record ? { ...r, record: shown[index++] as ApiRecord } : r));
  }

  function visibleFieldNames(decision: Decision): string[] {
    return decision.object.fields
      .filter((f) => decision.visibility(decision.object.name, f.name) !== 'none')
      .map((f) => f.name);
  }

  return {
    async create(ctx, object, input, options) {
      const decision = await decide(ctx, object, 'create');
      if (decision) checkWritable(decision, input);
      const created = await inner.create(decision?.ctx ?? ctx, object, input, options);
      return presentOne(decision, created);
    },

    async get(ctx, object, id, options = {}) {
      const decision = await decide(ctx, object, 'read');
      if (!decision) return inner.get(ctx, object, id, options);
      checkVisible(decision, options.fields, '/fields');
      const expansions = checkExpand(decision, options.expand, await objectsOf(ctx.tenantId));
      const fields =
        options.fields ?? (decision.ctx.fieldAccess ? visibleFieldNames(decision) : undefined);
      const record = await inner.get(decision.ctx, object, id, {
        ...options,
        ...(fields === undefined ? {} : { fields }),
      });
      const [expanded = record] = await presentExpanded(decision, [record], expansions);
      return presentOne(decision, expanded);
    },

    async update(ctx, object, id, patch, options) {
      const decision = await decide(ctx, object, 'update');
      if (decision) checkWritable(decision, patch);
      return presentOne(
        decision,
        await inner.update(decision?.ctx ?? ctx, object, id, patch, options),
      );
    },

    async remove(ctx, object, id, options) {
      const decision = await decide(ctx, object, 'delete');
      return inner.remove(decision?.ctx ?? ctx, object, id, options);
    },

    // Restoring undoes a delete: it takes the permission and the record scope a delete takes.
    async restore(ctx, object, id) {
      const decision = await decide(ctx, object, 'delete');
      return presentOne(decision, await inner.restore(decision?.ctx ?? ctx, object, id));
    },

    async bulkRestore(ctx, object, rows) {
      const decision = await decide(ctx, object, 'delete');
      return presentBulk(decision, await inner.bulkRestore(decision?.ctx ?? ctx, object, rows));
    },

    async bulkCreate(ctx, object, inputs) {
      const importing = (ctx as SignedContext).purpose === 'import';
      if (importing) await decide(ctx, object, 'import');
      const decision = await decide(ctx, object, 'create');
      if (decision) {
        for (const [index, input] of inputs.entries()) {
          checkWritable(decision, input, `/records/${index}`);
        }
      }
      const results = await inner.bulkCreate(decision?.ctx ?? ctx, object, inputs);
      if (importing && decision) {
        const created = results.filter((row) => row.ok).length;
        await deps.audit({
          tenantId: decision.principal.tenant.id,
          actorId: decision.principal.user.id,
          action: 'record.imported',
          target: object,
          details: { rows: results.length, created, failed: results.length - created },
        });
      }
      return presentBulk(decision, results);
    },

    async bulkUpdate(ctx, object, rows) {
      const decision = await decide(ctx, object, 'update');
      if (decision) {
        for (const [index, row] of rows.entries()) {
          checkWritable(decision, row.patch, `/records/${index}`);
        }
      }
      return presentBulk(decision, await inner.bulkUpdate(decision?.ctx ?? ctx, object, rows));
    },

    async bulkRemove(ctx, object, rows) {
      const decision = await decide(ctx, object, 'delete');
      return inner.bulkRemove(decision?.ctx ?? ctx, object, rows);
    },

    async query(ctx, object, request) {
      const exporting = (ctx as SignedContext).purpose === 'export';
      // The recycle bin shows what the user could restore: the records a delete of theirs reaches.
      const action = exporting ? 'export' : request.deleted === true ? 'delete' : 'read';
      const decision = await decide(ctx, object, action);
      if (!decision) return inner.query(ctx, object, request);
      const expansions = checkExpand(decision, request.expand, await objectsOf(ctx.tenantId));
      // Name the visible fields, so that hidden ones are neither read nor listed as empty keys.
      const fields =
        request.fields === undefined && decision.ctx.fieldAccess
          ? visibleFieldNames(decision)
          : request.fields;
      const result = await inner.query(decision.ctx, object, {
        ...request,
        ...(fields === undefined ? {} : { fields }),
      });
      if (exporting && request.cursor === undefined) {
        await deps.audit({
          tenantId: decision.principal.tenant.id,
          actorId: decision.principal.user.id,
          action: 'record.exported',
          target: object,
          details: { filter: request.filter ?? null, search: request.search ?? null },
        });
      }
      const expanded = await presentExpanded(decision, result.records, expansions);
      return { ...result, records: await present(decision, expanded) };
    },

    async history(ctx, object, id) {
      const decision = await decide(ctx, object, 'read');
      const entries = await inner.history(decision?.ctx ?? ctx, object, id);
      if (!decision) return entries;
      const unmasked = new Set<string>();
      // A field since removed has no level or mask left to apply: only administrators see it.
      const defined = new Set(decision.object.fields.map((f) => f.name));
      const past = isAdmin(decision.principal);
      const shown = entries.map((entry): RecordHistoryEntry => {
        const changes: Record<string, readonly [unknown, unknown]> = {};
        for (const [field, change] of Object.entries(entry.changes)) {
          if (!defined.has(field) && !past) continue;
          const seen = decision.visibility(object, field);
          if (seen === 'none') continue;
          const sensitive = decision.object.fields.find((f) => f.name === field)?.sensitive;
          if (sensitive && seen === 'masked') {
            changes[field] = [maskValue(change[0], sensitive), maskValue(change[1], sensitive)];
            continue;
          }
          if (sensitive && change.some((v) => v !== null && v !== undefined && v !== '')) {
            unmasked.add(field);
          }
          changes[field] = change;
        }
        return { ...entry, changes };
      });
      // An unmasked value in the history is an unmasked view of the record, audited alike.
      if (unmasked.size > 0) {
        await auditUnmasked(decision, object, [id], [...unmasked], { view: 'history' });
      }
      return shown;
    },

    previewFieldTypeChange: (ctx, object, field, next) =>
      inner.previewFieldTypeChange(ctx, object, field, next),
    applyFieldTypeChange: (ctx, object, field, next, options) =>
      inner.applyFieldTypeChange(ctx, object, field, next, options),

    invalidate(tenantId) {
      if (tenantId === undefined) tenants.clear();
      else tenants.delete(tenantId);
      inner.invalidate(tenantId);
    },
  };
}
