/** A machine name from a label: ASCII letters and digits in snake case, else `fallback`. */
export function machineNameFrom(
  label: string,
  fallback: string,
  taken: ReadonlySet<string> = new Set(),
): string {
  const slug = label
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .replace(/^[^a-z]+/, '')
    .slice(0, 50);
  const base = slug === '' ? fallback : slug;
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}_${n}`)) return `${base}_${n}`;
}
