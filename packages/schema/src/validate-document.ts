import { isAppError } from '@tangram/errors';
import { checkDocument } from './document-checks.js';
import type { DocumentValidation, MetadataIssue } from './metadata-issue.js';
import { isMetadataKind, METADATA_KINDS, type MetadataDocument } from './metadata-kinds.js';
import { migrateDocument, SCHEMA_VERSION_UNSUPPORTED } from './migrations.js';
import { validateAgainstSchema } from './schema-validators.js';

/**
 * Validates one metadata document of any kind: migrates an older schemaVersion first, then checks
 * the schema of its kind and the rules inside the document. Returns every issue, never only the
 * first. References to other documents are checked by `validateApp`.
 */
export function validateDocument(input: unknown): DocumentValidation {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return fail({
      path: '',
      code: 'TYPE',
      message: 'A document must be a JSON object.',
      params: { type: 'object' },
    });
  }
  const kind = (input as Record<string, unknown>).kind;
  if (kind === undefined)
    return fail({ path: '/kind', code: 'REQUIRED', message: "'kind' is required." });
  if (!isMetadataKind(kind)) {
    return fail({
      path: '/kind',
      code: 'ENUM',
      message: `Unknown document kind ${JSON.stringify(kind)}.`,
      params: { allowedValues: [...METADATA_KINDS] },
    });
  }
  let migrated: unknown;
  try {
    migrated = migrateDocument(input);
  } catch (error) {
    if (!isAppError(error) || !SCHEMA_VERSION_UNSUPPORTED.is(error)) throw error;
    return fail({
      path: '/schemaVersion',
      code: 'SCHEMA_VERSION_UNSUPPORTED',
      message: error.message,
      params: error.details as Record<string, unknown>,
    });
  }
  const schemaIssues = validateAgainstSchema(kind, migrated);
  if (schemaIssues.length > 0) return { ok: false, issues: schemaIssues };
  const document = migrated as MetadataDocument;
  const issues = checkDocument(document);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, document };
}

function fail(issue: MetadataIssue): DocumentValidation {
  return { ok: false, issues: [issue] };
}
