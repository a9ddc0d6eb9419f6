/**
 * "Import Alerts…": files picked in a dialog (several at once) or text pasted from the clipboard become
 * fixtures in a workspace folder, through the same core as `atp-workbench import`. Progress with Cancel,
 * a summary notification with "Show Report" (an output channel), and the Alerts view reveals what came in.
 */
import * as vscode from 'vscode';
import { CommandIds, executeCommand } from '../commandIds';
import path from 'node:path';
import { formatImportReport, importSummary, mergeIntoWorkspace, readSources, type ImportSource, type MergeReport } from '../../core/import';
import { resolveAuthor } from '../../core/verdicts';
import type { Services } from '../services';
import { settings } from '../settings';

/** What tests (and other extensions) may pass instead of answering the pickers. */
export interface ImportCommandOptions {
  files?: string[];
  text?: string;
  /** The workspace folder to write into (default: the only one, else asked). */
  folder?: string;
  force?: boolean;
  /** Show the notification and reveal the alerts (default true). */
  reveal?: boolean;
}

const SHOW_REPORT = 'Show Report';

export class ImportCommands implements vscode.Disposable {
  private channel: vscode.OutputChannel | undefined;

  constructor(private readonly services: Services) {}

  dispose(): void {
    this.channel?.dispose();
  }

  async importAlerts(options: ImportCommandOptions = {}): Promise<MergeReport | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Importing alerts writes files, so it is off in an untrusted workspace. Trust the workspace to import.');
      return undefined;
    }
    const folder = await this.targetFolder(options.folder);
    if (!folder) return undefined;
    const sources = options.files || options.text !== undefined ? fromOptions(options) : await this.pickSources(folder);
    if (!sources?.length) return undefined;
    const s = settings(vscode.Uri.file(folder));
    const configured = vscode.workspace.getConfiguration('atpWorkbench', vscode.Uri.file(folder)).get<string>('verdicts.author');
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Importing alerts', cancellable: true },
      async (progress, token) => {
        const read = await readSources(sources, { cancelled: () => token.isCancellationRequested, onProgress: (message) => progress.report({ message }) });
        if (read.cancelled || token.isCancellationRequested) return undefined;
        progress.report({ message: `Writing ${read.result.alerts.length} alerts` });
        return mergeIntoWorkspace(read.result, {
          out: folder, force: options.force, ledgerPath: s.ledgerPath, maxFileBytes: s.maxFileBytes,
          author: await resolveAuthor({ configured, cwd: folder }),
        });
      },
    );
    if (!report) {
      void vscode.window.showInformationMessage('Import cancelled; nothing was written.');
      return undefined;
    }
    const text = formatImportReport(report, folder);
    this.services.log.info(`Import into ${folder}: ${importSummary(report)}.`);
    const channel = (this.channel ??= vscode.window.createOutputChannel('ATP Alert Import'));
    channel.replace(`Import into ${folder}\n\n${text}`);
    const written = [...report.alerts, ...report.entities, ...report.profiles].filter((x) => x.status === 'new' || x.status === 'updated').map((x) => x.file!);
    await this.services.model.ensureLoaded();
    await this.services.model.filesWritten(written);
    if (options.reveal !== false) void this.announce(report, channel);
    return report;
  }

  private async announce(report: MergeReport, channel: vscode.OutputChannel): Promise<void> {
    const first = report.alerts.find((a) => a.status === 'new' || a.status === 'updated') ?? report.alerts.find((a) => a.status === 'unchanged');
    if (first?.file) await executeCommand(CommandIds.revealAlert, vscode.Uri.file(first.file));
    const summary = `Import: ${importSummary(report)}.`;
    const show = report.refused.length ? vscode.window.showWarningMessage(summary, SHOW_REPORT) : vscode.window.showInformationMessage(summary, SHOW_REPORT);
    if ((await show) === SHOW_REPORT) channel.show(true);
  }

  private async targetFolder(given: string | undefined): Promise<string | undefined> {
    if (given) return given;
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    if (!folders.length) {
      void vscode.window.showErrorMessage('Import: open a folder first; alerts are written into a workspace folder.');
      return undefined;
    }
    if (folders.length === 1) return folders[0]!.uri.fsPath;
    return (await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Workspace folder to import the alerts into' }))?.uri.fsPath;
  }

  private async pickSources(folder: string): Promise<ImportSource[] | undefined> {
    const files = { label: '$(files) From Files…', description: 'CEF syslog, Sentinel, Graph, Defender XDR exports or an alert report workbook' };
    const clipboard = { label: '$(clippy) From the Clipboard', description: 'CEF lines or JSON copied from a SIEM, Graph Explorer or advanced hunting' };
    const choice = await vscode.window.showQuickPick([files, clipboard], { placeHolder: 'Import alerts from…' });
    if (!choice) return undefined;
    if (choice === clipboard) {
      const text = await vscode.env.clipboard.readText();
      if (!text.trim()) {
        void vscode.window.showInformationMessage('Import: the clipboard is empty.');
        return undefined;
      }
      return [{ name: '<clipboard>', bytes: Buffer.from(text, 'utf8') }];
    }
    const uris = await vscode.window.showOpenDialog({ canSelectMany: true, canSelectFiles: true, canSelectFolders: false, defaultUri: vscode.Uri.file(folder), openLabel: 'Import' });
    return uris?.map((u) => ({ name: path.basename(u.fsPath), file: u.fsPath }));
  }
}

function fromOptions(options: ImportCommandOptions): ImportSource[] {
  const sources: ImportSource[] = (options.files ?? []).map((f) => ({ name: path.basename(f), file: f }));
  if (options.text !== undefined) sources.push({ name: '<clipboard>', bytes: Buffer.from(options.text, 'utf8') });
  return sources;
}
