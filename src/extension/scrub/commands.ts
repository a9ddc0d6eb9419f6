/**
 * "Pseudonymise Workspace…" and "Check for Real Identities": thin adapters over src/core/scrub. The key
 * comes from key.ts (the key-file setting, else VS Code's SecretStorage per workspace folder). Both
 * commands take an optional argument object so that tests (and other extensions) can run them without
 * dialogs.
 */
import * as vscode from 'vscode';
import { BuiltInCommandIds } from '../commandIds';
import fs from 'node:fs';
import path from 'node:path';
import type { Leftover, ScrubPlan } from '../../core/scrub';
import { loadScrub } from '../../core/lazyBundles';
import type { Services } from '../services';
import { scrubKeyFor } from './key';
import { settings } from '../settings';

export interface ScrubArgs {
  /** The folder to scrub (default: the workspace folder, picked when there are several). */
  folder?: vscode.Uri | string;
  mode?: 'copy' | 'inPlace';
  /** For `copy`: the output folder (new or empty). */
  output?: vscode.Uri | string;
  /** Where to write the mapping file; `null`: none (no question asked). */
  mapping?: vscode.Uri | string | null;
  /** For `inPlace`: skip the confirmation (tests). */
  confirmed?: boolean;
}

export interface ScrubCommandResult {
  files: number;
  identities: number;
  output?: string;
}

/** The manifest disables both commands in untrusted workspaces; this refuses a direct call too. */
function trusted(what: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage(`${what} reads and writes files outside the editor, which an untrusted workspace does not allow. Trust the workspace first.`, 'Manage Workspace Trust').then((a) => {
    if (a) void vscode.commands.executeCommand(BuiltInCommandIds.manageWorkspaceTrust);
  });
  return false;
}

const fsPath = (u: vscode.Uri | string) => (typeof u === 'string' ? u : u.fsPath);

export class ScrubCommands {
  readonly diagnostics = vscode.languages.createDiagnosticCollection('atp-workbench-scrub');

  constructor(private readonly services: Services) {}

