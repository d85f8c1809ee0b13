import { isAppError } from '@tangram/errors';
import { type CheckRuleOptions, checkRule } from './check-rule.js';
import { assertTimeZone } from './custom-operators/calendar.js';
import { type Evaluation, runJsonLogic } from './json-logic-runtime.js';
import { toPlainData } from './plain-data.js';
import { RULE_EVALUATION_FAILED, RULE_LIMIT_EXCEEDED, RULE_REJECTED } from './rule-errors.js';
import { resolveRuleLimits } from './rule-limits.js';

/** The time zone that decides what "today" is when the caller names none. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** How one rule is evaluated. */
export interface EvaluateOptions extends CheckRuleOptions {
  /** The instant `now` and `today` read; the current time when omitted. */
  readonly now?: Date;
  /** IANA time zone deciding calendar dates (`today`, `start_of`, …); DEFAULT_TIME_ZONE if omitted. */
  readonly timeZone?: string;
}

/**
 * Checks a rule and evaluates it over a plain, null-prototype copy of `data`. Throws
 * RULE_REJECTED (with every issue) when the rule is not allowed, RULE_LIMIT_EXCEEDED when it
 * needs more work or deeper data than the limits allow.
 */
export function evaluateRule(rule: unknown, data: unknown, options: EvaluateOptions = {}): unknown {
  const limits = resolveRuleLimits(options.limits);
  const fields = options.fields === undefined ? undefined : new Set(options.fields);
  const issues = checkRule(rule, fields === undefined ? { limits } : { limits, fields });
  if (issues.length > 0) throw RULE_REJECTED({ issues });

  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  assertTimeZone(timeZone);
  const plain = toPlainData(data, fields === undefined ? { limits } : { limits, fields });
  let steps = 0;
  const evaluation: Evaluation = {
    clock: { now: options.now ?? new Date(), timeZone },
    spend(cost) {
      steps += cost;
      if (steps > limits.maxSteps) {
        throw RULE_LIMIT_EXCEEDED({ limit: 'maxSteps', max: limits.maxSteps });
      }
    },
  };
  try {
    return runJsonLogic(rule, plain, evaluation);
  } catch (error) {
    if (isAppError(error)) throw error;
    // For example comparing an object with ==, which has no primitive value to compare.
    const reason = error instanceof Error ? error.message : String(error);
    throw RULE_EVALUATION_FAILED({ reason }, undefined, error);
  }
}
