import { PRECONDITION_REQUIRED } from '@tangram/errors';
import {
  isMetadataKind,
  type MetadataDocument,
  type MetadataIssue,
  migrateDocument,
  type ObjectDoc,
  validateApp,
} from '@tangram/schema';
import type { Clock } from '../ports/clock.js';
import type {
  JsonPatchOperation,
  MetadataHead,
  MetadataReader,
  MetadataStore,
  MetadataTransaction,
  StoredDocument,
} from '../ports/metadata-store.js';
import { allocateSlots, type SlotPlanOptions } from '../records/allocate-slots.js';
import { checkIndexCap } from '../records/index-specs.js';
import { checkDocument } from './check-document.js';
import { diffJson, isSameJson } from './json-diff.js';
import {
  METADATA_INVALID,
  METADATA_NOT_FOUND,
  METADATA_STALE,
  METADATA_UNKNOWN_KIND,
  METADATA_VERSION_NOT_FOUND,
} from './metadata-errors.js';

/** Who is acting, and in which tenant: every service call is scoped by it. */
export interface MetadataContext {
  readonly tenantId: string;
  readonly actorId: string;
}

/** A document's identity within a tenant. */
export interface MetadataRef {
  readonly kind: string;
  readonly name: string;
}

/** Which copy of a document to read: the draft, the published one, or the draft over the published. */
export type MetadataState = 'draft' | 'published' | 'effective';

/** One line of `list`: what a designer needs to show a document without loading it. */
export interface MetadataSummary {
  readonly kind: string;
  readonly name: string;
  readonly label: unknown;
  readonly revision: number;
  readonly publishedVersion: number | null;
  readonly hasDraft: boolean;
  readonly updatedAt: Date;
  readonly updatedBy: string;
}

/** A document as read by `get`, with the revision to send back as If-Match. */
export interface MetadataEntry {
  readonly kind: string;
  readonly name: string;
  readonly revision: number;
  /** The copy served: 'draft', 'published', or 'version' when an old version was asked for. */
  readonly state: 'draft' | 'published' | 'version';
  /** The version number of the served copy; null for a draft. */
  readonly version: number | null;
  readonly publishedVersion: number | null;
  readonly hasDraft: boolean;
  readonly document: StoredDocument;
}

/** The head after a draft was saved or discarded. */
export interface MetadataDraftResult {
  readonly kind: string;
  readonly name: string;
  readonly revision: number;
  readonly hasDraft: boolean;
}

/** One entry of a document's history. */
export interface MetadataHistoryEntry {
  readonly version: number;
  readonly authorId: string;
  readonly createdAt: Date;
  readonly message: string | null;
  readonly diff: readonly JsonPatchOperation[];
  readonly revertedFrom: number | null;
}

/** A version number, 0 for "nothing", or 'draft' for the working copy (draft, else published). */
export type MetadataDiffSide = number | 'draft';

/** The outcome of `validate`: every issue of the tenant's effective set of documents. */
export interface MetadataValidation {
  readonly valid: boolean;
  readonly issues: readonly MetadataIssue[];
}

/** The versions a publish or revert created. */
export interface MetadataPublication {
  readonly kind: string;
  readonly name: string;
  readonly version: number;
}

/** The version a revert created, the version it copied, and the head's new revision. */
export interface MetadataRevert extends MetadataPublication {
  readonly revertedFrom: number;
  readonly revision: number;
}

