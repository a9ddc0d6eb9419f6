// The fixture files the validator tests read (samples and the broken corpus), found by the extension's own
// discovery and kinds, plus each folder's verdict ledger.
import fs from 'node:fs';
import path from 'node:path';
import { discoverFiles } from '../../src/core/discovery';
import { DEFAULT_LEDGER_PATH } from '../../src/core/fileKinds';
import type { FileKind } from '../../src/core/model';

export const ROOT = path.resolve(__dirname, '..', '..');
export const SAMPLES = path.join(ROOT, 'samples');
export const BROKEN = path.join(ROOT, 'test', 'fixtures', 'broken');

export interface CorpusFile {
  file: string;
  kind: FileKind;
}

/** Every fixture under `folders` with its kind, and each folder's ledger if it has one; sorted by path. */
export async function corpusFiles(folders = [SAMPLES, BROKEN]): Promise<CorpusFile[]> {
  const found: CorpusFile[] = (await discoverFiles(folders)).files.map(({ file, kind }) => ({ file, kind }));
  for (const folder of folders) {
    const ledger = path.join(folder, DEFAULT_LEDGER_PATH);
    if (fs.existsSync(ledger)) found.push({ file: ledger, kind: 'ledger' });
  }
  return found.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}
