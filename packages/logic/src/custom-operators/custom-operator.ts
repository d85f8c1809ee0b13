/** What "now" means for one evaluation: the instant and the time zone that decides the date. */
export interface RuleClock {
  readonly now: Date;
  /** IANA time zone name, such as 'Asia/Shanghai'. */
  readonly timeZone: string;
}

/** One CRM operator added to json-logic: its name, argument count and implementation. */
export interface CustomOperator {
  readonly name: string;
  /** Fewest and most arguments accepted. */
  readonly arity: readonly [min: number, max: number];
  /** Arguments that, when written as literals, must be one of these words; keyed by position. */
  readonly choices?: Readonly<Record<number, readonly string[]>>;
  /** Computes the result from already evaluated arguments; returns null for unusable input. */
  readonly evaluate: (args: readonly unknown[], clock: RuleClock) => unknown;
}

/** Reads an argument as a finite number, accepting numeric strings; null when it is not one. */
export function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : null;
  }
  return null;
}

/** Reads an argument as text: strings as they are, numbers and booleans spelled out, else null. */
export function toText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}
