import fs, { promises as fsp } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { STAGING_FOLDER_PREFIX } from '../fileKinds';

/** Temporary names: unique per process (a random tag drawn once) and per write (a counter). */
const TAG = `${process.pid}.${randomBytes(4).toString('hex')}`;
let serial = 0;

/** A temporary name beside `file`, unique to this process and write. */
function tempNameFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${TAG}.${(serial++).toString(36)}.tmp`);
}

/**
 * Writes `text` to `file` through a temporary file in the same folder and a rename, so that a reader (the
 * editor's watcher, a concurrent validate) sees the old file or the new one, never half of one.
 */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const temp = tempNameFor(file);
  try {
    await fsp.writeFile(temp, text, { flag: 'wx' });
    await fsp.rename(temp, file);
  } catch (err) {
    await fsp.unlink(temp).catch(() => undefined); // already renamed or never created
    throw err;
  }
}

/** Documents per message to the writing thread, and bytes: one hand-over per batch instead of three per file. */
const BATCH_FILES = 128;
const BATCH_BYTES = 512 * 1024;
/** Batches handed over and not yet written: memory stays bounded when the disk is slower than the import. */
const MAX_IN_FLIGHT = 4;

// Plain JavaScript run with `eval: true` (it needs nothing but fs): writes each batch in order, and after the
// first failure writes nothing more.
const WRITER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
let failed = false;
parentPort.on('message', (batch) => {
  for (const w of batch) {
    if (failed) break;
    try {
      if (w.temp) {
        try {
          fs.writeFileSync(w.temp, w.text, { flag: 'wx' });
          fs.renameSync(w.temp, w.file);
        } catch (err) {
          try { fs.unlinkSync(w.temp); } catch {}
          throw err;
        }
      } else fs.writeFileSync(w.file, w.text, { flag: 'wx' });
    } catch (err) {
      failed = true;
      parentPort.postMessage({ error: { message: String(err && err.message), code: err && err.code } });
    }
  }
  parentPort.postMessage({ written: batch.length });
});
`;

interface Write {
  file: string;
  text: string;
  /** Through this temporary file and a rename (a folder that existed); none for a staged folder. */
  temp?: string;
}

/**
 * Writes on a worker thread, in batches, while the import's thread goes on parsing and merging: creating
 * thousands of small files is mostly kernel time, which then overlaps the import's own work. Measured on a
 * first import of 15 000 files: the thread pool's open/write/close per file cost three hand-overs each and
 * left the import waiting; writing on the import's thread adds the file creation to its time.
 */
