import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { METADATA_KINDS } from './metadata-kinds.js';
import { metadataSchemas } from './schema-validators.js';

const generator = fileURLToPath(new URL('../scripts/generate.mjs', import.meta.url));

describe('generated files', () => {
  it('match what schemas/ generates today', () => {
    // The generator regenerates in memory and exits non-zero naming each stale file.
    const run = () => execFileSync(process.execPath, [generator, '--check'], { stdio: 'pipe' });
    expect(run).not.toThrow();
  });

  it('hold a schema per document kind plus the common, field and seed schemas', () => {
    expect(Object.keys(metadataSchemas).sort()).toEqual(
      [...METADATA_KINDS, 'common', 'field', 'seed'].map((name) => `${name}.schema.json`).sort(),
    );
  });

  it('give every schema its $id from its file name', () => {
    for (const [file, schema] of Object.entries(metadataSchemas)) {
      expect(schema).toMatchObject({ $id: `https://tangram.dev/schemas/${file}` });
    }
  });
});
