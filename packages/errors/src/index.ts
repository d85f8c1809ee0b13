export type { ErrorIssue } from './app-error.js';
export { AppError, isAppError } from './app-error.js';
export {
  BAD_REQUEST,
  INTERNAL_ERROR,
  NOT_FOUND,
  PAYLOAD_TOO_LARGE,
  PRECONDITION_REQUIRED,
} from './common-errors.js';
export type { ErrorDefinition, ErrorFactory } from './define-error.js';
export { defineError, listErrorDefinitions } from './define-error.js';
