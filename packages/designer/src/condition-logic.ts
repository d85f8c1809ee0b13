/** The comparisons the visual condition builder offers. */
export const CONDITION_OPERATORS = ['eq', 'ne', 'gt', 'lt', 'empty', 'not_empty', 'in'] as const;

/** One comparison the builder offers. */
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

/** One row of the condition builder: a field, a comparison and (except for emptiness) a value. */
export interface Condition {
  readonly field: string;
  readonly op: ConditionOperator;
  readonly value?: string | number | boolean | readonly (string | number)[];
}

/** The conditions of a builder and how they combine. */
export interface ConditionGroup {
  readonly match: 'all' | 'any';
  readonly conditions: readonly Condition[];
}

const BINARY: Partial<Record<ConditionOperator, string>> = { eq: '==', ne: '!=', gt: '>', lt: '<' };
const BINARY_BACK: Record<string, ConditionOperator> = {
  '==': 'eq',
  '!=': 'ne',
  '>': 'gt',
  '<': 'lt',
};

function conditionToLogic(condition: Condition): unknown {
  const ref = { var: condition.field };
  switch (condition.op) {
    case 'eq':
    case 'ne':
    case 'gt':
    case 'lt':
      return { [BINARY[condition.op]!]: [ref, condition.value ?? null] };
    case 'empty':
      return { '!': ref };
    case 'not_empty':
      return { '!!': ref };
    case 'in':
      return { in: [ref, Array.isArray(condition.value) ? condition.value : []] };
    default: {
      const unknownOp: never = condition.op;
      throw new Error(`unknown condition operator ${String(unknownOp)}`);
    }
  }
}

/** The json-logic rule of a builder's conditions; undefined when there is none (always). */
export function conditionsToLogic(group: ConditionGroup): unknown {
  const parts = group.conditions.filter((c) => c.field !== '').map(conditionToLogic);
  if (parts.length === 0) return undefined;
  if (parts.length === 1) return parts[0];
  return { [group.match === 'all' ? 'and' : 'or']: parts };
}

function fieldOf(node: unknown): string | undefined {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const keys = Object.keys(node);
  const path = (node as { var?: unknown }).var;
  return keys.length === 1 && typeof path === 'string' && /^[a-z][a-z0-9_]*$/.test(path)
    ? path
    : undefined;
}

function isScalar(value: unknown): value is string | number | boolean | null {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function logicToCondition(node: unknown): Condition | undefined {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const entries = Object.entries(node);
  if (entries.length !== 1) return undefined;
  const [operator, args] = entries[0]!;
  if (operator === '!' || operator === '!!') {
    const field = fieldOf(Array.isArray(args) ? args[0] : args);
    if (!field || (Array.isArray(args) && args.length !== 1)) return undefined;
    return { field, op: operator === '!' ? 'empty' : 'not_empty' };
  }
  if (!Array.isArray(args) || args.length !== 2) return undefined;
  const field = fieldOf(args[0]);
  if (!field) return undefined;
  const op = BINARY_BACK[operator];
  if (op && isScalar(args[1])) {
    return args[1] === null ? { field, op } : { field, op, value: args[1] };
  }
  if (
    operator === 'in' &&
    Array.isArray(args[1]) &&
    args[1].every((v) => typeof v === 'string' || typeof v === 'number')
  ) {
    return { field, op: 'in', value: args[1] as (string | number)[] };
  }
  return undefined;
}

/**
 * The builder's view of a json-logic rule, or null when the rule says more than the builder can
 * show (it is then edited as raw json-logic). No rule is an empty group.
 */
export function logicToConditions(rule: unknown): ConditionGroup | null {
  if (rule === undefined) return { match: 'all', conditions: [] };
  const single = logicToCondition(rule);
  if (single) return { match: 'all', conditions: [single] };
  if (rule === null || typeof rule !== 'object' || Array.isArray(rule)) return null;
  const entries = Object.entries(rule);
  if (entries.length !== 1) return null;
  const [operator, args] = entries[0]!;
  if ((operator !== 'and' && operator !== 'or') || !Array.isArray(args)) return null;
  const conditions = args.map(logicToCondition);
  if (conditions.some((c) => c === undefined)) return null;
  return { match: operator === 'and' ? 'all' : 'any', conditions: conditions as Condition[] };
}
