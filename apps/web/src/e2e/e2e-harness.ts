import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RunningServer, readConfig, startServer } from '@tangram/server-app';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

/** A browser page, for helpers outside this package (the benchmarks) that drive one. */
export type { Page };

const WEB_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WEB_DIST = join(WEB_ROOT, 'dist');

/** The administrator every e2e server starts with. */
export const E2E_ADMIN = {
  email: 'admin@example.com',
  password: 'correct horse battery',
  name: 'Ada',
};

/** Builds the web app once when its dist folder is missing (`pnpm test` builds it beforehand). */
export function ensureWebBuilt(): void {
  if (existsSync(join(WEB_DIST, 'index.html'))) return;
  const vite = join(WEB_ROOT, 'node_modules', '.bin', 'vite');
  const result = spawnSync(vite, ['build', '--logLevel', 'warn'], {
    cwd: WEB_ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('building apps/web failed');
}

/** A server for one e2e file: fresh embedded database, the built web app, on a free port. */
export interface E2eServer {
  readonly url: string;
  readonly server: RunningServer;
  close(): Promise<void>;
}

/**
 * Starts the real server in this process on 127.0.0.1 with a temporary PGlite database, the
 * built web app and the first administrator E2E_ADMIN; no template unless one is named.
 */
export async function startE2eServer(options: { templateDir?: string } = {}): Promise<E2eServer> {
  ensureWebBuilt();
  const dataDir = await mkdtemp(join(tmpdir(), 'tangram-e2e-'));
  const server = await startServer(
    readConfig({
      TANGRAM_DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: '0',
      TANGRAM_LOG: '0',
      TANGRAM_TEMPLATE_DIR: options.templateDir ?? join(dataDir, 'no-template'),
      TANGRAM_ADMIN_EMAIL: E2E_ADMIN.email,
      TANGRAM_ADMIN_PASSWORD: E2E_ADMIN.password,
      TANGRAM_ADMIN_NAME: E2E_ADMIN.name,
    }),
  );
  return {
    url: server.url,
    server,
    async close() {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts an e2e server before the tests of the enclosing `describe` and closes it after them;
 * what it returns stands for that server while the tests run.
 */
export function useE2eServer(options: { templateDir?: string } = {}): E2eServer {
  let started: E2eServer | undefined;
  beforeAll(async () => {
    started = await startE2eServer(options);
  }, 120_000);
  afterAll(async () => {
    await started?.close();
  });
  const current = (): E2eServer => {
    if (started === undefined) throw new Error('the e2e server is not started yet');
    return started;
  };
  return {
    get url() {
      return current().url;
    },
    get server() {
      return current().server;
    },
    close: () => current().close(),
  };
}

/**
 * Waits, after releasing a dnd-kit drag, until a click can reach the page again: dnd-kit stops
 * every click on the document while a drag runs and drops that listener 50 ms after the drag
 * ends, on the page's timer queue. On a busy machine that timer fires late, and a click made
 * meanwhile (a test's next step) is swallowed; a page timer set now, for longer, fires after it.
 */
export async function afterDrop(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 100)));
}

/** Debian's Chromium, which the e2e tests drive. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Launches headless Chromium with a fresh profile (its --user-data-dir) and the flags this
 * machine needs; pages come from `context.newPage()`. The browser prefers reduced motion unless
 * told otherwise, so the app opens dialogs and popups without animating them: on two busy cores
 * a click could otherwise land while a popup was still zooming in, and be lost.
 */
export async function launchBrowser(
  options: {
    viewport?: { width: number; height: number };
    locale?: string;
    reducedMotion?: 'reduce' | 'no-preference';
  } = {},
): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = await mkdtemp(join(tmpdir(), 'tangram-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    reducedMotion: options.reducedMotion ?? 'reduce',
    viewport: options.viewport ?? { width: 1440, height: 900 },
    ...(options.locale ? { locale: options.locale } : {}),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Signs a page in through the web app's sign-in page, as E2E_ADMIN unless told who. */
export async function signIn(
  page: Page,
  url: string,
  who: { readonly email: string; readonly password: string } = E2E_ADMIN,
): Promise<void> {
  await page.goto(url);
  await page.fill('input[autocomplete=username]', who.email);
  await page.fill('input[type=password]', who.password);
  await page.click('button[type=submit]');
  await page.waitForURL(/\/(designer|apps)/);
}
