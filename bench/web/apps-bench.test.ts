import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type E2eServer,
  launchBrowser,
  signIn,
  startE2eServer,
} from '../../apps/web/src/e2e/e2e-harness.js';
import { type AppsBenchResult, runAppsBench } from './apps-bench.js';

const TEMPLATE_DIR = fileURLToPath(new URL('../../examples/crm-sales/', import.meta.url));

// The smoke run of the end-user benchmark: a small board, a few list pages, a short drag. It checks
// that every measure is taken; the timings are figures for docs/benchmarks.md, not pass/fail.
describe('end-user apps benchmark, smoke run', () => {
  let server: E2eServer;
  let result: AppsBenchResult;

  beforeAll(async () => {
    server = await startE2eServer({ templateDir: TEMPLATE_DIR });
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      await signIn(page, server.url);
      result = await runAppsBench(page, server.url, { cards: 100, listRuns: 3, dragMoves: 20 });
    } finally {
      await browser.close();
    }
  }, 240_000);

  afterAll(async () => {
    await server?.close();
  });

  it('times the first load of a list page and every list page drawn', () => {
    expect(result.firstLoad.toRows).toBeGreaterThan(0);
    expect(result.listRender.n).toBeGreaterThanOrEqual(1);
    expect(result.listRender.median).toBeGreaterThan(0);
  });

  it('loads every card of the board and records the frames of a drag over it', () => {
    expect(result.kanban.cards).toBeGreaterThanOrEqual(100);
    expect(result.kanban.frameInterval.n).toBeGreaterThan(5);
  });
});
