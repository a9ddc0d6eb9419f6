/**
 * Validating whole folders: discover, index, then validate every file against the index. Used by the
 * CLI and by the extension's "Validate Workspace" (which passes its own file list).
 */
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { discoverFiles, type DiscoveredFile } from '../discovery';
import { DEFAULT_GLOBS, DEFAULT_LEDGER_PATH, type FileGlobs } from '../fileKinds';
import { decodeJsonBytes, parseJsonText, JsonLocator, LineMap } from '../json';
import type { Problem } from '../model';
import { locateProblems } from './schemaProblems';
import { schemaProblems, sortProblems, validateRecord, type ValidationOptions } from './validate';
import { WorkspaceIndex } from '../workspaceIndex';
import type { FileSource } from '../fileSource';

export interface WorkspaceValidationOptions extends ValidationOptions {
  globs?: FileGlobs;
  maxFileBytes?: number;
  ledgerPath?: string;
  source?: FileSource;
  /** Called after each file, for progress and cancellation (return false to stop). */
  onProgress?: (done: number, total: number) => boolean | void;
}

export interface WorkspaceValidationResult {
  /** Files checked (fixtures and ledgers). */
  files: string[];
  problems: Problem[];
  index: WorkspaceIndex;
  cancelled: boolean;
}

export async function validatePaths(paths: string[], options: WorkspaceValidationOptions = {}): Promise<WorkspaceValidationResult> {
  const discovered = await discoverFiles(paths, options.globs ?? DEFAULT_GLOBS);
  const index = new WorkspaceIndex({ source: options.source, maxFileBytes: options.maxFileBytes });
  const result = await validateFiles(index, discovered.files, options);
  const ledgers: string[] = [];
  for (const p of paths) {
    const ledger = path.resolve(p, options.ledgerPath ?? DEFAULT_LEDGER_PATH);
    if (await isFile(ledger)) ledgers.push(ledger);
  }
  for (const ledger of ledgers) result.problems.push(...(await validateLedgerFile(ledger, options.source)));
  result.problems.unshift(...discovered.problems);
  result.files.push(...ledgers);
  return result;
}

/** Loads the given files into `index` (one read each) and validates them against it. */
async function validateFiles(index: WorkspaceIndex, files: DiscoveredFile[], options: WorkspaceValidationOptions = {}): Promise<WorkspaceValidationResult> {
  await index.updateMany(files);
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
    problems.push(...(await validateRecord(record, index, () => readText(index.source, file), options)));
    done++;
    if (options.onProgress?.(done, files.length) === false) {
      cancelled = true;
      break;
    }
  }
  return { files: [...files], problems, index, cancelled };
}

async function readText(source: FileSource, file: string): Promise<string> {
  const decoded = decodeJsonBytes(await source.readFile(file));
  return decoded.ok ? decoded.text : '';
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
  return found.length ? sortProblems(locateProblems(file, new JsonLocator(decoded.text), found)) : [];
}

const zero = () => ({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
