/**
 * Counts shown in group descriptions, and the per-type verdict counts that answer the triage
 * question "how common is this alert in our environment, and how often was it a false positive?".
 */
import { isVerdict, type Verdict } from '../model';
import type { VerdictLookup } from '../verdicts/lookup';
import { fpRate } from '../verdicts/insight';
import type { IndexedAlert } from '../workspaceIndex';
import { plural } from '../../shared/text';

/** Alerts in a group, broken down the way the portal's list is read: open ones, and by severity. */
export interface Breakdown {
  total: number;
  open: number;
  High: number;
  Medium: number;
  Low: number;
}

export function breakdown(alerts: readonly IndexedAlert[]): Breakdown {
  const b: Breakdown = { total: alerts.length, open: 0, High: 0, Medium: 0, Low: 0 };
  for (const { alert } of alerts) {
    if (alert.status === 'Open') b.open++;
    if (alert.severity === 'High' || alert.severity === 'Medium' || alert.severity === 'Low') b[alert.severity]++;
  }
  return b;
}

/** `6 · 4 open · 1 High · 4 Medium · 1 Low`, or `0` for an empty group. */
export function formatBreakdown(b: Breakdown): string {
  if (b.total === 0) return '0';
  return `${b.total} · ${b.open} open · ${b.High} High · ${b.Medium} Medium · ${b.Low} Low`;
}

export function breakdownInWords(b: Breakdown): string {
  if (b.total === 0) return 'no alerts';
  return `${plural(b.total, 'alert')}, ${b.open} open, ${b.High} high severity, ${b.Medium} medium, ${b.Low} low`;
}

export interface VerdictCounts {
  total: number;
  TP: number;
  'B-TP': number;
  FP: number;
  unclassified: number;
  /**
   * FP / (TP + FP), the verdicts feature's definition (`fpRate` in src/core/verdicts/insight.ts): B-TPs
   * are real activity and neither raise nor lower it. Undefined when no alert is TP or FP.
   */
  fpRate: number | undefined;
}

function emptyVerdictCounts(): VerdictCounts {
  return { total: 0, TP: 0, 'B-TP': 0, FP: 0, unclassified: 0, fpRate: undefined };
}

/** Verdict counts of a list of alerts, read through the ledger's lookup. */
export function verdictCounts(alerts: readonly IndexedAlert[], verdicts: VerdictLookup): VerdictCounts {
  const c = emptyVerdictCounts();
  for (const a of alerts) add(c, verdicts.verdictOf(String(a.alert.id))?.verdict);
  return finish(c);
}

/**
 * Verdict counts per alert type (external ID), e.g. `2018 → { total 12, FP 3, TP 1, … fpRate 0.75 }`.
 * Pure: the ledger is only read through `verdicts`.
 */
export function verdictCountsByType(alerts: readonly IndexedAlert[], verdicts: VerdictLookup): Map<string, VerdictCounts> {
  const byType = new Map<string, VerdictCounts>();
  for (const a of alerts) {
    const type = typeof a.alert.externalId === 'string' ? a.alert.externalId : String(a.alert.externalId ?? '');
    let c = byType.get(type);
    if (!c) byType.set(type, (c = emptyVerdictCounts()));
    add(c, verdicts.verdictOf(String(a.alert.id))?.verdict);
  }
  for (const c of byType.values()) finish(c);
  return byType;
}

function add(c: VerdictCounts, verdict: Verdict | undefined): void {
  c.total++;
  if (isVerdict(verdict)) c[verdict]++;
  else c.unclassified++;
}

function finish(c: VerdictCounts): VerdictCounts {
  c.fpRate = fpRate({ tp: c.TP, fp: c.FP }) ?? undefined;
  return c;
}

/** `FP rate 67% · 1 TP, 2 FP`, `1 B-TP` (no rate without TP or FP), or `none classified`. */
export function formatFpRate(c: VerdictCounts): string {
  const counts = (['TP', 'B-TP', 'FP'] as const).filter((v) => c[v] > 0).map((v) => `${c[v]} ${v}`).join(', ');
  if (!counts) return 'none classified';
  return c.fpRate === undefined ? counts : `FP rate ${Math.round(c.fpRate * 100)}% · ${counts}`;
}

