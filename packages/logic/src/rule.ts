/** A JSON value as it appears inside a rule or in the data a rule reads. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };

/**
 * A json-logic rule: a literal, an array of rules, or an object with exactly one key, its
 * operator (`{ "==": [{ "var": "stage" }, "won"] }`).
 */
export type Rule = JsonValue;

/** Stable codes of the problems `checkRule` reports. */
export type RuleIssueCode =
  | 'INVALID_NODE'
  | 'UNKNOWN_OPERATOR'
  | 'EXCLUDED_OPERATOR'
  | 'FORBIDDEN_VAR_PATH'
  | 'UNKNOWN_FIELD'
  | 'INVALID_ARITY'
  | 'INVALID_ARGUMENT'
  | 'TOO_DEEP'
  | 'TOO_LARGE';

/** One reason a rule is not allowed, located by a JSON pointer into the rule. */
export interface RuleIssue {
  readonly path: string;
  readonly code: RuleIssueCode;
  readonly message: string;
  readonly params?: Readonly<Record<string, unknown>>;
}
