/** One RFC 6902 operation as the history lists it. */
export interface DiffOperation {
  readonly op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  readonly path: string;
  readonly from?: string;
  readonly value?: unknown;
}

/** A line of a readable diff: what happened, where (named by machine names), and the value. */
export interface DiffLine {
  readonly op: DiffOperation['op'];
  readonly where: string;
  readonly value: string | null;
}

function shorten(value: unknown): string | null {
  if (value === undefined) return null;
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

function nameAt(document: unknown, segments: readonly string[]): string | undefined {
  let node: unknown = document;
  for (const segment of segments) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  if (node === null || typeof node !== 'object') return undefined;
  const named = node as { name?: unknown; id?: unknown; field?: unknown };
  const name = named.name ?? named.field ?? named.id;
  return typeof name === 'string' ? name : undefined;
}

/**
 * Turns JSON Pointer paths into readable places: `/fields/3/label/en` of an object becomes
 * `fields › amount › label › en`, naming array members by their `name`, `field` or `id` in the
 * document they belong to (the newer version for adds and replaces, the older for removes).
 */
export function readableDiff(
  diff: readonly DiffOperation[],
  before: unknown,
  after: unknown,
): DiffLine[] {
  return diff.map((operation) => {
    const segments = operation.path
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const document = operation.op === 'remove' ? before : after;
    const parts = segments.map((segment, index) => {
      if (!/^\d+$/.test(segment)) return segment;
      return (
        nameAt(document, segments.slice(0, index + 1)) ??
        nameAt(before, segments.slice(0, index + 1)) ??
        `#${Number(segment) + 1}`
      );
    });
    return { op: operation.op, where: parts.join(' › ') || '/', value: shorten(operation.value) };
  });
}