class WriteThread {
  private batch: Write[] = [];
  private bytes = 0;
  private inFlight = 0;
  private wake: (() => void) | undefined;
  failure: Error | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: { written?: number; error?: { message: string; code?: string } }) => {
      if (m.error) this.failure ??= Object.assign(new Error(m.error.message), { code: m.error.code });
      if (m.written !== undefined) this.inFlight--;
      this.resume();
    });
    worker.on('error', (err) => this.stopped(err));
    worker.on('exit', () => this.stopped(new Error('the thread writing the imported files stopped')));
  }

  static start(): WriteThread | undefined {
    try {
      return new WriteThread(new Worker(WRITER_SOURCE, { eval: true }));
    } catch {
      return undefined;
    }
  }

  /** Hands `w` over; waits only when MAX_IN_FLIGHT batches are still being written. */
  async write(w: Write): Promise<void> {
    this.batch.push(w);
    this.bytes += w.text.length;
    if (this.batch.length < BATCH_FILES && this.bytes < BATCH_BYTES) return;
    this.flush();
    while (this.inFlight >= MAX_IN_FLIGHT && !this.failure) await new Promise<void>((resolve) => (this.wake = resolve));
  }

  /** Waits until everything handed over is written (or the first failure). */
  async settle(): Promise<void> {
    this.flush();
    while (this.inFlight > 0 && !this.failure) await new Promise<void>((resolve) => (this.wake = resolve));
  }

  close(): void {
    this.worker.removeAllListeners('exit');
    void this.worker.terminate();
  }

  private flush(): void {
    if (!this.batch.length || this.failure) return;
    this.worker.postMessage(this.batch);
    this.inFlight++;
    this.batch = [];
    this.bytes = 0;
  }

  private stopped(err: Error): void {
    this.failure ??= err;
    this.resume();
  }

  private resume(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

/**
 * The writes of one import into `out`, on a writing thread (WriteThread; on this thread when none can start).
 * A file whose folder exists already goes through a temporary file and a rename, as writeFileAtomic does.
 * A folder that does not exist yet (`alerts/` on a first import) is filled as a hidden staging folder
 * beside it and renamed into place by `commit()`: one rename instead of one per file (a first import of
 * 10 000 alerts spends most of its time creating files), and a reader sees none of its files or all of
 * them. Staging folders are never fixtures (fileKinds.ts), and one left behind by a killed import is
 * removed by the next import into the same folder.
 */
export class ImportWriter {
  /** Final folder → its staging folder, for folders this import creates. */
  private readonly staged = new Map<string, string>();
  /** Folders known to exist (no staging needed). */
  private readonly existing = new Set<string>();
  /** The writing thread, started by the first write; `null` when none could start (this thread writes). */
  private thread: WriteThread | null | undefined;
  private failure: unknown;

  constructor(private readonly out: string) {
    removeAbandonedStaging(out);
  }

  /** Writes `file`, or hands it to the writing thread. A failed write fails the next `write` or the `commit`. */
  async write(file: string, text: string): Promise<void> {
    this.throwIfFailed();
    const staging = this.stagingFor(path.dirname(file));
    const staged = staging && path.join(staging, path.basename(file));
    if (this.thread === undefined) this.thread = WriteThread.start() ?? null;
    if (this.thread) return this.thread.write(staged ? { file: staged, text } : { file, text, temp: tempNameFor(file) });
    try {
      if (staged) fs.writeFileSync(staged, text, { flag: 'wx' });
      else await writeFileAtomic(file, text);
    } catch (err) {
      this.failure = err;
    }
  }

  /** Waits for the writes, then moves the staged folders into place. A folder that appeared meanwhile gets the staged files one by one. */
  async commit(): Promise<void> {
    await this.settle();
    this.throwIfFailed();
    for (const [dir, staging] of this.staged) {
      try {
        fs.renameSync(staging, dir);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'ENOTDIR' && code !== 'EISDIR') throw err;
        for (const name of fs.readdirSync(staging)) fs.renameSync(path.join(staging, name), path.join(dir, name));
        fs.rmdirSync(staging);
      }
      this.existing.add(dir);
    }
    this.staged.clear();
  }

  /** Removes what was staged and not committed (an import that failed half-way writes nothing new). */
  async abort(): Promise<void> {
    await this.settle();
    for (const staging of this.staged.values()) fs.rmSync(staging, { recursive: true, force: true });
    this.staged.clear();
  }

  private async settle(): Promise<void> {
    const thread = this.thread;
    if (!thread) return;
    this.thread = undefined; // (a later write starts another)
    await thread.settle();
    thread.close();
    this.failure ??= thread.failure;
  }

  private throwIfFailed(): void {
    this.failure ??= this.thread?.failure;
    if (this.failure !== undefined) throw this.failure;
  }

  private stagingFor(dir: string): string | undefined {
    if (this.existing.has(dir)) return undefined;
    const known = this.staged.get(dir);
    if (known) return known;
    // Only the output folder's own sub-folders are staged; anything else is created and written in place.
    if (path.dirname(dir) === this.out && !fs.existsSync(dir)) {
      fs.mkdirSync(this.out, { recursive: true });
      const staging = path.join(this.out, `${STAGING_FOLDER_PREFIX}${path.basename(dir)}.${TAG}`);
      fs.mkdirSync(staging);
      this.staged.set(dir, staging);
      return staging;
    }
    fs.mkdirSync(dir, { recursive: true });
    this.existing.add(dir);
    return undefined;
  }
}

/** Staging folders of imports that no longer run (killed, or the machine went down). */
function removeAbandonedStaging(out: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(out);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(STAGING_FOLDER_PREFIX)) continue;
    const pid = Number(/\.(\d+)\.[0-9a-f]+$/.exec(name)?.[1]);
    if (pid === process.pid || (pid && isRunning(pid))) continue;
    fs.rmSync(path.join(out, name), { recursive: true, force: true });
  }
}

/** Whether a process with this id runs (one we may not signal runs too). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
