#!/usr/bin/env node
// Fails when a package imports against the dependency arrows of docs/architecture.md:
// `B → A` means B may import A. Checked from source imports and package.json alike.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Which workspace packages each package may import (every package may import errors). */
export const ALLOWED = {
  errors: [],
  schema: ['errors'],
  logic: ['schema', 'errors'],
  engine: ['logic', 'schema', 'errors'],
  db: ['engine', 'schema', 'errors'],
  server: ['engine', 'schema', 'errors'],
  client: ['schema', 'errors'],
  ui: ['logic', 'schema', 'errors'],
  designer: ['ui', 'logic', 'schema', 'errors'],
  cli: ['client', 'schema', 'errors'],
};

const IO_FRAMEWORKS = [
  'kysely',
  'pg',
  '@electric-sql/pglite',
  'fastify',
  'react',
  'react-dom',
  'antd',
  'monaco-editor',
];
const NODE_BUILTINS = /^node:/;

/** Third-party imports each package must not use: the core stays free of IO frameworks. */
export const FORBIDDEN = {
  errors: [...IO_FRAMEWORKS, NODE_BUILTINS],
  schema: [...IO_FRAMEWORKS, NODE_BUILTINS],
  logic: [...IO_FRAMEWORKS, NODE_BUILTINS],
  engine: IO_FRAMEWORKS,
  db: ['fastify', 'react', 'react-dom', 'antd'],
  server: ['kysely', 'pg', '@electric-sql/pglite', 'react', 'react-dom', 'antd'],
  client: ['kysely', 'pg', '@electric-sql/pglite', 'fastify', 'react', 'react-dom'],
  ui: ['kysely', 'pg', '@electric-sql/pglite', 'fastify', NODE_BUILTINS],
  designer: ['kysely', 'pg', '@electric-sql/pglite', 'fastify', NODE_BUILTINS],
  cli: ['kysely', 'pg', '@electric-sql/pglite', 'fastify', 'react', 'react-dom'],
};

const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

/** The module specifiers a source text imports or re-exports. */
export function importsOf(source) {
  const found = [];
  for (const match of source.matchAll(IMPORT)) {
    const spec = match[1] ?? match[2] ?? match[3];
    if (spec) found.push(spec);
  }
  return found;
}

function packageOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function matches(rule, specifier) {
  if (rule instanceof RegExp) return rule.test(specifier);
  return packageOf(specifier) === rule;
}

/**
 * Problems with one import of a file in workspace package `name` (e.g. 'engine'), given the
 * subpaths each workspace package exports (`{ db: ['.', './testing'] }`).
 */
export function checkImport(name, specifier, exportsByPackage) {
  if (specifier.startsWith('.')) return [];
  const allowed = ALLOWED[name];
  if (allowed === undefined) return []; // apps are composition roots and may import anything
  if (specifier.startsWith('@tangram/')) {
    const [, target, ...rest] = specifier.split('/');
    if (target === name) return [`imports itself through '${specifier}'`];
    const problems = [];
    if (!allowed.includes(target)) {
      problems.push(`may not import @tangram/${target} (allowed: ${allowed.join(', ') || 'none'})`);
    }
    const subpath = rest.length === 0 ? '.' : `./${rest.join('/')}`;
    const exported = exportsByPackage[target];
    if (exported && !exported.includes(subpath)) {
      problems.push(`deep import '${specifier}' is not in @tangram/${target}'s exports map`);
    }
    return problems;
  }
  return (FORBIDDEN[name] ?? [])
    .filter((rule) => matches(rule, specifier))
    .map(
      () => `may not import '${specifier}' (IO framework or platform API kept out of this layer)`,
    );
}

function sourceFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|tsx|mts|js|mjs)$/.test(entry) && !/\.test\.tsx?$/.test(entry)) out.push(path);
  }
  return out;
}

/** Every dependency-direction problem in the workspace at `root`. */
export function checkWorkspace(root) {
  const problems = [];
  const packages = [];
  for (const group of ['packages', 'apps']) {
    let names = [];
    try {
      names = readdirSync(join(root, group));
    } catch {
      continue;
    }
    for (const dir of names) {
      const pkgPath = join(root, group, dir, 'package.json');
      try {
        packages.push({ group, dir, pkg: JSON.parse(readFileSync(pkgPath, 'utf8')) });
      } catch {
        // a folder without package.json is not a package
      }
    }
  }
  const exportsByPackage = {};
  for (const { group, dir, pkg } of packages) {
    if (group !== 'packages') continue;
    exportsByPackage[dir] = Object.keys(pkg.exports ?? { '.': null });
  }
  for (const { group, dir, pkg } of packages) {
    if (group !== 'packages') continue;
    if (pkg.name !== `@tangram/${dir}`) {
      problems.push(`packages/${dir}: package name must be @tangram/${dir}`);
    }
    if (!(dir in ALLOWED)) {
      problems.push(`packages/${dir}: not a package of the architecture; add it to ALLOWED`);
      continue;
    }
    for (const dep of Object.keys(pkg.dependencies ?? {})) {
      for (const p of checkImport(dir, dep, {})) {
        problems.push(`packages/${dir}/package.json: dependency ${p}`);
      }
    }
    for (const file of sourceFiles(join(root, 'packages', dir, 'src'))) {
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        for (const p of checkImport(dir, spec, exportsByPackage)) {
          problems.push(`${relative(root, file)}: ${p}`);
        }
      }
    }
  }
  return problems;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const problems = checkWorkspace(root);
  for (const p of problems) console.error(`✗ ${p}`);
  if (problems.length > 0) {
    console.error(`dependency check: ${problems.length} problem(s)`);
    process.exit(1);
  }
  console.log('dependency check: every import follows the arrows');
}
