/**
 * What the tree, the evidence panel and the export need to know about verdicts, independent of how
 * the ledger is stored (src/core/verdicts/ owns storage).
 */
import type { Determination, Verdict } from '../model';

export interface VerdictHistoryEntry {
  verdict: Verdict | 'cleared';
  determination?: Determination;
  note?: string;
  author: string;
  time: string;
}

export interface VerdictRecord {
  verdict: Verdict;
  determination?: Determination;
  note?: string;
  author: string;
  time: string;
  /** Earlier verdicts, oldest first (append-only). */
  history: VerdictHistoryEntry[];
}

export interface Exclusion {
  externalId: string;
  entityId: string;
  entityName?: string;
  reason?: string;
  author: string;
  time: string;
  alertId?: string;
}

export interface VerdictLookup {
  verdictOf(alertId: string): VerdictRecord | undefined;
  exclusionFor(externalId: string, entityId: string): Exclusion | undefined;
}

/** The lookup used until a ledger is loaded: nothing is classified, nothing excluded. */
export const NO_VERDICTS: VerdictLookup = {
  verdictOf: () => undefined,
  exclusionFor: () => undefined,
};
