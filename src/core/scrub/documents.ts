// Pseudonymising a set of in-memory documents — alerts, Unique Entity Json and Profile Json, verdict
// ledgers, or plain text — with one key, independent of files: the workspace command, the import
// command's `--scrub` and the tests all come through here.
//
// Three passes: identities are registered (structurally, then by pattern in every content string),
// pseudonyms are assigned with everything known, then every content string and non-schema property
// name is rewritten in one left-to-right pass of the token scanner (or, for files, the whole text at
// once when that is provably the same).
import { collectAlert, collectEntity, collectLedger, PatternCollector } from './collect';
import { STRUCTURAL_FIELDS, schemaPropertyNames, structuralAt } from './fields';
import { ScrubMapping } from './mapping';
import { Pseudonyms } from './pseudonyms';
import { TokenMatcher, type Token } from './tokens';
import { shiftTimesInText } from './time';

export type ScrubKind = 'alert' | 'entity' | 'profile' | 'ledger' | 'text';

export interface ScrubInput {
  /** A name for the document (a relative path): pseudonymised too, since file names carry names. */
  name: string;
  kind: ScrubKind;
  /** The parsed JSON value, or the text for kind `text`. */
  value: unknown;
}

export interface ScrubbedDocument {
  name: string;
  kind: ScrubKind;
  value: unknown;
}

export interface ScrubOptions {
  /** The secret key's bytes (or text). */
  key: Uint8Array | string;
  /** Move every date and time by this many days (default 0: times kept). */
  shiftDays?: number;
}

export interface ScrubResult {
  documents: ScrubbedDocument[];
  /** Originals → pseudonyms; `mapping.entries()` is what a mapping file holds. */
  mapping: ScrubMapping;
}

export const COLLECT_ORDER: ScrubKind[] = ['entity', 'profile', 'alert', 'ledger', 'text'];
type Json = Record<string, unknown>;

export function scrubDocuments(inputs: readonly ScrubInput[], options: ScrubOptions): ScrubResult {
  const session = new ScrubSession(options);
  for (const kind of COLLECT_ORDER) for (const doc of inputs) if (doc.kind === kind) session.collect(doc.kind, doc.value);
  for (const kind of COLLECT_ORDER) for (const doc of inputs) if (doc.kind === kind) session.scan(doc.name, doc.value);
  for (const kind of COLLECT_ORDER) for (const doc of inputs) if (doc.kind === kind) session.scanHosts(doc.name, doc.value);
  session.assign();
  const documents = inputs.map((doc) => ({ name: session.rename(doc.name), kind: doc.kind, value: session.rewriteValue(doc.kind, doc.value) }));
  return { documents, mapping: session.mapping };
}

/**
 * One scrub, step by step, for callers that stream documents (the file plan collects each file as it
 * is read and keeps only its text): collect every document (entities first, then the rest), scan each,
 * assign, then rewrite values or whole JSON texts.
 */
export class ScrubSession {
  readonly mapping: ScrubMapping;
  private patterns: PatternCollector | undefined;
  private rewriter: Rewriter | undefined;
  private structureTokens: TokenMatcher | undefined;
  private jsonUnsafe = false;
  private structureTokenTexts = new Set<string>();
  private readonly structuralValues = new Set<string>();

  constructor(private readonly options: ScrubOptions) {
    this.mapping = new ScrubMapping(new Pseudonyms(options.key));
  }

  /** Structural identities of one document. */
  collect(kind: ScrubKind, value: unknown): void {
    const doc = value && typeof value === 'object' ? (value as Json) : undefined;
    if (!doc) return;
    if (kind === 'entity') collectEntity(this.mapping, doc);
    else if (kind === 'alert') collectAlert(this.mapping, doc);
    else if (kind === 'ledger') collectLedger(this.mapping, doc);
  }

  /** Identities shown by their form in a document's content and name. */
  scan(name: string, value: unknown): void {
    this.patterns ??= new PatternCollector(this.mapping, this.structuralValues);
    this.patterns.scan(name);
    if (typeof value === 'string') this.patterns.scan(value);
    else this.patterns.scanJson(value);
  }

