export type { ServerConfig } from './config.js';
export { DEFAULT_TEMPLATE_DIR, readConfig } from './config.js';
export type { App, AppOptions } from './create-app.js';
export { createApp } from './create-app.js';
export { readTemplateDir } from './read-template-dir.js';
export type { RunningServer } from './start-server.js';
export { startServer } from './start-server.js';
export {
  createHeaderContextResolver,
  DEFAULT_TENANT_SLUG,
  TENANT_NOT_FOUND,
} from './tenant-context.js';
