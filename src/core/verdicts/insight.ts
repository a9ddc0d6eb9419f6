/**
 * Insight from verdicts: per alert type (external ID), how many alerts are TP, B-TP, FP or still
 * unclassified, and the false-positive rate FP / (TP + FP). B-TPs are reported apart: they are real
 * activity, so they neither raise nor lower the rate. The CLI's `verdicts` table and the tree's by-type
 * grouping both use this, so they always agree.
 */
import { catalog } from '../catalog';
import type { Alert } from '../model';
import type { Exclusion, VerdictLookup } from './lookup';
import { byCodeUnit } from './serialize';
import { formatRate } from '../../shared/coverage';

/** What insight needs of an alert (an `Alert` fits). */
export type InsightAlert = Pick<Alert, 'id' | 'externalId' | 'entities'>;

export interface VerdictCounts {
  alerts: number;
  tp: number;
  btp: number;
  fp: number;
  unclassified: number;
  /** Alerts whose source entity is excluded for their type ("close and exclude"). */
  excluded: number;
  /** FP / (TP + FP); null when no alert of the type is TP or FP. */
  fpRate: number | null;
}

export interface TypeInsight extends VerdictCounts {
  externalId: string;
  /** The catalog's name of the type, when known. */
  name: string | undefined;
}

export interface VerdictInsight {
  types: TypeInsight[];
  totals: VerdictCounts;
}

const SOURCE_ROLES = ['sourceComputer', 'sourceUser'];

/** The entities an alert came from, the ones "close and exclude" applies to (source computers first). */
export function sourceEntityIds(alert: Pick<Alert, 'entities'>): string[] {
  const out: string[] = [];
  const entities = Array.isArray(alert.entities) ? alert.entities : [];
  for (const role of SOURCE_ROLES) {
    for (const e of entities) {
      if (e && e.role === role && typeof e.id === 'string' && !out.includes(e.id)) out.push(e.id);
    }
  }
  return out;
}

/** The exclusion that covers this alert (its type and one of its source entities), if any. */
export function exclusionOf(alert: Pick<Alert, 'externalId' | 'entities'>, lookup: VerdictLookup): Exclusion | undefined {
  if (typeof alert.externalId !== 'string' || !Array.isArray(alert.entities)) return undefined;
  // The same order as sourceEntityIds, without building the list: insight asks this of every alert.
  for (const role of SOURCE_ROLES) {
    for (const e of alert.entities) {
      if (!e || e.role !== role || typeof e.id !== 'string') continue;
      const x = lookup.exclusionFor(alert.externalId, e.id);
      if (x) return x;
    }
  }
  return undefined;
}

const zero = (): VerdictCounts => ({ alerts: 0, tp: 0, btp: 0, fp: 0, unclassified: 0, excluded: 0, fpRate: null });

function count(into: VerdictCounts, alert: InsightAlert, lookup: VerdictLookup): void {
  into.alerts++;
  const verdict = typeof alert.id === 'string' ? lookup.verdictOf(alert.id)?.verdict : undefined;
  if (verdict === 'TP') into.tp++;
  else if (verdict === 'B-TP') into.btp++;
  else if (verdict === 'FP') into.fp++;
  else into.unclassified++;
  if (exclusionOf(alert, lookup)) into.excluded++;
}

export function fpRate(c: Pick<VerdictCounts, 'tp' | 'fp'>): number | null {
  return c.tp + c.fp === 0 ? null : c.fp / (c.tp + c.fp);
}

/** Counts per external ID (numeric order; alerts without one under ""), plus totals. One entry per alert fixture. */
export function verdictInsight(alerts: Iterable<InsightAlert>, lookup: VerdictLookup): VerdictInsight {
  const byType = new Map<string, TypeInsight>();
  const totals = zero();
  for (const alert of alerts) {
    const externalId = typeof alert.externalId === 'string' ? alert.externalId : '';
    let row = byType.get(externalId);
    if (!row) {
      row = { externalId, name: catalog.get(externalId)?.name, ...zero() };
      byType.set(externalId, row);
    }
    count(row, alert, lookup);
  }
  const types = [...byType.values()];
  // Totals add up the rows: looking each alert's verdict and exclusion up twice doubled the cost.
  for (const row of types) {
    row.fpRate = fpRate(row);
    for (const key of ['alerts', 'tp', 'btp', 'fp', 'unclassified', 'excluded'] as const) totals[key] += row[key];
  }
  totals.fpRate = fpRate(totals);
  types.sort(compareExternalIds);
  return { types, totals };
}

function compareExternalIds(a: TypeInsight, b: TypeInsight): number {
  const na = /^\d+$/.test(a.externalId) ? Number(a.externalId) : Infinity;
  const nb = /^\d+$/.test(b.externalId) ? Number(b.externalId) : Infinity;
  return na - nb || byCodeUnit(a.externalId, b.externalId);
}

/** "25%", "33.3%" or "–" (no TP or FP yet); the coverage matrix's webview spells rates with the same function. */
export const formatFpRate = formatRate;
