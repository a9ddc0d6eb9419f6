/**
 * Which files an import (or a hint about one) looks at: the files given, and every file under a folder
 * given that is not already a fixture, a ledger or a hidden file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { walkFiles } from '../discovery';
import { DEFAULT_GLOBS, kindMatcher, type FileGlobs } from '../fileKinds';
import { DETECT_BYTES, detectFormat } from './detect';
import type { ImportSource } from './readSources';
import { FORMAT_LABELS, type SourceFormat } from './types';

export interface CollectedInputs {
  /** Files to read, each with the name the user knows it by. */
  sources: ImportSource[];
  /** Files given inside folders; unrecognised ones there are ignored quietly rather than refused. */
  fromFolders: Set<string>;
  missing: string[];
}

export async function collectImportInputs(paths: string[], cwd: string, globs: FileGlobs = DEFAULT_GLOBS): Promise<CollectedInputs> {
  const isFixture = kindMatcher(globs);
  const out: CollectedInputs = { sources: [], fromFolders: new Set(), missing: [] };
  const seen = new Set<string>();
  for (const given of paths) {
    const full = path.resolve(cwd, given);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(full);
    } catch {
      out.missing.push(given);
      continue;
    }
    const files = stat.isDirectory() ? (await walkFiles(full)).filter((f) => candidate(path.relative(full, f), isFixture)) : [full];
    for (const f of files) {
      if (seen.has(f)) continue;
      seen.add(f);
      const name = displayName(f, cwd);
      out.sources.push({ name, file: f });
      if (stat.isDirectory()) out.fromFolders.add(name);
    }
  }
  return out;
}

function candidate(rel: string, isFixture: (p: string) => unknown): boolean {
  const parts = rel.split(path.sep);
  return !isFixture(rel) && !parts.some((p) => p.startsWith('.'));
}

function displayName(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : file;
}

export interface ExportLikeFile {
  file: string;
  format: SourceFormat;
  label: string;
}

/**
 * Files under `paths` that look like alert exports (for `validate` and `list`, which otherwise only see
 * fixtures). Looks at no more than `limit` files and only at their first bytes. `listed` (per path, the
 * files `collectImportInputs` would give) spares a second walk of the tree.
 */
export async function findExportLikeFiles(paths: string[], limit = 200, globs: FileGlobs = DEFAULT_GLOBS, listed?: string[][]): Promise<ExportLikeFile[]> {
  const found: ExportLikeFile[] = [];
  // `listed`: the same files, found by a walk the caller already made (discoverFiles' `others`).
  const files = listed ? [...new Set(listed.flat())] : (await collectImportInputs(paths, '/', globs)).sources.map((s) => s.file!);
  for (const file of files.slice(0, limit)) {
    let head: Buffer;
    try {
      const fd = fs.openSync(file, 'r');
      try {
        const buf = Buffer.alloc(Math.min(DETECT_BYTES, 16384));
        head = buf.subarray(0, fs.readSync(fd, buf, 0, buf.length, 0));
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      continue;
    }
    const d = detectFormat(head);
    if (d.format) found.push({ file, format: d.format, label: FORMAT_LABELS[d.format] });
  }
  return found;
}
