import { defineError } from '@tangram/errors';

/** The request body is in a format the API does not read (it reads JSON). */
export const UNSUPPORTED_MEDIA_TYPE = defineError(
  'UNSUPPORTED_MEDIA_TYPE',
  415,
  'The request body must be JSON (Content-Type: application/json).',
);

/**
 * The request holds U+0000 or an unpaired surrogate, which PostgreSQL cannot store as given;
 * `details.path` points at the first one.
 */
export const UNSUPPORTED_CHARACTER = defineError(
  'UNSUPPORTED_CHARACTER',
  400,
  'The request holds a character that cannot be stored: U+0000 or an unpaired surrogate.',
);

/** The request line and headers together pass what the server reads (16 KiB): a URL too long. */
export const HEADERS_TOO_LARGE = defineError(
  'HEADERS_TOO_LARGE',
  431,
  'The request line and headers are too large; send long filters in a POST body (…/records/query).',
);

/** The client did not finish sending its request in time. */
export const REQUEST_TIMEOUT = defineError(
  'REQUEST_TIMEOUT',
  408,
  'The request was not received in time.',
);
