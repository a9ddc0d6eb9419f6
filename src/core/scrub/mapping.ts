// The mapping of one scrub run: every original identity found (registered while the documents are
// read), then a pseudonym for each (assigned once everything is known), with three guarantees:
//   - one original → one pseudonym, whatever its letter case (AD names are case-insensitive);
//   - two originals of a kind that identifies (users, computers, domains, SIDs, GUIDs, addresses) never
//     share a pseudonym;
//   - no pseudonym contains an original token (under the token's match rule), so the verification can
//     search the output for every original without tripping over a pseudonym.
// The generator's `attempt` parameter gives the next candidate when a guarantee would break.
import { type Pseudonyms, type NameHint } from './pseudonyms';
import { MIN_TOKEN_LENGTH, TokenMatcher, foldCase, type MatchRule, type Token } from './tokens';

export const IDENTITY_KINDS = ['given', 'surname', 'label', 'computer', 'user', 'group', 'phone', 'sid', 'guid', 'objectId', 'ip', 'other'] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

export interface MappingEntry {
  kind: IdentityKind;
  original: string;
  pseudonym: string;
  rule: MatchRule;
}

interface Registration {
  kind: IdentityKind;
  original: string;
  role?: string;
  hint?: { givenName: string; surname: string };
  /** A spelling of another registration (an address or name with "-" or "_" for "." or " "). */
  variantOf?: { base: string; separator: string };
}

const MAX_ATTEMPTS = 200;
/** Name parts may share a pseudonym once this many candidates were taken (84 given names cannot cover a large company). */
const UNIQUE_NAME_ATTEMPTS = 12;
const INJECTIVE: ReadonlySet<IdentityKind> = new Set(['label', 'computer', 'user', 'group', 'phone', 'sid', 'guid', 'objectId', 'ip', 'other']);
const ADDRESS_LIKE: ReadonlySet<IdentityKind> = new Set(['phone', 'sid', 'guid', 'objectId', 'ip', 'other', 'given', 'surname']);
const AFFIX = /^(?:(?:adm|admin|a|da|ea|t0|t1|t2|priv|x)[-_.].+|.+[-_.](?:adm|admin|a|da|ea|t0|t1|t2|priv))$/i;
const AA_GUID = /^aa([0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12})$/i;

/** How a token of this kind is searched: see tokens.ts. */
export function ruleFor(kind: IdentityKind, original: string): MatchRule {
  if (ADDRESS_LIKE.has(kind)) return 'word';
  return original.length >= 6 && /\p{L}/u.test(original) ? 'anywhere' : 'word';
}

export class ScrubMapping {
  private readonly registrations = new Map<string, Registration>();
  /** DNS domains seen (host names under them are found in free text too). */
  readonly domains = new Set<string>();
  private readonly assigned = new Map<string, MappingEntry>();
  private matcher: TokenMatcher | undefined;

  constructor(private readonly pseudonyms: Pseudonyms) {}

  /** Records an original; the first registration of a (case-folded) value decides its kind. */
  register(kind: IdentityKind, original: string, extra: { role?: string; hint?: { givenName: string; surname: string } } = {}): void {
    const value = original.trim();
    if (!value || this.assigned.size) return;
    const key = foldCase(value);
    const existing = this.registrations.get(key);
    if (existing) {
      if (extra.hint && !existing.hint && existing.kind === kind) existing.hint = extra.hint;
      if (extra.role && !existing.role && existing.kind === kind) existing.role = extra.role;
      return;
    }
    this.registrations.set(key, { kind, original: value, ...extra });
  }

  /** Records `original` with `separator` in place of the base's dots and spaces (file names spell "10.1.2.7" as "10-1-2-7"). */
  registerVariant(kind: IdentityKind, base: string, separator: string): void {
    const variant = base.trim().replace(/[. ]/g, separator);
    if (variant === base.trim() || this.registrations.has(foldCase(variant))) return;
    this.registrations.set(foldCase(variant), { kind, original: variant, variantOf: { base: base.trim(), separator } });
  }

  get registeredCount(): number {
    return this.registrations.size;
  }

