import type { FieldDef } from '@tangram/schema';

type Sensitive = NonNullable<FieldDef['sensitive']>;

/** How many leading and trailing characters each mask keeps. */
const KEEP: Readonly<
  Record<Exclude<Sensitive['mask'], 'custom' | 'email' | 'name'>, readonly [number, number]>
> = {
  phone: [3, 4],
  id_card: [4, 4],
  bank_card: [4, 4],
};

function keep(text: string, head: number, tail: number): string {
  const chars = [...text];
  if (chars.length <= head + tail) return '*'.repeat(chars.length);
  return `${chars.slice(0, head).join('')}${'*'.repeat(chars.length - head - tail)}${chars.slice(chars.length - tail).join('')}`;
}

/**
 * A sensitive value as a user without the unmask permission sees it: `13812345678` →
 * `138****5678`, `zhang.san@example.com` → `z*********@example.com`, `张三丰` → `张**`.
 * Lists are masked item by item; empty values stay empty.
 */
export function maskValue(value: unknown, sensitive: Sensitive): unknown {
  if (value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map((item) => maskValue(item, sensitive));
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  switch (sensitive.mask) {
    case 'phone':
    case 'id_card':
    case 'bank_card': {
      const [head, tail] = KEEP[sensitive.mask];
      return keep(text, head, tail);
    }
    case 'email': {
      const at = text.lastIndexOf('@');
      return at <= 0 ? keep(text, 1, 0) : `${keep(text.slice(0, at), 1, 0)}${text.slice(at)}`;
    }
    case 'name':
      return keep(text, 1, 0);
    case 'custom': {
      const [head, tail] = (sensitive.pattern ?? '0*0').split('*').map(Number);
      return keep(text, head ?? 0, tail ?? 0);
    }
    default: {
      const unknown: never = sensitive.mask;
      throw new TypeError(`unexpected mask ${String(unknown)}`);
    }
  }
}
