export type { CheckRuleOptions } from './check-rule.js';
export { checkRule } from './check-rule.js';
export type { CompiledRule, RuleEvaluationOptions } from './compile-rule.js';
export { compileRule, fieldsReadBy } from './compile-rule.js';
export type { CustomOperator, RuleClock } from './custom-operators/custom-operator.js';
export { DATE_UNITS, PERIOD_UNITS } from './custom-operators/date-operators.js';
export { isEmptyValue } from './custom-operators/value-operators.js';
export type { EvaluateOptions } from './evaluate-rule.js';
export { DEFAULT_TIME_ZONE, evaluateRule } from './evaluate-rule.js';
export {
  ALLOWED_OPERATORS,
  CUSTOM_OPERATORS,
  EXCLUDED_OPERATORS,
  STANDARD_OPERATORS,
} from './operators.js';
export type { JsonValue, Rule, RuleIssue, RuleIssueCode } from './rule.js';
export { RULE_EVALUATION_FAILED, RULE_LIMIT_EXCEEDED, RULE_REJECTED } from './rule-errors.js';
export type { RuleLimits } from './rule-limits.js';
export { DEFAULT_RULE_LIMITS } from './rule-limits.js';
