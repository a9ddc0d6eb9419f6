/**
 * Feeds one DiagnosticCollection from the core validator, the same `validateRecord` the CLI runs:
 * - open fixture documents from their buffer, debounced while typing;
 * - every indexed file from disk (the whole workspace), in the background once the workspace index is
 *   loaded, again after files change, and on "Validate Workspace" (with progress).
 * An open document's problems replace its file's disk problems until it closes. Deleted files lose theirs.
 */
import * as vscode from 'vscode';
import fs from 'node:fs';
import path from 'node:path';
import { formatBytes, loadText } from '../../core/loader';
import type { FileKind } from '../../core/model';
import type { FixableProblem } from '../../core/validation/quickFixes';
import { ValidationScope } from '../../core/validation/affectedFiles';
import type { ValidationOptions } from '../../core/validation/validate';
import type { OffThreadTarget, OffThreadValidator } from '../../core/validation/offThreadValidation';
import type { ShardOptions } from '../../core/validation/shardValidation';
import { ExtraSchemas } from './extraSchemas';
import { loadValidation } from '../../core/lazyBundles';
import { settings } from '../settings';
import type { WorkspaceModel } from '../workspaceModel';
import { problemKey, toDiagnostic } from './convert';
import { isSameOrInside } from '../../core/paths';

/** Typing pauses this long before the document is validated again. */
const TYPING_DEBOUNCE_MS = 250;
/** File changes on disk are batched this long before the workspace is validated again. */
const WORKSPACE_DEBOUNCE_MS = 400;
/** Files validated between two yields to the event loop in a workspace pass (about 10–20 ms of work on a busy host). */
const CHUNK = 100;
/** Above this many affected files, a change is handled by a whole-workspace pass instead. */
const PARTIAL_LIMIT = 2000;

/**
 * Problems VS Code's own JSON language features already report on an open `json` document (syntax
 * errors, duplicate keys). Reporting them too would show each mistake twice in the editor; closed files
 * and the CLI still get ours.
 */
const REPORTED_BY_VSCODE_JSON = new Set(['json-syntax', 'json-duplicate-key']);

/** A workspace folder's validation options: for this thread, and as plain data for a worker thread. */
interface FolderOptions {
  options: ValidationOptions;
  shard: ShardOptions;
}

interface OpenEntry {
  version: number;
  problems: FixableProblem[];
}

export interface WorkspaceSummary {
  files: number;
  problems: number;
  cancelled: boolean;
}

