#!/usr/bin/env node
// The whole test suite, as the README's test command runs it: typecheck, lint, dependency
// check, the web build, then every vitest suite (unit, storage on PGlite and, when
// TEST_DATABASE_URL is set, on PostgreSQL; browser tests on the built web). Ends with one
// summary line: "tests: N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => join(root, 'node_modules', '.bin', name);
const reportPath = join(root, '.tmp', 'vitest-report.json');
const extra = process.argv.slice(2);

const steps = [
  ['typecheck', bin('tsc'), ['-b']],
  ['lint', bin('biome'), ['check', '.']],
  ['dependency check', process.execPath, [join(root, 'scripts', 'check-deps.mjs')]],
  // The browser tests drive the built web app, served by the real server.
  ['web build', bin('vite'), ['build', '--logLevel', 'warn', join(root, 'apps', 'web')]],
  [
    'tests',
    bin('vitest'),
    ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${reportPath}`, ...extra],
  ],
];

if (process.env.TANGRAM_REQUIRE_POSTGRES === '1' && !process.env.TEST_DATABASE_URL) {
  console.error('TANGRAM_REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set');
  process.exit(1);
}
console.log(
  process.env.TEST_DATABASE_URL
    ? 'storage tests: PGlite and PostgreSQL (TEST_DATABASE_URL)'
    : 'storage tests: PGlite only (set TEST_DATABASE_URL to a PostgreSQL admin URL to add it)',
);

mkdirSync(join(root, '.tmp'), { recursive: true });
const failedSteps = [];
for (const [name, command, args] of steps) {
  console.log(`\n▶ ${name}`);
  const started = Date.now();
  const { status } = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (status === 0) console.log(`✓ ${name} (${seconds}s)`);
  else {
    console.log(`✗ ${name} failed (${seconds}s)`);
    failedSteps.push(name);
  }
}

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(reportPath)) {
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  passed = report.numPassedTests ?? 0;
  failed = report.numFailedTests ?? 0;
  skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  if (report.numFailedTestSuites > 0 && failed === 0) failed = report.numFailedTestSuites;
}
const checksFailed = failedSteps.filter((s) => s !== 'tests').length;
if (failedSteps.length > 0) console.log(`\nfailed steps: ${failedSteps.join(', ')}`);
console.log(`\ntests: ${passed} passed, ${failed + checksFailed} failed, ${skipped} skipped`);
process.exit(failedSteps.length === 0 && passed > 0 ? 0 : 1);
