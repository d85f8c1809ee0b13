import { defineError } from '@tangram/errors';

/** No document (or no draft, when a draft was asked for) of this kind and name in the tenant. */
export const METADATA_NOT_FOUND = defineError<{ kind: string; name: string; state?: string }>(
  'METADATA_NOT_FOUND',
  404,
  'The metadata document does not exist.',
);

/** The kind is not one of the metadata document kinds. */
export const METADATA_UNKNOWN_KIND = defineError<{ kind: string }>(
  'METADATA_UNKNOWN_KIND',
  404,
  'There is no metadata document kind of that name.',
);

/** The document, or the app it would become part of, breaks a rule; details list every issue. */
export const METADATA_INVALID = defineError<{ issues: readonly unknown[] }>(
  'METADATA_INVALID',
  422,
  'The metadata is not valid; see details.issues for every problem and its path.',
);

/** The If-Match revision is not the document's current revision. */
export const METADATA_STALE = defineError<{
  kind: string;
  name: string;
  expected: number | null;
  actual: number | null;
}>(
  'METADATA_STALE',
  412,
  'The metadata document has changed since you read it; reload it and apply your change again.',
);

/** The requested version is not in the document's history. */
export const METADATA_VERSION_NOT_FOUND = defineError<{
  kind: string;
  name: string;
  version: number;
}>('METADATA_VERSION_NOT_FOUND', 404, 'The metadata document has no such version.');

/** The document's kind or name differs from the kind and name it is saved under. */
export const METADATA_NAME_MISMATCH = defineError<{
  expected: { kind: string; name: string };
  actual: { kind: unknown; name: unknown };
}>(
  'METADATA_NAME_MISMATCH',
  400,
  'The document kind and name must equal the kind and name it is saved under.',
);