export class ValidationEngine implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('atp-workbench');
  private readonly open = new Map<string, OpenEntry>();
  private disk = new Map<string, FixableProblem[]>();
  private workspaceShown = false;
  private indexReady = false;
  private generation = 0;
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private workspaceTimer: ReturnType<typeof setTimeout> | undefined;
  /** Files changed on disk since the last pass, and the ids each file had when last validated. */
  private changedSincePass: string[] = [];
  private readonly scope = new ValidationScope();
  private readonly extraSchemas = new ExtraSchemas(() => this.revalidateAll());
  private offThread: OffThreadValidator | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly model: WorkspaceModel, private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      this.collection,
      this.extraSchemas,
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => { if (e.contentChanges.length) this.schedule(e.document, TYPING_DEBOUNCE_MS); }),
      vscode.workspace.onDidCloseTextDocument((d) => this.closed(d)),
      vscode.workspace.onDidDeleteFiles((e) => this.forget(e.files.map((u) => u.fsPath))),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('atpWorkbench') || e.affectsConfiguration('json.validate.enable')) this.revalidateAll();
      }),
      model.onDidChange((change) => this.indexChanged(change.files)),
    );
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  /** Which kind of fixture a file is (ledger included), by the settings of its folder. */
  kindOf(file: string): FileKind | undefined {
    const kind = this.model.kindOf(file);
    if (kind) return kind;
    const folder = this.model.folderOf(file);
    if (!folder) return undefined;
    return path.resolve(folder.uri.fsPath, settings(folder).ledgerPath) === path.resolve(file) ? 'ledger' : undefined;
  }

  /** The problem behind a diagnostic of an open document, while the document is unchanged. */
  problemFor(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): FixableProblem | undefined {
    const entry = this.open.get(document.uri.fsPath);
    if (!entry || entry.version !== document.version) return undefined;
    const key = problemKey(String(diagnostic.code), diagnostic.range, diagnostic.message);
    return entry.problems.find((p) => problemKey(p.code, p.range, p.message) === key);
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    if (document.uri.scheme !== 'file' || !this.kindOf(document.uri.fsPath)) return;
    const file = document.uri.fsPath;
    clearTimeout(this.timers.get(file));
    this.timers.set(file, setTimeout(() => {
      this.timers.delete(file);
      void this.validateDocument(document).catch((err) => this.log.error(`Validating ${file} failed: ${(err as Error).stack ?? err}`));
    }, delay));
  }

  /** Validates an open document from its buffer and publishes the result. */
  async validateDocument(document: vscode.TextDocument): Promise<FixableProblem[]> {
    const file = document.uri.fsPath;
    const kind = this.kindOf(file);
    if (!kind || document.isClosed || !fs.existsSync(file)) {
      this.open.delete(file);
      this.publish(file);
      return [];
    }
    if (!this.indexReady) void this.model.ensureLoaded(); // the cross-file checks need the index; it fires onDidChange when ready
    const version = document.version;
    const text = document.getText();
    const s = settings(document.uri);
    let problems: FixableProblem[];
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > s.maxFileBytes) {
      problems = [{
        file, severity: 'error', code: 'file-too-large', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        message: `The file is ${formatBytes(bytes)}, over the ${formatBytes(s.maxFileBytes)} limit (setting "atpWorkbench.maxFileSizeMB"); it is not loaded.`,
      }];
    } else if (kind === 'ledger') {
      problems = loadValidation().validateLedgerText(file, text);
    } else {
      // VS Code's JSON support reports duplicate keys of open json documents (ours are dropped below): skip the check.
      const duplicateKeys = !vscodeReportsSyntax(document);
      const folder = await this.optionsOf(file);
      const index = this.indexReady ? this.model.index : undefined;
      const big = bytes >= loadValidation().OFF_THREAD_MIN_BYTES ? await this.validateOffThread({ file, kind, text, duplicateKeys }, index, folder.shard) : undefined;
      if (big === 'superseded') return [];
      problems = big ?? await loadValidation().validateRecord(loadText(file, kind, text, { size: bytes }, { duplicateKeys }), index, () => text, folder.options);
    }
    if (document.version !== version || document.isClosed) return problems; // a newer edit is on its way
    if (vscodeReportsSyntax(document)) problems = problems.filter((p) => !REPORTED_BY_VSCODE_JSON.has(p.code));
    this.open.set(file, { version, problems });
    this.publish(file);
    return problems;
  }

  private closed(document: vscode.TextDocument): void {
    const file = document.uri.fsPath;
    clearTimeout(this.timers.get(file));
    if (this.open.delete(file)) this.publish(file); // back to the file's disk problems, if the workspace is shown
  }

  private forget(files: string[]): void {
    for (const file of files) {
      for (const known of [...this.open.keys(), ...this.disk.keys()]) {
        if (isSameOrInside(known, file)) {
          this.open.delete(known);
          this.disk.delete(known);
          this.collection.delete(vscode.Uri.file(known));
        }
      }
    }
  }

  private indexChanged(files: string[]): void {
    this.indexReady = true;
    this.forget(files.filter((f) => !this.model.index.record(f) && !fs.existsSync(f)));
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
    this.changedSincePass.push(...files);
    clearTimeout(this.workspaceTimer);
    this.workspaceTimer = setTimeout(() => {
      const changed = [...new Set(this.changedSincePass)];
      this.changedSincePass = [];
      const pass = this.workspaceShown && changed.length < PARTIAL_LIMIT ? this.validateAffected(changed) : this.validateWorkspace(false);
      void pass.catch((err) => this.log.error(`Validating the workspace failed: ${(err as Error).stack ?? err}`));
    }, this.workspaceShown ? WORKSPACE_DEBOUNCE_MS : 0);
  }

  /**
   * After files changed on disk: validates them and the files whose problems depend on their ids (see
   * core/affectedFiles.ts), instead of the whole workspace — a save in a 30 000-file workspace costs a
   * few files, not all of them.
   */
  private async validateAffected(changed: string[]): Promise<unknown> {
    const index = this.model.index;
    const affected = this.scope.affected(index, changed);
    if (affected.length > PARTIAL_LIMIT) return this.validateWorkspace(false);
    const generation = this.generation;
    const started = Date.now();
    const found = new Map<string, FixableProblem[]>();
    for (const [options, mine] of ValidationEngine.groupByOptions(affected, await this.folderOptions())) {
      for (const p of await this.validateFromIndex(mine, options)) push(found, p.file, p);
    }
    if (generation !== this.generation) return undefined; // a whole-workspace pass started meanwhile: it wins
    for (const file of new Set([...affected, ...changed])) {
      const problems = found.get(file);
      if (problems) this.disk.set(file, problems);
      else this.disk.delete(file);
      this.publish(file);
    }
    this.scope.remember(index, [...affected, ...changed]);
    this.log.debug(`Validated ${affected.length} affected file(s) after ${changed.length} change(s) (${Date.now() - started} ms).`);
    return undefined;
  }

  /**
   * Validation options are per workspace folder (strict mode, extra schemas): read them once per pass,
   * not once per file or chunk, and validate each folder's files with its own.
   */
  private async folderOptions(): Promise<({ prefix: string } & FolderOptions)[]> {
    const folders = [];
    for (const f of vscode.workspace.workspaceFolders ?? []) folders.push({ prefix: f.uri.fsPath + path.sep, ...(await this.optionsFor(f)) });
    return folders;
  }

  private async optionsFor(folder: vscode.WorkspaceFolder | undefined): Promise<FolderOptions> {
    if (!folder) {
      const s = settings(); // (a file outside every workspace folder: the user's settings)
      return { options: { strict: s.strict, displayPath: workspaceRelative }, shard: { strict: s.strict, maxFileBytes: s.maxFileBytes } };
    }
    const s = settings(folder);
    const extraSchemas = await this.extraSchemas.forFolder(folder);
    return {
      options: { strict: s.strict, extraSchemas, displayPath: workspaceRelative },
      // A worker names other files relative to the folder, as workspace.asRelativePath does (compiled schemas do not cross threads: their files do).
      shard: { strict: s.strict, maxFileBytes: s.maxFileBytes, displayRelativeTo: folder.uri.fsPath, extraSchemas: Object.values(extraSchemas).map((x) => ({ kind: x.kind, file: x.file })) },
    };
  }

  private optionsOf(file: string): Promise<FolderOptions> {
    return this.optionsFor(this.model.folderOf(file));
  }

  /** Problems of indexed files: big ones each on a worker thread (the host stays responsive), the rest here. */
  private async validateFromIndex(files: string[], folder: FolderOptions): Promise<FixableProblem[]> {
    const index = this.model.index;
    const minBytes = loadValidation().OFF_THREAD_MIN_BYTES;
    const big = new Set(files.filter((f) => { const r = index.record(f); return r?.ok === true && r.size >= minBytes; }));
    const small = big.size ? files.filter((f) => !big.has(f)) : files;
    const problems = small.length ? (await loadValidation().validateIndexed(index, small, folder.options)).problems : [];
    for (const file of big) {
      const record = index.record(file);
      if (!record?.ok) continue;
      const found = await this.validateOffThread({ file, kind: record.kind }, index, folder.shard);
      if (found === 'superseded') continue;
      problems.push(...(found ?? (await loadValidation().validateIndexed(index, [file], folder.options)).problems));
    }
    return problems;
  }

  /**
   * One file on a worker thread; undefined when no worker could do it (then the caller validates here, and
   * the log says why), 'superseded' when a newer request for the file took over.
   */
  private async validateOffThread(target: OffThreadTarget, index: WorkspaceModel['index'] | undefined, shard: ShardOptions): Promise<FixableProblem[] | 'superseded' | undefined> {
    const v = loadValidation();
    this.offThread ??= new v.OffThreadValidator();
    const started = Date.now();
    try {
      const problems = await this.offThread.validate(target, index, shard);
      this.log.debug(`Validated ${target.file} on a worker thread (${Date.now() - started} ms).`);
      return problems;
    } catch (err) {
      if (err instanceof v.Superseded) return 'superseded';
      this.log.warn(`Validating ${target.file} on a worker thread failed (${(err as Error).message}); validating it on the extension host instead.`);
      return undefined;
    }
  }

  private static groupByOptions(files: string[], folders: ({ prefix: string } & FolderOptions)[]): [FolderOptions, string[]][] {
    const groups = new Map<FolderOptions, string[]>();
    const outside: FolderOptions = { options: { displayPath: workspaceRelative }, shard: {} };
    for (const file of files) {
      const options = folders.find((f) => file.startsWith(f.prefix)) ?? outside;
      const list = groups.get(options);
      if (list) list.push(file);
      else groups.set(options, [file]);
    }
    return [...groups];
  }

  private revalidateAll(): void {
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
    if (this.workspaceShown) void this.validateWorkspace(false);
  }

  /**
   * Validates every indexed file from disk (and each folder's ledger) and shows the result. `visible`:
   * a cancellable notification (the command) instead of the status-bar progress of background passes.
   */
  async validateWorkspace(visible: boolean): Promise<WorkspaceSummary> {
    const run = ++this.generation;
    return vscode.window.withProgress(
      { location: visible ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window, title: 'Validating ATP fixtures', cancellable: visible },
      async (progress, token) => {
        await this.model.ensureLoaded();
        this.indexReady = true;
        const started = Date.now();
        const index = this.model.index;
        const files = index.files();
        const found = new Map<string, FixableProblem[]>();
        const stale = () => token.isCancellationRequested || run !== this.generation;
        const folders = await this.folderOptions();
        for (let i = 0; i < files.length; i += CHUNK) {
          if (stale()) return { files: i, problems: 0, cancelled: true };
          const chunk = files.slice(i, i + CHUNK);
          for (const [options, mine] of ValidationEngine.groupByOptions(chunk, folders)) {
            for (const p of await this.validateFromIndex(mine, options)) push(found, p.file, p);
          }
          progress.report({ increment: (chunk.length / files.length) * 100, message: `${Math.min(i + CHUNK, files.length)} of ${files.length} files` });
          await new Promise((resolve) => setImmediate(resolve));
        }
        for (const folder of vscode.workspace.workspaceFolders ?? []) {
          if (folder.uri.scheme !== 'file') continue;
          const ledger = path.resolve(folder.uri.fsPath, settings(folder).ledgerPath);
          if (fs.existsSync(ledger)) for (const p of await loadValidation().validateLedgerFile(ledger)) push(found, p.file, p);
        }
        if (stale()) return { files: files.length, problems: 0, cancelled: true };
        this.disk = found;
        this.workspaceShown = true;
        this.scope.forgetAll();
        this.scope.remember(index, files);
        this.publishAll();
        const count = [...found.values()].reduce((n, list) => n + list.length, 0);
        this.log.info(`Validated ${files.length} files: ${count} problems (${Date.now() - started} ms).`);
        return { files: files.length, problems: count, cancelled: false };
      },
    );
  }

  private publish(file: string): void {
    const problems = this.open.get(file)?.problems ?? (this.workspaceShown ? this.disk.get(file) : undefined);
    const uri = vscode.Uri.file(file);
    if (problems?.length) this.collection.set(uri, problems.map(toDiagnostic));
    else this.collection.delete(uri);
  }

  private publishAll(): void {
    this.collection.clear();
    for (const file of new Set([...this.disk.keys(), ...this.open.keys()])) this.publish(file);
  }

  dispose(): void {
    this.generation++;
    this.offThread?.dispose();
    for (const t of this.timers.values()) clearTimeout(t);
    clearTimeout(this.workspaceTimer);
    for (const d of this.disposables) d.dispose();
  }
}

/** Whether VS Code's JSON language features validate this document (syntax errors, duplicate keys). */
function vscodeReportsSyntax(document: vscode.TextDocument): boolean {
  return document.languageId === 'json' && vscode.workspace.getConfiguration('json', document.uri).get<boolean>('validate.enable', true);
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** How problems name other files: relative to their workspace folder, as the CLI run in that folder prints them. */
const workspaceRelative = (file: string): string => vscode.workspace.asRelativePath(file, false);
