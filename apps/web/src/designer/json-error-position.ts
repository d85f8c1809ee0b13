/** A place in a text, both counted from 1; the column in UTF-16 code units, as editors count. */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

/** `offset` (0-based, UTF-16 code units) of `text` as a line and column. */
export function positionAt(text: string, offset: number): TextPosition {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: before.length - lineStart + 1 };
}

/**
 * Where `JSON.parse(text)` failed, from the engine's `error`, when the engine says: V8 gives a
 * character position ("… in JSON at position 13"), Firefox a line and column ("… at line 3
 * column 5"), and a text that ends too soon fails at its end. Undefined when the message names
 * no place ("Unexpected token 'a', "abc" is not valid JSON").
 */
export function jsonErrorPosition(text: string, error: unknown): TextPosition | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const lineColumn = /\bline (\d+) column (\d+)/.exec(message);
  if (lineColumn) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /\bposition (\d+)/.exec(message);
  if (position) return positionAt(text, Number(position[1]));
  if (/unexpected end/i.test(message)) return positionAt(text, text.length);
  return undefined;
}
