import type { CustomOperator } from './custom-operators/custom-operator.js';
import {
  CUSTOM_OPERATORS,
  classifyOperator,
  EXCLUDED_OPERATORS,
  ITERATING_OPERATORS,
} from './operators.js';
import type { RuleIssue } from './rule.js';
import { type RuleLimits, resolveRuleLimits } from './rule-limits.js';
import { parseVarPath } from './var-path.js';

/** What a rule is checked against. */
export interface CheckRuleOptions {
  /** Field names of the record the rule reads; a `var` naming anything else is refused. */
  readonly fields?: ReadonlySet<string> | readonly string[];
  readonly limits?: Partial<RuleLimits>;
}

/** What the data of a sub-rule is: the record, an array element, or reduce's pair. */
type Scope = 'record' | 'element' | 'reduce';

const REDUCE_NAMES: ReadonlySet<string> = new Set(['current', 'accumulator']);

function pointer(parent: string, key: string | number): string {
  return `${parent}/${String(key).replaceAll('~', '~0').replaceAll('/', '~1')}`;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function refusal(operator: string, kind: 'excluded' | 'unknown', path: string): RuleIssue {
  if (kind === 'unknown') {
    return {
      path,
      code: 'UNKNOWN_OPERATOR',
      message: `There is no operator named '${operator}'.`,
      params: { operator },
    };
  }
  const reason =
    EXCLUDED_OPERATORS.get(operator) ?? 'a dotted name reaches into the operator table';
  return {
    path,
    code: 'EXCLUDED_OPERATOR',
    message: `The operator '${operator}' is excluded: ${reason}.`,
    params: { operator },
  };
}

function isOperatorNode(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks a rule before it is saved or evaluated: allowed operators only, `var` paths that name
 * fields, argument counts of custom operators, depth and size. Returns every issue, [] if none.
 */
export function checkRule(rule: unknown, options: CheckRuleOptions = {}): RuleIssue[] {
  const limits = resolveRuleLimits(options.limits);
  const fields = options.fields === undefined ? undefined : new Set(options.fields);
  const issues: RuleIssue[] = [];
  let nodes = 0;
  let stopped = false;

  const report = (issue: RuleIssue) => issues.push(issue);

  /** Counts one node; false when the walk must not go deeper. */
  const enter = (path: string, depth: number): boolean => {
    if (stopped) return false;
    nodes += 1;
    if (nodes > limits.maxNodes) {
      stopped = true;
      report({
        path,
        code: 'TOO_LARGE',
        message: `A rule may hold at most ${limits.maxNodes} values.`,
        params: { max: limits.maxNodes },
      });
      return false;
    }
    if (depth > limits.maxDepth) {
      report({
        path,
        code: 'TOO_DEEP',
        message: `A rule may nest at most ${limits.maxDepth} levels.`,
        params: { max: limits.maxDepth },
      });
      return false;
    }
    return true;
  };

  const checkPath = (target: unknown, path: string, depth: number, scope: Scope): void => {
    if (isOperatorNode(target)) {
      // A computed path cannot be known here; the evaluator checks it when it is read.
      visit(target, path, depth, scope);
      return;
    }
    if (!enter(path, depth)) return;
    const parsed = parseVarPath(target);
    if (!parsed.ok) {
      report({
        path,
        code: 'FORBIDDEN_VAR_PATH',
        message: `This path may not be read: ${parsed.reason}.`,
        params: { varPath: target },
      });
      return;
    }
    const [first] = parsed.segments;
    if (first === undefined) return;
    if (scope === 'reduce' && !REDUCE_NAMES.has(first)) {
      report({
        path,
        code: 'UNKNOWN_FIELD',
        message: 'Inside reduce only "current" and "accumulator" can be read.',
        params: { field: first },
      });
    } else if (scope === 'record' && fields !== undefined && !fields.has(first)) {
      report({
        path,
        code: 'UNKNOWN_FIELD',
        message: `There is no field named '${first}'.`,
        params: { field: first },
      });
    }
  };

  const checkKeys = (keys: unknown, path: string, depth: number, scope: Scope): void => {
    if (Array.isArray(keys)) {
      if (!enter(path, depth)) return;
      for (const [index, key] of keys.entries()) {
        checkPath(key, pointer(path, index), depth + 1, scope);
      }
    } else {
      checkPath(keys, path, depth, scope);
    }
  };

  const visitOperator = (
    operator: string,
    raw: unknown,
    path: string,
    depth: number,
    scope: Scope,
  ): void => {
    const kind = classifyOperator(operator);
    if (kind !== 'allowed') {
      report(refusal(operator, kind, path));
      return;
    }
    // JsonLogic lets a single argument stand without its array: { "var": "x" }.
    const args = Array.isArray(raw) ? raw : [raw];
    const argDepth = Array.isArray(raw) ? depth + 1 : depth;
    if (Array.isArray(raw) && !enter(path, depth)) return;
    const argPath = (index: number) => (Array.isArray(raw) ? pointer(path, index) : path);
    const visitArgs = (from: number, argScope: Scope, to = args.length) => {
      for (let index = from; index < Math.min(to, args.length); index += 1) {
        visit(args[index], argPath(index), argDepth, argScope);
      }
    };

    const inner = ITERATING_OPERATORS.get(operator);
    const custom = CUSTOM_OPERATORS.get(operator);
    if (operator === 'var') {
      if (args.length > 2) {
        report({
          path,
          code: 'INVALID_ARITY',
          message: "'var' takes a path and an optional default.",
          params: { operator, min: 0, max: 2, actual: args.length },
        });
      }
      if (args.length > 0) checkPath(args[0], argPath(0), argDepth, scope);
      visitArgs(1, scope);
    } else if (operator === 'missing') {
      for (const [index, keys] of args.entries()) checkKeys(keys, argPath(index), argDepth, scope);
    } else if (operator === 'missing_some') {
      visitArgs(0, scope, 1);
      if (args.length > 1) checkKeys(args[1], argPath(1), argDepth, scope);
      visitArgs(2, scope);
    } else if (inner !== undefined) {
      visitArgs(0, scope, 1);
      if (args.length > 1) visit(args[1], argPath(1), argDepth, inner);
      visitArgs(2, scope);
    } else {
      if (custom !== undefined) checkCustomArguments(custom, args, path, argPath);
      visitArgs(0, scope);
    }
  };

  const checkCustomArguments = (
    custom: CustomOperator,
    args: readonly unknown[],
    path: string,
    argPath: (index: number) => string,
  ): void => {
    const { name } = custom;
    const [min, max] = custom.arity;
    if (args.length < min || args.length > max) {
      report({
        path,
        code: 'INVALID_ARITY',
        message: `'${name}' takes ${min === max ? min : `${min} to ${max}`} arguments.`,
        params: { operator: name, min, max, actual: args.length },
      });
    }
    for (const [position, choices] of Object.entries(custom.choices ?? {})) {
      const index = Number(position);
      const arg = args[index];
      if (index >= args.length || isOperatorNode(arg) || choices.includes(arg as string)) continue;
      report({
        path: argPath(index),
        code: 'INVALID_ARGUMENT',
        message: `'${name}' expects one of ${choices.join(', ')} here.`,
        params: { operator: name, allowed: choices, actual: arg },
      });
    }
  };

  const visit = (node: unknown, path: string, depth: number, scope: Scope): void => {
    if (!enter(path, depth)) return;
    if (node === null || typeof node === 'string' || typeof node === 'boolean') return;
    if (typeof node === 'number') {
      if (!Number.isFinite(node)) {
        report({ path, code: 'INVALID_NODE', message: 'Numbers in a rule must be finite.' });
      }
      return;
    }
    if (Array.isArray(node)) {
      for (const [index, item] of node.entries())
        visit(item, pointer(path, index), depth + 1, scope);
      return;
    }
    if (typeof node !== 'object' || !isPlainObject(node)) {
      report({ path, code: 'INVALID_NODE', message: 'A rule holds only JSON values.' });
      return;
    }
    const keys = Object.keys(node);
    const [operator] = keys;
    if (operator === undefined || keys.length !== 1) {
      report({
        path,
        code: 'INVALID_NODE',
        message: 'An object in a rule has exactly one key, its operator.',
        params: { keys },
      });
      return;
    }
    visitOperator(operator, node[operator], pointer(path, operator), depth + 1, scope);
  };

  visit(rule, '', 0, 'record');
  return issues;
}
