import { defineError } from '@tangram/errors';
import type { RuleIssue } from './rule.js';

/** A rule that uses something the expression language does not allow; details list every issue. */
export const RULE_REJECTED = defineError<{ issues: readonly RuleIssue[] }>(
  'RULE_REJECTED',
  422,
  'The rule is not allowed; see details for every issue.',
);

/** An evaluation that needed more work, or more or deeper data, than the limits allow. */
export const RULE_LIMIT_EXCEEDED = defineError<{ limit: string; max: number }>(
  'RULE_LIMIT_EXCEEDED',
  422,
  'The rule or its data went over a limit; see details for which.',
);

/** An allowed rule that failed while evaluating for a reason no limit covers. */
export const RULE_EVALUATION_FAILED = defineError(
  'RULE_EVALUATION_FAILED',
  422,
  'The rule failed while evaluating.',
);
