/**
 * Coverage: for every alert type of the catalog (and any external ID the fixtures use that the catalog
 * does not know), how many fixtures exercise it, their status and verdicts, and which ATT&CK techniques
 * that covers. Verdict counts and the FP rate come from the verdicts feature's insight, so this table
 * and `atp-workbench verdicts` always agree.
 */
import { catalog, isPhase } from '../catalog';
import { PHASES, PHASE_LABELS, type Alert, type Phase } from '../model';
import { fpRate, verdictInsight, type TypeInsight } from '../verdicts/insight';
import type { VerdictLookup } from '../verdicts/lookup';
import { compareTechniqueIds, tactic, techniqueName } from './attack';

/** What coverage reads of an alert (an `Alert` fits). */
export type CoverageAlert = Pick<Alert, 'id' | 'externalId' | 'entities' | 'status' | 'startTime' | 'phase' | 'title'>;

export interface VerdictTally {
  tp: number;
  btp: number;
  fp: number;
  unclassified: number;
  /** FP / (TP + FP); null when no alert is TP or FP. */
  fpRate: number | null;
}

export interface TypeCoverage extends VerdictTally {
  externalId: string;
  name: string;
  /** False for an external ID the catalog does not know (flagged in every output). */
  known: boolean;
  phase: Phase | undefined;
  /** `TA0006`, or null when the catalog gives none. */
  tactic: string | null;
  tacticName: string | null;
  techniques: string[];
  preview: boolean;
  fixtures: number;
  open: number;
  closed: number;
  suppressed: number;
  /** Alerts whose source entity is excluded for the type ("close and exclude"). */
  excluded: number;
  /** The start time of the newest fixture, as written in it; null without fixtures or times. */
  latestAlert: string | null;
}

export interface PhaseCoverage extends VerdictTally {
  /** A kill-chain phase, or `unknown` for types neither the catalog nor the fixture places. */
  phase: Phase | 'unknown';
  label: string;
  types: TypeCoverage[];
  coveredTypes: number;
  fixtures: number;
}

export interface TechniqueCoverage extends VerdictTally {
  techniqueId: string;
  name: string;
  /** Tactics of the catalog types that reference the technique, in matrix order. */
  tactics: string[];
  /** External IDs of the catalog types that reference it. */
  types: string[];
  fixtures: number;
  covered: boolean;
}

export interface CoverageTotals extends VerdictTally {
  catalogTypes: number;
  coveredTypes: number;
  /** Covered share of the catalog, 0–100. */
  percent: number;
  /** Distinct techniques of covered catalog types, and of all catalog types. */
  techniques: number;
  catalogTechniques: number;
  fixtures: number;
  unknownTypes: number;
}

export interface CoverageReport {
  types: TypeCoverage[];
  phases: PhaseCoverage[];
  techniques: TechniqueCoverage[];
  totals: CoverageTotals;
}

const tally = (rows: VerdictTally[]): VerdictTally => {
  const t = { tp: 0, btp: 0, fp: 0, unclassified: 0 };
  for (const r of rows) {
    t.tp += r.tp;
    t.btp += r.btp;
    t.fp += r.fp;
    t.unclassified += r.unclassified;
  }
  return { ...t, fpRate: fpRate(t) };
};

/** `YYYY-MM-DDTHH:MM:SS…Z` with the separators where ISO puts them. */
const isoShaped = (t: string) => t.length >= 20 && t[4] === '-' && t[7] === '-' && t[10] === 'T' && t[13] === ':' && t[16] === ':' && t[t.length - 1] === 'Z';

/**
 * The later of the newest start so far and this one. Two UTC ISO times of the same length order like
 * their text, so most alerts cost a string comparison; only a candidate for the newest is parsed.
 */
function newestStart(current: { ms: number; text: string } | undefined, value: unknown) {
  if (typeof value !== 'string') return current;
  if (current && value.length === current.text.length && isoShaped(value) && isoShaped(current.text) && value <= current.text) return current;
  const ms = Date.parse(value);
  return Number.isNaN(ms) || (current && current.ms >= ms) ? current : { ms, text: value };
}

