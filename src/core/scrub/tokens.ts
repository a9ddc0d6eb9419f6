// Finding original tokens in text: the one scanner behind replacement, the built-in verification and
// `--check`. Matching is case-insensitive on code units (case folded without changing lengths, so
// positions in the folded text are positions in the original), leftmost-longest, in one pass: a name
// that is part of another ("ann" in "joanna", "jwhitfield" in "adm-jwhitfield") never splits it.
//
// Each token has a rule: `word` tokens match only between word boundaries (letters, digits and "_" are
// word characters), `anywhere` tokens also inside longer words. Name parts, short tokens and addresses
// (whose neighbours would make another address) are `word`; long user, host and domain names are
// `anywhere`, so "jwhitfield2" or "contosocorp" cannot slip through.
//
// The scan looks at every position only through a 3-character hash and a bit set, so a text without
// tokens costs one pass of cheap arithmetic, whatever the number of tokens.

export type MatchRule = 'word' | 'anywhere';

export interface Token {
  /** The original text (any case). */
  text: string;
  rule: MatchRule;
}

export interface Match {
  start: number;
  end: number;
  token: Token;
}

/** Tokens shorter than this are never searched in text (they are replaced only in identity fields). */
export const MIN_TOKEN_LENGTH = 3;
const BITS = 1 << 20;

/** Lower case without changing the length (a character whose lower case is longer is kept). */
export function foldCase(text: string): string {
  // Only U+0130 (İ) lowers to two code units; when the length is unchanged every unit kept its place.
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  let out = '';
  for (const ch of text) {
    const l = ch.toLowerCase();
    out += l.length === ch.length ? l : ch;
  }
  return out;
}

export function isWordChar(code: number): boolean {
  if (code < 128) return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
  return /[\p{L}\p{N}\p{M}]/u.test(String.fromCharCode(code));
}

const MASK = BITS - 1;
/** The first three code units as one number (exact: 48 bits), a map key that allocates nothing. */
const headKey = (a: number, b: number, c: number): number => a * 4294967296 + b * 65536 + c;
const hash3 = (s: string, i: number): number => ((s.charCodeAt(i) * 961) + (s.charCodeAt(i + 1) * 31) + s.charCodeAt(i + 2)) & MASK;

export class TokenMatcher {
  private readonly bits = new Uint8Array(BITS / 8);
  /** First three folded characters → the lengths of the tokens starting with them (longest first) and the tokens by folded text. */
  private readonly byHead = new Map<number, { lengths: number[]; tokens: Map<string, Token> }>();
  readonly size: number;

  constructor(tokens: Iterable<Token>) {
    let size = 0;
    for (const token of tokens) {
      if (token.text.length < MIN_TOKEN_LENGTH) continue;
      const folded = foldCase(token.text);
      const head = headKey(folded.charCodeAt(0), folded.charCodeAt(1), folded.charCodeAt(2));
      const h = hash3(folded, 0);
      this.bits[h >> 3] |= 1 << (h & 7);
      const group = this.byHead.get(head) ?? { lengths: [], tokens: new Map<string, Token>() };
      if (!group.tokens.has(folded)) {
        group.tokens.set(folded, token);
        if (!group.lengths.includes(folded.length)) group.lengths.push(folded.length);
        size++;
      }
      this.byHead.set(head, group);
    }
    for (const group of this.byHead.values()) group.lengths.sort((a, b) => b - a);
    this.size = size;
  }

  /**
   * Non-overlapping matches, leftmost first and longest at each position. With `all`, also matches
   * that overlap a previous one (the verification reports every occurrence).
   */
  matches(text: string, all = false): Match[] {
    const out: Match[] = [];
    if (this.size === 0 || text.length < MIN_TOKEN_LENGTH) return out;
    const folded = foldCase(text);
    const last = folded.length - MIN_TOKEN_LENGTH;
    const bits = this.bits;
    // A rolling hash of the three characters at i (the same value hash3 computes).
    let c0 = folded.charCodeAt(0);
    let c1 = folded.charCodeAt(1);
    for (let i = 0; i <= last; i++) {
      const c2 = folded.charCodeAt(i + 2);
      const h = (c0 * 961 + c1 * 31 + c2) & MASK;
      c0 = c1;
      c1 = c2;
      if ((bits[h >> 3] & (1 << (h & 7))) === 0) continue;
      const group = this.byHead.get(headKey(folded.charCodeAt(i), c0, c1));
      if (!group) continue;
      const before = i > 0 && isWordChar(folded.charCodeAt(i - 1));
      for (const length of group.lengths) {
        if (i + length > folded.length) continue;
        const f = folded.slice(i, i + length);
        const token = group.tokens.get(f);
        if (!token) continue;
        const end = i + length;
        if (token.rule === 'word') {
          if (before && isWordChar(f.charCodeAt(0))) continue;
          if (end < folded.length && isWordChar(folded.charCodeAt(end)) && isWordChar(f.charCodeAt(f.length - 1))) continue;
        }
        out.push({ start: i, end, token });
        if (!all && end - 1 > i) {
          i = end - 1;
          c0 = folded.charCodeAt(i + 1);
          c1 = folded.charCodeAt(i + 2);
        }
        break;
      }
    }
    return out;
  }

  /** True when any token occurs in `text`. */
  test(text: string): boolean {
    return this.matches(text).length > 0;
  }

  /**
   * `text` with every match replaced by `replacement(match text, token, start)`; a replacement of
   * `undefined` keeps the match as it is.
   */
  replace(text: string, replacement: (matched: string, token: Token, start: number) => string | undefined): string {
    const found = this.matches(text);
    if (found.length === 0) return text;
    let out = '';
    let at = 0;
    for (const m of found) {
      const matched = text.slice(m.start, m.end);
      out += text.slice(at, m.start) + (replacement(matched, m.token, m.start) ?? matched);
      at = m.end;
    }
    return out + text.slice(at);
  }
}
