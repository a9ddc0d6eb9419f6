/**
 * How the core reads files. The CLI and the extension host both run on Node, so the default is `fs`;
 * tests wrap it to count reads (incremental indexing must re-read only what changed).
 */
import fs from 'node:fs';

export interface FileStat {
  size: number;
  isFile: boolean;
}

export interface FileSource {
  stat(path: string): Promise<FileStat>;
  readFile(path: string): Promise<Uint8Array>;
  /**
   * Synchronous variants, when the source has them. Bulk loading uses them in time-sliced batches:
   * for thousands of small files a promise per read costs several times the read itself.
   */
  readFileSync?(path: string, maxBytes: number): SyncRead;
}

/**
 * A synchronous read: the stat, and the bytes unless the path is not a file or is over `maxBytes`.
 * The bytes may live in a buffer the next read reuses: decode them before reading again.
 */
export interface SyncRead {
  stat: FileStat;
  bytes?: Uint8Array;
}

const toStat = (s: fs.Stats): FileStat => ({ size: s.size, isFile: s.isFile() });

export const nodeFileSource: FileSource & Required<Pick<FileSource, 'readFileSync'>> = {
  stat: async (path) => toStat(await fs.promises.stat(path)),
  readFile: (path) => fs.promises.readFile(path),
  readFileSync(path, maxBytes) {
    // Open and read into one shared buffer (the bytes are valid until the next call: the loader decodes
    // them at once); a buffer per small file costs more than the read itself. A read that does not fill the
    // buffer was the whole file, so most fixtures need no fstat (with its Stats object, 2 µs a file).
    const fd = fs.openSync(path, 'r');
    try {
      let n: number;
      try {
        n = fs.readSync(fd, sharedBuffer, 0, sharedBuffer.length, 0);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EISDIR') return { stat: toStat(fs.fstatSync(fd)) };
        throw err;
      }
      if (n < sharedBuffer.length && n <= maxBytes) return { stat: { size: n, isFile: true }, bytes: sharedBuffer.subarray(0, n) };
      const stat = toStat(fs.fstatSync(fd));
      if (!stat.isFile || stat.size > maxBytes) return { stat };
      return { stat, bytes: stat.size >= SHARED_READ_MIN_BYTES ? readShared(fd, stat.size) : fs.readFileSync(fd) };
    } finally {
      fs.closeSync(fd);
    }
  },
};

/** Files at least this big are read into shared memory: a worker can scan them while this thread parses (validation/skeletons.ts). */
export const SHARED_READ_MIN_BYTES = 8 * 1024 * 1024;

/** The file's `size` bytes in a SharedArrayBuffer (fewer if it shrank meanwhile). */
function readShared(fd: number, size: number): Buffer {
  const bytes = Buffer.from(new SharedArrayBuffer(size));
  let at = 0;
  while (at < size) {
    const n = fs.readSync(fd, bytes, at, size - at, at);
    if (n === 0) break;
    at += n;
  }
  return at === size ? bytes : bytes.subarray(0, at);
}

const sharedBuffer = Buffer.allocUnsafe(64 * 1024);

/** Wraps a source and counts reads per path (used by tests and benchmarks). */
export class CountingFileSource implements FileSource {
  readonly reads = new Map<string, number>();
  constructor(private readonly inner: FileSource = nodeFileSource) {}
  stat(path: string): Promise<FileStat> {
    return this.inner.stat(path);
  }
  readFile(path: string): Promise<Uint8Array> {
    this.count(path);
    return this.inner.readFile(path);
  }
  readFileSync(path: string, maxBytes: number): SyncRead {
    if (!this.inner.readFileSync) throw new Error('the wrapped source has no readFileSync');
    const result = this.inner.readFileSync(path, maxBytes);
    if (result.bytes) this.count(path);
    return result;
  }
  private count(path: string): void {
    this.reads.set(path, (this.reads.get(path) ?? 0) + 1);
  }
  get totalReads(): number {
    let n = 0;
    for (const v of this.reads.values()) n += v;
    return n;
  }
}
