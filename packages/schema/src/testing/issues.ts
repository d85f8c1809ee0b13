// Helpers for asserting validation results in tests.
import type { MetadataIssue } from '../metadata-issue.js';
import { validateDocument } from '../validate-document.js';

/** Every issue of a document as `code at path`, [] when it is valid. */
export function issuesOf(input: unknown): string[] {
  const result = validateDocument(input);
  return result.ok ? [] : result.issues.map(describe);
}

/** An issue as `CODE at /path`, the form tests compare. */
export function describe(issue: MetadataIssue): string {
  return `${issue.code} at ${issue.path}`;
}
