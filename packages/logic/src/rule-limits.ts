/** Caps that keep any allowed rule cheap to check and to evaluate. */
export interface RuleLimits {
  /** Deepest nesting of arrays and objects in the rule. */
  readonly maxDepth: number;
  /** Most JSON values (operators, arguments, literals) in the rule. */
  readonly maxNodes: number;
  /**
   * Work budget of one evaluation: every evaluated node costs one step (so every iteration of
   * map, filter, reduce, all, some and none costs at least one), and every array or string an
   * operator builds costs one step per element or character.
   */
  readonly maxSteps: number;
  /** Deepest nesting of objects and arrays in the data. */
  readonly maxDataDepth: number;
  /** Most values (objects, arrays, scalars) in the data. */
  readonly maxDataNodes: number;
}

/** Limits used when the caller does not override them. */
export const DEFAULT_RULE_LIMITS: RuleLimits = Object.freeze({
  maxDepth: 64,
  maxNodes: 5_000,
  maxSteps: 200_000,
  maxDataDepth: 16,
  maxDataNodes: 100_000,
});

/** The defaults with the caller's overrides applied. */
export function resolveRuleLimits(overrides: Partial<RuleLimits> | undefined): RuleLimits {
  return overrides === undefined ? DEFAULT_RULE_LIMITS : { ...DEFAULT_RULE_LIMITS, ...overrides };
}
