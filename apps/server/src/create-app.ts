import {
  createAttachmentStore,
  createIdentityStore,
  createMetadataStore,
  createRecordStore,
  createSavedViewStore,
  type Database,
  enableRowLevelSecurity,
  ensureTenant,
  migrateToLatest,
  runInTenant,
} from '@tangram/db';
import {
  type AccessService,
  type AuthService,
  createAccessService,
  createAttachmentService,
  createAuthService,
  createDirectoryService,
  createMetadataService,
  createRecordService,
  createSavedViewService,
  createSecuredRecordService,
  guardAttachmentWrites,
  installSeed,
  installTemplate,
  type MetadataService,
  type RecordService,
  type SeedInstallation,
  systemClock,
  type TemplateInstallation,
} from '@tangram/engine';
import type { AppDoc, ObjectDoc } from '@tangram/schema';
import { buildServer } from '@tangram/server';
import { argon2Hasher } from './argon2-hasher.js';
import { auditedMetadata } from './audited-metadata.js';
import { readTemplateDir } from './read-template-dir.js';
import { createSessionContextResolver, DEFAULT_TENANT_SLUG } from './tenant-context.js';
import { registerWebAssets, resolveWebDir } from './web-assets.js';

/** What the application is assembled from; the database is opened (and closed) by the caller. */
export interface AppOptions {
  readonly db: Database;
  /** Template installed into the default tenant when it has no metadata yet; none when absent. */
  readonly templateDir?: string;
  readonly logger?: boolean;
  /** The built web app served beside the API; apps/web/dist when absent, none when null. */
  readonly webDir?: string | null;
  /**
   * Row-level security on PostgreSQL: policies on every tenant table, and each request's
   * statements in its tenant's scope. The database must be opened with `tenantScoped`.
   */
  readonly rowLevelSecurity?: boolean;
  /** The first administrator, created when the default tenant has no user yet. */
  readonly admin?: { readonly email: string; readonly password: string; readonly name?: string };
}

/** The assembled application, not yet listening. */
export interface App {
  readonly server: ReturnType<typeof buildServer>;
  readonly metadata: MetadataService;
  readonly records: RecordService;
  /** Sign-in, sessions and API tokens. */
  readonly auth: AuthService;
  /** Roles and object permissions per signed-in user. */
  readonly access: AccessService;
  readonly tenantId: string;
  /** What the template install did on this start; null when nothing was installed. */
  readonly installation: TemplateInstallation | null;
  /** The template's sample records written on this start; null when none were. */
  readonly seed: SeedInstallation | null;
}

/** How long a record call may use a published object read earlier, at most. */
export const METADATA_CACHE_TTL_MS = 5_000;

/**
 * The user that owns a template's sample records until people sign in: user fields given as
 * `{ "$user": "installer" }` in a seed point at it.
 */
export const TEMPLATE_INSTALLER_ID = '00000000-0000-4000-8000-000000000001';

async function installFirstTemplate(
  metadata: MetadataService,
  records: RecordService,
  ctx: { tenantId: string; actorId: string },
  templateDir: string,
  log: (message: string) => void,
): Promise<{ installation: TemplateInstallation; seed: SeedInstallation | null } | null> {
  // Only on first start: installing again would overwrite what users designed since.
  if ((await metadata.list(ctx)).length > 0) return null;
  const template = await readTemplateDir(templateDir);
  if (template === undefined) {
    log(`template folder ${templateDir} not found; starting without a template`);
    return null;
  }
  const installation = await installTemplate(metadata, ctx, template.documents, {
    message: 'Installed template',
  });
  log(`installed template from ${templateDir}: ${installation.published.length} documents`);
  if (template.seed.length === 0) return { installation, seed: null };
  const app = template.documents.find((d): d is AppDoc => (d as AppDoc).kind === 'app');
  const objects = template.documents.filter(
    (d): d is ObjectDoc => (d as ObjectDoc).kind === 'object',
  );
  const seed = await installSeed(
    records,
    { ...ctx, userId: TEMPLATE_INSTALLER_ID },
    app?.name ?? 'template',
    template.seed,
    objects,
  );
  log(`installed ${seed.created} sample records`);
  return { installation, seed };
}

/**
 * The composition root: migrates the database, ensures the default tenant, wires the metadata
 * store into the metadata service and the HTTP API, and installs the template on first start.
 */
export async function createApp(options: AppOptions): Promise<App> {
  const { db } = options;
  await migrateToLatest(db);
  if (options.rowLevelSecurity === true) await enableRowLevelSecurity(db);
  const tenant = await ensureTenant(db, { slug: DEFAULT_TENANT_SLUG, name: 'Default' });
  // Record calls read published objects from a short-lived cache; a publish in this process drops
  // the tenant's entries at once, another process's publish is seen within the TTL.
  let records: RecordService | undefined;
  let access: AccessService | undefined;
  const metadata = createMetadataService({
    store: createMetadataStore(db),
    clock: systemClock,
    onPublished: (tenantId) => {
      records?.invalidate(tenantId);
      access?.invalidate(tenantId);
    },
  });
  const identity = createIdentityStore(db);
  access = createAccessService({ metadata, identity });
  const auth = createAuthService({
    store: identity,
    hasher: argon2Hasher,
    clock: systemClock,
    defaultTenantSlug: DEFAULT_TENANT_SLUG,
  });
  const recordStore = createRecordStore(db);
  const attachmentStore = createAttachmentStore(db);
  // Every caller reaches records through the access planner; calls without a signed-in
  // principal (the template installer) pass through it unrestricted. Below it, attachment
  // fields take only files the writer may put there, whoever writes.
  records = createSecuredRecordService({
    records: guardAttachmentWrites({
      records: createRecordService({
        metadata,
        store: recordStore,
        clock: systemClock,
        metadataTtlMs: METADATA_CACHE_TTL_MS,
      }),
      metadata,
      store: attachmentStore,
    }),
    access,
    metadata,
    store: recordStore,
    audit: (event) => auth.audit(event),
  });
  const server = buildServer({
    metadata: auditedMetadata(metadata, (event) => auth.audit(event)),
    records,
    attachments: createAttachmentService({
      store: attachmentStore,
      records,
      clock: systemClock,
    }),
    savedViews: createSavedViewService({
      store: createSavedViewStore(db),
      records,
      access,
      clock: systemClock,
    }),
    recentWrites: recordStore,
    resolveContext: createSessionContextResolver(),
    auth: {
      service: auth,
      access,
      directory: createDirectoryService({ store: identity, auth, access, records }),
    },
    logger: options.logger ?? false,
    ...(options.rowLevelSecurity === true ? { runInTenant } : {}),
    health: async () => {
      await db.kysely.selectFrom('tenants').select('id').limit(1).execute();
      return { database: db.backend };
    },
  });
  const webDir = resolveWebDir(options.webDir);
  if (webDir !== null) await registerWebAssets(server, webDir);
  const { templateDir } = options;
  const installed =
    templateDir === undefined
      ? null
      : await runInTenant(tenant.id, () =>
          installFirstTemplate(
            metadata,
            records,
            { tenantId: tenant.id, actorId: 'system' },
            templateDir,
            (message) => server.log.info(message),
          ),
        );
  if (options.admin !== undefined && (await auth.ensureAdmin(options.admin))) {
    server.log.info(`created the first administrator ${options.admin.email}`);
  }
  return {
    server,
    metadata,
    records,
    auth,
    access,
    tenantId: tenant.id,
    installation: installed?.installation ?? null,
    seed: installed?.seed ?? null,
  };
}