  /** Gives every registered original its pseudonym. Call once, after the last `register`. */
  assign(): void {
    if (this.assigned.size) return;
    const originals = new TokenMatcher([...this.registrations.values()].map((r) => ({ text: r.original, rule: ruleFor(r.kind, r.original) })));
    const used = new Set<string>();
    const order = (r: Registration) => IDENTITY_KINDS.indexOf(r.kind) * 4 + (r.variantOf ? 3 : r.kind === 'user' && AFFIX.test(r.original) ? 1 : 0);
    const list = [...this.registrations.entries()].sort(([ka, a], [kb, b]) => order(a) - order(b) || (ka < kb ? -1 : ka > kb ? 1 : 0));
    for (const [key, r] of list) {
      if (r.variantOf && !this.assigned.has(foldCase(r.variantOf.base))) continue; // its base was never assigned
      let pseudonym: string | undefined;
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const candidate = this.candidate(r, attempt);
        if (candidate === undefined) break;
        const folded = foldCase(candidate);
        if (folded === key) {
          // Kept on purpose (a well-known SID, a built-in account, loopback) whatever the attempt; a name
          // list that happens to return the original itself is just a candidate to skip.
          if (this.candidate(r, attempt + 1) === candidate) { pseudonym = candidate; break; }
          continue;
        }
        // A spelling variant may share its base's pseudonym ("Tier 0 Break Glass" → "Cedarcrest" spells "Cedarcrest" with "-" too).
        const ownBase = r.variantOf !== undefined && foldCase(this.assigned.get(foldCase(r.variantOf.base))?.pseudonym ?? '') === folded;
        const clash = !ownBase && (INJECTIVE.has(r.kind) || attempt < UNIQUE_NAME_ATTEMPTS) && used.has(`${r.kind}\u0000${folded}`);
        if (clash || this.registrations.has(folded) || originals.test(candidate)) continue;
        pseudonym = candidate;
        break;
      }
      if (pseudonym === undefined) throw new Error(`No pseudonym could be found for the ${r.kind} "${r.original}" that avoids every original name.`);
      used.add(`${r.kind}\u0000${foldCase(pseudonym)}`);
      this.assigned.set(key, { kind: r.kind, original: r.original, pseudonym, rule: ruleFor(r.kind, r.original) });
    }
    this.matcher = new TokenMatcher(this.tokens());
  }

  /** True when an original or a pseudonym holds a character JSON escapes (a quote, a backslash, a control character). */
  get hasJsonUnsafeToken(): boolean {
    // eslint-disable-next-line no-control-regex
    const unsafe = /["\\\u0000-\u001f]/;
    return this.entries().some((e) => unsafe.test(e.original) || unsafe.test(e.pseudonym));
  }

  /** The pseudonym of an original (any case), once assigned. */
  lookup(original: string): MappingEntry | undefined {
    return this.assigned.get(foldCase(original.trim()));
  }

  /** Entries whose pseudonym differs from the original: what is replaced, searched for and written to a mapping file. */
  entries(): MappingEntry[] {
    return [...this.assigned.values()].filter((e) => foldCase(e.pseudonym) !== foldCase(e.original));
  }

  /** The originals as search tokens (only those long enough to search for in text). */
  tokens(): Token[] {
    return this.entries().filter((e) => e.original.length >= MIN_TOKEN_LENGTH).map((e) => ({ text: e.original, rule: e.rule }));
  }

  /**
   * Text with every original token replaced by its pseudonym, in the matched text's letter case; `keep`
   * can leave a match where it is (structure).
   */
  replaceText(text: string, keep?: (start: number, token: Token) => boolean): string {
    if (!this.matcher) throw new Error('assign() must run before replaceText()');
    return this.matcher.replace(text, (matched, token, start) => {
      if (keep?.(start, token)) return undefined;
      const entry = this.lookup(matched);
      return entry ? adaptCase(matched, entry.original, entry.pseudonym) : matched;
    });
  }

  private candidate(r: Registration, attempt: number): string | undefined {
    const p = this.pseudonyms;
    if (r.variantOf) {
      const base = this.assigned.get(foldCase(r.variantOf.base));
      return base ? base.pseudonym.replace(/[. :]/g, r.variantOf.separator) : undefined;
    }
    switch (r.kind) {
      case 'given': return attempt < 60 ? p.givenName(r.original, attempt) : p.surname(`given/${r.original}`, attempt);
      case 'surname': return p.surname(r.original, attempt);
      case 'label': return p.domainLabel(r.original, attempt);
      case 'computer': return p.computer(r.original, { attempt, role: r.role });
      case 'user': return this.userCandidate(r, attempt);
      case 'group': return p.group(r.original, attempt);
      case 'phone': return p.phone(r.original, attempt);
      case 'sid': return p.sid(r.original, attempt);
      case 'guid': {
        const aa = AA_GUID.exec(r.original);
        return aa ? r.original.slice(0, 2) + p.guid(aa[1], attempt) : p.guid(r.original, attempt);
      }
      case 'objectId': return p.objectId(r.original, attempt);
      case 'ip': return p.isIp(r.original) ? p.ip(r.original, attempt) : p.shape(r.original, attempt);
      case 'other': return p.shape(r.original, attempt);
    }
  }

  private userCandidate(r: Registration, attempt: number): string {
    const p = this.pseudonyms;
    // "adm-jwhitfield" follows "jwhitfield" when that account is known, so the admin twin stays recognisable.
    const affix = /^((?:adm|admin|a|da|ea|t0|t1|t2|priv|x)[-_.])(.+)$/i.exec(r.original) ?? /^()(.+?)([-_.](?:adm|admin|a|da|ea|t0|t1|t2|priv))$/i.exec(r.original);
    if (affix && attempt === 0) {
      const body = this.assigned.get(foldCase(affix[2]));
      if (body && body.kind === 'user') return affix[1] + adaptCase(affix[2], body.original, body.pseudonym) + (affix[3] ?? '');
    }
    const nameOf = (part: 'given' | 'surname', original: string) => this.assigned.get(foldCase(original))?.pseudonym ?? (part === 'given' ? p.givenName(original) : p.surname(original));
    const hint: NameHint | undefined = r.hint && attempt === 0 ? { ...r.hint, nameOf } : undefined;
    return p.userName(r.original, { attempt, hint });
  }

  /** The mapping file's content: originals and pseudonyms, sorted, one entry per line. */
  toJson(): string {
    return mappingFileText(this.entries());
  }
}

