// `--check`: is anything of the originals in a mapping file left under these paths? Every file is read
// (not only fixtures: a README or a note can carry a name too), binary and oversized files skipped, and
// its content and its path searched with the same rules as the built-in verification.
import fs from 'node:fs';
import path from 'node:path';
import { walkFiles } from '../discovery';
import { decodeJsonBytes } from '../json';
import { DEFAULT_MAX_FILE_BYTES } from '../loader';
import type { MappingEntry } from './mapping';
import { LeftoverFinder, type Leftover } from './verify';

export interface CheckResult {
  files: number;
  leftovers: Leftover[];
  skipped: string[];
}

export async function checkPaths(paths: string[], entries: readonly MappingEntry[], options: { exclude?: string[]; maxFileBytes?: number } = {}): Promise<CheckResult> {
  const finder = new LeftoverFinder(entries.filter((e) => e.original.toLowerCase() !== e.pseudonym.toLowerCase()).map((e) => ({ text: e.original, rule: e.rule })));
  const excluded = new Set((options.exclude ?? []).map((p) => path.resolve(p)));
  const result: CheckResult = { files: 0, leftovers: [], skipped: [] };
  for (const given of paths.map((p) => path.resolve(p))) {
    const stat = fs.statSync(given, { throwIfNoEntry: false });
    if (!stat) throw new Error(`Cannot read ${given}: no such file or folder.`);
    const root = stat.isFile() ? path.dirname(given) : given;
    const files = stat.isFile() ? [given] : await walkFiles(given);
    for (const file of files) {
      if (excluded.has(path.resolve(file))) continue;
      const size = fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0;
      if (size > (options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES)) {
        result.skipped.push(`${file}: over the size limit`);
        continue;
      }
      const decoded = decodeJsonBytes(fs.readFileSync(file));
      const name = path.relative(root, file).split(path.sep).join('/');
      if (!decoded.ok) {
        result.skipped.push(`${file}: ${decoded.issue.message}`);
        result.leftovers.push(...finder.find(file, '', { json: false, name }));
        continue;
      }
      result.files++;
      result.leftovers.push(...finder.find(file, decoded.text, { json: file.endsWith('.json'), name }));
    }
  }
  return result;
}
