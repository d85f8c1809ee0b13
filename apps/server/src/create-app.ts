import { createMetadataStore, type Database, ensureTenant, migrateToLatest } from '@tangram/db';
import {
  createMetadataService,
  installTemplate,
  type MetadataService,
  systemClock,
  type TemplateInstallation,
} from '@tangram/engine';
import { buildServer } from '@tangram/server';
import { readTemplateDir } from './read-template-dir.js';
import { createHeaderContextResolver, DEFAULT_TENANT_SLUG } from './tenant-context.js';

/** What the application is assembled from; the database is opened (and closed) by the caller. */
export interface AppOptions {
  readonly db: Database;
  /** Template installed into the default tenant when it has no metadata yet; none when absent. */
  readonly templateDir?: string;
  readonly logger?: boolean;
}

/** The assembled application, not yet listening. */
export interface App {
  readonly server: ReturnType<typeof buildServer>;
  readonly metadata: MetadataService;
  readonly tenantId: string;
  /** What the template install did on this start; null when nothing was installed. */
  readonly installation: TemplateInstallation | null;
}

async function installFirstTemplate(
  metadata: MetadataService,
  ctx: { tenantId: string; actorId: string },
  templateDir: string,
  log: (message: string) => void,
): Promise<TemplateInstallation | null> {
  // Only on first start: installing again would overwrite what users designed since.
  if ((await metadata.list(ctx)).length > 0) return null;
  const documents = await readTemplateDir(templateDir);
  if (documents === undefined) {
    log(`template folder ${templateDir} not found; starting without a template`);
    return null;
  }
  const installation = await installTemplate(metadata, ctx, documents, {
    message: 'Installed template',
  });
  log(`installed template from ${templateDir}: ${installation.published.length} documents`);
  return installation;
}

/**
 * The composition root: migrates the database, ensures the default tenant, wires the metadata
 * store into the metadata service and the HTTP API, and installs the template on first start.
 */
export async function createApp(options: AppOptions): Promise<App> {
  const { db } = options;
  await migrateToLatest(db);
  const tenant = await ensureTenant(db, { slug: DEFAULT_TENANT_SLUG, name: 'Default' });
  const metadata = createMetadataService({ store: createMetadataStore(db), clock: systemClock });
  const server = buildServer({
    metadata,
    resolveContext: createHeaderContextResolver(db, tenant),
    logger: options.logger ?? false,
    health: async () => {
      await db.kysely.selectFrom('tenants').select('id').limit(1).execute();
      return { database: db.backend };
    },
  });
  const installation =
    options.templateDir === undefined
      ? null
      : await installFirstTemplate(
          metadata,
          { tenantId: tenant.id, actorId: 'system' },
          options.templateDir,
          (message) => server.log.info(message),
        );
  return { server, metadata, tenantId: tenant.id, installation };
}
