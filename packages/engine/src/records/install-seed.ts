import type { ObjectDoc, SeedFile } from '@tangram/schema';
import { planSeed, resolveSeedValues, validateSeed } from '@tangram/schema';
import { METADATA_INVALID } from '../metadata/metadata-errors.js';
import type { RecordContext, RecordService } from './record-service.js';

/** What `installSeed` did: how many records it created and how many already existed. */
export interface SeedInstallation {
  readonly created: number;
  readonly existing: number;
}

/**
 * Writes a template's sample records through the record service, so every record passes the
 * same validation, defaults, formulas, autonumbers and audit as one a user creates. Records are
 * created in the order their lookups need; `{ "$ref" }` values become the ids just created, and
 * `{ "$user": "installer" }` the installing user. Each create carries the idempotency key
 * `seed:<app>:<ref>`, so installing the same seed again creates nothing.
 */
export async function installSeed(
  records: RecordService,
  ctx: RecordContext & { readonly userId: string },
  app: string,
  files: readonly unknown[],
  objects: readonly ObjectDoc[],
): Promise<SeedInstallation> {
  const issues = validateSeed(files, objects);
  if (issues.length > 0) throw METADATA_INVALID({ issues });
  const plan = planSeed(files as readonly SeedFile[], objects);
  const ids = new Map<string, string>();
  let created = 0;
  let existing = 0;
  const startedAt = Date.now();
  for (const step of plan.creates) {
    const input = resolveSeedValues(step.values, ids, ctx.userId);
    const record = await records.create(ctx, step.object, input, {
      idempotencyKey: `seed:${app}:${step.ref}`,
    });
    // A replayed key answers with the record first created, which is older than this call.
    if (Date.parse(String(record.created_at)) < startedAt) existing += 1;
    else created += 1;
    ids.set(step.ref, String(record.id));
  }
  for (const step of plan.updates) {
    const id = ids.get(step.ref);
    if (id === undefined) continue;
    const current = await records.get(ctx, step.object, id);
    await records.update(ctx, step.object, id, resolveSeedValues(step.values, ids, ctx.userId), {
      ifMatch: Number(current.version),
    });
  }
  return { created, existing };
}
