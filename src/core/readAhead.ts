/**
 * Reading many small files on a worker thread while this thread parses them. Loading a workspace is
 * mostly open/read/close calls and JSON.parse, one file after the other; with the calls on another thread
 * this one only parses. Measured on the samples ×455 (32 760 alert files): read + parse 0.88 s on one
 * thread, 0.59 s with the reads on a worker. The extension host loads the Alerts view's alerts this way.
 *
 * The worker reads the files in order into batches of about a megabyte and transfers each batch (no copy);
 * it stays at most `AHEAD` batches ahead of this thread. Anything it does not read (a big file, a folder, an
 * error, a file that grows while read) is left to the caller's own read, which gives the usual messages.
 * If the worker cannot start or dies, the caller reads everything not yet delivered itself.
 */
import { Worker } from 'node:worker_threads';
import type { SyncRead } from './fileSource';

/** Files up to this size are read by the worker; bigger ones by the caller (they are few, and keep their own buffer). */
const SMALL_FILE_BYTES = 256 * 1024;
const BATCH_BYTES = 1024 * 1024;
const FILES_PER_BATCH = 512;
/** Batches the worker may have delivered and this thread not yet used. */
const AHEAD = 8;
/** Per file in a batch: offset, length (-1: not read). */
const FIELDS = 2;

// Plain JavaScript run with `eval: true`: the worker needs nothing but fs, so it is no bundle of its own.
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const { files, count, maxBytes, shared, small, batchBytes, perBatch, ahead, fields } = workerData;
const list = count === 0 ? [] : files.split('\\u0000');
const used = new Int32Array(shared);
let sent = 0, first = 0, off = 0, buf = new Uint8Array(batchBytes), meta = [];
function flush(next) {
  if (meta.length) {
    parentPort.postMessage({ first, meta: Float64Array.from(meta), buf }, [buf.buffer]);
    sent++;
    for (let seen = Atomics.load(used, 0); sent - seen >= ahead; seen = Atomics.load(used, 0)) Atomics.wait(used, 0, seen);
    buf = new Uint8Array(batchBytes);
  }
  off = 0; meta = []; first = next;
}
for (let i = 0; i < list.length; i++) {
  if (batchBytes - off <= small || meta.length >= perBatch * fields) flush(i);
  let len = -1, fd = -1;
  try {
    fd = fs.openSync(list[i], 'r');
    // No fstat: a read short of small + 1 bytes was the whole file (a folder throws, a big file is left).
    const n = fs.readSync(fd, buf, off, small + 1, 0);
    if (n <= small && n <= maxBytes) len = n;
  } catch {
    len = -1;
  } finally {
    if (fd >= 0) try { fs.closeSync(fd); } catch {}
  }
  meta.push(off, len);
  if (len > 0) off += len;
}
flush(list.length);
`;

interface Batch {
  first: number;
  end: number;
  meta: Float64Array;
  buf: Uint8Array;
}

/** What `take` says about a file: its bytes (read by the worker), 'self' (read it yourself) or 'pending' (await `arrival`). */
export type ReadAheadResult = SyncRead | 'self' | 'pending';

export class ReadAhead {
  private readonly batches: Batch[] = [];
  private readonly used: Int32Array;
  /** Batches this thread is done with (shared with the worker, which waits on it). */
  private consumed = 0;
  private stopped = false;
  private waiters: (() => void)[] = [];

  private constructor(private readonly worker: Worker, shared: SharedArrayBuffer) {
    this.used = new Int32Array(shared);
    worker.on('message', (b: { first: number; meta: Float64Array; buf: Uint8Array }) => {
      this.batches.push({ first: b.first, end: b.first + b.meta.length / FIELDS, meta: b.meta, buf: b.buf });
      this.wake();
    });
    // Finished, failed or stopped: whatever was not delivered is read by the caller.
    worker.on('error', () => this.stop());
    worker.on('exit', () => this.stop());
  }

  /** Starts reading `files` (in this order); undefined when no worker can start here. */
  static start(files: readonly string[], maxBytes: number): ReadAhead | undefined {
    if (files.some((f) => f.includes('\u0000'))) return undefined;
    try {
      const shared = new SharedArrayBuffer(4);
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { files: files.join('\u0000'), count: files.length, maxBytes, shared, small: SMALL_FILE_BYTES, batchBytes: BATCH_BYTES, perBatch: FILES_PER_BATCH, ahead: AHEAD, fields: FIELDS },
      });
      return new ReadAhead(worker, shared);
    } catch {
      return undefined;
    }
  }

  /** File `i` of the list; asked in increasing order (a batch is let go once a later file is asked for). */
  take(i: number): ReadAheadResult {
    while (this.batches.length && i >= this.batches[0]!.end) {
      this.batches.shift();
      Atomics.store(this.used, 0, ++this.consumed);
      Atomics.notify(this.used, 0);
    }
    const batch = this.batches[0];
    if (!batch || i < batch.first) return this.stopped ? 'self' : 'pending';
    const at = (i - batch.first) * FIELDS;
    const length = batch.meta[at + 1]!;
    if (length < 0) return 'self';
    const offset = batch.meta[at]!;
    return { stat: { size: length, isFile: true }, bytes: batch.buf.subarray(offset, offset + length) };
  }

  /** Settles when another batch arrived or the worker stopped. */
  arrival(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Ends the worker (also when it waits for this thread) and forgets what it read. */
  close(): void {
    Atomics.store(this.used, 0, 0x3fffffff);
    Atomics.notify(this.used, 0);
    void this.worker.terminate();
    this.batches.length = 0;
    this.stop();
  }

  private stop(): void {
    this.stopped = true;
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
