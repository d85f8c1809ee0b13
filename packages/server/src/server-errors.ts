import { defineError } from '@tangram/errors';

/** The request body is in a format the API does not read (it reads JSON). */
export const UNSUPPORTED_MEDIA_TYPE = defineError(
  'UNSUPPORTED_MEDIA_TYPE',
  415,
  'The request body must be JSON (Content-Type: application/json).',
);
