import { checkRule } from '@tangram/logic';
import { type DocumentValidation, listDocumentRules, validateDocument } from '@tangram/schema';

/**
 * Validates one document as a draft is saved: its schema and in-document rules, then every
 * json-logic rule it holds against the expression language's allow-list and limits, so that a
 * rule the runtime would refuse is refused when it is written, with its path in the document.
 */
export function checkDocument(input: unknown): DocumentValidation {
  const result = validateDocument(input);
  if (!result.ok) return result;
  const issues = listDocumentRules(result.document).flatMap(({ path, rule }) =>
    checkRule(rule).map((issue) => ({
      path: `${path}${issue.path}`,
      code: issue.code,
      message: issue.message,
      ...(issue.params === undefined ? {} : { params: { ...issue.params } }),
    })),
  );
  return issues.length > 0 ? { ok: false, issues } : result;
}
