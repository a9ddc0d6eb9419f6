import catalogData from './data/alert-catalog.json';
import { PHASES, type Phase, type Severity } from './model';

export interface CatalogEntry {
  externalId: string;
  name: string;
  phase: Phase;
  /** True when the phase was placed by the primary MITRE tactic (types added after the phase pages). */
  phaseInferred: boolean;
  severities: Severity[];
  alertType: string | null;
  mitreTactic: string | null;
  mitreTechniques: string[];
  preview: boolean;
}

const byExternalId = new Map<string, CatalogEntry>();
for (const raw of (catalogData as { alerts: CatalogEntry[] }).alerts) {
  if ((PHASES as readonly string[]).includes(raw.phase)) byExternalId.set(raw.externalId, raw);
}

/** The alert catalog: facts per alert type, keyed by the stable external ID. */
export const catalog = {
  get(externalId: string): CatalogEntry | undefined {
    return byExternalId.get(externalId);
  },
  entries(): CatalogEntry[] {
    return [...byExternalId.values()];
  },
  /** The phase the catalog gives an external ID, or undefined for an unknown type. */
  phaseOf(externalId: string): Phase | undefined {
    return byExternalId.get(externalId)?.phase;
  },
};

function isPhase(value: unknown): value is Phase {
  return typeof value === 'string' && (PHASES as readonly string[]).includes(value);
}

/** The phase an alert belongs to: its own `phase` wins, else the catalog's for its external ID. */
export function effectivePhase(alert: { phase?: unknown; externalId?: unknown }): Phase | undefined {
  if (isPhase(alert.phase)) return alert.phase;
  return typeof alert.externalId === 'string' ? catalog.phaseOf(alert.externalId) : undefined;
}
