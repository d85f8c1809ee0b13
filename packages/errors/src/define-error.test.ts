import { describe, expect, it } from 'vitest';
import { AppError, defineError, isAppError, listErrorDefinitions } from './index.js';

describe('defineError', () => {
  it('makes errors carrying the code, status and details', () => {
    const GONE = defineError<{ id: string }>('TEST_GONE', 410, 'Gone.');
    const error = GONE({ id: 'a' });
    expect(error).toBeInstanceOf(AppError);
    expect(error.toJSON()).toEqual({
      error: { code: 'TEST_GONE', message: 'Gone.', details: { id: 'a' } },
    });
    expect(error.status).toBe(410);
    expect(GONE.is(error)).toBe(true);
    expect(isAppError(error)).toBe(true);
  });

  it('registers every code once', () => {
    defineError('TEST_ONCE', 400, 'Once.');
    defineError('TEST_ONCE', 400, 'Once.');
    expect(listErrorDefinitions().filter((d) => d.code === 'TEST_ONCE')).toHaveLength(1);
  });

  it('refuses a code redefined with another meaning', () => {
    defineError('TEST_TWICE', 400, 'One.');
    expect(() => defineError('TEST_TWICE', 409, 'Two.')).toThrow(TypeError);
  });

  it('refuses codes that are not SCREAMING_SNAKE', () => {
    expect(() => defineError('notACode', 400, 'x')).toThrow(TypeError);
  });
});
