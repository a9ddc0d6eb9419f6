// Pseudonymising a set of in-memory documents — alerts, Unique Entity Json and Profile Json, verdict
// ledgers, or plain text — with one key, independent of files: the workspace command, the import
// command's `--scrub` and the tests all come through here.
//
// Three passes: identities are registered (structurally, then by pattern in every content string),
// pseudonyms are assigned with everything known, then every content string and non-schema property
// name is rewritten in one left-to-right pass of the token scanner.
import { collectAlert, collectEntity, collectLedger, PatternCollector } from './collect';
import { STRUCTURAL_FIELDS, schemaPropertyNames } from './fields';
import { ScrubMapping } from './mapping';
import { Pseudonyms } from './pseudonyms';
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

const COLLECT_ORDER: ScrubKind[] = ['entity', 'profile', 'alert', 'ledger', 'text'];
type Json = Record<string, unknown>;

export function scrubDocuments(inputs: readonly ScrubInput[], options: ScrubOptions): ScrubResult {
  const mapping = new ScrubMapping(new Pseudonyms(options.key));
  const ordered = COLLECT_ORDER.flatMap((kind) => inputs.filter((d) => d.kind === kind));
  for (const doc of ordered) {
    const value = doc.value && typeof doc.value === 'object' ? (doc.value as Json) : undefined;
    if (!value) continue;
    if (doc.kind === 'entity') collectEntity(mapping, value);
    else if (doc.kind === 'alert') collectAlert(mapping, value);
    else if (doc.kind === 'ledger') collectLedger(mapping, value);
  }
  const patterns = new PatternCollector(mapping, mapping.domains);
  for (const doc of ordered) {
    patterns.scan(doc.name);
    if (typeof doc.value === 'string') patterns.scan(doc.value);
    else patterns.scanJson(doc.value);
  }
  mapping.assign();
  const rewriter = new Rewriter(mapping, options.shiftDays ?? 0);
  const documents = inputs.map((doc) => {
    let value = typeof doc.value === 'string' ? rewriter.text(doc.value) : rewriter.json(doc.value);
    if (doc.kind === 'ledger') value = sortLedgerIds(value);
    return { name: mapping.replaceText(doc.name), kind: doc.kind, value };
  });
  return { documents, mapping };
}

/** Rewrites strings with the mapping (and the time shift), remembering short strings it has seen. */
export class Rewriter {
  private readonly cache = new Map<string, string>();
  private readonly schemaKeys = schemaPropertyNames();

  constructor(private readonly mapping: ScrubMapping, private readonly shiftDays: number) {}

  text(s: string): string {
    const cacheable = s.length <= 120;
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
