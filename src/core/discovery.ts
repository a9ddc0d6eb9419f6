/**
 * Finding fixture files under folders (the CLI's walk; the extension walks in slices with the same rules).
 * Follows symbolic links but never the same real directory twice, so a symlink loop ends.
 */
import fs, { promises as fsp } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { kindMatcher, DEFAULT_GLOBS, DEFAULT_LEDGER_PATH, SKIPPED_FOLDERS, STAGING_FOLDER_PREFIX, type FileGlobs } from './fileKinds';
import type { FileKind, Problem } from './model';

export interface DiscoveredFile {
  file: string;
  kind: Exclude<FileKind, 'ledger'>;
  /** The folder the walk started from (for relative display and ledger lookup). */
  root: string;
}

export interface DiscoveryResult {
  files: DiscoveredFile[];
  problems: Problem[];
  /** JSON files seen that match no kind's pattern (a wrong path or wrong patterns show up here). */
  ignoredJson: number;
  /**
   * With `collectOthers`: per path given, the files an import would look at (see import/inputs.ts
   * `collectImportInputs`): the path itself when it is a file, else every file under it that is not a
   * fixture and not under a hidden name, sorted. Found by this walk, so nobody walks the tree again.
   */
  others?: string[][];
}

const ZERO = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export interface DiscoveryOptions {
  /**
   * A glob (relative to each path) of files and folders to leave out, as the extension's
   * `atpWorkbench.files.exclude` setting; it replaces the default list of skipped folders.
   */
  exclude?: string;
  /** Let the event loop run after this many milliseconds of walking (the extension host); default never. */
  yieldEveryMs?: number;
  /** Also list the files that are not fixtures (`DiscoveryResult.others`). */
  collectOthers?: boolean;
  /** Called with the number of fixtures found so far, after each one (a caller may start work early). */
  onFound?: (count: number) => void;
}

/**
 * Walks each path: a directory is searched recursively for files matching the globs; a file is taken
 * as given when its name matches a kind. A path that does not exist is a problem, not an exception.
 * The walk uses synchronous calls, in slices when `yieldEveryMs` says so: a promise per folder only
 * leaves the process idle, and in the extension host VS Code's file search took 10 s for 35 000 files
 * where this walk takes well under one.
 */
export async function discoverFiles(paths: string[], globs: FileGlobs = DEFAULT_GLOBS, options: DiscoveryOptions = {}): Promise<DiscoveryResult> {
  const match = kindMatcher(globs);
  const excluded = options.exclude ? picomatch(options.exclude, { dot: true, windows: false }) : undefined;
  const skipFolder = (name: string, rel: string) =>
    name.startsWith(STAGING_FOLDER_PREFIX) || (excluded ? excluded(`${rel}/`) || excluded(`${rel}/x`) : SKIPPED_FOLDERS.has(name));
  let sliceStart = Date.now();
  const files: DiscoveredFile[] = [];
  const problems: Problem[] = [];
  const seenFiles = new Set<string>();
  let ignoredJson = 0;
  const others: string[][] | undefined = options.collectOthers ? [] : undefined;
  const problem = (file: string, code: string, message: string) => problems.push({ file, range: ZERO, severity: 'error', code, message });

  for (const given of paths) {
    const start = path.resolve(given);
    let stat;
    try {
      stat = fs.statSync(start);
    } catch (err) {
      problem(start, 'path-not-found', `Cannot read ${given}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : (err as Error).message}.`);
      continue;
    }
    if (stat.isFile()) {
      others?.push([start]);
      const kind = match(path.basename(start)) ?? match(start);
      if (kind && !seenFiles.has(start)) {
        seenFiles.add(start);
        files.push({ file: start, kind, root: path.dirname(start) });
        options.onFound?.(files.length);
      } else if (!kind && isJsonName(start)) ignoredJson++;
      continue;
    }
    const otherFiles: string[] | undefined = others ? [] : undefined;
    if (otherFiles) others!.push(otherFiles);
    const visitedDirs = new Set<string>();
    // Folders to list with their paths relative to `start` ('/'-separated, as the globs read them): joined
    // as strings, not with path.join/path.relative, which normalise every one of tens of thousands of paths.
    // Each with its real path: a folder reached without a symbolic link is its parent's real path plus its
    // name, so only the start and linked folders need a realpath call (one per folder cost 40 ms in 66 000 files).
    const stack: [string, string, string | undefined][] = [[start, '', undefined]];
    while (stack.length) {
      if (options.yieldEveryMs !== undefined && Date.now() - sliceStart > options.yieldEveryMs) {
        await new Promise((resolve) => setImmediate(resolve));
        sliceStart = Date.now();
      }
      const [dir, relDir, known] = stack.pop()!;
      let real: string;
      try {
        real = known ?? fs.realpathSync.native(dir);
      } catch (err) {
        problem(dir, 'unreadable', `Cannot resolve ${dir}: ${(err as Error).message}.`);
        continue;
      }
      if (visitedDirs.has(real)) continue; // symlink loop or a second link to the same folder
      visitedDirs.add(real);
      let entries;
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch (err) {
        problem(dir, 'unreadable', `Cannot list ${dir}: ${(err as NodeJS.ErrnoException).code === 'EACCES' ? 'permission denied' : (err as Error).message}.`);
        continue;
      }
      entries.sort((a, b) => (a.name < b.name ? 1 : -1)); // popped in name order
      const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
      const realPrefix = real.endsWith(path.sep) ? real : real + path.sep;
      for (const entry of entries) {
        const full = prefix + entry.name;
        const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
        let isDir = entry.isDirectory();
        let isFile = entry.isFile();
        const linked = entry.isSymbolicLink();
        if (linked) {
          try {
            const s = fs.statSync(full);
            isDir = s.isDirectory();
            isFile = s.isFile();
          } catch (err) {
            const code = (err as NodeJS.ErrnoException).code;
            if (match(rel)) {
              problem(full, 'unreadable', code === 'ELOOP' ? 'The symbolic link loops back on itself.' : `The symbolic link is broken (${code ?? 'unknown error'}).`);
            }
            continue;
          }
        }
        if (isDir) {
          if (!skipFolder(entry.name, rel)) stack.push([full, rel, linked ? undefined : realPrefix + entry.name]);
        } else if (isFile) {
          const matched = match(rel);
          const kind = excluded?.(rel) ? undefined : matched;
          if (kind && !seenFiles.has(full)) {
            seenFiles.add(full);
            files.push({ file: full, kind, root: start });
            options.onFound?.(files.length);
          } else if (!kind && isJsonName(entry.name)) ignoredJson++;
          // (what collectImportInputs keeps: not a fixture, nothing hidden on the way)
          if (otherFiles && !matched && !hiddenOnTheWay(rel)) otherFiles.push(full);
        }
      }
    }
    otherFiles?.sort();
  }
  return others ? { files, problems, ignoredJson, others } : { files, problems, ignoredJson };
}

