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
