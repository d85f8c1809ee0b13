// The one place that touches json-logic-js. The library keeps its operators in a table shared by
// everything in the process, so this module configures it once, on load, for the whole process:
// excluded operators are removed, `var` is replaced by a version that reads own properties only,
// the CRM operators are added, and `apply` is wrapped so that every node it evaluates (including
// each iteration of map/filter/reduce/all/some/none, which call `apply` again) is metered.
import jsonLogic from 'json-logic-js';
import type { RuleClock } from './custom-operators/custom-operator.js';
import {
  ALLOWED_OPERATORS,
  CUSTOM_OPERATORS,
  EXCLUDED_OPERATORS,
  PASS_THROUGH_OPERATORS,
} from './operators.js';
import { RULE_REJECTED } from './rule-errors.js';
import { type ParsedVarPath, parseVarPath } from './var-path.js';

/** The part of json-logic-js this package uses. */
interface JsonLogicEngine {
  apply(logic: unknown, data?: unknown): unknown;
  add_operation(name: string, code: (this: unknown, ...args: unknown[]) => unknown): void;
  rm_operation(name: string): void;
}

/** One evaluation in progress: its clock and the meter charged for its work. */
export interface Evaluation {
  readonly clock: RuleClock;
  /** Charges work; throws once the budget is spent. */
  spend(steps: number): void;
}

const engine = jsonLogic as unknown as JsonLogicEngine;
const baseApply = engine.apply.bind(engine);
let active: Evaluation | undefined;

function operatorOf(logic: unknown): string | undefined {
  if (typeof logic !== 'object' || logic === null || Array.isArray(logic)) return undefined;
  const keys = Object.keys(logic);
  return keys.length === 1 ? keys[0] : undefined;
}

function rejectPath(varPath: unknown, reason: string): never {
  throw RULE_REJECTED({
    issues: [
      {
        path: '',
        code: 'FORBIDDEN_VAR_PATH',
        message: `This path may not be read: ${reason}.`,
        params: { varPath },
      },
    ],
  });
}

/** Parsed `var` paths by their text: rules read the same few paths over and over. */
const parsedPaths = new Map<unknown, ParsedVarPath>();
const MAX_PARSED_PATHS = 4096;

function parsedPath(path: unknown): ParsedVarPath {
  let parsed = parsedPaths.get(path);
  if (parsed === undefined) {
    parsed = parseVarPath(path);
    if (typeof path === 'string' || typeof path === 'number') {
      if (parsedPaths.size >= MAX_PARSED_PATHS) parsedPaths.clear();
      parsedPaths.set(path, parsed);
    }
  }
  return parsed;
}

/**
 * `var` reading own properties only: the stock one indexes with `data[key]`, which walks the
 * prototype chain (`{ "var": "items.map" }` would hand out Array.prototype.map).
 */
function readVar(this: unknown, path?: unknown, fallback?: unknown): unknown {
  const notFound = fallback === undefined ? null : fallback;
  if (path === undefined) return this;
  const parsed = parsedPath(path);
  if (!parsed.ok) rejectPath(path, parsed.reason);
  let value: unknown = this;
  for (const segment of parsed.segments) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, segment)) {
      return notFound;
    }
    value = (value as Record<string, unknown>)[segment];
    if (value === undefined) return notFound;
  }
  return value;
}

function meteredApply(logic: unknown, data?: unknown): unknown {
  const evaluation = active;
  if (evaluation === undefined) return baseApply(logic, data);
  const operator = operatorOf(logic);
  // Checked rules only hold allowed operators; this guards anything built while evaluating.
  if (operator !== undefined && !ALLOWED_OPERATORS.has(operator)) {
    throw RULE_REJECTED({
      issues: [
        {
          path: '',
          code: 'UNKNOWN_OPERATOR',
          message: `There is no operator named '${operator}'.`,
          params: { operator },
        },
      ],
    });
  }
  evaluation.spend(1);
  const result = baseApply(logic, data);
  if (
    operator !== undefined &&
    !PASS_THROUGH_OPERATORS.has(operator) &&
    (typeof result === 'string' || Array.isArray(result))
  ) {
    evaluation.spend(result.length);
  }
  return result;
}

function defaultClock(): RuleClock {
  return { now: new Date(), timeZone: 'UTC' };
}

for (const name of EXCLUDED_OPERATORS.keys()) engine.rm_operation(name);
engine.add_operation('var', readVar);
for (const operator of CUSTOM_OPERATORS.values()) {
  engine.add_operation(operator.name, (...args) =>
    operator.evaluate(args, active?.clock ?? defaultClock()),
  );
}
engine.apply = meteredApply;

/** A checked rule turned into a function of its data, metered like `runJsonLogic`. */
export type CompiledLogic = (data: unknown, evaluation: Evaluation) => unknown;

function isTruthy(value: unknown): boolean {
  // JsonLogic's truthiness: JavaScript's, except that an empty array is false.
  return Array.isArray(value) && value.length === 0 ? false : Boolean(value);
}

function toFloat(value: unknown): number {
  return Number.parseFloat(value as string);
}

/**
 * The standard operators compiled to functions of their evaluated arguments, each with the exact
 * semantics json-logic-js gives it; every other operator runs through json-logic-js itself.
 */
