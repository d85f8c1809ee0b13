// Timing helpers: the machines are shared and noisy, so every figure is a median with its p95.
import { readFileSync } from 'node:fs';

/** The value at quantile `q` (0..1) of `values`, by nearest rank. */
export function quantile(values, q) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

/** Median and p95 of durations in milliseconds, rounded to microseconds. */
export function summarize(durations) {
  const round = (value) => Math.round(value * 1000) / 1000;
  return {
    runs: durations.length,
    medianMs: round(quantile(durations, 0.5)),
    p95Ms: round(quantile(durations, 0.95)),
  };
}

/** Milliseconds `work` takes. */
export async function timed(work) {
  const started = process.hrtime.bigint();
  const result = await work();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, result };
}

/**
 * Runs `a` and `b` `repeats` times each after `warmups` untimed runs, alternating which goes
 * first (ABBA) so that drift and cache warmth fall on both alike. Returns both summaries and the
 * first results of each, for comparing what they returned.
 */
export async function comparePair(a, b, { repeats, warmups = 3 }) {
  const first = { a: await a(), b: await b() };
  for (let run = 1; run < warmups; run++) {
    await a();
    await b();
  }
  const durations = { a: [], b: [] };
  for (let run = 0; run < repeats; run++) {
    const order = run % 2 === 0 ? ['a', 'b'] : ['b', 'a'];
    for (const side of order) {
      const { ms } = await timed(side === 'a' ? a : b);
      durations[side].push(ms);
    }
  }
  return { a: summarize(durations.a), b: summarize(durations.b), first };
}

/** CPU time (user + system) process `pid` has used, in ms, from /proc (Linux). */
export function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  // utime and stime are fields 14 and 15 of stat, 12 and 13 after the command; in clock ticks.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}
