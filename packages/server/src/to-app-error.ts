import {
  type AppError,
  BAD_REQUEST,
  type ErrorIssue,
  INTERNAL_ERROR,
  isAppError,
  PAYLOAD_TOO_LARGE,
} from '@tangram/errors';
import type { FastifyError } from 'fastify';
import { UNSUPPORTED_MEDIA_TYPE } from './server-errors.js';

function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && typeof (error as Partial<FastifyError>).code === 'string';
}

function validationIssues(error: FastifyError): ErrorIssue[] {
  const where = error.validationContext ?? 'request';
  return (error.validation ?? []).map((issue) => ({
    path: `/${where}${issue.instancePath}`,
    code: issue.keyword,
    message: issue.message ?? 'is not valid',
    params: issue.params,
  }));
}

/**
 * Turns anything thrown while serving a request into the one API error: AppErrors keep their
 * code and status, the framework's request errors become 400/413/415, and everything else is a
 * 500 that says nothing about the internals (the caller logs the original).
 */
export function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  if (isFastifyError(error)) {
    if (error.validation) return BAD_REQUEST({ issues: validationIssues(error) });
    if (error.statusCode === 413) return PAYLOAD_TOO_LARGE();
    if (error.statusCode === 415) return UNSUPPORTED_MEDIA_TYPE();
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return BAD_REQUEST({ reason: error.message });
    }
  }
  return INTERNAL_ERROR();
}
