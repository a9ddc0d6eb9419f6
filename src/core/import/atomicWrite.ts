import fs, { promises as fsp } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { STAGING_FOLDER_PREFIX } from '../fileKinds';

/** Temporary names: unique per process (a random tag drawn once) and per write (a counter). */
const TAG = `${process.pid}.${randomBytes(4).toString('hex')}`;
let serial = 0;

/**
 * Writes `text` to `file` through a temporary file in the same folder and a rename, so that a reader (the
 * editor's watcher, a concurrent validate) sees the old file or the new one, never half of one.
 */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${TAG}.${(serial++).toString(36)}.tmp`);
  try {
    await fsp.writeFile(temp, text, { flag: 'wx' });
    await fsp.rename(temp, file);
  } catch (err) {
    await fsp.unlink(temp).catch(() => undefined); // already renamed or never created
    throw err;
  }
}

/**
 * Documents waiting to be written. One write runs at a time, on the thread pool: creating files in one
 * folder is serialised by the kernel anyway (parallel creates only burn CPU waiting on the folder's lock),
 * and meanwhile the main thread prepares the next documents.
 */
const MAX_QUEUED = 64;

/**
 * The writes of one import into `out`. A file whose folder exists already goes through writeFileAtomic.
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
  private readonly queue: { file: string; staging: string | undefined; text: string }[] = [];
  /** The running write loop, when there is one. */
  private running: Promise<void> | undefined;
  /** Resolves a producer waiting for room in the queue. */
  private room: (() => void) | undefined;
  private failure: unknown;

  constructor(private readonly out: string) {
    removeAbandonedStaging(out);
  }

  /** Queues `file` for writing; resolves at once unless the queue is full. A failed write fails the next `write` or the `commit`. */
  async write(file: string, text: string): Promise<void> {
    this.throwIfFailed();
    this.queue.push({ file, staging: this.stagingFor(path.dirname(file)), text });
    this.running ??= this.drain();
    if (this.queue.length >= MAX_QUEUED) await new Promise<void>((resolve) => (this.room = resolve));
  }

  private async drain(): Promise<void> {
    for (let next = this.queue.shift(); next; next = this.queue.shift()) {
      if (this.room && this.queue.length < MAX_QUEUED / 2) {
        this.room();
        this.room = undefined;
      }
      if (this.failure !== undefined) continue; // nothing more is written once one write failed
      try {
        if (next.staging) await fsp.writeFile(path.join(next.staging, path.basename(next.file)), next.text, { flag: 'wx' });
        else await writeFileAtomic(next.file, next.text);
      } catch (err) {
        this.failure = err;
      }
    }
    this.room?.();
    this.room = undefined;
    this.running = undefined;
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
    while (this.running) await this.running;
  }

  private throwIfFailed(): void {
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
