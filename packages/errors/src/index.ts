export type { ErrorIssue } from './app-error.js';
export { AppError, isAppError } from './app-error.js';
export {
  BAD_REQUEST,
  CONFLICT,
  INTERNAL_ERROR,
  NOT_FOUND,
  PAYLOAD_TOO_LARGE,
  PRECONDITION_FAILED,
  PRECONDITION_REQUIRED,
  VALIDATION_FAILED,
} from './common-errors.js';
export type { ErrorDefinition, ErrorFactory } from './define-error.js';
export { defineError, listErrorDefinitions } from './define-error.js';
