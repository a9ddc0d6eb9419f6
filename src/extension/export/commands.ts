/**
 * "Export Alert Report (Excel)…" and "Export Reports…": thin adapters over the core export jobs
 * (src/core/export). The writer, and exceljs with it, is loaded here, when an export runs — never at
 * activation.
 */
import * as vscode from 'vscode';
import path from 'node:path';
import { PHASES, type Phase } from '../../core/model';
import { describeCleaning, exportAlert, exportAlerts, type AlertToExport, type BatchResult, type ExportContext, type JobProgress } from '../../core/export/exportJobs';
import { reportFileName } from '../../core/export/fileNames';
import { loadReportWriter } from '../../core/export/loadWriter';
import type { WriteResult } from '../../core/export/writer';
import type { IndexedAlert } from '../../core/workspaceIndex';
import { pickAlert, resolveAlertArg, resolveAlertArgs } from '../alertArgs';
import type { Services } from '../services';
import { askReportFile, askReportFolder, defaultFolder, isExportOptions, offerOpen, rememberFolder, type ExportCommandOptions } from './targets';
import { isSameOrInside } from '../../core/paths';

export class ExportCommands {
  constructor(private readonly services: Services) {}

  /** One alert → one workbook. `second` is the tree's selection, or options from a test. */
  async exportAlertReport(arg?: unknown, second?: unknown): Promise<WriteResult | BatchResult | undefined> {
    if (!this.trusted()) return undefined;
    const { model } = this.services;
    await model.ensureLoaded();
    const options: ExportCommandOptions = isExportOptions(second) ? second : {};
    if (Array.isArray(second) && resolveAlertArgs(model, arg, second).length > 1) return this.exportReports(arg, second);
    const found = arg === undefined ? await pickAlert(model, 'Alert to export as an Excel report') : resolveAlertArg(model, arg);
    if (!found) {
      if (arg !== undefined) void vscode.window.showErrorMessage(`Export: no alert in the workspace matches ${describeArg(arg)}.`);
      return undefined;
    }
    const target = options.target ?? (await askReportFile(defaultFolder(this.services.context, found.file), reportFileName(found.alert)));
    if (!target) return undefined;
    if (!path.isAbsolute(target)) {
      void vscode.window.showErrorMessage(`Export: the target "${target}" is not an absolute path.`);
      return undefined;
    }
    const item: AlertToExport = { file: found.file, alert: found.alert };
    const result = await this.withProgress(`Exporting "${String(found.alert.title)}"`, (onProgress, isCancelled) =>
      exportAlert(this.context(), item, target, { onProgress, isCancelled }));
    if (!result) return undefined;
    if (result.cancelled) {
      void vscode.window.showInformationMessage('Export cancelled; no file was written.');
      return result;
    }
    await rememberFolder(this.services.context, path.dirname(target));
    const notes = describeCleaning(result);
    this.services.log.info(`Exported ${found.file} to ${target}: ${result.sheets.length} sheets, ${result.rows} rows${notes.length ? `; ${notes.join('; ')}` : ''}.`);
    if (options.reveal !== false) {
      void offerOpen(`Alert report written: ${path.basename(target)}${notes.length ? ` (${notes.join('; ')})` : ''}.`, target);
    }
    return result;
  }

  /** Many alerts (a phase or group, a multi-selection, or the whole workspace) → a folder of workbooks + an index. */
  async exportReports(arg?: unknown, second?: unknown): Promise<BatchResult | undefined> {
    if (!this.trusted()) return undefined;
    const { model } = this.services;
    await model.ensureLoaded();
    const options: ExportCommandOptions = isExportOptions(second) ? second : {};
    const alerts = this.alertsFor(arg, Array.isArray(second) ? second : undefined);
    if (!alerts.length) {
      void vscode.window.showInformationMessage(arg === undefined ? 'Export: the workspace has no alert fixtures to export.' : `Export: no alerts found in ${describeArg(arg)}.`);
      return undefined;
    }
    const folder = options.target ?? (await askReportFolder(defaultFolder(this.services.context), alerts.length));
    if (!folder) return undefined;
    if (!path.isAbsolute(folder)) {
      void vscode.window.showErrorMessage(`Export: the target folder "${folder}" is not an absolute path.`);
      return undefined;
    }
    const items = alerts.map((a) => ({ file: a.file, alert: a.alert }));
    const batch = await this.withProgress(`Exporting ${items.length} alert reports`, (onProgress, isCancelled) =>
      exportAlerts(this.context(), items, folder, { onProgress, isCancelled }));
    if (!batch) return undefined;
    await rememberFolder(this.services.context, folder);
    for (const f of batch.failed) this.services.log.error(`Export of ${f.item.file} failed: ${f.error}`);
    this.services.log.info(`Exported ${batch.reports.length} of ${items.length} alert reports to ${folder}${batch.cancelled ? ' (cancelled)' : ''}.`);
    if (batch.cancelled) {
      void vscode.window.showInformationMessage(`Export cancelled after ${batch.reports.length} of ${items.length} reports (those stay in ${folder}; no index was written).`);
    } else if (batch.failed.length) {
      void vscode.window.showWarningMessage(`${batch.reports.length} of ${items.length} alert reports written; ${batch.failed.length} failed (see the log).`, 'Show Log')
        .then((c) => c && this.services.log.show());
    } else if (options.reveal !== false && batch.index) {
      void offerOpen(`${batch.reports.length} alert ${batch.reports.length === 1 ? 'report' : 'reports'} and an index written to ${folder}.`, batch.index, 'Open Index');
    }
    return batch;
  }

