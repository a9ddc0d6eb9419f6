/**
 * The index workbook of a many-alert export: one row per alert report written, with the file name,
 * the alert's headline facts and our verdict, so an analyst can sort and filter a batch at a glance;
 * and a `Coverage` sheet: the coverage table (src/core/coverage) of the exported alerts.
 */
import { effectivePhase } from '../catalog';
import { buildCoverage, COVERAGE_COLUMNS, tableRows, totalsLine } from '../coverage';
import { PHASE_LABELS, type Alert } from '../model';
import type { VerdictLookup } from '../verdicts/lookup';
import { CREATOR, PRODUCT_BANNER, textOf, type Cell, type CellMark, type Column, type SheetModel, type WorkbookModel } from './cells';
import { parseIsoTime, formatUtc } from './time';
import { lookupTable } from '../../shared/lookupTable';

export interface IndexEntry {
  alert: Alert;
  /** The report's file name, relative to the index workbook's folder. */
  report: string;
  /** The alert fixture it was made from. */
  fixture: string;
}

const INDEX_COLUMNS: Column[] = [
  { header: 'Report File', kind: 'text', width: 44 },
  { header: 'Title', kind: 'text', width: 40 },
  { header: 'Severity', kind: 'text', width: 10 },
  { header: 'Status', kind: 'text', width: 11 },
  { header: 'Start Time (UTC)', kind: 'time', width: 24 },
  { header: 'End Time (UTC)', kind: 'time', width: 24 },
  { header: 'External Id', kind: 'text', width: 11 },
  { header: 'Phase', kind: 'text', width: 22 },
  { header: 'Verdict', kind: 'text', width: 10 },
  { header: 'Network Activities', kind: 'number', width: 12 },
  { header: 'Event Activities', kind: 'number', width: 12 },
  { header: 'Alert Id', kind: 'text', width: 38 },
  { header: 'View in Browser', kind: 'link', width: 40 },
  { header: 'Alert Fixture', kind: 'long', width: 50 },
];

const MARKS: Record<string, CellMark> = lookupTable({ High: 'severity-high', Medium: 'severity-medium', Low: 'severity-low' });

export function buildIndexReport(entries: IndexEntry[], verdicts: VerdictLookup, now: Date = new Date()): WorkbookModel {
  const rows: Cell[][] = entries.map(({ alert, report, fixture }) => {
    const severity = textOf(alert.severity);
    const url = textOf(alert.url);
    const phase = effectivePhase(alert);
    let verdict: string | null;
    try {
      verdict = typeof alert.id === 'string' ? verdicts.verdictOf(alert.id)?.verdict ?? null : null;
    } catch {
      verdict = null;
    }
    return [
      report,
      textOf(alert.title),
      severity && MARKS[severity] ? { kind: 'marked', value: severity, mark: MARKS[severity]! } : severity,
      textOf(alert.status),
      parseIsoTime(alert.startTime) ?? textOf(alert.startTime),
      parseIsoTime(alert.endTime) ?? textOf(alert.endTime),
      textOf(alert.externalId),
      phase ? PHASE_LABELS[phase] : null,
      verdict,
      Array.isArray(alert.networkActivities) ? alert.networkActivities.length : 0,
      Array.isArray(alert.eventActivities) ? alert.eventActivities.length : 0,
      textOf(alert.id),
      url ? { kind: 'link', text: url, url } : null,
      fixture,
    ];
  });
  const title = `Alert reports (${entries.length})`;
  return {
    banner: PRODUCT_BANNER,
    title,
    subject: `Index of ${entries.length} alert reports, made by ${CREATOR}`,
    created: now,
    sheets: [{
      name: 'Reports',
      title,
      caption: `${entries.length} alert ${entries.length === 1 ? 'report' : 'reports'} exported ${formatUtc(now)} by ${CREATOR}; each file is in this folder; times in UTC.`,
      columns: INDEX_COLUMNS,
      rowCount: rows.length,
      rows: () => rows,
    }, coverageSheet(entries, verdicts)],
  };
}

export const COVERAGE_SHEET_COLUMNS: Column[] = COVERAGE_COLUMNS.map((c) => ({
  header: c.header,
  kind: c.numeric && c.header !== 'FP rate' ? 'number' : c.header === 'Latest alert' ? 'time' : 'text',
  width: c.width,
}));

/** The coverage table of the exported alerts: every catalog type, covered or not, phase by phase. */
function coverageSheet(entries: IndexEntry[], verdicts: VerdictLookup): SheetModel {
  const report = buildCoverage(entries.map((e) => e.alert), verdicts);
  const timeColumn = COVERAGE_COLUMNS.findIndex((c) => c.header === 'Latest alert');
  const rows: Cell[][] = tableRows(report).map((r) => r.map((v, i) => (i === timeColumn && typeof v === 'string' ? parseIsoTime(v) ?? v : v)));
  return {
    name: 'Coverage',
    title: 'Alert type coverage',
    caption: `Coverage of the ${entries.length} exported ${entries.length === 1 ? 'alert' : 'alerts'}: ${totalsLine(report.totals)}. FP rate = FP / (TP + FP); B-TP counts apart. Times in UTC.`,
    columns: COVERAGE_SHEET_COLUMNS,
    rowCount: rows.length,
    rows: () => rows,
  };
}
