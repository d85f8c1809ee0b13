import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type E2eServer,
  launchBrowser,
  signIn,
  startE2eServer,
} from '../../apps/web/src/e2e/e2e-harness.js';
import { type DesignerBenchResult, runDesignerBench } from './designer-bench.js';

// The smoke run of bench/web: the 150-field form in the designer, a few drags and keystrokes, and
// the end user's first load. It checks the measures exist and the budgets that do not depend on
// timing; the timings themselves are figures for docs/benchmarks.md, not pass/fail.
describe('web benchmark, smoke run', () => {
  let server: E2eServer;
  let result: DesignerBenchResult;

  beforeAll(async () => {
    server = await startE2eServer();
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      await signIn(page, server.url);
      result = await runDesignerBench(page, server.url, { fields: 150, drags: 4, keystrokes: 10 });
    } finally {
      await browser.close();
    }
  }, 240_000);

  afterAll(async () => {
    await server?.close();
  });

  it('measures every drag-reorder and every preview keystroke of a 150-field form', () => {
    expect(result.drop.n).toBe(4);
    expect(result.keystroke.n).toBe(10);
    expect(result.drop.median).toBeGreaterThan(0);
    expect(result.keystroke.median).toBeGreaterThan(0);
  });

  it('keeps monaco out of the end user first load, in a chunk of its own', () => {
    expect(result.endUserScripts.files.length).toBeGreaterThan(0);
    expect(result.endUserScripts.files.filter((f) => f.startsWith('monaco'))).toEqual([]);
    expect(result.monacoChunk?.gzipBytes).toBeGreaterThan(100_000);
  });
});
