import { AppError } from './app-error.js';

/** The AppError a promise rejects with, for tests; anything else rejects, and so does success. */
export async function rejectionOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}
