import { readFileSync } from 'node:fs';
import { listErrorDefinitions } from '@tangram/errors';
import { describe, expect, it } from 'vitest';
import './index.js';

const table = readFileSync(new URL('../../../docs/error-codes.md', import.meta.url), 'utf8');

/** The `| code | status |` rows of docs/error-codes.md. */
function documentedCodes(): Array<[string, number]> {
  return [...table.matchAll(/^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|\s*(\d{3})\s*\|/gm)].map((m) => [
    m[1]!,
    Number(m[2]),
  ]);
}

describe('docs/error-codes.md', () => {
  it('lists every error code the product defines, with its status, and no other', () => {
    const defined = listErrorDefinitions().map((d): [string, number] => [d.code, d.status]);
    expect(documentedCodes().sort()).toEqual(defined.sort());
  });
});
