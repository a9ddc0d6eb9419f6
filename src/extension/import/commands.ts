/**
 * "Import Alerts…": files picked in a dialog (several at once) or text pasted from the clipboard become
 * fixtures in a workspace folder, through the same core as `atp-workbench import`. Progress with Cancel,
 * a summary notification with "Show Report" (an output channel), and the Alerts view reveals what came in.
 */
import * as vscode from 'vscode';
import { CommandIds, executeCommand } from '../commandIds';
import path from 'node:path';
import type { ImportSource, MergeOptions, MergeReport, ReaderResult } from '../../core/import';
import { loadImport } from '../../core/lazyBundles';
import { resolveAuthor } from '../../core/verdicts';
import type { Services } from '../services';
import { settings } from '../settings';
import { scrubKeyFor } from '../scrub/key';

/** What tests (and other extensions) may pass instead of answering the pickers. */
export interface ImportCommandOptions {
  files?: string[];
  text?: string;
  /** The workspace folder to write into (default: the only one, else asked). */
  folder?: string;
  force?: boolean;
  /** Show the notification and reveal the alerts (default true). */
  reveal?: boolean;
  /** Pseudonymise on the way in (default: the `atpWorkbench.import.pseudonymise` setting, else asked with the source). */
  pseudonymise?: boolean;
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
    const config = vscode.workspace.getConfiguration('atpWorkbench', vscode.Uri.file(folder));
    const picked = options.files || options.text !== undefined
      ? { sources: fromOptions(options), pseudonymise: options.pseudonymise ?? config.get<boolean>('import.pseudonymise', false) }
      : await this.pickSources(folder, options.pseudonymise ?? config.get<boolean>('import.pseudonymise', false));
    if (!picked?.sources.length) return undefined;
    const { sources, pseudonymise } = picked;
    let key: Buffer | undefined;
    if (pseudonymise) {
      try {
        key = await scrubKeyFor(this.services, folder);
      } catch (err) {
        void vscode.window.showErrorMessage(`Import: ${(err as Error).message} Nothing was imported.`);
        return undefined;
      }
    }
    const s = settings(vscode.Uri.file(folder));
    const configured = config.get<string>('verdicts.author');
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Importing alerts', cancellable: true },
      async (progress, token) => {
        const read = await loadImport().readSources(sources, { cancelled: () => token.isCancellationRequested, onProgress: (message) => progress.report({ message }) });
        if (read.cancelled || token.isCancellationRequested) return undefined;
        progress.report({ message: `${key ? 'Pseudonymising and writing' : 'Writing'} ${read.result.alerts.length} alerts` });
        const merge: MergeOptions = {
          out: folder, force: options.force, ledgerPath: s.ledgerPath, maxFileBytes: s.maxFileBytes,
          author: await resolveAuthor({ configured, cwd: folder }),
        };
        return key ? importPseudonymised(read.result, merge, key) : loadImport().mergeIntoWorkspace(read.result, merge);
      },
    );
    if (!report) {
      void vscode.window.showInformationMessage('Import cancelled; nothing was written.');
      return undefined;
    }
    const { formatImportReport, importSummary } = loadImport();
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
    const summary = report.withheld.length
      ? `Import: nothing was written, ${report.withheld.length} original name(s) would have remained after pseudonymising (see the report).`
      : `Import: ${loadImport().importSummary(report)}.`;
    const show = report.refused.length || report.withheld.length ? vscode.window.showWarningMessage(summary, SHOW_REPORT) : vscode.window.showInformationMessage(summary, SHOW_REPORT);
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

  /** The sources, and whether to pseudonymise them: each source is offered as is and pseudonymised (the setting's choice first). */
  private async pickSources(folder: string, pseudonymiseFirst: boolean): Promise<{ sources: ImportSource[]; pseudonymise: boolean } | undefined> {
    const files = 'CEF syslog, Sentinel, Graph, Defender XDR exports or an alert report workbook';
    const clipboard = 'CEF lines or JSON copied from a SIEM, Graph Explorer or advanced hunting';
    const scrub = 'names, SIDs and addresses replaced by the scrub key\'s pseudonyms before anything is written';
    const asIs = [
      { from: 'files' as const, pseudonymise: false, label: '$(files) From Files…', description: files },
      { from: 'clipboard' as const, pseudonymise: false, label: '$(clippy) From the Clipboard', description: clipboard },
    ];
    const scrubbed = [
      { from: 'files' as const, pseudonymise: true, label: '$(shield) From Files, Pseudonymise on the Way In…', description: scrub },
      { from: 'clipboard' as const, pseudonymise: true, label: '$(shield) From the Clipboard, Pseudonymise on the Way In', description: scrub },
    ];
    const items = pseudonymiseFirst ? [...scrubbed, ...asIs] : [...asIs, ...scrubbed];
    const choice = await vscode.window.showQuickPick(items, { placeHolder: 'Import alerts from…' });
    if (!choice) return undefined;
    const sources = await this.readChoice(folder, choice.from);
    return sources ? { sources, pseudonymise: choice.pseudonymise } : undefined;
  }

  private async readChoice(folder: string, from: 'files' | 'clipboard'): Promise<ImportSource[] | undefined> {
    if (from === 'clipboard') {
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

/** The import pseudonymised on the way in, with the same pseudonyms "Pseudonymise Workspace…" gives with this key. */
function importPseudonymised(input: ReaderResult, merge: MergeOptions, key: Buffer): Promise<MergeReport> {
  const { pseudonymiseImport, mergeIntoWorkspace } = loadImport();
  const scrubbed = pseudonymiseImport(input, { key, author: merge.author });
  return mergeIntoWorkspace(scrubbed.input, { ...merge, ...scrubbed.merge });
}
