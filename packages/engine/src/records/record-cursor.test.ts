import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './record-cursor.js';

/** base64url of the UTF-8 bytes of `text`, computed independently of the cursor code. */
function base64Url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

describe('encodeCursor', () => {
  it('is base64url of the UTF-8 JSON for ASCII values', () => {
    const cursor = {
      sort: 'n2:desc,id:desc',
      after: ['1200.50', '0b0c8f3e-2f1a-4c55-9a55-1f2e3d4c5b6a'],
    };
    expect(encodeCursor(cursor)).toBe(
      base64Url(JSON.stringify({ s: cursor.sort, a: cursor.after })),
    );
  });

  it('is base64url of the UTF-8 JSON for values beyond ASCII', () => {
    const cursor = { sort: 't1:asc,id:asc', after: ['客户 ü', null] };
    expect(encodeCursor(cursor)).toBe(
      base64Url(JSON.stringify({ s: cursor.sort, a: cursor.after })),
    );
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });
});
