import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isMetadataKind } from './metadata-kinds.js';
import { issuesOf } from './testing/issues.js';
import { objectWith, sampleDocuments } from './testing/sample-documents.js';
import { collectVarPaths } from './var-paths.js';

// The examples in the metadata reference must stay valid as the schemas change.
const reference = readFileSync(
  fileURLToPath(new URL('../../../docs/metadata-reference.md', import.meta.url)),
  'utf8',
);
const examples = [...reference.matchAll(/```json\n([\s\S]*?)```/g)].map(
  (match) => JSON.parse(match[1]!) as Record<string, unknown>,
);

/** A document to validate for a snippet: documents as they are, fields and filters in context. */
function documentFor(snippet: Record<string, unknown>): unknown {
  if (isMetadataKind(snippet.kind)) return snippet;
  if (typeof snippet.type === 'string') {
    // A formula's inputs become number fields beside it.
    const inputs = collectVarPaths(snippet.expression).map((name) => ({
      name,
      type: 'number' as const,
      label: { en: name },
    }));
    return objectWith(snippet as never, ...inputs);
  }
  if (snippet.kind !== undefined) return { ...sampleDocuments().contractList, filter: snippet };
  return undefined;
}

describe('docs/metadata-reference.md', () => {
  const checked = examples
    .map((snippet) => ({ snippet, document: documentFor(snippet) }))
    .filter(({ document }) => document !== undefined);

  it('has an example of every document kind', () => {
    const kinds = new Set(checked.map(({ snippet }) => snippet.kind));
    for (const kind of [
      'object',
      'form',
      'view',
      'app',
      'workflow',
      'report',
      'dashboard',
      'role',
    ]) {
      expect(kinds).toContain(kind);
    }
  });

  it.each(checked.map(({ snippet, document }) => [String(snippet.name ?? snippet.kind), document]))(
    'example %s is valid',
    (_name, document) => {
      expect(issuesOf(document)).toEqual([]);
    },
  );
});
