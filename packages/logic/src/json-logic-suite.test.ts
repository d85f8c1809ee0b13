import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  checkRule,
  compileRule,
  EXCLUDED_OPERATORS,
  evaluateRule,
  RULE_LIMIT_EXCEEDED,
  RULE_REJECTED,
} from './index.js';

type SuiteCase = readonly [rule: unknown, data: unknown, expected: unknown];

// The official JsonLogic suite, kept in the shared data folder beside the repository.
const SUITE_FILE = new URL('../../../../shared/data/jsonlogic-tests.json', import.meta.url);
const entries: unknown[] = JSON.parse(readFileSync(SUITE_FILE, 'utf8'));
const cases = entries.filter((entry): entry is SuiteCase => Array.isArray(entry));

/**
 * Cases whose rule uses an operator we deliberately exclude, by their JSON. The current suite has
 * none; a case added to the suite that uses `log` or `method` fails the test below until it is
 * listed here.
 */
const EXCLUDED_CASES: ReadonlySet<string> = new Set<string>([]);

function usesExcludedOperator(rule: unknown): boolean {
  if (Array.isArray(rule)) return rule.some(usesExcludedOperator);
  if (typeof rule !== 'object' || rule === null) return false;
  return Object.entries(rule).some(
    ([key, value]) => EXCLUDED_OPERATORS.has(key) || usesExcludedOperator(value),
  );
}

describe('the official JsonLogic suite', () => {
  it('is found and holds cases', () => {
    expect(cases.length).toBeGreaterThan(250);
  });

  it('lists exactly the cases that use an excluded operator', () => {
    const found = cases
      .filter(([rule]) => usesExcludedOperator(rule))
      .map((c) => JSON.stringify(c));
    expect(new Set(found)).toEqual(EXCLUDED_CASES);
  });

  for (const suiteCase of cases) {
    const [rule, data, expected] = suiteCase;
    const name = JSON.stringify(suiteCase);
    if (EXCLUDED_CASES.has(name)) {
      it(`rejects ${name} for its excluded operator`, () => {
        const codes = checkRule(rule).map((issue) => issue.code);
        expect(codes).toContain('EXCLUDED_OPERATOR');
        expect(() => evaluateRule(rule, data)).toThrowError(
          expect.objectContaining({ code: RULE_REJECTED.code }),
        );
      });
    } else {
      it(`passes ${name}`, () => {
        expect(checkRule(rule)).toEqual([]);
        expect(evaluateRule(rule, data)).toEqual(expected);
        expect(compileRule(rule).evaluate(data)).toEqual(expected);
      });
    }
  }

  it('meters every case compiled exactly as interpreted: same steps, same stop', () => {
    const stopsAt = (evaluate: () => unknown): string => {
      try {
        return JSON.stringify(evaluate()) ?? 'undefined';
      } catch (error) {
        const code = (error as { code?: string }).code;
        return code === RULE_LIMIT_EXCEEDED.code ? 'limit' : `error ${code}`;
      }
    };
    for (const [rule, data] of cases.filter((c) => !EXCLUDED_CASES.has(JSON.stringify(c)))) {
      for (const maxSteps of [1, 2, 3, 4, 5, 6, 8, 10, 13, 20]) {
        const limits = { maxSteps };
        expect([
          rule,
          maxSteps,
          stopsAt(() => compileRule(rule, { limits }).evaluate(data)),
        ]).toEqual([rule, maxSteps, stopsAt(() => evaluateRule(rule, data, { limits }))]);
      }
    }
  });
});
