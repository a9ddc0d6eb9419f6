/**
 * The ledgers of the open workspace folders: read at start, re-read when the file changes on disk (a
 * hand edit, a git checkout, another window, the CLI), written through the core's locked protocol. The
 * merged lookup is published to `services.verdicts` for the tree, the evidence panel and the export.
 */
import * as vscode from 'vscode';
import path from 'node:path';
import {
  LedgerLookup, ledgerFileFor, readLedger, resolveAuthor, updateLedger, type Ledger, type LedgerRead, type UpdateResult,
} from '../../core/verdicts';
import type { Problem } from '../../core/model';
import type { Services } from '../services';
import { settings, SECTION } from '../settings';

interface FolderLedger {
  folder: vscode.WorkspaceFolder;
  file: string;
  /** The last read; `invalid` until the file is fixed. */
  read: LedgerRead | undefined;
  /** The last ledger that was valid, shown while a hand edit is half-done. */
  lastGood: Ledger | undefined;
  watcher: vscode.FileSystemWatcher | undefined;
}

export class WorkspaceLedgers implements vscode.Disposable {
  private folders = new Map<string, FolderLedger>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private warned = new Set<string>();
  private loading: Promise<void> | undefined;
  lookup = new LedgerLookup([]);

  constructor(private readonly services: Services) {
    this.disposables.push(
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.reload()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SECTION}.verdicts.ledgerPath`)) void this.reload();
      }),
    );
  }

  /** Reads every folder's ledger once; later calls wait for the same read. */
  ensureLoaded(): Promise<void> {
    this.loading ??= this.load();
    return this.loading;
  }

  async reload(): Promise<void> {
    this.loading = this.load();
    await this.loading;
  }

  private async load(): Promise<void> {
    for (const f of this.folders.values()) f.watcher?.dispose();
    this.folders.clear();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') continue;
      const { file, problem } = ledgerFileFor(folder.uri.fsPath, settings(folder).ledgerPath);
      if (problem) this.warnOnce(problem, () => vscode.window.showWarningMessage(problem));
      const state: FolderLedger = { folder, file, read: undefined, lastGood: undefined, watcher: undefined };
      this.folders.set(folder.uri.toString(), state);
      state.watcher = this.watch(state);
      await this.refresh(state, false);
    }
    this.publish();
  }

  private watch(state: FolderLedger): vscode.FileSystemWatcher {
    const rel = path.relative(state.folder.uri.fsPath, state.file).split(path.sep).join('/');
    const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(state.folder, rel.replace(/[[\]{}*?]/g, '[$&]')));
    const changed = () => this.schedule(state);
    w.onDidChange(changed);
    w.onDidCreate(changed);
    w.onDidDelete(changed);
    return w;
  }

  /** Coalesces the bursts of events a rename-over produces. */
  private schedule(state: FolderLedger): void {
    const key = state.file;
    const t = this.pending.get(key);
    if (t) clearTimeout(t);
    this.pending.set(key, setTimeout(() => {
      this.pending.delete(key);
      void this.refresh(state, true).then((changed) => changed && this.publish());
    }, 50));
  }

  /** Re-reads one ledger; true when what it says changed. */
  private async refresh(state: FolderLedger, interactive: boolean): Promise<boolean> {
    const before = state.read;
    const read = await readLedger(state.file);
    state.read = read;
    if (read.status === 'invalid') {
      this.services.log.warn(read.problems.map((p) => `${p.file}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.message}`).join('\n'));
      if (interactive || !before) this.showInvalid(read.problems);
      return before?.status !== 'invalid' || JSON.stringify(before.problems) !== JSON.stringify(read.problems);
    }
    state.lastGood = read.ledger;
    this.warned.clear();
    if (before?.status === 'ok' && read.status === 'ok') return before.text !== read.text;
    return before?.status !== read.status || read.status === 'ok';
  }

  private publish(): void {
    const ledgers = [...this.folders.values()].flatMap((f) => (f.read?.status === 'invalid' ? (f.lastGood ? [f.lastGood] : []) : f.read ? [f.read.ledger] : []));
    this.lookup = new LedgerLookup(ledgers);
    this.services.verdicts.provide(this.lookup);
  }

  folderStates(): FolderLedger[] {
    return [...this.folders.values()];
  }

  /** The folder whose ledger holds verdicts for `file` (an alert fixture), else the first folder. */
  stateFor(file: string | undefined): FolderLedger | undefined {
    const folder = file ? vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file)) : undefined;
    return (folder && this.folders.get(folder.uri.toString())) ?? this.folders.values().next().value;
  }

  /** Problems of the folder's ledger, if it does not parse or validate now. */
  problemsOf(state: FolderLedger): Problem[] {
    return state.read?.status === 'invalid' ? state.read.problems : [];
  }

  async authorFor(state: FolderLedger): Promise<string> {
    return resolveAuthor({ configured: settings(state.folder).author, cwd: state.folder.uri.fsPath });
  }

  /** Writes through the locked protocol and publishes the result at once (the watcher then sees no change). */
  async update(state: FolderLedger, change: (ledger: Ledger) => boolean): Promise<UpdateResult> {
    try {
      const result = await updateLedger(state.file, change);
      if (result.changed && result.text !== undefined) {
        state.read = { status: 'ok', file: state.file, ledger: result.ledger, text: result.text };
        state.lastGood = result.ledger;
        this.publish();
      }
      return result;
    } catch (err) {
      // The write found the file broken: show that state too (the watcher may not have fired yet).
      if (await this.refresh(state, false)) this.publish();
      throw err;
    }
  }

  private showInvalid(problems: Problem[]): void {
    const first = problems[0];
    if (!first) return;
    const where = `${vscode.workspace.asRelativePath(first.file)}:${first.range.start.line + 1}:${first.range.start.character + 1}`;
    this.warnOnce(`${where} ${first.message}`, async () => {
      const open = await vscode.window.showWarningMessage(
        `The verdict ledger ${where} is not valid: ${first.message} Verdicts cannot be recorded until it is fixed.`,
        'Open Ledger',
      );
      if (open) await openAtProblem(first);
    });
  }

  private warnOnce(key: string, show: () => unknown): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    void show();
  }

  dispose(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    for (const f of this.folders.values()) f.watcher?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

/** Opens a file with the problem's range selected. */
export async function openAtProblem(p: Pick<Problem, 'file' | 'range'>): Promise<void> {
  const r = p.range;
  const range = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
  await vscode.window.showTextDocument(vscode.Uri.file(p.file), { selection: range, preview: false });
}