const hiddenOnTheWay = (rel: string) => rel.startsWith('.') || rel.includes('/.');

const isJsonName = (name: string) => name.toLowerCase().endsWith('.json');

/** What a command says when paths hold no fixture at all: a wrong path must not pass silently. */
export function noFixturesMessage(paths: string[], ignoredJson: number, globs: FileGlobs = DEFAULT_GLOBS): string {
  return `no alert, entity or profile files under ${paths.join(', ')} (${ignoredJson} JSON file${ignoredJson === 1 ? '' : 's'} ignored; patterns: ${globs.alert}, ${globs.entity}, ${globs.profile})`;
}

/**
 * Every regular file under a folder (symlinks followed, each real folder once). Used when a folder
 * appears (created, renamed or checked out): file watchers may not report files written right after
 * their folder was created.
 */
export async function walkFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const visited = new Set<string>();
  const stack = [dir];
  while (stack.length) {
    const current = stack.pop()!;
    try {
      const real = await fsp.realpath(current);
      if (visited.has(real)) continue;
      visited.add(real);
      for (const entry of await fsp.readdir(current, { withFileTypes: true })) {
        const full = path.join(current, entry.name);
        const stat = entry.isSymbolicLink() ? await fsp.stat(full).catch(() => undefined) : entry;
        if (!stat) continue;
        if (stat.isDirectory()) {
          if (!SKIPPED_FOLDERS.has(entry.name)) stack.push(full);
        } else if (stat.isFile()) out.push(full);
      }
    } catch {
      // vanished or unreadable while we walked: the watcher reports what happens next
    }
  }
  return out.sort();
}

/** What marks the root of a fixtures workspace: the verdict ledger's folder, or a git repository. */
const WORKSPACE_MARKERS: readonly { name: string; folder: boolean }[] = [
  { name: path.dirname(DEFAULT_LEDGER_PATH), folder: true },
  // A folder in a clone, a file in a git worktree or submodule.
  { name: '.git', folder: false },
];

/**
 * The workspace folder a fixture file belongs to: the nearest ancestor holding `.atp/` or `.git`, else
 * the file's own folder. The CLI resolves an alert file's entities and verdicts there, wherever it runs.
 */
export async function workspaceFolderOf(file: string): Promise<string> {
  const own = path.dirname(path.resolve(file));
  for (let dir = own; ; dir = path.dirname(dir)) {
    for (const marker of WORKSPACE_MARKERS) {
      const stat = await fsp.stat(path.join(dir, marker.name)).catch(() => undefined);
      if (stat && (!marker.folder || stat.isDirectory())) return dir;
    }
    if (path.dirname(dir) === dir) return own;
  }
}