export function buildCoverage(alerts: readonly CoverageAlert[], verdicts: VerdictLookup): CoverageReport {
  const insight = new Map<string, TypeInsight>(verdictInsight(alerts, verdicts).types.map((t) => [t.externalId, t]));
  const seen = new Map<string, { open: number; closed: number; suppressed: number; latest?: { ms: number; text: string }; phase?: Phase; title?: string }>();
  for (const a of alerts) {
    const id = typeof a.externalId === 'string' ? a.externalId : '';
    let s = seen.get(id);
    if (!s) seen.set(id, (s = { open: 0, closed: 0, suppressed: 0 }));
    if (a.status === 'Open') s.open++;
    else if (a.status === 'Closed') s.closed++;
    else if (a.status === 'Suppressed') s.suppressed++;
    s.latest = newestStart(s.latest, a.startTime);
    if (!s.phase && isPhase(a.phase)) s.phase = a.phase;
    if (s.title === undefined && typeof a.title === 'string' && a.title.trim()) s.title = a.title.trim();
  }

  const row = (externalId: string): TypeCoverage => {
    const entry = catalog.get(externalId);
    const counts = insight.get(externalId);
    const s = seen.get(externalId);
    return {
      externalId,
      // An unknown type is named by its first fixture's title: the best guess of what the detection is.
      name: entry?.name ?? s?.title ?? (externalId ? `Alert type ${externalId}` : 'Alerts without an external ID'),
      known: !!entry,
      phase: entry?.phase ?? s?.phase,
      tactic: entry?.mitreTactic ?? null,
      tacticName: entry?.mitreTactic ? tactic(entry.mitreTactic)?.name ?? entry.mitreTactic : null,
      techniques: [...(entry?.mitreTechniques ?? [])].sort(compareTechniqueIds),
      preview: entry?.preview ?? false,
      fixtures: counts?.alerts ?? 0,
      open: s?.open ?? 0,
      closed: s?.closed ?? 0,
      suppressed: s?.suppressed ?? 0,
      tp: counts?.tp ?? 0,
      btp: counts?.btp ?? 0,
      fp: counts?.fp ?? 0,
      unclassified: counts?.unclassified ?? 0,
      excluded: counts?.excluded ?? 0,
      fpRate: counts?.fpRate ?? null,
      latestAlert: s?.latest?.text ?? null,
    };
  };

  const known = catalog.entries().map((e) => row(e.externalId));
  const unknown = [...seen.keys()].filter((id) => !catalog.get(id)).map(row);
  const types = [...known, ...unknown].sort(byExternalId);

  const phases: PhaseCoverage[] = [...PHASES, 'unknown' as const].map((phase) => {
    const inPhase = types.filter((t) => (t.phase ?? 'unknown') === phase);
    return {
      phase,
      label: phase === 'unknown' ? 'Unknown phase' : PHASE_LABELS[phase],
      types: inPhase,
      coveredTypes: inPhase.filter((t) => t.fixtures > 0).length,
      fixtures: inPhase.reduce((n, t) => n + t.fixtures, 0),
      ...tally(inPhase),
    };
  }).filter((p) => p.phase !== 'unknown' || p.types.length > 0);

  const techniques = techniqueRollup(known);
  const coveredKnown = known.filter((t) => t.fixtures > 0);
  return {
    types,
    phases,
    techniques,
    totals: {
      catalogTypes: known.length,
      coveredTypes: coveredKnown.length,
      percent: known.length ? (100 * coveredKnown.length) / known.length : 0,
      techniques: techniques.filter((t) => t.covered).length,
      catalogTechniques: techniques.length,
      fixtures: types.reduce((n, t) => n + t.fixtures, 0),
      unknownTypes: unknown.length,
      ...tally(types),
    },
  };
}

function techniqueRollup(known: TypeCoverage[]): TechniqueCoverage[] {
  const byId = new Map<string, TypeCoverage[]>();
  for (const t of known) {
    for (const id of t.techniques) {
      const list = byId.get(id);
      if (list) list.push(t);
      else byId.set(id, [t]);
    }
  }
  return [...byId.entries()].sort(([a], [b]) => compareTechniqueIds(a, b)).map(([techniqueId, types]) => {
    const fixtures = types.reduce((n, t) => n + t.fixtures, 0);
    const tactics = [...new Set(types.map((t) => t.tactic).filter((x): x is string => !!x))];
    return { techniqueId, name: techniqueName(techniqueId), tactics, types: types.map((t) => t.externalId), fixtures, covered: fixtures > 0, ...tally(types) };
  });
}

function byExternalId(a: TypeCoverage, b: TypeCoverage): number {
  const na = /^\d+$/.test(a.externalId) ? Number(a.externalId) : Infinity;
  const nb = /^\d+$/.test(b.externalId) ? Number(b.externalId) : Infinity;
  return na - nb || (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0);
}

/** `Covered: 17 of 69 alert types (24.6 %), 31 techniques` */
export function totalsLine(totals: CoverageTotals): string {
  const pct = Math.round(totals.percent * 10) / 10;
  return `Covered: ${totals.coveredTypes} of ${totals.catalogTypes} alert types (${pct} %), ${totals.techniques} techniques`;
}
