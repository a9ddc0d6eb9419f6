// Keyed primitives under every pseudonym: HMAC-SHA-256 with the user's secret key, domain-separated by a
// "kind" so that the same text used as a user name and as a host name gives unrelated pseudonyms.
// Without the key nothing here can be recomputed, so a pseudonym cannot be walked back to its original.
import { createHash, type Hash } from 'node:crypto';

export class KeyedHash {
  // HMAC (RFC 2104) with the padded key's two hash states computed once and copied per message: the same
  // bytes as createHmac, without setting the key up again for each of the many short messages.
  private readonly inner: Hash;
  private readonly outer: Hash;
  private readonly bits = new Map<string, number>();

  constructor(key: Uint8Array) {
    if (key.length === 0) throw new Error('the pseudonymisation key is empty');
    const block = Buffer.alloc(64);
    (key.length > 64 ? createHash('sha256').update(key).digest() : Buffer.from(key)).copy(block);
    this.inner = createHash('sha256').update(block.map((b) => b ^ 0x36));
    this.outer = createHash('sha256').update(block.map((b) => b ^ 0x5c));
  }

  /** 32 bytes (or `length` bytes, chained) derived from the key, the kind and the input. */
  bytes(kind: string, input: string, length = 32): Buffer {
    const first = this.block(kind, input, 0);
    if (length <= 32) return first.subarray(0, length);
    const blocks = [first];
    for (let i = 1; blocks.length * 32 < length; i++) blocks.push(this.block(kind, input, i));
    return Buffer.concat(blocks).subarray(0, length);
  }

  /** One keyed bit, remembered: prefix-preserving address pseudonyms ask for the same prefixes' bits again and again. */
  bit(kind: string, input: string): number {
    const key = `${kind}\u0000${input}`;
    let bit = this.bits.get(key);
    if (bit === undefined) {
      bit = this.bytes(kind, input, 1)[0] & 1;
      this.bits.set(key, bit);
    }
    return bit;
  }

  /** A uniform integer in [0, n) (n ≤ 2^48); the bias of 48 random bits modulo a small n is negligible. */
  below(kind: string, input: string, n: number): number {
    return this.bytes(kind, input, 6).readUIntBE(0, 6) % n;
  }

  /** A uniform unsigned 32-bit integer. */
  uint32(kind: string, input: string): number {
    return this.bytes(kind, input, 4).readUInt32BE(0);
  }

  /**
   * A keyed bijection of [0, n) (a small Feistel network with cycle-walking): distinct inputs always give
   * distinct outputs, which is what keeps two real relative ids, subnets or hosts apart after scrubbing.
   */
  permute(kind: string, tweak: string, n: number, value: number): number {
    if (n <= 1) return value;
    let bits = Math.max(2, Math.ceil(Math.log2(n)));
    if (bits % 2) bits++;
    const half = bits / 2;
    const size = 2 ** half;
    let y = value;
    do {
      let left = Math.floor(y / size);
      let right = y % size;
      for (let round = 0; round < 4; round++) {
        const f = this.uint32(kind, `${tweak}\u0000${round}\u0000${right}`) % size;
        [left, right] = [right, (left ^ f) >>> 0 & (size - 1)];
      }
      y = left * size + right;
    } while (y >= n);
    return y;
  }

  private block(kind: string, input: string, counter: number): Buffer {
    const inner = this.inner.copy().update(`${kind}\u0000${counter}\u0000${input}`, 'utf8').digest();
    return this.outer.copy().update(inner).digest();
  }
}

/** Digits of the same length as `digits`, derived from the key (a leading zero only where the original had one). */
export function keyedDigits(hash: KeyedHash, kind: string, input: string, length: number, allowLeadingZero = true): string {
  const bytes = hash.bytes(kind, input, Math.max(1, length));
  let out = '';
  for (let i = 0; i < length; i++) {
    const d = bytes[i] % 10;
    out += String(!allowLeadingZero && i === 0 && d === 0 ? 1 + (bytes[i] % 9) : d);
  }
  return out;
}

/** Give `text` the letter case of `template`: ALL CAPS, all lower or Capitalised; anything else as generated. */
export function matchCase(template: string, text: string): string {
  const letters = template.replace(/[^\p{L}]/gu, '');
  if (!letters) return text;
  if (letters === letters.toUpperCase() && letters !== letters.toLowerCase()) return text.toUpperCase();
  if (letters === letters.toLowerCase()) return text.toLowerCase();
  const first = letters[0];
  if (first === first.toUpperCase() && letters.slice(1) === letters.slice(1).toLowerCase()) {
    return text.charAt(0).toUpperCase() + text.slice(1).toLowerCase();
  }
  return text;
}
