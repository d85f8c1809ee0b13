import type { FastifyPluginAsync } from 'fastify';

/** Options of the health plugin: extra facts to report, such as the database backend. */
export interface HealthRoutesOptions {
  readonly health?: () => Promise<object> | object;
}

/** `GET /health`: answers `{ status: 'ok', ... }` while the process can serve requests. */
export const healthRoutes: FastifyPluginAsync<HealthRoutesOptions> = async (app, options) => {
  app.get('/health', async () => ({ status: 'ok', ...(await options.health?.()) }));
};
