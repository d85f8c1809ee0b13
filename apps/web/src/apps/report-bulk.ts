import type { ObjectDoc } from '@tangram/schema';
import type { App } from 'antd';
import type { TFunction } from 'i18next';
import { describeError, fieldLabeller } from '../api/describe-error';
import type { BulkAnswer } from './app-api';

/**
 * Tells the outcome of a bulk call: `done` with the count when every row succeeded, else
 * `partial` with both counts and why the first failed row failed, in the user's language.
 */
export function reportBulk(
  answer: BulkAnswer,
  context: {
    readonly message: ReturnType<typeof App.useApp>['message'];
    readonly t: TFunction;
    readonly object: ObjectDoc;
    readonly locale: string;
  },
  keys: { readonly done: string; readonly partial: string },
): void {
  const { message, t, object, locale } = context;
  if (answer.failed === 0) {
    void message.success(t(keys.done, { count: answer.succeeded }));
    return;
  }
  const reason = describeError(
    answer.results.find((r) => r.error)?.error ?? '',
    undefined,
    fieldLabeller(object, locale),
  );
  void message.warning(t(keys.partial, { ok: answer.succeeded, failed: answer.failed, reason }));
}
