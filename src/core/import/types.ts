/**
 * What every reader gives back: alerts in our fixture shape, the name-only entities they mention, verdicts
 * (Graph only) and what it skipped, each with where in the input and why. Readers are pure: they never
 * touch the workspace; the merger decides what is written.
 */
import type { Alert, Determination, UniqueEntity, UniqueEntityProfile, Verdict } from '../model';

export const SOURCE_FORMATS = ['cef', 'sentinel', 'graph', 'xdr', 'xlsx'] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

export const FORMAT_LABELS: Record<SourceFormat, string> = {
  cef: 'CEF syslog',
  sentinel: 'Microsoft Sentinel SecurityAlert',
  graph: 'Microsoft Graph security alert',
  xdr: 'Defender XDR AlertInfo/AlertEvidence',
  xlsx: 'alert report workbook (Excel)',
};

export interface ImportedAlert {
  alert: Alert;
  /** Where the record came from: `file:line`, `file[3]` or `file!Summary!A5`. */
  where: string;
  format: SourceFormat;
  /** Fixture fields the source lacked and the reader filled (listed in the file and the report). */
  synthesised: string[];
  /** Lossy conversions worth a word in the report (e.g. severity "Informational" became Low). */
  warnings: string[];
}

export interface ImportedVerdict {
  alertId: string;
  verdict: Verdict;
  determination?: Determination;
  note?: string;
  /** When the source says the verdict was given (keeps re-imports byte-identical). */
  time?: string;
}

export interface Skipped {
  where: string;
  reason: string;
}

export interface ReaderResult {
  alerts: ImportedAlert[];
  /** Entities named by the alerts: synthesised (`IsPartial: true`) unless the source carried the document. */
  entities: UniqueEntity[];
  profiles: UniqueEntityProfile[];
  verdicts: ImportedVerdict[];
  skipped: Skipped[];
  /** Health and monitoring alerts (sensor problems, not attacks) left out. */
  health: number;
  /** Inputs deliberately passed over that are no refusal (e.g. the index workbook of a batch export). */
  ignored: Skipped[];
}

export function emptyResult(): ReaderResult {
  return { alerts: [], entities: [], profiles: [], verdicts: [], skipped: [], health: 0, ignored: [] };
}

/** Concatenates results (the merger merges alerts and entities that share an id). */
export function combineResults(results: ReaderResult[]): ReaderResult {
  const all = emptyResult();
  for (const r of results) {
    all.alerts.push(...r.alerts);
    all.entities.push(...r.entities);
    all.profiles.push(...r.profiles);
    all.verdicts.push(...r.verdicts);
    all.skipped.push(...r.skipped);
    all.health += r.health;
    all.ignored.push(...r.ignored);
  }
  return all;
}