/** Draft → validate → publish of a tenant's metadata, with history, diff and revert. */
export interface MetadataService {
  list(ctx: MetadataContext, filter?: { readonly kind?: string }): Promise<MetadataSummary[]>;
  get(
    ctx: MetadataContext,
    kind: string,
    name: string,
    options?: { readonly state?: MetadataState; readonly version?: number },
  ): Promise<MetadataEntry>;
  saveDraft(
    ctx: MetadataContext,
    document: unknown,
    options?: { readonly ifMatch?: number },
  ): Promise<MetadataDraftResult>;
  discardDraft(
    ctx: MetadataContext,
    kind: string,
    name: string,
    options: { readonly ifMatch?: number },
  ): Promise<MetadataDraftResult>;
  validate(ctx: MetadataContext): Promise<MetadataValidation>;
  publish(
    ctx: MetadataContext,
    options?: { readonly documents?: readonly MetadataRef[]; readonly message?: string },
  ): Promise<{ published: MetadataPublication[] }>;
  history(ctx: MetadataContext, kind: string, name: string): Promise<MetadataHistoryEntry[]>;
  diff(
    ctx: MetadataContext,
    kind: string,
    name: string,
    range: { readonly from: MetadataDiffSide; readonly to: MetadataDiffSide },
  ): Promise<JsonPatchOperation[]>;
  revert(
    ctx: MetadataContext,
    kind: string,
    name: string,
    options: { readonly version: number; readonly ifMatch?: number; readonly message?: string },
  ): Promise<MetadataRevert>;
  /**
   * Publishes `document`, an object whose field `field` changed type and whose values the
   * record runtime already moved to the slot the document names; a draft is left as it is.
   */
  publishTypeChange(
    ctx: MetadataContext,
    document: ObjectDoc,
    options: { readonly field: string; readonly ifMatch?: number; readonly message?: string },
  ): Promise<MetadataPublication & { readonly revision: number }>;
}

/** What the metadata service needs from the outside world. */
export interface MetadataServiceDeps {
  readonly store: MetadataStore;
  readonly clock: Clock;
  /** Told after a publish, revert or type change commits, so caches of published documents can drop that tenant. */
  readonly onPublished?: (tenantId: string) => void;
}

const NOTHING: object = Object.freeze({});

function assertKind(kind: string): void {
  if (!isMetadataKind(kind)) throw METADATA_UNKNOWN_KIND({ kind });
}

// A head with neither draft nor published copy is left behind by discarding the draft of a
// document that was never published: the port has no delete, so it reads as "not there".
function isEmpty(head: MetadataHead): boolean {
  return head.draft === null && head.published === null;
}

function byKindThenName(a: MetadataRef, b: MetadataRef): number {
  const [x, y] = [`${a.kind}\u0000${a.name}`, `${b.kind}\u0000${b.name}`];
  return x < y ? -1 : x > y ? 1 : 0;
}

function refOf(head: MetadataRef): string {
  return `${head.kind}/${head.name}`;
}

// Documents are stored in the format of the day they were saved; reads see the current format.
function current(document: StoredDocument): StoredDocument {
  return migrateDocument(document) as StoredDocument;
}

// Stored documents passed validation on save, so once migrated they are metadata documents.
function asDocuments(documents: readonly StoredDocument[]): MetadataDocument[] {
  return documents.map(current) as unknown as MetadataDocument[];
}

async function requireHead(
  reader: MetadataReader,
  ctx: MetadataContext,
  kind: string,
  name: string,
): Promise<MetadataHead> {
  assertKind(kind);
  const head = await reader.getHead(ctx.tenantId, kind, name);
  if (!head || isEmpty(head)) throw METADATA_NOT_FOUND({ kind, name });
  return head;
}

// Changing a document that exists needs the revision the caller read; an empty head is
// treated as absent so that a discarded never-published document can be created again.
function checkIfMatch(
  ref: MetadataRef,
  head: MetadataHead | undefined,
  ifMatch: number | undefined,
): void {
  const exists = head !== undefined && !isEmpty(head);
  if (exists && ifMatch === undefined) throw PRECONDITION_REQUIRED();
  const actual = head?.revision ?? null;
  if (ifMatch !== undefined && ifMatch !== actual) {
    throw METADATA_STALE({ kind: ref.kind, name: ref.name, expected: ifMatch, actual });
  }
}

