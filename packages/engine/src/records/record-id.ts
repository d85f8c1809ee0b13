/** Two lowercase hex digits per byte value. */
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** Random bytes drawn from the system source in blocks, eight per id (and two per millisecond). */
const POOL_SIZE = 4096;

/** Most ids one generator makes per millisecond before it borrows the next one. */
const COUNTER_MAX = 0xfff;

/**
 * Makes record ids: UUID version 7 (RFC 9562), 48 bits of Unix milliseconds, a 12-bit counter and
 * 62 random bits, so that an id made later sorts later, also within one millisecond and when the
 * clock steps back (the counter then runs on, borrowing the next millisecond when it is full).
 * Every runtime index ends with the id: random ids put each new entry on a random leaf page of
 * every index, ordered ones on the last page of its key (ADR 0016).
 */
export function createRecordIdGenerator(now: () => number = Date.now): () => string {
  const pool = new Uint8Array(POOL_SIZE);
  let used = POOL_SIZE;
  const random = (count: number): number => {
    if (used + count > POOL_SIZE) {
      crypto.getRandomValues(pool);
      used = 0;
    }
    const start = used;
    used += count;
    return start;
  };
  let lastMs = -1;
  let counter = 0;
  const bytes = new Uint8Array(16);
  return () => {
    const ms = Math.floor(now());
    if (ms > lastMs) {
      lastMs = ms;
      // A random start in the lower half leaves room for 2,048 more ids in this millisecond.
      const at = random(2);
      counter = (((pool[at] as number) << 8) | (pool[at + 1] as number)) & 0x7ff;
    } else if (counter < COUNTER_MAX) {
      counter += 1;
    } else {
      lastMs += 1;
      counter = 0;
    }
    let time = lastMs;
    for (let index = 5; index >= 0; index -= 1) {
      bytes[index] = time % 256;
      time = Math.floor(time / 256);
    }
    bytes[6] = 0x70 | (counter >> 8);
    bytes[7] = counter & 0xff;
    const at = random(8);
    bytes.set(pool.subarray(at, at + 8), 8);
    bytes[8] = 0x80 | ((bytes[8] as number) & 0x3f);
    let text = '';
    for (let index = 0; index < 16; index += 1) {
      if (index === 4 || index === 6 || index === 8 || index === 10) text += '-';
      text += HEX[bytes[index] as number];
    }
    return text;
  };
}
