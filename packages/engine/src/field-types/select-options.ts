import type { SelectOption } from '@tangram/schema';
import { accept, type Coercion, refuse } from './field-type.js';

/** One option value of a select: known, and active unless `allowInactive` (filters, old records). */
export function coerceOption(
  options: readonly SelectOption[],
  input: unknown,
  { allowInactive }: { readonly allowInactive: boolean },
): Coercion<string> {
  if (typeof input !== 'string')
    return refuse('TYPE', 'Expected an option value.', { expected: 'string' });
  const option = options.find((candidate) => candidate.value === input);
  if (!option) {
    return refuse('UNKNOWN_OPTION', 'This is not one of the options.', { value: input });
  }
  if (option.inactive === true && !allowInactive) {
    return refuse('INACTIVE_OPTION', 'This option is no longer offered.', { value: input });
  }
  return accept(input);
}