/** A mapping file's content: the entries sorted by kind and original, one a line. */
export function mappingFileText(list: readonly MappingEntry[]): string {
  const entries = [...list].sort((a, b) => IDENTITY_KINDS.indexOf(a.kind) - IDENTITY_KINDS.indexOf(b.kind) || (a.original < b.original ? -1 : a.original > b.original ? 1 : 0));
  return `{\n  "mappingVersion": 1,\n  "entries": [\n${entries.map((e) => `    ${JSON.stringify({ kind: e.kind, original: e.original, pseudonym: e.pseudonym, rule: e.rule })}`).join(',\n')}\n  ]\n}\n`;
}

/** The entries of a mapping file with another run's added (an original already there keeps its entry). */
export function mergeMappingEntries(existing: readonly MappingEntry[], added: readonly MappingEntry[]): MappingEntry[] {
  const byOriginal = new Map(existing.map((e) => [foldCase(e.original), e]));
  for (const e of added) if (!byOriginal.has(foldCase(e.original))) byOriginal.set(foldCase(e.original), e);
  return [...byOriginal.values()];
}

/** The pseudonym in the letter case the text used (all caps, all lower, capitalised), else as assigned. */
function adaptCase(matched: string, original: string, pseudonym: string): string {
  if (matched === original) return pseudonym;
  const letters = matched.replace(/[^\p{L}]/gu, '');
  if (!letters) return pseudonym;
  if (letters === letters.toUpperCase()) return pseudonym.toUpperCase();
  if (letters === letters.toLowerCase()) return pseudonym.toLowerCase();
  if (letters.slice(1) === letters.slice(1).toLowerCase()) return pseudonym.charAt(0).toUpperCase() + pseudonym.slice(1).toLowerCase();
  return pseudonym;
}

/** Reads a mapping file written by `toJson`; problems are thrown as errors with the reason. */
export function parseMappingFile(text: string): MappingEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new Error(`it is not JSON (${(err as Error).message})`, { cause: err });
  }
  const entries = (data as { entries?: unknown })?.entries;
  if (!Array.isArray(entries)) throw new Error('it has no "entries" list; is it a mapping file written by "atp-workbench scrub --mapping"?');
  return entries.map((e, i) => {
    const o = e as Record<string, unknown>;
    if (typeof o?.original !== 'string' || typeof o.pseudonym !== 'string') throw new Error(`entry ${i + 1} has no "original" and "pseudonym" strings`);
    const kind = (IDENTITY_KINDS as readonly string[]).includes(o.kind as string) ? (o.kind as IdentityKind) : 'other';
    const rule: MatchRule = o.rule === 'anywhere' ? 'anywhere' : o.rule === 'word' ? 'word' : ruleFor(kind, o.original);
    return { kind, original: o.original, pseudonym: o.pseudonym, rule };
  });
}
