/**
 * The import report, the same for the CLI and the editor's output channel: one line per alert
 * (`new|updated|unchanged|refused` with its file or reason), refused records, then the summary line.
 */
import path from 'node:path';
import type { MergeReport } from './merge';

const rel = (file: string | undefined, cwd: string) => {
  if (!file) return '';
  const r = path.relative(cwd, file);
  return r && !r.startsWith('..') && !path.isAbsolute(r) ? r.split(path.sep).join('/') : file;
};

export function importSummary(report: MergeReport): string {
  const count = (s: string) => report.alerts.filter((a) => a.status === s).length;
  const refused = report.refused.length;
  const total = report.alerts.filter((a) => a.status !== 'refused').length + refused;
  const entities = report.entities.filter((e) => e.status !== 'unchanged').length + report.profiles.filter((p) => p.status !== 'unchanged').length;
  const verb = report.dryRun || report.withheld.length ? 'would be written' : 'written';
  return `${total} alerts: ${count('new')} new, ${count('updated')} updated, ${count('unchanged')} unchanged, ${refused} refused; ${entities} entity files ${verb}; ${report.health} health alerts skipped`;
}

export function formatImportReport(report: MergeReport, cwd: string): string {
  const lines: string[] = [];
  for (const a of report.alerts) {
    if (a.status === 'refused') continue;
    const detail = a.status === 'updated' && a.changes?.length ? ` (${a.changes.join('; ')})` : '';
    const filled = a.status === 'new' && a.synthesised.length ? ` [filled: ${a.synthesised.join(', ')}]` : '';
    lines.push(`${a.status.padEnd(9)} ${rel(a.file, cwd)}${detail}${filled}`);
    for (const w of a.warnings) lines.push(`          note: ${w}`);
  }
  for (const r of report.refused) lines.push(`refused   ${r.where}: ${r.reason}`);
  for (const r of report.ignored) lines.push(`ignored   ${r.where}: ${r.reason}`);
  if (report.verdicts.recorded) lines.push(`${report.verdicts.recorded} verdicts ${report.dryRun ? 'would be ' : ''}recorded in the ledger`);
  if (report.verdicts.problem) lines.push(`warning: ${report.verdicts.problem}`);
  for (const w of report.withheld) lines.push(`leftover  ${w.where}: ${w.reason}`);
  if (report.withheld.length) lines.push(`nothing was written: ${report.withheld.length} problem(s) found in what would be written`);
  lines.push(`${report.dryRun ? '(dry run) ' : ''}${importSummary(report)}`);
  return lines.join('\n') + '\n';
}

export function importReportJson(report: MergeReport, cwd: string) {
  const count = (s: string) => report.alerts.filter((a) => a.status === s).length;
  return {
    dryRun: report.dryRun,
    alerts: report.alerts.filter((a) => a.status !== 'refused').map((a) => ({
      id: a.id, status: a.status, file: rel(a.file, cwd), title: a.title, source: a.where,
      ...(a.changes?.length ? { changes: a.changes } : {}), synthesised: a.synthesised, warnings: a.warnings,
    })),
    refused: report.refused.map((r) => ({ where: r.where, reason: r.reason })),
    ignored: report.ignored.map((r) => ({ where: r.where, reason: r.reason })),
    entities: [...report.entities, ...report.profiles].map((e) => ({ id: e.id, status: e.status, file: rel(e.file, cwd) })),
    verdicts: report.verdicts,
    withheld: report.withheld.map((r) => ({ where: r.where, reason: r.reason })),
    summary: {
      new: count('new'), updated: count('updated'), unchanged: count('unchanged'), refused: report.refused.length,
      entityFilesWritten: [...report.entities, ...report.profiles].filter((e) => e.status !== 'unchanged').length, healthSkipped: report.health,
    },
  };
}

/** 0 everything importable was imported, 1 some records were refused (or nothing was written: a check failed), 2 nothing importable. */
export function importExitCode(report: MergeReport): 0 | 1 | 2 {
  const imported = report.alerts.filter((a) => a.status !== 'refused').length;
  if (imported === 0) return 2;
  return report.refused.length || report.withheld.length ? 1 : 0;
}
