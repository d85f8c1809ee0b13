import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '@tangram/db';
import { openTestDatabase } from '@tangram/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from './create-app.js';
import { resolveWebDir } from './web-assets.js';

describe('serving the built web app', () => {
  let db: Database;
  let app: App;
  let webDir: string;

  beforeAll(async () => {
    webDir = await mkdtemp(join(tmpdir(), 'tangram-web-'));
    await mkdir(join(webDir, 'assets'));
    await writeFile(join(webDir, 'index.html'), '<!doctype html><div id="root"></div>');
    await writeFile(join(webDir, 'assets', 'index-abc.js'), 'console.log(1)');
    db = await openTestDatabase({ name: 'pglite' });
    app = await createApp({ db, webDir });
  }, 90_000);

  afterAll(async () => {
    await app?.server.close();
    await db?.close();
    await rm(webDir, { recursive: true, force: true });
  });

  it('answers / with the page', async () => {
    const response = await app.server.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.body).toContain('id="root"');
  });

  it('answers a client-side route with the page, so a reload works', async () => {
    const response = await app.server.inject({ method: 'GET', url: '/designer/forms/x?tab=1' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('id="root"');
  });

  it('serves hashed assets with a long cache lifetime', async () => {
    const response = await app.server.inject({ method: 'GET', url: '/assets/index-abc.js' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.headers['cache-control']).toContain('immutable');
  });

  it('keeps the JSON answers of the API for unknown API paths', async () => {
    const response = await app.server.inject({ method: 'GET', url: '/api/v1/no-such-route' });
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.headers['content-type']).toMatch(/application\/json/);
    expect(response.json().error.code).toBeTypeOf('string');
  });

  it('keeps /health', async () => {
    const response = await app.server.inject({ method: 'GET', url: '/health' });
    expect(response.json()).toMatchObject({ status: 'ok' });
  });
});

describe('resolveWebDir', () => {
  it('serves nothing when told null, or when the folder has no index.html', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'tangram-web-empty-'));
    expect(resolveWebDir(null)).toBeNull();
    expect(resolveWebDir(empty)).toBeNull();
    await rm(empty, { recursive: true, force: true });
  });
});
