/**
 * Where new fixtures go and how they are written: next to the workspace's existing files of each kind
 * (else alerts/, entities/, profiles/ under the workspace folder), never over an existing file, never
 * outside the folder.
 */
import path from 'node:path';
import { promises as fs } from 'node:fs';
import type { FileKind } from '../model';
import { isInsideFolder } from '../paths';

type FixtureKind = Exclude<FileKind, 'ledger'>;

export type Layout = Record<FixtureKind, string>;

const DEFAULT_FOLDERS: Layout = { alert: 'alerts', entity: 'entities', profile: 'profiles' };
const SUFFIX: Layout = { alert: '.alert.json', entity: '.entity.json', profile: '.profile.json' };

/** The folder holding most files of each kind under `root`, else the default folder. */
export function chooseLayout(root: string, existing: { file: string; kind: FixtureKind }[]): Layout {
  const base = path.resolve(root);
  // Count per folder first, then ask only of each distinct folder whether it lies under the root: a
  // workspace of 30 000 files has a handful of folders.
  const counts: Record<FixtureKind, Map<string, number>> = { alert: new Map(), entity: new Map(), profile: new Map() };
  for (const f of existing) {
    const dir = path.dirname(f.file);
    const c = counts[f.kind];
    c.set(dir, (c.get(dir) ?? 0) + 1);
  }
  const layout = {} as Layout;
  for (const kind of ['alert', 'entity', 'profile'] as const) {
    const inside = [...counts[kind]].filter(([dir]) => dir === base || isInsideFolder(path.resolve(dir), base));
    const best = inside.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
    layout[kind] = best ? path.resolve(best[0]) : path.join(base, DEFAULT_FOLDERS[kind]);
  }
  return layout;
}

export interface PlannedFile {
  kind: FixtureKind;
  file: string;
  content: string;
}

/** Pretty-printed with 2 spaces and a final newline, like the samples. */
const fixtureText = (value: unknown) => JSON.stringify(value, null, 2) + '\n';

/**
 * Picks a free file name per document: `<stem><suffix>`, else `<stem>-2<suffix>`, … — free on disk
 * (`exists`) and among the names already planned.
 */
export class FilePlanner {
  private readonly taken = new Set<string>();
  readonly files: PlannedFile[] = [];

  constructor(private readonly layout: Layout, private readonly exists: (file: string) => boolean) {}

  add(kind: FixtureKind, stem: string, value: unknown): string {
    const dir = this.layout[kind];
    let file = path.join(dir, stem + SUFFIX[kind]);
    for (let n = 2; this.taken.has(file.toLowerCase()) || this.exists(file); n++) file = path.join(dir, `${stem}-${n}${SUFFIX[kind]}`);
    this.taken.add(file.toLowerCase());
    this.files.push({ kind, file, content: fixtureText(value) });
    return file;
  }
}

/**
 * Writes planned files, creating folders as needed. A file that appeared meanwhile is never replaced
 * (exclusive create); files already written by this call are then removed, so nothing half-done remains.
 */
export async function writePlannedFiles(root: string, files: PlannedFile[]): Promise<string[]> {
  for (const f of files) {
    if (!isInsideFolder(path.resolve(f.file), path.resolve(root))) throw new Error(`${f.file} is outside the workspace folder ${root}; nothing was written.`);
  }
  const written: string[] = [];
  try {
    for (const f of files) {
      await fs.mkdir(path.dirname(f.file), { recursive: true });
      await fs.writeFile(f.file, f.content, { flag: 'wx' });
      written.push(f.file);
    }
  } catch (err) {
    await Promise.all(written.map((w) => fs.rm(w, { force: true })));
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(code === 'EEXIST' ? `A file appeared while the fixture was being written; nothing was written. Try again. (${(err as Error).message})` : `Cannot write the fixture: ${(err as Error).message}. Nothing was written.`, { cause: err });
  }
  return written;
}
