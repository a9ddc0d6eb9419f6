/**
 * Verdicts of folders on disk, for the CLI: the alert fixtures under the paths, and each folder's ledger.
 */
import { promises as fs } from 'node:fs';
import { discoverFiles } from '../discovery';
import { DEFAULT_GLOBS, type FileGlobs } from '../fileKinds';
import type { Problem } from '../model';
import { WorkspaceIndex } from '../workspaceIndex';
import { LedgerLookup } from './ledger';
import { ledgerFileFor } from './paths';
import { readLedger, type LedgerRead } from './store';

export interface FolderVerdicts {
  index: WorkspaceIndex;
  /** One per folder path given (files given directly have no ledger). */
  ledgers: LedgerRead[];
  /** Valid ledgers only, first folder first. */
  lookup: LedgerLookup;
  /** Paths that do not exist, unreadable fixture folders, invalid ledgers. */
  problems: Problem[];
  /** Fixture files found, and JSON files that matched no pattern (for "nothing here" messages). */
  found: { fixtures: number; ignoredJson: number };
}

export async function loadFolderVerdicts(paths: string[], options: { ledgerPath?: string; globs?: FileGlobs; maxFileBytes?: number } = {}): Promise<FolderVerdicts> {
  const discovered = await discoverFiles(paths, options.globs ?? DEFAULT_GLOBS);
  const index = new WorkspaceIndex({ maxFileBytes: options.maxFileBytes });
  await index.updateMany(discovered.files, { yieldEveryMs: false }); // (the CLI's: nothing else waits)
  const problems: Problem[] = [...discovered.problems];
  const ledgers: LedgerRead[] = [];
  for (const p of paths) {
    const isDir = await fs.stat(p).then((s) => s.isDirectory(), () => false);
    if (!isDir) continue;
    const { file, problem } = ledgerFileFor(p, options.ledgerPath);
    if (problem) problems.push({ file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 'warning', code: 'ledger-path-outside', message: problem });
    const read = await readLedger(file);
    ledgers.push(read);
    if (read.status === 'invalid') problems.push(...read.problems);
  }
  const lookup = new LedgerLookup(ledgers.flatMap((l) => (l.status === 'invalid' ? [] : [l.ledger])));
  return { index, ledgers, lookup, problems, found: { fixtures: discovered.files.length, ignoredJson: discovered.ignoredJson } };
}