  async scrubWorkspace(args: ScrubArgs = {}): Promise<ScrubCommandResult | undefined> {
    if (!trusted('Pseudonymising')) return undefined;
    const { mappingFileProblem, outputFolderProblem, planScrub, writeCopy, writeInPlace, writeMappingFile } = loadScrub();
    const folder = args.folder ? fsPath(args.folder) : await this.pickFolder();
    if (!folder) return undefined;
    const mode = args.mode ?? (await this.pickMode());
    if (!mode) return undefined;
    let output: string | undefined;
    if (mode === 'copy') {
      output = args.output ? fsPath(args.output) : await this.pickOutput(folder);
      if (!output) return undefined;
      const refused = outputFolderProblem(output, [folder]);
      if (refused) return void vscode.window.showErrorMessage(refused);
    } else if (!args.confirmed) {
      const go = 'Pseudonymise in Place';
      const answer = await vscode.window.showWarningMessage(
        `Pseudonymise every fixture and the verdict ledger in ${path.basename(folder)} in place?`,
        { modal: true, detail: 'Names, SIDs, GUIDs and addresses are replaced in the files and their names. Without a mapping file this cannot be undone; commit or back up first.' },
        go,
      );
      if (answer !== go) return undefined;
    }
    const mapping = args.mapping === null ? undefined : args.mapping ? fsPath(args.mapping) : await this.pickMapping();
    if (mapping === '') return undefined;
    if (mapping) {
      const refused = mappingFileProblem(mapping, [folder], output);
      if (refused) return void vscode.window.showErrorMessage(refused);
    }
    let key: Buffer;
    try {
      key = await scrubKeyFor(this.services, folder);
    } catch (err) {
      return void vscode.window.showErrorMessage((err as Error).message);
    }
    const s = settings(vscode.Uri.file(folder));
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Pseudonymising', cancellable: false },
      async (progress) => {
        const plan = await planScrub({
          paths: [folder], key, globs: s.globs, ledgerPath: s.ledgerPath, maxFileBytes: s.maxFileBytes,
          onProgress: (phase, done, total) => progress.report({ message: total ? `${phase} ${done} of ${total} files…` : `${phase}…` }),
        });
        if (plan.errors.length || plan.leftovers.length) return plan;
        progress.report({ message: `writing ${plan.files.length} files…` });
        if (output) writeCopy(plan, output);
        else await writeInPlace(plan);
        if (mapping) writeMappingFile(mapping, plan.mapping.toJson());
        return plan;
      },
    );
    return this.reportScrub(result, output, mapping);
  }

  private async reportScrub(plan: ScrubPlan, output: string | undefined, mapping: string | undefined): Promise<ScrubCommandResult | undefined> {
    const log = this.services.log;
    for (const w of plan.warnings) log.warn(`Pseudonymise: ${w}`);
    if (plan.errors.length) return void vscode.window.showErrorMessage(`Nothing was written: ${plan.errors.join(' ')}`);
    if (plan.leftovers.length) {
      for (const l of plan.leftovers) log.error(`Pseudonymise: ${l.file}:${l.line}:${l.column}: "${l.found}" would remain.`);
      return void vscode.window.showErrorMessage(`Nothing was written: ${plan.leftovers.length} original name(s) would remain in the output (see the log).`);
    }
    const identities = plan.mapping.entries().length;
    log.info(`Pseudonymise: ${plan.files.length} files, ${identities} identities replaced${output ? ` into ${output}` : ' in place'}${mapping ? `; mapping in ${mapping}` : ''}.`);
    const message = `Pseudonymised ${plan.files.length} files (${identities} identities)${output ? ` into ${output}` : ' in place'}; no original name is left.`;
    if (output) {
      void vscode.window.showInformationMessage(message, 'Open Folder').then((choice) => {
        if (choice) void vscode.commands.executeCommand(BuiltInCommandIds.openFolder, vscode.Uri.file(output), { forceNewWindow: true });
      });
    } else {
      void vscode.window.showInformationMessage(message);
      void this.services.model.reload();
    }
    return { files: plan.files.length, identities, output };
  }

  /** Runs the check against a mapping file and shows each original found in the Problems panel. */
  async checkRealIdentities(args: { mapping?: vscode.Uri | string; folders?: Array<vscode.Uri | string> } = {}): Promise<Leftover[] | undefined> {
    if (!trusted('Checking for real identities')) return undefined;
    const { checkPaths, parseMappingFile } = loadScrub();
    const folders = args.folders?.map(fsPath) ?? (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    if (!folders.length) return void vscode.window.showErrorMessage('Open a folder to check.');
    const picked = args.mapping ? [args.mapping] : await vscode.window.showOpenDialog({
      canSelectMany: false, openLabel: 'Check Against This Mapping', title: 'Mapping file written by "Pseudonymise Workspace…" or "atp-workbench scrub --mapping"',
      filters: { 'Mapping file': ['json'] },
    });
    if (!picked?.length) return undefined;
    const mappingFile = fsPath(picked[0]);
    let entries;
    try {
      entries = parseMappingFile(fs.readFileSync(mappingFile, 'utf8'));
    } catch (err) {
      return void vscode.window.showErrorMessage(`The mapping file ${mappingFile} cannot be used: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : (err as Error).message}.`);
    }
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Checking for real identities' }, () =>
      checkPaths(folders, entries, { exclude: [mappingFile] }));
    this.diagnostics.clear();
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const l of result.leftovers) {
      const start = new vscode.Position(l.line - 1, l.column - 1);
      const range = l.where === 'name' ? new vscode.Range(0, 0, 0, 0) : new vscode.Range(start, start.translate(0, l.found.length));
      const d = new vscode.Diagnostic(range, l.where === 'name' ? `The file name holds the real identity "${l.found}".` : `Real identity "${l.found}" is still here (it is in the mapping file).`, vscode.DiagnosticSeverity.Error);
      d.source = 'ATP Alerts';
      d.code = 'scrub-leftover';
      byFile.set(l.file, [...(byFile.get(l.file) ?? []), d]);
    }
    for (const [file, list] of byFile) this.diagnostics.set(vscode.Uri.file(file), list);
    if (result.leftovers.length) {
      void vscode.window.showWarningMessage(`${result.leftovers.length} real identit${result.leftovers.length === 1 ? 'y' : 'ies'} found in ${byFile.size} file(s); see the Problems panel.`);
      void vscode.commands.executeCommand(BuiltInCommandIds.showProblems);
    } else {
      void vscode.window.showInformationMessage(`No real identity from the mapping was found in ${result.files} files.`);
    }
    return result.leftovers;
  }

  private async pickFolder(): Promise<string | undefined> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length === 0) return void vscode.window.showErrorMessage('Open a folder of alert fixtures to pseudonymise.');
    if (folders.length === 1) return folders[0].uri.fsPath;
    return (await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Folder to pseudonymise' }))?.uri.fsPath;
  }

  private async pickMode(): Promise<'copy' | 'inPlace' | undefined> {
    const items = [
      { label: '$(new-folder) To a New Folder…', detail: 'Write a pseudonymised copy (fixtures and verdict ledger); this workspace stays as it is.', mode: 'copy' as const },
      { label: '$(replace-all) In Place…', detail: 'Rewrite this workspace\'s fixtures, file names and ledger (after a confirmation).', mode: 'inPlace' as const },
    ];
    return (await vscode.window.showQuickPick(items, { placeHolder: 'Pseudonymise the workspace' }))?.mode;
  }

  private async pickOutput(folder: string): Promise<string | undefined> {
    const picked = await vscode.window.showOpenDialog({
      canSelectFiles: false, canSelectFolders: true, canSelectMany: false, openLabel: 'Pseudonymise Into', title: 'Folder for the pseudonymised copy (outside the workspace)',
      defaultUri: vscode.Uri.file(path.dirname(folder)),
    });
    if (!picked?.length) return undefined;
    const chosen = picked[0].fsPath;
    if (!fs.existsSync(chosen) || fs.readdirSync(chosen).length === 0) return chosen;
    // A non-empty folder: put the copy in a new folder inside it.
    for (let i = 1; ; i++) {
      const candidate = path.join(chosen, `${path.basename(folder)}-pseudonymised${i > 1 ? `-${i}` : ''}`);
      if (!fs.existsSync(candidate)) return candidate;
    }
  }

  /** A mapping file path, undefined for none, or '' when the user cancelled. */
  private async pickMapping(): Promise<string | undefined> {
    const choice = await vscode.window.showQuickPick([
      { label: 'No Mapping File', detail: 'Nobody (you included) can tell which real name a pseudonym stands for.', save: false },
      { label: 'Save a Mapping File…', detail: 'original → pseudonym, for "Check for Real Identities" and to read the copy later. Keep it private.', save: true },
    ], { placeHolder: 'Keep a mapping of originals to pseudonyms?' });
    if (!choice) return '';
    if (!choice.save) return undefined;
    const uri = await vscode.window.showSaveDialog({ title: 'Mapping file (kept outside the shared folder)', filters: { 'Mapping file': ['json'] }, saveLabel: 'Save Mapping' });
    return uri ? uri.fsPath : '';
  }
}
