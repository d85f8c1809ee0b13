#!/usr/bin/env node
// The web benchmark: `node bench/web/run.mjs [--drags 30] [--keystrokes 60] [--fields 150]`.
// Builds nothing: run `pnpm --filter @tangram/web build` first. Starts the real server on a temp
// PGlite database, drives Debian's Chromium, prints the figures and writes results/latest.json.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createServer } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    fields: { type: 'string', default: '150' },
    drags: { type: 'string', default: '30' },
    keystrokes: { type: 'string', default: '60' },
  },
});

// The benchmark is TypeScript beside the product's sources: load it through Vite's module runner.
const vite = await createServer({
  root: join(here, '../..'),
  server: { middlewareMode: true },
  appType: 'custom',
  logLevel: 'error',
});
try {
  const { runDesignerBench } = await vite.ssrLoadModule(join(here, 'designer-bench.ts'));
  const harness = await vite.ssrLoadModule(join(here, '../../apps/web/src/e2e/e2e-harness.ts'));
  const server = await harness.startE2eServer();
  const browser = await harness.launchBrowser();
  try {
    const page = await browser.context.newPage();
    await harness.signIn(page, server.url);
    const result = await runDesignerBench(page, server.url, {
      fields: Number(values.fields),
      drags: Number(values.drags),
      keystrokes: Number(values.keystrokes),
    });
    const ms = (t) =>
      `median ${t.median.toFixed(1)} ms, p95 ${t.p95.toFixed(1)} ms, max ${t.max.toFixed(1)} ms (n=${t.n})`;
    console.log(`fields on the form:            ${result.fields}`);
    console.log(`drag-reorder (drop → frame):   ${ms(result.drop)}`);
    console.log(`preview keystroke (→ commit):  ${ms(result.keystroke)}`);
    console.log(
      `end-user first load JS:        ${(result.endUserScripts.gzipBytes / 1024).toFixed(0)} KB gzip ` +
        `(${(result.endUserScripts.bytes / 1024).toFixed(0)} KB raw) in ${result.endUserScripts.files.join(', ')}`,
    );
    console.log(`monaco on end-user first load: ${result.endUserLoadedMonaco ? 'YES' : 'no'}`);
    if (result.monacoChunk) {
      console.log(
        `monaco chunk (designer only):  ${(result.monacoChunk.gzipBytes / 1024).toFixed(0)} KB gzip`,
      );
    }
    mkdirSync(join(here, 'results'), { recursive: true });
    writeFileSync(join(here, 'results', 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
    // Written as the repository's formatter would, so the committed figures pass the lint step.
    spawnSync(join(here, '../../node_modules/.bin/biome'), [
      'format',
      '--write',
      join(here, 'results', 'latest.json'),
    ]);
  } finally {
    await browser.close();
    await server.close();
  }
} finally {
  await vite.close();
}
