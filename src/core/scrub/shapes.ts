// Pseudonyms for values without a richer format: keep every character that is not a letter or a digit
// (so a malformed address stays malformed in the same way, and a schema error it had stays the same
// error), key the rest.
import { type KeyedHash, keyedDigits } from './keyed';

/** Every digit becomes a keyed digit and every ASCII letter a keyed letter of the same case. */
export function keyedShape(hash: KeyedHash, original: string, attempt: number): string {
  const bytes = hash.bytes('shape', `${attempt}/${original}`, Math.max(1, original.length));
  let i = 0;
  return original.replace(/[0-9A-Za-z]/g, (c) => {
    const b = bytes[i++ % bytes.length];
    if (c <= '9') return String(b % 10);
    const letter = String.fromCharCode(97 + (b % 26));
    return c <= 'Z' ? letter.toUpperCase() : letter;
  });
}

/** A phone number: a leading "+country" and every non-digit kept, the other digits keyed. */
export function keyedPhone(hash: KeyedHash, original: string, attempt: number): string {
  const m = /^(\s*\+\d{1,3}[\s-]?)?(.*)$/s.exec(original)!;
  const body = m[2];
  const digits = keyedDigits(hash, 'phone', `${attempt}/${original.replace(/\D/g, '')}`, body.replace(/\D/g, '').length);
  let i = 0;
  return (m[1] ?? '') + body.replace(/\d/g, () => digits[i++]);
}
