/** How many failed sign-ins a key may have in a window, and how many keys are remembered. */
export interface LoginThrottleOptions {
  /** Failures allowed per key per window (5). */
  readonly maxFailures?: number;
  /** The window, in ms (15 minutes). */
  readonly windowMs?: number;
  /** Most keys remembered; the oldest are forgotten first (10,000), bounding memory. */
  readonly maxKeys?: number;
}

/** Counts failed sign-ins per key (email + IP) and says when a key must wait. */
export interface LoginThrottle {
  /** Milliseconds the key must still wait; 0 when it may try. */
  retryAfter(key: string, now: number): number;
  fail(key: string, now: number): void;
  succeed(key: string): void;
}

interface Window {
  readonly start: number;
  failures: number;
}

/** Creates an in-process throttle with a fixed window per key and a bounded number of keys. */
export function createLoginThrottle(options: LoginThrottleOptions = {}): LoginThrottle {
  const maxFailures = options.maxFailures ?? 5;
  const windowMs = options.windowMs ?? 15 * 60_000;
  const maxKeys = options.maxKeys ?? 10_000;
  const windows = new Map<string, Window>();

  function current(key: string, now: number): Window | undefined {
    const window = windows.get(key);
    if (window && now - window.start >= windowMs) {
      windows.delete(key);
      return undefined;
    }
    return window;
  }

  return {
    retryAfter(key, now) {
      const window = current(key, now);
      if (!window || window.failures < maxFailures) return 0;
      return window.start + windowMs - now;
    },
    fail(key, now) {
      const window = current(key, now);
      if (window) {
        window.failures++;
        return;
      }
      // Map iteration is insertion order: the first key is the oldest window.
      while (windows.size >= maxKeys) {
        const oldest = windows.keys().next().value;
        if (oldest === undefined) break;
        windows.delete(oldest);
      }
      windows.set(key, { start: now, failures: 1 });
    },
    succeed(key) {
      windows.delete(key);
    },
  };
}
