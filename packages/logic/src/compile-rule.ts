import { isAppError } from '@tangram/errors';
import { type CheckRuleOptions, checkRule } from './check-rule.js';
import { assertTimeZone } from './custom-operators/calendar.js';
import {
  compileJsonLogic,
  type Evaluation,
  runCompiledLogic,
  runJsonLogic,
} from './json-logic-runtime.js';
import { ITERATING_OPERATORS } from './operators.js';
import { toPlainData } from './plain-data.js';
import type { Rule } from './rule.js';
import { RULE_EVALUATION_FAILED, RULE_LIMIT_EXCEEDED, RULE_REJECTED } from './rule-errors.js';
import { type RuleLimits, resolveRuleLimits } from './rule-limits.js';
import { parseVarPath } from './var-path.js';

/** The time zone that decides what "today" is when the caller names none. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** What one evaluation of a compiled rule reads as now, and in which time zone. */
export interface RuleEvaluationOptions {
  /** The instant `now` and `today` read; the current time when omitted. */
  readonly now?: Date;
  /** IANA time zone deciding calendar dates (`today`, `start_of`, …); DEFAULT_TIME_ZONE if omitted. */
  readonly timeZone?: string;
}

/**
 * A rule checked once and frozen, ready to be evaluated many times: compile it when its metadata
 * version is loaded and keep it with that version.
 */
export interface CompiledRule {
  /** A deep-frozen copy of the rule as it was compiled; later edits of the source do not reach it. */
  readonly rule: Rule;
  /**
   * The top-level fields the rule can read, or undefined when it may read any (a computed or
   * empty `var` path). Only these are copied into the data an evaluation sees.
   */
  readonly reads: ReadonlySet<string> | undefined;
  /**
   * Evaluates the rule over a plain, null-prototype copy of the fields of `data` it reads. Throws
   * RULE_LIMIT_EXCEEDED when it needs more work or deeper data than the limits allow, and
   * RULE_EVALUATION_FAILED when it fails for another reason.
   */
  evaluate(data: unknown, options?: RuleEvaluationOptions): unknown;
}

/** What the data of a sub-rule is: the record, or something an iterating operator hands it. */
type Scope = 'record' | 'inner';

function isOperatorNode(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The first segments of the record paths a checked rule reads; undefined when a path is computed
 * or empty, so the rule may read any field.
 */
export function fieldsReadBy(rule: unknown): ReadonlySet<string> | undefined {
  const reads = new Set<string>();
  let any = false;

  const readPath = (target: unknown, scope: Scope): void => {
    if (isOperatorNode(target)) {
      if (scope === 'record') any = true;
      visit(target, scope);
      return;
    }
    if (scope !== 'record') return;
    const parsed = parseVarPath(target);
    const first = parsed.ok ? parsed.segments[0] : undefined;
    if (first === undefined) any = true;
    else reads.add(first);
  };

  const readKeys = (keys: unknown, scope: Scope): void => {
    if (Array.isArray(keys)) for (const key of keys) readPath(key, scope);
    else readPath(keys, scope);
  };

  const visit = (node: unknown, scope: Scope): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item, scope);
      return;
    }
    if (!isOperatorNode(node)) return;
    for (const [operator, raw] of Object.entries(node)) {
      const args = Array.isArray(raw) ? raw : [raw];
      const rest = (from: number) => {
        for (const arg of args.slice(from)) visit(arg, scope);
      };
      if (operator === 'var') {
        // `{ "var": [] }` reads the whole data.
        if (args.length === 0) {
          if (scope === 'record') any = true;
        } else readPath(args[0], scope);
        rest(1);
      } else if (operator === 'missing') {
        for (const keys of args) readKeys(keys, scope);
      } else if (operator === 'missing_some') {
        visit(args[0], scope);
        if (args.length > 1) readKeys(args[1], scope);
        rest(2);
      } else if (ITERATING_OPERATORS.has(operator)) {
        visit(args[0], scope);
        visit(args[1], 'inner');
        rest(2);
      } else {
        rest(0);
      }
    }
  };

  visit(rule, 'record');
  return any ? undefined : reads;
}

function frozenCopy(value: unknown): Rule {
  if (Array.isArray(value)) return Object.freeze(value.map(frozenCopy)) as Rule;
  if (typeof value === 'object' && value !== null) {
    const copy: Record<string, Rule> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = frozenCopy(item);
    return Object.freeze(copy) as Rule;
  }
  return value as Rule;
}

/** Evaluates a checked rule with json-logic-js as it is, node by node. */
export function interpreted(rule: unknown): (plain: unknown, evaluation: Evaluation) => unknown {
  return (plain, evaluation) => runJsonLogic(rule, plain, evaluation);
}

/** Evaluates a rule already checked against `limits`; shared by `compileRule` and `evaluateRule`. */
export function evaluateChecked(
  run: (plain: unknown, evaluation: Evaluation) => unknown,
  data: unknown,
  limits: RuleLimits,
  keep: ReadonlySet<string> | undefined,
  options: RuleEvaluationOptions,
): unknown {
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  assertTimeZone(timeZone);
  const plain = toPlainData(data, keep === undefined ? { limits } : { limits, fields: keep });
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
    return run(plain, evaluation);
  } catch (error) {
    if (isAppError(error)) throw error;
    // For example comparing an object with ==, which has no primitive value to compare.
    const reason = error instanceof Error ? error.message : String(error);
    throw RULE_EVALUATION_FAILED({ reason }, undefined, error);
  }
}

/**
 * Checks a rule once (allowed operators, `var` paths naming `options.fields`, limits) and returns
 * its evaluator; throws RULE_REJECTED with every issue when the rule is not allowed. Evaluating
 * the result behaves as `evaluateRule` with the same options, without checking the rule again.
 */
export function compileRule(rule: unknown, options: CheckRuleOptions = {}): CompiledRule {
  const limits = resolveRuleLimits(options.limits);
  const fields = options.fields === undefined ? undefined : new Set(options.fields);
  const issues = checkRule(rule, fields === undefined ? { limits } : { limits, fields });
  if (issues.length > 0) throw RULE_REJECTED({ issues });
  const frozen = frozenCopy(rule);
  const reads = fieldsReadBy(frozen);
  // A rule reading any field still sees only the fields it was checked against.
  const keep = reads ?? fields;
  const compiled = compileJsonLogic(frozen);
  const run = (plain: unknown, evaluation: Evaluation) =>
    runCompiledLogic(compiled, plain, evaluation);
  return Object.freeze({
    rule: frozen,
    reads,
    evaluate: (data: unknown, evaluation: RuleEvaluationOptions = {}) =>
      evaluateChecked(run, data, limits, keep, evaluation),
  });
}
