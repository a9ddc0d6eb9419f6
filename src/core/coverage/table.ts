/**
 * The coverage table, one definition for every place that shows it: the CLI's text and markdown
 * formats and the `Coverage` sheet of the export's index workbook.
 */
import { formatFpRate } from '../verdicts/insight';
import { totalsLine, type CoverageReport, type PhaseCoverage, type TypeCoverage } from './build';

export type TableValue = string | number | null;

export interface TableColumn {
  header: string;
  /** Numbers are right-aligned in text and markdown. */
  numeric: boolean;
  /** Width in characters in a workbook. */
  width: number;
  value(t: TypeCoverage, phase: PhaseCoverage): TableValue;
}

/** `Suspected DCSync attack (replication of directory services) (preview)`, `… (not in the catalog)` */
export function typeLabel(t: TypeCoverage): string {
  return t.name + (t.preview ? ' (preview)' : '') + (t.known ? '' : ' (not in the catalog)');
}

export const COVERAGE_COLUMNS: TableColumn[] = [
  { header: 'External ID', numeric: false, width: 11, value: (t) => t.externalId || '(none)' },
  { header: 'Alert type', numeric: false, width: 60, value: typeLabel },
  { header: 'Phase', numeric: false, width: 24, value: (_t, p) => p.label },
  { header: 'Fixtures', numeric: true, width: 9, value: (t) => t.fixtures },
  { header: 'Open', numeric: true, width: 7, value: (t) => t.open },
  { header: 'Closed', numeric: true, width: 7, value: (t) => t.closed },
  { header: 'Suppressed', numeric: true, width: 10, value: (t) => t.suppressed },
  { header: 'TP', numeric: true, width: 6, value: (t) => t.tp },
  { header: 'B-TP', numeric: true, width: 6, value: (t) => t.btp },
  { header: 'FP', numeric: true, width: 6, value: (t) => t.fp },
  { header: 'Unclassified', numeric: true, width: 12, value: (t) => t.unclassified },
  { header: 'FP rate', numeric: true, width: 8, value: (t) => formatFpRate(t.fpRate) },
  { header: 'Latest alert', numeric: false, width: 28, value: (t) => t.latestAlert },
  { header: 'Tactic', numeric: false, width: 22, value: (t) => (t.tactic ? `${t.tactic} ${t.tacticName ?? ''}`.trim() : null) },
  { header: 'Techniques', numeric: false, width: 40, value: (t) => t.techniques.join(', ') || null },
];

/** Every type with its phase, phase by phase (the order all outputs use). */
export function tableRows(report: CoverageReport): TableValue[][] {
  return report.phases.flatMap((p) => p.types.map((t) => COVERAGE_COLUMNS.map((c) => c.value(t, p))));
}

const cellText = (v: TableValue) => (v === null ? '' : String(v));

/** The text table: a heading line per phase, then its types; the totals line last. */
export function renderCoverageText(report: CoverageReport): string {
  // The phase is the heading, so the text table leaves the column out.
  const columns = COVERAGE_COLUMNS.filter((c) => c.header !== 'Phase' && c.header !== 'Tactic');
  const grid = report.phases.map((p) => p.types.map((t) => columns.map((c) => cellText(c.value(t, p)))));
  const all = [columns.map((c) => c.header), ...grid.flat()];
  const widths = columns.map((_, i) => Math.max(...all.map((r) => [...r[i]!].length)));
  const line = (r: string[]) => r.map((c, i) => (columns[i]!.numeric ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const out: string[] = [line(columns.map((c) => c.header))];
  report.phases.forEach((p, i) => {
    out.push('', `${p.label} — ${p.coveredTypes} of ${p.types.length} types covered, ${p.fixtures} fixtures, FP rate ${formatFpRate(p.fpRate)}`);
    for (const r of grid[i]!) out.push(line(r));
  });
  out.push('', totalsLine(report.totals) + unknownNote(report));
  return out.join('\n') + '\n';
}

function unknownNote(report: CoverageReport): string {
  const n = report.totals.unknownTypes;
  return n ? `; ${n} external ${n === 1 ? 'ID' : 'IDs'} not in the catalog` : '';
}

/** Markdown cells: pipes and line breaks escaped, so fixture text cannot break the table. */
function md(v: TableValue): string {
  return cellText(v).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ').replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'));
}

/** A table fit for a pull-request comment: totals first, then one table per phase. */
export function renderCoverageMarkdown(report: CoverageReport): string {
  const columns = COVERAGE_COLUMNS.filter((c) => c.header !== 'Phase' && c.header !== 'Latest alert');
  const out: string[] = [`**${totalsLine(report.totals)}**${unknownNote(report)}`, ''];
  for (const p of report.phases) {
    out.push(`### ${p.label} (${p.coveredTypes} of ${p.types.length} covered)`, '');
    out.push(`| ${columns.map((c) => c.header).join(' | ')} |`);
    out.push(`|${columns.map((c) => (c.numeric ? '---:' : '---')).join('|')}|`);
    for (const t of p.types) {
      const cells = columns.map((c) => md(c.value(t, p)));
      // Uncovered types stand out in a review: their name is struck through.
      if (!t.fixtures) cells[1] = `~~${cells[1]}~~`;
      out.push(`| ${cells.join(' | ')} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
