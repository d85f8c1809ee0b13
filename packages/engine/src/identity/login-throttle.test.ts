import { describe, expect, it } from 'vitest';
import { createLoginThrottle } from './login-throttle.js';

describe('createLoginThrottle', () => {
  it('holds a key back after the allowed failures until its window ends', () => {
    const throttle = createLoginThrottle({ maxFailures: 3, windowMs: 1000 });
    for (let i = 0; i < 3; i++) throttle.fail('a', 100);
    expect(throttle.retryAfter('a', 200)).toBe(900);
    expect(throttle.retryAfter('b', 200)).toBe(0);
    expect(throttle.retryAfter('a', 1100)).toBe(0);
  });

  it('forgets a key after a success', () => {
    const throttle = createLoginThrottle({ maxFailures: 1 });
    throttle.fail('a', 0);
    throttle.succeed('a');
    expect(throttle.retryAfter('a', 1)).toBe(0);
  });

  it('remembers at most maxKeys keys, forgetting the oldest', () => {
    const throttle = createLoginThrottle({ maxFailures: 1, maxKeys: 2 });
    throttle.fail('a', 0);
    throttle.fail('b', 0);
    throttle.fail('c', 0);
    expect(throttle.retryAfter('a', 1)).toBe(0);
    expect(throttle.retryAfter('c', 1)).toBeGreaterThan(0);
  });
});
