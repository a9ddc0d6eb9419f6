/**
 * How the core reads files. The CLI and the extension host both run on Node, so the default is `fs`;
 * tests wrap it to count reads (incremental indexing must re-read only what changed).
 */
import { promises as fs } from 'node:fs';

export interface FileStat {
  size: number;
  mtimeMs: number;
  isFile: boolean;
}

export interface FileSource {
  stat(path: string): Promise<FileStat>;
  readFile(path: string): Promise<Uint8Array>;
}

export const nodeFileSource: FileSource = {
  async stat(path) {
    const s = await fs.stat(path);
    return { size: s.size, mtimeMs: s.mtimeMs, isFile: s.isFile() };
  },
  readFile: (path) => fs.readFile(path),
};

/** Wraps a source and counts reads per path (used by tests and benchmarks). */
export class CountingFileSource implements FileSource {
  readonly reads = new Map<string, number>();
  constructor(private readonly inner: FileSource = nodeFileSource) {}
  stat(path: string): Promise<FileStat> {
    return this.inner.stat(path);
  }
  readFile(path: string): Promise<Uint8Array> {
    this.reads.set(path, (this.reads.get(path) ?? 0) + 1);
    return this.inner.readFile(path);
  }
  get totalReads(): number {
    let n = 0;
    for (const v of this.reads.values()) n += v;
    return n;
  }
}
