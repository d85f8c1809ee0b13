import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkImport, checkWorkspace, importsOf } from './check-deps.mjs';

function workspace(files) {
  const root = mkdtempSync(join(tmpdir(), 'deps-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const pkg = (name, deps = {}) => JSON.stringify({ name: `@tangram/${name}`, dependencies: deps });

describe('dependency check', () => {
  it('finds static, re-exported, dynamic and side-effect imports', () => {
    const source = `import { a } from 'x';\nexport { b } from "y";\nconst c = await import('z');\nimport 'w';\nimport type { T } from '@tangram/schema';`;
    expect(importsOf(source).sort()).toEqual(['@tangram/schema', 'w', 'x', 'y', 'z']);
  });

  it('rejects engine importing kysely, fastify or react', () => {
    for (const lib of ['kysely', 'fastify', 'react']) {
      expect(checkImport('engine', lib, {})).toHaveLength(1);
    }
  });

  it('rejects server importing db', () => {
    expect(checkImport('server', '@tangram/db', {})).toHaveLength(1);
  });

  it('rejects a deep import that is not in the exports map', () => {
    expect(checkImport('db', '@tangram/engine/src/x', { engine: ['.'] })).toHaveLength(1);
    expect(checkImport('server-app', '@tangram/db/testing', { db: ['.', './testing'] })).toEqual(
      [],
    );
  });

  it('accepts imports along the arrows', () => {
    expect(checkImport('db', '@tangram/engine', { engine: ['.'] })).toEqual([]);
    expect(checkImport('logic', 'json-logic-js', {})).toEqual([]);
  });

  it('reports a workspace whose engine imports pg, from source and from package.json', () => {
    const root = workspace({
      'packages/engine/package.json': pkg('engine', { pg: '8' }),
      'packages/engine/src/index.ts': "import { Pool } from 'pg';\n",
    });
    const problems = checkWorkspace(root);
    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).toContain('packages/engine/src/index.ts');
  });

  it('passes on this repository', () => {
    expect(checkWorkspace(fileURLToPath(new URL('..', import.meta.url)))).toEqual([]);
  });
});
