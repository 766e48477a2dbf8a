/**
 * Time-ordered identifiers (UUID version 7 layout): new rows land at the end of b-tree indexes,
 * and sorting by id follows creation order.
 */

/** The two lowercase hex digits of each byte, as character codes. */
const HEX_CODES = Array.from({ length: 256 }, (_, i) => {
  const digits = i.toString(16).padStart(2, '0');
  return [digits.charCodeAt(0), digits.charCodeAt(1)] as const;
});

/**
 * Random bytes are drawn in blocks: a `getRandomValues` call per id cost as much as storing a
 * response, and one call fills the bytes of many ids. 10 random bytes go into each id.
 */
const POOL_IDS = 512;
const pool = new Uint8Array(POOL_IDS * 10);
let offset = pool.length;

/**
 * The id's 36 characters, written in place and read out as one flat string: building it from
 * two-digit pieces made a dozen intermediate strings per id, each to be allocated and flattened.
 * The dashes stay; the time digits change only when the millisecond does.
 */
const chars = new Uint8Array(36);
for (const at of [8, 13, 18, 23]) chars[at] = 0x2d;
let charsMs = -1;
/** The characters are ASCII, so UTF-8 decoding gives them as they are. */
const ascii = new TextDecoder();

function putByte(at: number, byte: number): void {
  const codes = HEX_CODES[byte & 0xff] ?? [0x30, 0x30];
  chars[at] = codes[0];
  chars[at + 1] = codes[1];
}

export function newId(): string {
  if (offset === pool.length) {
    crypto.getRandomValues(pool);
    offset = 0;
  }
  const o = offset;
  offset += 10;
  const ms = Date.now();
  if (ms !== charsMs) {
    // 48-bit big-endian millisecond timestamp: the high 24 bits, then the low 24.
    charsMs = ms;
    const high = Math.floor(ms / 0x1000000);
    const low = ms % 0x1000000;
    putByte(0, high >>> 16);
    putByte(2, high >>> 8);
    putByte(4, high);
    putByte(6, low >>> 16);
    putByte(9, low >>> 8);
    putByte(11, low);
  }
  // Version 7 and the RFC 9562 variant, then the random bytes.
  putByte(14, 0x70 | ((pool[o] ?? 0) & 0x0f));
  putByte(16, pool[o + 1] ?? 0);
  putByte(19, 0x80 | ((pool[o + 2] ?? 0) & 0x3f));
  putByte(21, pool[o + 3] ?? 0);
  for (let k = 4; k < 10; k++) putByte(16 + 2 * k, pool[o + k] ?? 0);
  return ascii.decode(chars);
}
