#!/usr/bin/env node
// The end-user apps benchmark: `node bench/web/run-apps.mjs [--cards 500] [--list-runs 20] [--drag-moves 120]`.
// Builds nothing: run `pnpm --filter @tangram/web build` first. Starts the real server with the
// sales template on a temp PGlite database, drives Debian's Chromium, prints the figures and
// writes results/apps-latest.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createServer } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    cards: { type: 'string', default: '500' },
    'list-runs': { type: 'string', default: '20' },
    'drag-moves': { type: 'string', default: '120' },
  },
});

const vite = await createServer({
  root: join(here, '../..'),
  server: { middlewareMode: true },
  appType: 'custom',
  logLevel: 'error',
});
try {
  const { runAppsBench } = await vite.ssrLoadModule(join(here, 'apps-bench.ts'));
  const harness = await vite.ssrLoadModule(join(here, '../../apps/web/src/e2e/e2e-harness.ts'));
  const server = await harness.startE2eServer({
    templateDir: join(here, '../../examples/crm-sales/'),
  });
  const browser = await harness.launchBrowser();
  try {
    const page = await browser.context.newPage();
    await harness.signIn(page, server.url);
    const result = await runAppsBench(page, server.url, {
      cards: Number(values.cards),
      listRuns: Number(values['list-runs']),
      dragMoves: Number(values['drag-moves']),
    });
    const ms = (t) =>
      `median ${t.median.toFixed(1)} ms, p95 ${t.p95.toFixed(1)} ms, max ${t.max.toFixed(1)} ms (n=${t.n})`;
    console.log(`first load to rows on screen:   ${result.firstLoad.toRows.toFixed(0)} ms`);
    console.log(
      `  DOMContentLoaded / load:      ${result.firstLoad.domContentLoaded.toFixed(0)} / ${result.firstLoad.load.toFixed(0)} ms`,
    );
    console.log(`50-row list, data → frame:      ${ms(result.listRender)}`);
    console.log(`kanban cards:                   ${result.kanban.cards}`);
    console.log(`kanban drag frame interval:     ${ms(result.kanban.frameInterval)}`);
    console.log(`  frames over 18.7 ms:          ${result.kanban.slowFrames}`);
    console.log(`  long animation frames (>50):  ${result.kanban.longAnimationFrames}`);
    mkdirSync(join(here, 'results'), { recursive: true });
    writeFileSync(
      join(here, 'results', 'apps-latest.json'),
      `${JSON.stringify(result, null, 2)}\n`,
    );
  } finally {
    await browser.close();
    await server.close();
  }
} finally {
  await vite.close();
}
