/**
 * Validating whole folders: discover, index, then validate every file against the index. Used by the
 * CLI and by the extension's "Validate Workspace" (which passes its own file list).
 */
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { discoverFiles, type DiscoveredFile } from '../discovery';
import { DEFAULT_GLOBS, DEFAULT_LEDGER_PATH, type FileGlobs } from '../fileKinds';
import { decodeJsonBytes, parseJsonText, LineMap } from '../json';
import { JsonLocator } from '../jsonLocator';
import type { Problem } from '../model';
import { locateProblems } from './schemaProblems';
import { startSkeleton } from './skeletons';
import { schemaProblems, sortProblems, validateRecord, type ValidationOptions } from './validate';
import { WorkspaceIndex } from '../workspaceIndex';
import type { FileSource } from '../fileSource';
import { readText } from './fileText';
import { displayRelative } from '../paths';
import { DEFAULT_PARALLEL_MIN_FILES, threadCount, ValidationPool, type ParallelOptions } from './parallelValidation';
import type { ShardOptions } from './shardValidation';

export interface WorkspaceValidationOptions extends ValidationOptions {
  globs?: FileGlobs;
  maxFileBytes?: number;
  ledgerPath?: string;
  source?: FileSource;
  /** A batch run (the CLI): nothing else waits, so loading never yields to the event loop. */
  batch?: boolean;
  /** Called after each file, for progress and cancellation (return false to stop). */
  onProgress?: (done: number, total: number) => boolean | void;
  /**
   * `validatePaths` only: messages name other files relative to this folder (what the CLI prints); unlike
   * `displayPath`, it can be handed to worker threads.
   */
  displayRelativeTo?: string;
  /**
   * `validatePaths` in a batch run: check big inputs on worker threads (parallelValidation.ts). Only with
   * the default file source, no progress callback, and messages named by `displayRelativeTo` or by base name.
   */
  parallel?: ParallelOptions;
  /** `validatePaths`: also list the files that are not fixtures (`WorkspaceValidationResult.others`). */
  collectOthers?: boolean;
}

export interface WorkspaceValidationResult {
  /** Files checked (fixtures and ledgers). */
  files: string[];
  problems: Problem[];
  index: WorkspaceIndex;
  cancelled: boolean;
  /** For `validatePaths`: JSON files under the paths that matched no fixture pattern. */
  ignoredJson?: number;
  /** For `validatePaths`: fixture files found (each checked; `index` is empty when workers checked them). */
  fixtures?: number;
  /** For `validatePaths` with `collectOthers`: per path, the files that are not fixtures (see discoverFiles). */
  others?: string[][];
  /** For `validatePaths`: threads that checked the files (0: this one alone, serially), and why not when workers failed. */
  threads?: number;
  parallelFailure?: string;
}

export async function validatePaths(paths: string[], options: WorkspaceValidationOptions = {}): Promise<WorkspaceValidationResult> {
  const parallel = options.parallel && options.batch && !options.source && !options.onProgress && (!options.displayPath || options.displayRelativeTo !== undefined) ? options.parallel : undefined;
  const minFiles = parallel?.minFiles ?? DEFAULT_PARALLEL_MIN_FILES;
  let pool: ValidationPool | undefined;
  // The workers start as soon as the walk has found enough files: they load their code while it goes on.
  const onFound = parallel ? (count: number) => {
    if (count === minFiles) pool = ValidationPool.start(threadCount(parallel));
  } : undefined;
  const discovered = await discoverFiles(paths, options.globs ?? DEFAULT_GLOBS, { collectOthers: options.collectOthers, onFound });
  const displayPath = options.displayPath ?? (options.displayRelativeTo === undefined ? undefined : (f: string) => displayRelative(f, options.displayRelativeTo!));
  const serialOptions = { ...options, displayPath };
  const index = new WorkspaceIndex({ source: options.source, maxFileBytes: options.maxFileBytes });
  let result: WorkspaceValidationResult;
  let threads = 0;
  let parallelFailure: string | undefined;
  // (a pool that cannot be used is closed)
  const inWorkers = pool?.run(discovered.files, shardOptions(options));
  if (inWorkers) {
    threads = pool!.size;
    inWorkers.catch(() => undefined); // (awaited below, after the ledgers are checked meanwhile)
  }
  const ledgers: string[] = [];
  const ledgerProblems: Problem[] = [];
  for (const p of paths) {
    const ledger = path.resolve(p, options.ledgerPath ?? DEFAULT_LEDGER_PATH);
    if (await isFile(ledger)) ledgers.push(ledger);
  }
  for (const ledger of ledgers) ledgerProblems.push(...(await validateLedgerFile(ledger, options.source)));
  const problems = inWorkers ? await inWorkers.catch((err: Error) => {
    parallelFailure = err.message;
    threads = 0;
    return undefined;
  }) : undefined;
  if (problems) result = { files: discovered.files.map((f) => f.file), problems, index, cancelled: false };
  else result = await validateFiles(index, discovered.files, serialOptions);
  result.problems.push(...ledgerProblems);
  result.problems.unshift(...discovered.problems);
  result.files.push(...ledgers);
  result.ignoredJson = discovered.ignoredJson;
  result.fixtures = discovered.files.length;
  result.threads = threads;
  if (parallelFailure !== undefined) result.parallelFailure = parallelFailure;
  if (discovered.others) result.others = discovered.others;
  return result;
}

