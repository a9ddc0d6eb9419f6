/**
 * The extension's view of the workspace: one core `WorkspaceIndex` over every workspace folder, filled
 * on first use (never at activation) and kept current by file watchers — one changed file, one read.
 */
import * as vscode from 'vscode';
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { discoverFiles, walkFiles } from '../core/discovery';
import { kindMatcher, type KindMatcher } from '../core/fileKinds';
import type { FileKind } from '../core/model';
import { WorkspaceIndex } from '../core/workspaceIndex';
import type { FileSource } from '../core/fileSource';
import { loadValidation } from '../core/lazyBundles';
import { formatBytes, OFF_THREAD_MIN_BYTES, type FileRecord } from '../core/loader';
import { settings } from './settings';

type FixtureKind = Exclude<FileKind, 'ledger'>;

export class WorkspaceModel implements vscode.Disposable {
  readonly index: WorkspaceIndex;
  private loading: Promise<void> | undefined;
  /** Settles once a load has indexed the alerts (its first part: entity and profile files come next). */
  private alertsIndexed: Promise<void> | undefined;
  private matchers = new Map<string, KindMatcher>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<{ files: string[] }>();
  /** Fires after the index changed (initial load, watcher updates, refresh). */
  readonly onDidChange = this.changed.event;
  private pending = new Map<string, 'update' | 'delete'>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly log: vscode.LogOutputChannel, source?: FileSource) {
    this.index = new WorkspaceIndex({
      source, maxFileBytes: settings().maxFileBytes,
      largeFiles: { minBytes: OFF_THREAD_MIN_BYTES, load: (file, kind, options, signal) => this.loadLarge(file, kind, options, signal) },
    });
    this.disposables.push(
      this.changed,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('atpWorkbench.files') || e.affectsConfiguration('atpWorkbench.maxFileSizeMB')) void this.reload();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.reload()),
    );
  }

  /** A big file, parsed on a worker thread and received in pieces: the host keeps answering meanwhile. */
  private async loadLarge(file: string, kind: FixtureKind, options: { maxFileBytes?: number }, signal: AbortSignal): Promise<FileRecord> {
    const started = Date.now();
    try {
      const record = await loadValidation().loadOffThread(file, kind, options, signal);
      this.log.debug(`Loaded ${file} (${formatBytes(record.size)}) on a worker thread in ${Date.now() - started} ms.`);
      return record;
    } catch (err) {
      if (signal.aborted) this.log.debug(`${file}: a newer load replaced this one.`);
      else this.log.warn(`${file}: loading it on the extension host's thread instead of a worker (${(err as Error).message}).`);
      throw err;
    }
  }

  /** Loads the workspace once; later calls wait for the same load. */
  ensureLoaded(): Promise<void> {
    this.loading ??= this.load();
    return this.loading;
  }

  /**
   * Waits until the alerts are indexed, which is all the Alerts view's phases and counts need: in a big
   * workspace they show while the entity and profile files still load (their half of the files).
   */
  async alertsLoaded(): Promise<void> {
    const loading = this.ensureLoaded();
    await Promise.race([loading, this.alertsIndexed]);
  }

  /** Forgets everything and loads again (the Refresh command, settings changes). */
  async reload(): Promise<void> {
    if (!this.loading) return;
    this.loading = this.load();
    await this.loading;
  }

  /** Which workspace folder a file belongs to. */
  folderOf(file: string): vscode.WorkspaceFolder | undefined {
    return vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file));
  }

  kindOf(file: string): FixtureKind | undefined {
    const folder = this.folderOf(file);
    if (!folder) return undefined;
    let match = this.matchers.get(folder.uri.toString());
    if (!match) {
      match = kindMatcher(settings(folder).globs);
      this.matchers.set(folder.uri.toString(), match);
    }
    return match(path.relative(folder.uri.fsPath, file));
  }

  private load(): Promise<void> {
    let alertsDone!: () => void;
    this.alertsIndexed = new Promise<void>((resolve) => { alertsDone = resolve; });
    return this.loadAll(alertsDone).finally(alertsDone);
  }

  private async loadAll(alertsDone: () => void): Promise<void> {
    const started = Date.now();
    this.index.clear();
    this.matchers.clear();
    this.index.maxFileBytes = settings().maxFileBytes;
    this.watch();
    // The folders are on this host's disk (scheme file): walked with Node in slices of 15 ms, not with
    // workspace.findFiles, whose search service took 10 s for 35 000 files (and a second for 78).
    const files: { file: string; kind: FixtureKind }[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') continue;
      const s = settings(folder);
      const found = await discoverFiles([folder.uri.fsPath], s.globs, { exclude: s.exclude || undefined, yieldEveryMs: 15 });
      for (const f of found.files) files.push({ file: f.file, kind: f.kind });
      for (const p of found.problems) this.log.warn(`${p.file}: ${p.message}`);
    }
    const listed = Date.now();
    // Alerts first: the Alerts view shows its phases once they are in. A worker thread reads while this one parses.
    await this.index.updateMany(files.filter((f) => f.kind === 'alert'), { readAhead: true });
    const alertsAt = Date.now();
    alertsDone();
    await this.index.updateMany(files.filter((f) => f.kind !== 'alert'), { readAhead: true });
    const a = this.index.alerts().length;
    const e = this.index.entities().length;
    const p = this.index.profiles().length;
    const bad = this.index.invalid();
    this.log.info(`Indexed ${a} alerts, ${e} entities and ${p} profiles from ${files.length} files in ${Date.now() - started} ms (finding them ${listed - started} ms, the alerts ready after ${alertsAt - started} ms).`);
    for (const r of bad) {
      this.log.warn(`${r.file}:${r.problem.range.start.line + 1}:${r.problem.range.start.character + 1}: ${r.problem.message}`);
    }
    this.changed.fire({ files: files.map((f) => f.file) });
  }

  private watchers: vscode.Disposable[] = [];

  private watch(): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') continue;
      // One watcher over all files: it also tells us when a folder holding fixtures is deleted or renamed.
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '**/*'));
      w.onDidCreate((u) => this.queue(u.fsPath, 'update'));
      w.onDidChange((u) => this.queue(u.fsPath, 'update'));
      w.onDidDelete((u) => this.queue(u.fsPath, 'delete'));
      this.watchers.push(w);
    }
  }

  /** Batches watcher events briefly so a `git checkout` touching many files costs one refresh. */
  private queue(file: string, what: 'update' | 'delete'): void {
    this.pending.set(file, what);
    this.flushTimer ??= setTimeout(() => void this.flush(), 60);
  }

  /**
   * Files the extension itself just wrote (an import, a new fixture): loaded now rather than when the watcher
   * reports them, so the command that wrote them can open and reveal them at once.
   */
  async filesWritten(files: string[]): Promise<void> {
    await this.ensureLoaded();
    for (const f of files) this.pending.set(f, 'update');
    await this.flush();
  }
  /** Applies the queued file events in one batch. */
  private async flush(): Promise<void> {
    this.flushTimer = undefined;
    const batch = [...this.pending];
    this.pending.clear();
    if (!batch.length) return;
    const touched: string[] = [];
    for (const [file, what] of batch) {
      if (what === 'delete') {
        // A deleted file was a record; only a path that was none can be a folder (removeUnder scans every record).
        if (this.index.remove(file)) touched.push(file);
        else touched.push(...this.index.removeUnder(file));
        continue;
      }
      const kind = this.kindOf(file);
      if (!kind) {
        if (await isDirectory(file)) touched.push(...(await this.loadFolder(file)));
        continue;
      }
      const record = await this.index.update(file, kind);
      if (!record) continue; // a newer event for the file is loading it again
      touched.push(file);
      if (!record.ok) this.log.warn(`${file}: ${record.problem.message}`);
    }
    if (touched.length) {
      this.log.debug(`Re-read ${touched.length} changed file(s).`);
      this.changed.fire({ files: touched });
    }
  }

  /** A folder appeared: load the fixtures in it that the watcher may not have reported one by one. */
  private async loadFolder(dir: string): Promise<string[]> {
    const files: { file: string; kind: FixtureKind }[] = [];
    for (const file of await walkFiles(dir)) {
      const kind = this.kindOf(file);
      if (kind && !this.pending.has(file)) files.push({ file, kind });
    }
    if (files.length) await this.index.updateMany(files);
    return files.map((f) => f.file);
  }

  dispose(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    for (const w of this.watchers) w.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isDirectory();
  } catch {
    return false;
  }
}