const COMPILED_OPERATIONS: ReadonlyMap<string, (data: unknown, args: unknown[]) => unknown> =
  new Map<string, (data: unknown, args: unknown[]) => unknown>([
    // biome-ignore lint/suspicious/noDoubleEquals: JsonLogic's == is JavaScript's loose equality.
    ['==', (_, [a, b]) => a == b],
    ['===', (_, [a, b]) => a === b],
    // biome-ignore lint/suspicious/noDoubleEquals: JsonLogic's != is JavaScript's loose inequality.
    ['!=', (_, [a, b]) => a != b],
    ['!==', (_, [a, b]) => a !== b],
    ['>', (_, [a, b]) => (a as number) > (b as number)],
    ['>=', (_, [a, b]) => (a as number) >= (b as number)],
    [
      '<',
      (_, [a, b, c]) =>
        c === undefined
          ? (a as number) < (b as number)
          : (a as number) < (b as number) && (b as number) < (c as number),
    ],
    [
      '<=',
      (_, [a, b, c]) =>
        c === undefined
          ? (a as number) <= (b as number)
          : (a as number) <= (b as number) && (b as number) <= (c as number),
    ],
    ['!!', (_, [a]) => isTruthy(a)],
    ['!', (_, [a]) => !isTruthy(a)],
    ['%', (_, [a, b]) => (a as number) % (b as number)],
    ['/', (_, [a, b]) => (a as number) / (b as number)],
    ['-', (_, [a, b]) => (b === undefined ? -(a as number) : (a as number) - (b as number))],
    [
      '+',
      (_, args) => {
        let sum: unknown = 0;
        for (const arg of args) sum = toFloat(sum) + toFloat(arg);
        return sum;
      },
    ],
    [
      '*',
      (_, args) => {
        if (args.length === 0) throw new TypeError('Reduce of empty array with no initial value');
        let product = args[0];
        for (let index = 1; index < args.length; index += 1) {
          product = toFloat(product) * toFloat(args[index]);
        }
        return product;
      },
    ],
    ['var', (data, args) => readVar.apply(data, args as [unknown?, unknown?])],
  ]);

/**
 * Compiles a checked rule into nested functions, so that evaluating it does not walk and
 * dispatch the JSON again: literals, arrays, `if`, `and`, `or`, `var`, comparisons and arithmetic
 * are compiled; any other operator node is handed to json-logic-js whole. Every node costs the
 * same steps as under `runJsonLogic`, in the same order.
 */
export function compileJsonLogic(rule: unknown): CompiledLogic {
  if (Array.isArray(rule)) {
    const items = rule.map(compileJsonLogic);
    return (data, evaluation) => {
      evaluation.spend(1);
      return items.map((item) => item(data, evaluation));
    };
  }
  const operator = operatorOf(rule);
  if (operator === undefined) {
    return (_, evaluation) => {
      evaluation.spend(1);
      return rule;
    };
  }
  const raw = (rule as Record<string, unknown>)[operator];
  const rawArgs: unknown[] = Array.isArray(raw) ? raw : [raw];
  if (
    operator === 'var' &&
    rawArgs.every((arg) => operatorOf(arg) === undefined && !Array.isArray(arg))
  ) {
    // The commonest node: a path (and default) written as literals. The node and each literal
    // cost a step, as below, charged at once; the path is read without building its arguments.
    const steps = 1 + rawArgs.length;
    const [path, fallback] = rawArgs;
    return (data, evaluation) => {
      evaluation.spend(steps);
      return readVar.call(data, path, fallback);
    };
  }
  const args = rawArgs.map(compileJsonLogic);
  if (operator === 'if' || operator === '?:') {
    return (data, evaluation) => {
      evaluation.spend(1);
      let index = 0;
      for (; index < args.length - 1; index += 2) {
        if (isTruthy((args[index] as CompiledLogic)(data, evaluation))) {
          return (args[index + 1] as CompiledLogic)(data, evaluation);
        }
      }
      return args.length === index + 1 ? (args[index] as CompiledLogic)(data, evaluation) : null;
    };
  }
  if (operator === 'and' || operator === 'or') {
    const stopWhen = operator === 'or';
    return (data, evaluation) => {
      evaluation.spend(1);
      let current: unknown;
      for (const arg of args) {
        current = arg(data, evaluation);
        if (isTruthy(current) === stopWhen) return current;
      }
      return current;
    };
  }
  const operation = COMPILED_OPERATIONS.get(operator);
  if (operation === undefined) {
    // Iterating, string, date and CRM operators: json-logic-js meters the node and its subtree.
    return (data) => engine.apply(rule, data);
  }
  const passThrough = PASS_THROUGH_OPERATORS.has(operator);
  return (data, evaluation) => {
    evaluation.spend(1);
    const values: unknown[] = new Array(args.length);
    for (let index = 0; index < args.length; index += 1) {
      values[index] = (args[index] as CompiledLogic)(data, evaluation);
    }
    const result = operation(data, values);
    if (!passThrough && (typeof result === 'string' || Array.isArray(result))) {
      evaluation.spend(result.length);
    }
    return result;
  };
}

/** Evaluates a compiled rule over plain data, metering its work against `evaluation`. */
export function runCompiledLogic(
  compiled: CompiledLogic,
  data: unknown,
  evaluation: Evaluation,
): unknown {
  const previous = active;
  active = evaluation;
  try {
    return compiled(data, evaluation);
  } finally {
    active = previous;
  }
}

/** Evaluates a checked rule over plain data, metering its work against `evaluation`. */
export function runJsonLogic(rule: unknown, data: unknown, evaluation: Evaluation): unknown {
  const previous = active;
  active = evaluation;
  try {
    return engine.apply(rule, data);
  } finally {
    active = previous;
  }
}
