/**
 * The verdict ledger (`.atp/classifications.json`) as data: one record per alert id with the current
 * verdict and its append-only history, plus the "close and exclude" exclusions.
 */
import type { Determination, Verdict } from '../model';
import type { Exclusion, VerdictHistoryEntry, VerdictLookup, VerdictRecord } from './lookup';
import { idKey } from '../references';
import { lookupTable } from '../../shared/lookupTable';

const LEDGER_SCHEMA_VERSION = 1;

/** One-line meanings (from the product documentation), shown when a verdict is chosen. */
export const VERDICT_MEANINGS: Record<Verdict, string> = lookupTable({
  TP: 'Malicious activity: a real attack or compromise.',
  'B-TP': 'Real but not malicious: a pen test, an approved application or an expected activity.',
  FP: 'The activity did not happen: the detection was wrong.',
});

/** Graph determinations that usually go with each verdict, offered first. */
export const USUAL_DETERMINATIONS: Record<Verdict, readonly Determination[]> = {
  TP: ['compromisedAccount', 'malware', 'multiStagedAttack', 'maliciousUserActivity', 'phishing', 'unwantedSoftware', 'other'],
  'B-TP': ['securityTesting', 'lineOfBusinessApplication', 'confirmedActivity', 'other'],
  FP: ['notMalicious', 'other'],
};

/** Determinations in words, for pickers and tables. */
export const DETERMINATION_LABELS: Record<Determination, string> = lookupTable({
  securityTesting: 'Security testing',
  lineOfBusinessApplication: 'Line-of-business application',
  confirmedActivity: 'Confirmed activity',
  compromisedAccount: 'Compromised account',
  malware: 'Malware',
  notMalicious: 'Not malicious',
  multiStagedAttack: 'Multi-staged attack',
  maliciousUserActivity: 'Malicious user activity',
  phishing: 'Phishing',
  unwantedSoftware: 'Unwanted software',
  other: 'Other',
  unknown: 'Unknown',
});

/** What a record says now: a verdict, or `cleared` after "Clear Verdict" (history keeps what it was). */
export type LedgerVerdict = Verdict | 'cleared';

/** A record as stored: like `VerdictRecord`, but its current state may be `cleared`. */
export interface LedgerRecord extends Omit<VerdictRecord, 'verdict'> {
  verdict: LedgerVerdict;
}

export interface Ledger {
  $schema?: string;
  schemaVersion: typeof LEDGER_SCHEMA_VERSION;
  alerts: Record<string, LedgerRecord>;
  exclusions: Exclusion[];
}

export function emptyLedger(): Ledger {
  // A null-prototype map: alert ids such as "__proto__" or "constructor" are ordinary keys.
  return { schemaVersion: LEDGER_SCHEMA_VERSION, alerts: Object.create(null) as Record<string, LedgerRecord>, exclusions: [] };
}

/** The current state of a record as a history entry (what moves into `history` when it is replaced). */
export function asHistoryEntry(r: LedgerRecord): VerdictHistoryEntry {
  const e: VerdictHistoryEntry = { verdict: r.verdict, author: r.author, time: r.time };
  if (r.determination !== undefined) e.determination = r.determination;
  if (r.note !== undefined) e.note = r.note;
  return e;
}

/** Lookup over one or more ledgers (one per workspace folder); the first ledger holding an id wins. */
export class LedgerLookup implements VerdictLookup {
  private readonly exclusionIndex = new Map<string, Exclusion>();
  private byKey: Map<string, LedgerRecord> | undefined;

  constructor(readonly ledgers: readonly Ledger[]) {
    for (const ledger of [...ledgers].reverse()) {
      for (const x of ledger.exclusions) this.exclusionIndex.set(exclusionKey(x.externalId, x.entityId), x);
    }
  }

  /** The record as stored, including a `cleared` one (for the history view). */
  recordOf(alertId: string): LedgerRecord | undefined {
    for (const l of this.ledgers) {
      if (Object.prototype.hasOwnProperty.call(l.alerts, alertId)) return l.alerts[alertId];
    }
    // Fixtures and ledgers may spell a GUID in different cases; the index treats them as one alert.
    if (!this.byKey) {
      this.byKey = new Map();
      for (const l of [...this.ledgers].reverse()) for (const [id, r] of Object.entries(l.alerts)) this.byKey.set(idKey(id), r);
    }
    return this.byKey.get(idKey(alertId));
  }

  /** The current verdict; undefined when unclassified or cleared. */
  verdictOf(alertId: string): VerdictRecord | undefined {
    const r = this.recordOf(alertId);
    return r && r.verdict !== 'cleared' ? (r as VerdictRecord) : undefined;
  }

  exclusionFor(externalId: string, entityId: string): Exclusion | undefined {
    return this.exclusionIndex.get(exclusionKey(externalId, entityId));
  }

  /** Every alert id that has a record (classified or cleared). */
  alertIds(): string[] {
    const ids = new Set<string>();
    for (const l of this.ledgers) for (const id of Object.keys(l.alerts)) ids.add(id);
    return [...ids];
  }

  exclusions(): Exclusion[] {
    return [...this.exclusionIndex.values()];
  }
}

/** Entity ids compare as the workspace index compares them (GUIDs are written in either case). */
export function exclusionKey(externalId: string, entityId: string): string {
  return `${externalId.trim()}\u0000${idKey(entityId)}`;
}
