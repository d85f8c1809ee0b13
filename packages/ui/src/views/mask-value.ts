import type { FieldDef } from '@tangram/schema';

/** How many characters a mask keeps at the start and the end. */
const KEEP: Readonly<Record<string, readonly [number, number]>> = {
  phone: [3, 4],
  id_card: [4, 4],
  bank_card: [0, 4],
  name: [1, 0],
};

function keep(text: string, head: number, tail: number): string {
  const chars = [...text];
  if (chars.length <= head + tail) return '*'.repeat(chars.length);
  const hidden = chars.length - head - tail;
  return (
    chars.slice(0, head).join('') + '*'.repeat(hidden) + chars.slice(chars.length - tail).join('')
  );
}

/**
 * A sensitive field's text as shown masked (`138****5678`), by the field's `sensitive.mask`;
 * the text unchanged when the field is not sensitive.
 */
export function maskValue(field: FieldDef, text: string): string {
  const sensitive = field.sensitive;
  if (!sensitive || text === '') return text;
  if (sensitive.mask === 'email') {
    const at = text.indexOf('@');
    return at <= 0 ? keep(text, 1, 0) : `${keep(text.slice(0, at), 1, 0)}${text.slice(at)}`;
  }
  if (sensitive.mask === 'custom' && sensitive.pattern) {
    const [head, tail] = sensitive.pattern.split('*').map(Number);
    return keep(text, head ?? 0, tail ?? 0);
  }
  const [head, tail] = KEEP[sensitive.mask] ?? [0, 0];
  return keep(text, head, tail);
}