  /** Host names under the domains found so far, in a name and a value or a document's whole text. Call after every `collect` and `scan`. */
  scanHosts(name: string, value: unknown): void {
    this.patterns ??= new PatternCollector(this.mapping, this.structuralValues);
    this.patterns.scanHosts(name);
    this.patterns.scanHosts(value);
  }

  assign(): void {
    this.mapping.assign();
    this.rewriter = new Rewriter(this.mapping, this.options.shiftDays ?? 0);
    // Tokens that also occur in structure (an enumeration value, a schema property name): a JSON text
    // holding one of them is rewritten value by value, where structure is known, never as text.
    const structure = new TokenMatcher(this.mapping.tokens());
    const found = new Map<string, Token>();
    for (const text of [...this.structuralValues, ...schemaPropertyNames()]) for (const m of structure.matches(text, true)) found.set(m.token.text, m.token);
    this.structureTokens = new TokenMatcher(found.values());
    this.structureTokenTexts = new Set(found.keys());
    this.jsonUnsafe = this.mapping.hasJsonUnsafeToken;
  }

  rename(name: string): string {
    return this.mapping.replaceText(name);
  }

  rewriteValue(kind: ScrubKind, value: unknown): unknown {
    const rewriter = this.ready();
    if (typeof value === 'string') return rewriter.text(value);
    const out = rewriter.json(value);
    return kind === 'ledger' ? sortLedgerIds(out) : out;
  }

  /**
   * A JSON document's text rewritten as text, keeping its exact layout — or undefined when it must be
   * rewritten value by value: a ledger (its ids are re-sorted), a text with \u escapes (a name could hide
   * behind one), or a text holding a token that also occurs in structure.
   */
  rewriteJsonText(kind: ScrubKind, text: string): string | undefined {
    const rewriter = this.ready();
    if (kind === 'ledger' || text.includes('\\u') || this.jsonUnsafe) return undefined;
    if (!this.structureTokens!.test(text)) return rewriter.text(text);
    // A token that also occurs in structure: keep it where it is structure, if the text says so plainly.
    let unclear = false;
    const shifted = this.options.shiftDays ? shiftTimesInText(text, this.options.shiftDays) : text;
    const out = this.mapping.replaceText(shifted, (start, token) => {
      if (!this.structureTokenTexts.has(token.text)) return false;
      const structural = structuralAt(shifted, start);
      if (structural === undefined) unclear = true;
      return structural !== false;
    });
    return unclear ? undefined : out;
  }

  private ready(): Rewriter {
    if (!this.rewriter) throw new Error('assign() must run before rewriting');
    return this.rewriter;
  }
}

/** Rewrites strings with the mapping (and the time shift), remembering short strings it has seen. */
export class Rewriter {
  private readonly cache = new Map<string, string>();
  private readonly schemaKeys = schemaPropertyNames();

  constructor(private readonly mapping: ScrubMapping, private readonly shiftDays: number) {}

  text(s: string): string {
    const cacheable = s.length <= 120 && s.length >= 3;
    if (cacheable) {
      const hit = this.cache.get(s);
      if (hit !== undefined) return hit;
    }
    let out = s;
    if (this.shiftDays) out = shiftTimesInText(out, this.shiftDays);
    out = this.mapping.replaceText(out);
    if (cacheable) this.cache.set(s, out);
    return out;
  }

  json(value: unknown, key?: string): unknown {
    if (typeof value === 'string') return key !== undefined && STRUCTURAL_FIELDS.has(key) ? value : this.text(value);
    if (Array.isArray(value)) return value.map((v) => this.json(v, key));
    if (value && typeof value === 'object') {
      // A null prototype: a property named "__proto__" stays an ordinary property.
      const out = Object.create(null) as Json;
      for (const [k, v] of Object.entries(value)) out[this.schemaKeys.has(k) ? k : this.text(k)] = this.json(v, k);
      return out;
    }
    return value;
  }
}

/** A ledger's alert ids changed: keep them sorted as the ledger's canonical form wants. */
function sortLedgerIds(value: unknown): unknown {
  const ledger = value as Json;
  const alerts = ledger?.alerts;
  if (!alerts || typeof alerts !== 'object' || Array.isArray(alerts)) return value;
  const sorted = Object.create(null) as Json;
  for (const id of Object.keys(alerts).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) sorted[id] = (alerts as Json)[id];
  ledger.alerts = sorted;
  return ledger;
}
