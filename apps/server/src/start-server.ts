import { createDatabase } from '@tangram/db';
import type { ServerConfig } from './config.js';
import { type App, createApp } from './create-app.js';

/** A listening server and the way to stop it. */
export interface RunningServer {
  readonly app: App;
  /** The base URL it listens on, e.g. http://127.0.0.1:3000. */
  readonly url: string;
  /** Stops accepting requests, lets running ones finish, then closes the database. */
  close(): Promise<void>;
}

/** Opens the configured database, assembles the application and starts listening. */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const db = await createDatabase(
    config.databaseUrl === undefined
      ? { dataDir: config.dataDir }
      : { databaseUrl: config.databaseUrl, tenantScoped: config.rowLevelSecurity },
  );
  try {
    const app = await createApp({
      db,
      templateDir: config.templateDir,
      logger: config.logger,
      rowLevelSecurity: config.rowLevelSecurity,
      ...(config.admin === undefined ? {} : { admin: config.admin }),
    });
    await app.server.listen({ host: config.host, port: config.port });
    const address = app.server.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : config.port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    return {
      app,
      url: `http://${host}:${port}`,
      async close() {
        await app.server.close();
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
