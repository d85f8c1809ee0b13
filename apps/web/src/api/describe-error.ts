import { isClientError } from '@tangram/client';
import type { ObjectDoc } from '@tangram/schema';
import { localize } from '@tangram/ui';
import i18next from 'i18next';

/** Looks a key up in the UI language (i18next's `t`, or a fixed-language one in tests). */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

/** One entry of an API error's `details.issues`. */
export interface ApiIssue {
  readonly path?: string;
  readonly field?: string;
  readonly code?: string;
  readonly message?: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

/** An API error as a bulk result row or a ClientError carries it. */
interface ApiErrorBody {
  readonly code: string;
  readonly message?: string;
  readonly status?: number;
  readonly details?: unknown;
}

const uiLanguage: Translate = (key, options = {}) => i18next.t(key, options) as string;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}/;

/** The i18next context that picks an issue's variant (`TYPE_date`), from its params. */
function variantOf(code: string, params: Readonly<Record<string, unknown>>): string | undefined {
  switch (code) {
    case 'TYPE':
      return typeof params.expected === 'string' ? params.expected : undefined;
    case 'FORMAT':
      if (typeof params.format === 'string') return params.format;
      return params.accept === undefined ? undefined : 'file';
    case 'TOO_SMALL':
    case 'TOO_LARGE': {
      if (params.maxSizeMb !== undefined) return 'file';
      const bound = code === 'TOO_SMALL' ? params.min : params.max;
      return typeof bound === 'string' && ISO_DATE.test(bound) ? 'date' : undefined;
    }
    case 'TOO_MANY':
      if (params.maxFiles !== undefined) return 'files';
      return params.maxSelected !== undefined ? 'options' : undefined;
    default:
      return undefined;
  }
}

/** Values an issue's words interpolate, with those derived from its params. */
function valuesOf(
  code: string,
  params: Readonly<Record<string, unknown>>,
): Readonly<Record<string, unknown>> {
  if (code === 'PRECISION' && typeof params.precision === 'number') {
    return { ...params, digits: params.precision - Number(params.scale ?? 0) };
  }
  return params;
}

/**
 * One record issue in the UI language. A validation rule's own message is the designer's, in the
 * user's language already; a code the UI has no words for keeps the server's message.
 */
export function describeIssue(issue: ApiIssue, t: Translate = uiLanguage): string {
  const code = issue.code ?? '';
  if (code === 'VALIDATION_RULE' && issue.message) return issue.message;
  const params = issue.params ?? {};
  const context = variantOf(code, params);
  // `count` would switch i18next to plural keys; no issue's words use it.
  const { count: _count, ...values } = valuesOf(code, params);
  return t(`errors:issue.${code}`, {
    ...values,
    ...(context === undefined ? {} : { context }),
    defaultValue: issue.message ?? code,
  });
}

/** One issue of a metadata document, as the designer and the metadata API report it. */
export interface MetadataIssueLike {
  readonly path?: string;
  readonly code?: string;
  readonly message?: string;
  readonly document?: { readonly kind?: string; readonly name?: string } | string;
}

/**
 * One metadata issue in the UI language: the document and JSON pointer it is at (when given),
 * then the words for its code; a code the UI has no words for keeps the validator's message.
 */
export function describeMetadataIssue(issue: MetadataIssueLike, t: Translate = uiLanguage): string {
  const doc = typeof issue.document === 'string' ? issue.document : issue.document?.name;
  const words = t(`errors:metadataIssue.${issue.code ?? ''}`, {
    defaultValue: issue.message ?? issue.code ?? '',
  });
  const at = issue.path === undefined ? undefined : issue.path || '/';
  return [doc, at, words].filter((part) => part !== undefined).join(' ');
}

function errorBodyOf(error: unknown): ApiErrorBody | undefined {
  if (isClientError(error)) return error;
  if (
    error !== null &&
    typeof error === 'object' &&
    typeof (error as ApiErrorBody).code === 'string'
  )
    return error as ApiErrorBody;
  return undefined;
}

function issuesOf(body: ApiErrorBody): readonly ApiIssue[] {
  const issues = (body.details as { issues?: unknown } | null | undefined)?.issues;
  return Array.isArray(issues) ? (issues as ApiIssue[]) : [];
}

/**
 * What a failed API call says to the user, in the UI language: the words for its code, then those
 * of its first issues, each after its field (named by `labelOf`: the field's label where the
 * object is known). A code the UI has no words for keeps the server's message.
 */
export function describeError(
  error: unknown,
  t: Translate = uiLanguage,
  labelOf: (field: string) => string = (field) => field,
): string {
  const body = errorBodyOf(error);
  if (body === undefined) return error instanceof Error ? error.message : String(error);
  const details =
    body.details !== null && typeof body.details === 'object' && !Array.isArray(body.details)
      ? (body.details as Record<string, unknown>)
      : {};
  const { count: _count, ...values } = details;
  const text = t(`errors:code.${body.code}`, {
    ...values,
    // LIMIT_EXCEEDED names its limit; the words for it are a variant.
    ...(typeof details.limit === 'string' ? { context: details.limit } : {}),
    status: body.status,
    defaultValue: body.message ?? body.code,
  });
  const issues = issuesOf(body);
  if (issues.length === 0) return text;
  const shown = issues.slice(0, 3).map((issue) => {
    const words = describeIssue(issue, t);
    return issue.field === undefined
      ? words
      : t('errors:fieldIssue', { field: labelOf(issue.field), issue: words });
  });
  return t('errors:withIssues', {
    error: text,
    issues: shown.join(t('errors:separator')) + (issues.length > 3 ? '…' : ''),
  });
}

/**
 * A failed save's problems by field name, in the UI language; problems of the whole record under
 * ''. A duplicate names its unique fields, so it is shown at them.
 */
export function issuesByField(error: unknown, t: Translate = uiLanguage): Record<string, string> {
  const body = errorBodyOf(error);
  if (body === undefined) return { '': describeError(error, t) };
  const issues = issuesOf(body);
  if (issues.length === 0) {
    const fields = (body.details as { fields?: unknown } | null | undefined)?.fields;
    if (body.code === 'RECORD_DUPLICATE' && Array.isArray(fields) && fields.length > 0) {
      const words = describeError(body, t);
      return Object.fromEntries(fields.map((field) => [String(field), words]));
    }
    return { '': describeError(body, t) };
  }
  const byField: Record<string, string> = {};
  for (const issue of issues) {
    const field = issue.field ?? issue.path?.replace(/^\//, '').split('/')[0] ?? '';
    const words = describeIssue(issue, t);
    byField[field] = byField[field] ? byField[field] + t('errors:separator') + words : words;
  }
  return byField;
}

/** Names a field of `object` by its label in `locale` (its machine name when it has none). */
export function fieldLabeller(object: ObjectDoc, locale: string): (field: string) => string {
  const fields = new Map(object.fields.map((field) => [field.name, field]));
  return (name) => {
    const field = fields.get(name);
    return field === undefined ? name : localize(field.label, locale, name);
  };
}