async function writeHeadOrStale(
  tx: MetadataTransaction,
  head: MetadataHead,
  previous: MetadataHead | undefined,
): Promise<void> {
  const expected = previous?.revision ?? null;
  if (!(await tx.writeHead(head, expected))) {
    throw METADATA_STALE({ kind: head.kind, name: head.name, expected, actual: null });
  }
}

// Published objects always carry storage slots, kept stable across every version (ADR 0006).
async function withSlots(
  reader: MetadataReader,
  ctx: MetadataContext,
  document: StoredDocument,
  options: SlotPlanOptions = {},
): Promise<StoredDocument> {
  if (document.kind !== 'object') return document;
  const versions = await reader.listVersions(ctx.tenantId, 'object', document.name);
  const history = versions.map((v) => current(v.document) as unknown as ObjectDoc);
  const object = allocateSlots(document as unknown as ObjectDoc, history, options);
  throwIfInvalid(checkIndexCap(object));
  return object as unknown as StoredDocument;
}

function throwIfInvalid(issues: readonly MetadataIssue[]): void {
  if (issues.length > 0) throw METADATA_INVALID({ issues });
}

/** Creates the metadata service over a store port and a clock. */
export function createMetadataService({
  store,
  clock,
  onPublished,
}: MetadataServiceDeps): MetadataService {
  /** Runs a write that publishes, then tells `onPublished` once it has committed. */
  async function publishing<T>(tenantId: string, work: Promise<T>): Promise<T> {
    const result = await work;
    onPublished?.(tenantId);
    return result;
  }

  async function effectiveDocuments(reader: MetadataReader, tenantId: string) {
    const heads = await reader.listHeads(tenantId);
    return heads.flatMap((h) => h.draft ?? h.published ?? []);
  }

  /** The published set with `replace` swapped in: what goes live after a publish or revert. */
  function publishedSetWith(
    heads: readonly MetadataHead[],
    replace: ReadonlyMap<string, StoredDocument>,
  ): StoredDocument[] {
    return heads.flatMap((h) => replace.get(refOf(h)) ?? h.published ?? []);
  }

  async function documentAt(
    reader: MetadataReader,
    ctx: MetadataContext,
    head: MetadataHead,
    side: MetadataDiffSide,
  ): Promise<object> {
    if (side === 'draft') return head.draft ?? head.published ?? NOTHING;
    if (side === 0) return NOTHING;
    const found = await reader.getVersion(ctx.tenantId, head.kind, head.name, side);
    if (!found)
      throw METADATA_VERSION_NOT_FOUND({ kind: head.kind, name: head.name, version: side });
    return found.document;
  }

  return {
    async list(ctx, filter) {
      if (filter?.kind !== undefined) assertKind(filter.kind);
      const heads = await store.listHeads(ctx.tenantId, filter);
      return heads
        .filter((h) => !isEmpty(h))
        .sort(byKindThenName)
        .map((h) => ({
          kind: h.kind,
          name: h.name,
          label: (h.draft ?? h.published)?.label ?? null,
          revision: h.revision,
          publishedVersion: h.publishedVersion,
          hasDraft: h.draft !== null,
          updatedAt: h.updatedAt,
          updatedBy: h.updatedBy,
        }));
    },

    async get(ctx, kind, name, options = {}) {
      const head = await requireHead(store, ctx, kind, name);
      const common = {
        kind,
        name,
        revision: head.revision,
        publishedVersion: head.publishedVersion,
        hasDraft: head.draft !== null,
      };
      if (options.version !== undefined) {
        const found = await store.getVersion(ctx.tenantId, kind, name, options.version);
        if (!found) throw METADATA_VERSION_NOT_FOUND({ kind, name, version: options.version });
        return {
          ...common,
          state: 'version',
          version: found.version,
          document: current(found.document),
        };
      }
      const state = options.state ?? 'effective';
      if (state !== 'published' && head.draft) {
        return { ...common, state: 'draft', version: null, document: current(head.draft) };
      }
      if (state !== 'draft' && head.published) {
        return {
          ...common,
          state: 'published',
          version: head.publishedVersion,
          document: current(head.published),
        };
      }
      throw METADATA_NOT_FOUND({ kind, name, state });
    },

    async saveDraft(ctx, input, options = {}) {
      const result = checkDocument(input);
      if (!result.ok) throw METADATA_INVALID({ issues: result.issues });
      const document = result.document as unknown as StoredDocument;
      return store.transaction(async (tx) => {
        const previous = await tx.getHead(ctx.tenantId, document.kind, document.name);
        checkIfMatch(document, previous, options.ifMatch);
        const head: MetadataHead = {
          tenantId: ctx.tenantId,
          kind: document.kind,
          name: document.name,
          revision: (previous?.revision ?? 0) + 1,
          draft: document,
          publishedVersion: previous?.publishedVersion ?? null,
          published: previous?.published ?? null,
          updatedAt: clock.now(),
          updatedBy: ctx.actorId,
        };
        await writeHeadOrStale(tx, head, previous);
        return { kind: head.kind, name: head.name, revision: head.revision, hasDraft: true };
      });
    },

    async discardDraft(ctx, kind, name, options) {
      return store.transaction(async (tx) => {
        const previous = await requireHead(tx, ctx, kind, name);
        checkIfMatch(previous, previous, options.ifMatch);
        if (!previous.draft) throw METADATA_NOT_FOUND({ kind, name, state: 'draft' });
        const head: MetadataHead = {
          ...previous,
          revision: previous.revision + 1,
          draft: null,
          updatedAt: clock.now(),
          updatedBy: ctx.actorId,
        };
        await writeHeadOrStale(tx, head, previous);
        return { kind, name, revision: head.revision, hasDraft: false };
      });
    },

    async validate(ctx) {
      const issues = validateApp(asDocuments(await effectiveDocuments(store, ctx.tenantId)));
      return { valid: issues.length === 0, issues };
    },

    async publish(ctx, options = {}) {
      return publishing(
        ctx.tenantId,
        store.transaction(async (tx) => {
          await tx.lockTenant(ctx.tenantId);
          const heads = (await tx.listHeads(ctx.tenantId)).filter((h) => !isEmpty(h));
          const byRef = new Map(heads.map((h) => [refOf(h), h]));
          const selected = options.documents
            ? options.documents.map((ref) => {
                assertKind(ref.kind);
                const head = byRef.get(refOf(ref));
                if (!head) throw METADATA_NOT_FOUND({ kind: ref.kind, name: ref.name });
                return head;
              })
            : heads;
          const drafts = new Map<string, StoredDocument>();
          for (const head of selected) {
            if (head.draft) drafts.set(refOf(head), await withSlots(tx, ctx, current(head.draft)));
          }
          throwIfInvalid(validateApp(asDocuments(publishedSetWith(heads, drafts))));

          const now = clock.now();
          const published: MetadataPublication[] = [];
          for (const head of new Set(selected)) {
            const draft = drafts.get(refOf(head));
            if (!draft) continue;
            const changed = !head.published || !isSameJson(head.published, draft);
            const version = (head.publishedVersion ?? 0) + (changed ? 1 : 0);
            if (changed) {
              await tx.insertVersion({
                tenantId: ctx.tenantId,
                kind: head.kind,
                name: head.name,
                version,
                document: draft,
                diff: diffJson(head.published ?? NOTHING, draft),
                authorId: ctx.actorId,
                createdAt: now,
                message: options.message ?? null,
                revertedFrom: null,
              });
              published.push({ kind: head.kind, name: head.name, version });
            }
            // A draft equal to the published copy is cleared without making a version.
            await writeHeadOrStale(
              tx,
              {
                ...head,
                revision: head.revision + 1,
                draft: null,
                publishedVersion: version,
                published: draft,
                updatedAt: now,
                updatedBy: ctx.actorId,
              },
              head,
            );
          }
          return { published: published.sort(byKindThenName) };
        }),
      );
    },

    async history(ctx, kind, name) {
      await requireHead(store, ctx, kind, name);
      const versions = await store.listVersions(ctx.tenantId, kind, name);
      return versions.map((v) => ({
        version: v.version,
        authorId: v.authorId,
        createdAt: v.createdAt,
        message: v.message,
        diff: v.diff,
        revertedFrom: v.revertedFrom,
      }));
    },

    async diff(ctx, kind, name, range) {
      const head = await requireHead(store, ctx, kind, name);
      const from = await documentAt(store, ctx, head, range.from);
      const to = await documentAt(store, ctx, head, range.to);
      return diffJson(from, to);
    },

    async revert(ctx, kind, name, options) {
      return publishing(
        ctx.tenantId,
        store.transaction(async (tx) => {
          await tx.lockTenant(ctx.tenantId);
          const previous = await requireHead(tx, ctx, kind, name);
          checkIfMatch(previous, previous, options.ifMatch);
          const target = await tx.getVersion(ctx.tenantId, kind, name, options.version);
          if (!target) throw METADATA_VERSION_NOT_FOUND({ kind, name, version: options.version });

          const heads = (await tx.listHeads(ctx.tenantId)).filter((h) => !isEmpty(h));
          const document = await withSlots(tx, ctx, current(target.document));
          const replace = new Map([[refOf(previous), document]]);
          throwIfInvalid(validateApp(asDocuments(publishedSetWith(heads, replace))));

          const now = clock.now();
          const version = (previous.publishedVersion ?? 0) + 1;
          await tx.insertVersion({
            tenantId: ctx.tenantId,
            kind,
            name,
            version,
            document,
            diff: diffJson(previous.published ?? NOTHING, document),
            authorId: ctx.actorId,
            createdAt: now,
            message: options.message ?? null,
            revertedFrom: target.version,
          });
          const head: MetadataHead = {
            ...previous,
            revision: previous.revision + 1,
            draft: null,
            publishedVersion: version,
            published: document,
            updatedAt: now,
            updatedBy: ctx.actorId,
          };
          await writeHeadOrStale(tx, head, previous);
          return { kind, name, version, revertedFrom: target.version, revision: head.revision };
        }),
      );
    },

    async publishTypeChange(ctx, input, options) {
      const checked = checkDocument(input);
      if (!checked.ok) throw METADATA_INVALID({ issues: checked.issues });
      const name = input.name;
      return publishing(
        ctx.tenantId,
        store.transaction(async (tx) => {
          await tx.lockTenant(ctx.tenantId);
          const previous = await requireHead(tx, ctx, 'object', name);
          checkIfMatch(previous, previous, options.ifMatch);
          const heads = (await tx.listHeads(ctx.tenantId)).filter((h) => !isEmpty(h));
          const document = await withSlots(tx, ctx, checked.document as unknown as StoredDocument, {
            movedFields: new Set([options.field]),
          });
          const replace = new Map([[refOf(previous), document]]);
          throwIfInvalid(validateApp(asDocuments(publishedSetWith(heads, replace))));

          const now = clock.now();
          const version = (previous.publishedVersion ?? 0) + 1;
          await tx.insertVersion({
            tenantId: ctx.tenantId,
            kind: 'object',
            name,
            version,
            document,
            diff: diffJson(previous.published ?? NOTHING, document),
            authorId: ctx.actorId,
            createdAt: now,
            message: options.message ?? null,
            revertedFrom: null,
          });
          const head: MetadataHead = {
            ...previous,
            revision: previous.revision + 1,
            publishedVersion: version,
            published: document,
            updatedAt: now,
            updatedBy: ctx.actorId,
          };
          await writeHeadOrStale(tx, head, previous);
          return { kind: 'object', name, version, revision: head.revision };
        }),
      );
    },
  };
}
