import { type CheckRuleOptions, checkRule } from './check-rule.js';
import {
  evaluateChecked,
  fieldsReadBy,
  interpreted,
  type RuleEvaluationOptions,
} from './compile-rule.js';
import { RULE_REJECTED } from './rule-errors.js';
import { resolveRuleLimits } from './rule-limits.js';

export { DEFAULT_TIME_ZONE } from './compile-rule.js';

/** How one rule is evaluated. */
export interface EvaluateOptions extends CheckRuleOptions, RuleEvaluationOptions {}

/**
 * Checks a rule and evaluates it over a plain, null-prototype copy of the fields of `data` it
 * reads. Throws RULE_REJECTED (with every issue) when the rule is not allowed, RULE_LIMIT_EXCEEDED
 * when it needs more work or deeper data than the limits allow. A rule evaluated many times is
 * better compiled once with `compileRule`.
 */
export function evaluateRule(rule: unknown, data: unknown, options: EvaluateOptions = {}): unknown {
  const limits = resolveRuleLimits(options.limits);
  const fields = options.fields === undefined ? undefined : new Set(options.fields);
  const issues = checkRule(rule, fields === undefined ? { limits } : { limits, fields });
  if (issues.length > 0) throw RULE_REJECTED({ issues });
  return evaluateChecked(interpreted(rule), data, limits, fieldsReadBy(rule) ?? fields, options);
}
