import { fileURLToPath } from 'node:url';

/** Everything the server reads from its environment. */
export interface ServerConfig {
  /** PostgreSQL URL; when absent the embedded PGlite database in `dataDir` is used. */
  readonly databaseUrl?: string;
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  /** The template installed into a tenant that has no metadata yet. */
  readonly templateDir: string;
  readonly logger: boolean;
  /** PostgreSQL row-level security on tenant_id as defence in depth (needs `databaseUrl`). */
  readonly rowLevelSecurity: boolean;
  /** The first administrator, created at start when the default tenant has no user yet. */
  readonly admin?: { readonly email: string; readonly password: string; readonly name?: string };
}

/** The sales CRM template shipped in examples/, found relative to this file in src/ or dist/. */
export const DEFAULT_TEMPLATE_DIR = fileURLToPath(
  new URL('../../../examples/crm-sales/', import.meta.url),
);

function readPort(value: string | undefined): number {
  if (value === undefined || value === '') return 3000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be an integer between 0 and 65535, got ${value}`);
  }
  return port;
}

function readRowLevelSecurity(value: string | undefined, databaseUrl: string | undefined): boolean {
  if (value === undefined || value === '' || value === '0') return false;
  if (value !== '1') throw new Error(`TANGRAM_ROW_LEVEL_SECURITY must be 0 or 1, got ${value}`);
  if (databaseUrl === undefined) {
    throw new Error('TANGRAM_ROW_LEVEL_SECURITY=1 needs DATABASE_URL (PGlite has no roles)');
  }
  return true;
}

/**
 * Reads the configuration: `DATABASE_URL` (PostgreSQL) or `TANGRAM_DATA_DIR` (PGlite, default
 * ./data), `HOST` (default 127.0.0.1), `PORT` (default 3000), `TANGRAM_TEMPLATE_DIR`,
 * `TANGRAM_LOG` ('0' silences request logs), `TANGRAM_ADMIN_EMAIL` + `TANGRAM_ADMIN_PASSWORD`
 * (+ `TANGRAM_ADMIN_NAME`): the first administrator of a fresh install, `TANGRAM_ROW_LEVEL_SECURITY`
 * ('1': row-level security on PostgreSQL, connecting as an unprivileged role).
 */
export function readConfig(env: NodeJS.ProcessEnv): ServerConfig {
  const databaseUrl = env.DATABASE_URL === '' ? undefined : env.DATABASE_URL;
  const adminEmail = env.TANGRAM_ADMIN_EMAIL || undefined;
  const adminPassword = env.TANGRAM_ADMIN_PASSWORD || undefined;
  if ((adminEmail === undefined) !== (adminPassword === undefined)) {
    throw new Error('TANGRAM_ADMIN_EMAIL and TANGRAM_ADMIN_PASSWORD must be set together');
  }
  return {
    ...(databaseUrl === undefined ? {} : { databaseUrl }),
    dataDir: env.TANGRAM_DATA_DIR || './data',
    host: env.HOST || '127.0.0.1',
    port: readPort(env.PORT),
    templateDir: env.TANGRAM_TEMPLATE_DIR || DEFAULT_TEMPLATE_DIR,
    logger: env.TANGRAM_LOG !== '0',
    rowLevelSecurity: readRowLevelSecurity(env.TANGRAM_ROW_LEVEL_SECURITY, databaseUrl),
    ...(adminEmail === undefined || adminPassword === undefined
      ? {}
      : {
          admin: {
            email: adminEmail,
            password: adminPassword,
            ...(env.TANGRAM_ADMIN_NAME ? { name: env.TANGRAM_ADMIN_NAME } : {}),
          },
        }),
  };
}
