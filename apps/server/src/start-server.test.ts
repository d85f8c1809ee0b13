import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { readConfig } from './config.js';
import { type RunningServer, startServer } from './start-server.js';

const TEMPLATE_DIR = fileURLToPath(new URL('./__fixtures__/tiny-template/', import.meta.url));

describe('startServer', () => {
  let running: RunningServer | undefined;
  let dataDir: string | undefined;

  afterEach(async () => {
    await running?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('boots on the embedded database and answers /health over HTTP', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tangram-server-'));
    running = await startServer(
      readConfig({
        TANGRAM_DATA_DIR: dataDir,
        PORT: '0',
        TANGRAM_TEMPLATE_DIR: TEMPLATE_DIR,
        TANGRAM_LOG: '0',
      }),
    );
    const response = await fetch(`${running.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', database: 'pglite' });
  }, 90_000);
});

describe('readConfig', () => {
  it('defaults to PGlite in ./data on 127.0.0.1:3000', () => {
    const config = readConfig({});
    expect(config).toMatchObject({ dataDir: './data', host: '127.0.0.1', port: 3000 });
    expect(config.databaseUrl).toBeUndefined();
  });

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    const config = readConfig({ DATABASE_URL: 'postgres://u@localhost/db' });
    expect(config.databaseUrl).toBe('postgres://u@localhost/db');
  });

  it('reads the first administrator from TANGRAM_ADMIN_EMAIL and TANGRAM_ADMIN_PASSWORD', () => {
    const config = readConfig({
      TANGRAM_ADMIN_EMAIL: 'a@example.com',
      TANGRAM_ADMIN_PASSWORD: 'pw123456',
    });
    expect(config.admin).toEqual({ email: 'a@example.com', password: 'pw123456' });
    expect(readConfig({}).admin).toBeUndefined();
    expect(() => readConfig({ TANGRAM_ADMIN_EMAIL: 'a@example.com' })).toThrow(/TANGRAM_ADMIN/);
  });

  it('turns row-level security on only with TANGRAM_ROW_LEVEL_SECURITY=1 and a PostgreSQL URL', () => {
    expect(readConfig({}).rowLevelSecurity).toBe(false);
    const on = readConfig({ DATABASE_URL: 'postgres://app@db/t', TANGRAM_ROW_LEVEL_SECURITY: '1' });
    expect(on.rowLevelSecurity).toBe(true);
    expect(() => readConfig({ TANGRAM_ROW_LEVEL_SECURITY: '1' })).toThrow(/DATABASE_URL/);
    expect(() =>
      readConfig({ DATABASE_URL: 'postgres://x', TANGRAM_ROW_LEVEL_SECURITY: 'yes' }),
    ).toThrow();
  });

  it('refuses a port that is not a number', () => {
    expect(() => readConfig({ PORT: 'eighty' })).toThrow(/PORT/);
  });
});
