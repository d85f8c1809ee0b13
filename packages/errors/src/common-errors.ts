import { defineError } from './define-error.js';

/** Errors every layer may raise; layer-specific codes live beside their code. */
export const INTERNAL_ERROR = defineError('INTERNAL_ERROR', 500, 'An unexpected error occurred.');
export const NOT_FOUND = defineError('NOT_FOUND', 404, 'The requested resource does not exist.');
export const BAD_REQUEST = defineError('BAD_REQUEST', 400, 'The request is malformed.');
export const PRECONDITION_REQUIRED = defineError(
  'PRECONDITION_REQUIRED',
  428,
  'This change needs an If-Match header with the version you read.',
);
export const PAYLOAD_TOO_LARGE = defineError(
  'PAYLOAD_TOO_LARGE',
  413,
  'The request body is too large.',
);
