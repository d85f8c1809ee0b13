import { RULE_LIMIT_EXCEEDED } from './rule-errors.js';
import type { RuleLimits } from './rule-limits.js';

/** Options of `toPlainData`. */
export interface PlainDataOptions {
  readonly limits: Pick<RuleLimits, 'maxDataDepth' | 'maxDataNodes'>;
  /** When the data is an object, only these top-level keys are kept. */
  readonly fields?: ReadonlySet<string>;
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * A copy of `data` holding only plain data: objects become null-prototype objects, arrays are
 * copied, dates become ISO strings, and functions, symbols, class instances and undefined are
 * left out (null inside arrays). A rule evaluated over the copy cannot reach a prototype or call
 * anything, and cannot see changes the caller makes later.
 */
export function toPlainData(data: unknown, options: PlainDataOptions): unknown {
  const { maxDataDepth, maxDataNodes } = options.limits;
  let nodes = 0;

  const copy = (value: unknown, depth: number, keep?: ReadonlySet<string>): unknown => {
    nodes += 1;
    if (nodes > maxDataNodes)
      throw RULE_LIMIT_EXCEEDED({ limit: 'maxDataNodes', max: maxDataNodes });
    if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
    if (typeof value === 'number') return value;
    if (typeof value === 'bigint') return value.toString();
    if (typeof value !== 'object') return undefined;
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
    if (depth >= maxDataDepth) {
      // Also what stops a cyclic structure.
      throw RULE_LIMIT_EXCEEDED({ limit: 'maxDataDepth', max: maxDataDepth });
    }
    if (Array.isArray(value)) return value.map((item) => copy(item, depth + 1) ?? null);
    if (!isPlainObject(value)) return undefined;
    const result: Record<string, unknown> = Object.create(null);
    const source = value as Record<string, unknown>;
    // The kept keys are usually a few of many: look them up rather than walk every key.
    for (const key of keep ?? Object.keys(source)) {
      if (keep !== undefined && !Object.hasOwn(source, key)) continue;
      const item = copy(source[key], depth + 1);
      if (item !== undefined) result[key] = item;
    }
    return result;
  };

  return copy(data, 0, options.fields) ?? null;
}