function shardOptions(options: WorkspaceValidationOptions): ShardOptions {
  return {
    strict: options.strict,
    maxFileBytes: options.maxFileBytes,
    now: options.now?.getTime(),
    extraSchemas: Object.values(options.extraSchemas ?? {}).map((s) => ({ kind: s.kind, file: s.file })),
    displayRelativeTo: options.displayRelativeTo,
  };
}

/** Loads the given files into `index` (one read each) and validates them against it. */
export async function validateFiles(index: WorkspaceIndex, files: DiscoveredFile[], options: WorkspaceValidationOptions = {}): Promise<WorkspaceValidationResult> {
  await index.updateMany(files, options.batch ? { yieldEveryMs: false, keepLargeBytes: true, onKeptBytes: startSkeleton } : {});
  return validateIndexed(index, files.map((f) => f.file), options);
}

/** Validates files already in the index (no loading; text is read only for files with problems). */
export async function validateIndexed(index: WorkspaceIndex, files: string[] = index.files(), options: WorkspaceValidationOptions = {}): Promise<WorkspaceValidationResult> {
  const problems: Problem[] = [];
  let done = 0;
  let cancelled = false;
  for (const file of files) {
    const record = index.record(file);
    if (!record) continue;
    problems.push(...(await validateRecord(record, index, () => index.takeBytes(file) ?? readText(index.source, file), options)));
    index.takeBytes(file); // (kept for this file only: a clean file's bytes go now)
    done++;
    if (options.onProgress?.(done, files.length) === false) {
      cancelled = true;
      break;
    }
  }
  index.dropKeptBytes();
  return { files: [...files], problems, index, cancelled };
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isFile();
  } catch {
    return false;
  }
}

/** Parses and schema-checks a verdict ledger file. */
export async function validateLedgerFile(file: string, source?: FileSource): Promise<Problem[]> {
  let bytes: Uint8Array;
  try {
    bytes = source ? await source.readFile(file) : await fs.readFile(file);
  } catch (err) {
    return [{ file, range: zero(), severity: 'error', code: 'unreadable', message: `The ledger cannot be read: ${(err as Error).message}.` }];
  }
  return validateLedgerText(file, bytes);
}

export function validateLedgerText(file: string, bytes: Uint8Array | string): Problem[] {
  const decoded = typeof bytes === 'string' ? { ok: true as const, text: bytes } : decodeJsonBytes(bytes);
  if (!decoded.ok) return [{ file, range: zero(), severity: 'error', code: decoded.issue.code, message: decoded.issue.message }];
  const parsed = parseJsonText(decoded.text);
  if (!parsed.ok) {
    return [{ file, range: new LineMap(decoded.text).rangeAt(parsed.issue.offset, parsed.issue.length), severity: 'error', code: parsed.issue.code, message: parsed.issue.message }];
  }
  const found = schemaProblems('ledger', parsed.value);
  return found.length ? sortProblems(locateProblems(file, new JsonLocator(decoded.text, { parsed: true }), found)) : [];
}

const zero = () => ({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
