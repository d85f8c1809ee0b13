import { validateDocument } from '@tangram/schema';
import { withoutSlots } from '../records/allocate-slots.js';
import { isSameJson } from './json-diff.js';
import { METADATA_INVALID } from './metadata-errors.js';
import type {
  MetadataContext,
  MetadataPublication,
  MetadataRef,
  MetadataService,
} from './metadata-service.js';

/** What `installTemplate` did: the versions it published and the documents already up to date. */
export interface TemplateInstallation {
  readonly published: MetadataPublication[];
  readonly unchanged: MetadataRef[];
}

async function publishedCopy(
  service: MetadataService,
  ctx: MetadataContext,
  ref: MetadataRef,
): Promise<{ document: object; revision: number; hasDraft: boolean } | undefined> {
  const [summary] = (await service.list(ctx, { kind: ref.kind })).filter(
    (s) => s.name === ref.name,
  );
  if (!summary) return undefined;
  if (summary.publishedVersion === null) {
    return { document: {}, revision: summary.revision, hasDraft: summary.hasDraft };
  }
  const entry = await service.get(ctx, ref.kind, ref.name, { state: 'published' });
  return { document: entry.document, revision: entry.revision, hasDraft: entry.hasDraft };
}

/**
 * Installs a template's documents into a tenant: checks every document first (422 listing every
 * issue of every document, nothing saved), saves as drafts those whose published copy differs,
 * and publishes them together. Running it again with the same documents changes nothing.
 */
export async function installTemplate(
  service: MetadataService,
  ctx: MetadataContext,
  documents: readonly unknown[],
  options: { readonly message?: string } = {},
): Promise<TemplateInstallation> {
  const valid = documents.map((input) => validateDocument(input));
  const issues = valid.flatMap((result) => (result.ok ? [] : result.issues));
  if (issues.length > 0) throw METADATA_INVALID({ issues });

  const saved: { ref: MetadataRef; revision: number }[] = [];
  const unchanged: MetadataRef[] = [];
  for (const result of valid) {
    if (!result.ok) continue;
    const ref = { kind: result.document.kind, name: result.document.name };
    const current = await publishedCopy(service, ctx, ref);
    if (
      current &&
      !current.hasDraft &&
      isSameJson(withoutSlots(current.document), withoutSlots(result.document))
    ) {
      unchanged.push(ref);
      continue;
    }
    const draft = await service.saveDraft(ctx, result.document, {
      ...(current ? { ifMatch: current.revision } : {}),
    });
    saved.push({ ref, revision: draft.revision });
  }
  if (saved.length === 0) return { published: [], unchanged };

  try {
    const { published } = await service.publish(ctx, {
      documents: saved.map((s) => s.ref),
      ...(options.message === undefined ? {} : { message: options.message }),
    });
    return { published, unchanged };
  } catch (error) {
    // Leave no half-installed drafts behind when the set as a whole does not publish.
    for (const { ref, revision } of saved) {
      await service.discardDraft(ctx, ref.kind, ref.name, { ifMatch: revision });
    }
    throw error;
  }
}