  private context(): ExportContext {
    return { writer: loadReportWriter(), entities: this.services.model.index, verdicts: this.services.verdicts.lookup };
  }

  /** Alerts designated by a command's arguments; no argument means every alert in the workspace. */
  private alertsFor(arg: unknown, selection: unknown[] | undefined): IndexedAlert[] {
    const index = this.services.model.index;
    if (arg === undefined && !selection?.length) return index.alerts();
    const out: IndexedAlert[] = [];
    const add = (a: IndexedAlert) => {
      if (!out.includes(a)) out.push(a);
    };
    for (const item of selection?.length ? selection : Array.isArray(arg) ? arg : [arg]) {
      const group = this.groupAlerts(item);
      if (group) group.forEach(add);
      else resolveAlertArgs(this.services.model, item).forEach(add);
    }
    return out;
  }

  /**
   * The alerts of a tree bucket (a phase, an alert type, a verdict, an entity, a folder), or undefined
   * when `item` is not one. A node of the Alerts view exports what the view shows under it (its filter,
   * its folder); a bare `{ phase }` or `{ groupBy, key }` from another caller means the whole workspace's.
   */
  private groupAlerts(item: unknown): IndexedAlert[] | undefined {
    if (!item || typeof item !== 'object') return undefined;
    const shown = this.services.alertsView.alertsUnder(item);
    if (shown) return shown;
    const node = item as { kind?: unknown; groupBy?: unknown; key?: unknown; phase?: unknown; entityId?: unknown; folder?: { path?: unknown } };
    const index = this.services.model.index;
    if (node.kind === 'folder' && typeof node.folder?.path === 'string') {
      const root = node.folder.path;
      return index.alerts().filter((a) => isSameOrInside(a.file, root));
    }
    if (node.kind !== 'group' && !(node.kind === undefined && typeof node.phase === 'string')) return undefined;
    if (node.groupBy === undefined || node.groupBy === 'phase') {
      const phase = PHASES.includes(node.phase as Phase) ? (node.phase as Phase) : undefined;
      return index.alertsInPhase(phase);
    }
    if (node.groupBy === 'type') return index.alerts().filter((a) => String(a.alert.externalId) === node.key);
    if (node.groupBy === 'entity' && typeof node.entityId === 'string') return index.alertsReferencing(node.entityId);
    if (node.groupBy === 'verdict') {
      const lookup = this.services.verdicts.lookup;
      return index.alerts().filter((a) => (lookup.verdictOf(a.alert.id)?.verdict ?? 'unclassified') === node.key);
    }
    return [];
  }

  private trusted(): boolean {
    if (vscode.workspace.isTrusted) return true;
    void vscode.window.showWarningMessage('Exporting reports writes files, so it is off in an untrusted workspace. Trust the workspace to export.');
    return false;
  }

  /** Runs a job under a cancellable notification; errors become one clear message (and undefined). */
  private async withProgress<T>(title: string, job: (onProgress: (p: JobProgress) => void, isCancelled: () => boolean) => Promise<T>): Promise<T | undefined> {
    try {
      return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
        let reported = 0;
        const onProgress = (p: JobProgress) => {
          // Whole alerts plus the current alert's share of rows, as a percentage of the job.
          const share = p.rowsTotal ? p.rowsWritten / p.rowsTotal : 0;
          const percent = Math.min(100, ((p.alertsDone + share) / Math.max(1, p.alertsTotal)) * 100);
          const message = p.alertsTotal > 1 ? `${p.alertsDone + 1 > p.alertsTotal ? p.alertsTotal : p.alertsDone + 1} of ${p.alertsTotal}${p.current ? `: ${String(p.current.alert.title)}` : ''}`
            : p.rowsTotal ? `${p.rowsWritten.toLocaleString('en-US')} of ${p.rowsTotal.toLocaleString('en-US')} rows` : undefined;
          progress.report({ increment: Math.max(0, percent - reported), message });
          reported = Math.max(reported, percent);
        };
        return job(onProgress, () => token.isCancellationRequested);
      });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.services.log.error(`Export failed: ${err instanceof Error && err.stack ? err.stack : message}`);
      void vscode.window.showErrorMessage(`Export failed: ${message}`);
      return undefined;
    }
  }
}

function describeArg(arg: unknown): string {
  if (typeof arg === 'string') return `"${arg}"`;
  if (arg instanceof vscode.Uri) return arg.fsPath;
  try {
    return JSON.stringify(arg)?.slice(0, 120) ?? String(arg);
  } catch {
    return String(arg);
  }
}
