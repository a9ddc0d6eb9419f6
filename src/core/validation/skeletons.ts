/**
 * Skeletons of big files, built on a worker thread while this thread parses them: the streaming locator
 * then starts at the array items its paths name (jsonScan.ts). Locating the problems of a 67 MB alert
 * otherwise scans up to the last of them (about 150 ms at the end of a 1 s validation); with a skeleton,
 * the scan ran on the other core while `JSON.parse` ran on this one, and a file without problems never
 * asks for it. The bytes are shared with the worker (a SharedArrayBuffer), not copied.
 */
import { isAscii } from 'node:buffer';
import type { Worker } from 'node:worker_threads';
import { SHARED_READ_MIN_BYTES } from '../fileSource';
import { buildSkeleton, type JsonSkeleton } from '../jsonScan';
import { askWorker } from './validationWorkers';

/**
 * The files read into shared memory (fileSource.ts) are the ones that get a skeleton; smaller files are scanned
 * fast enough where they are located (about 1.5 ns a byte: 12 ms for 8 MB).
 */
export const SKELETON_MIN_BYTES = SHARED_READ_MIN_BYTES;

export interface SkeletonRequest {
  type: 'skeleton';
  bytes: Uint8Array;
}

interface Pending {
  answer: Promise<JsonSkeleton | undefined>;
  /** The worker, unreferenced while nobody waits (a run never waits for a skeleton it does not need). */
  worker: Worker | undefined;
}

const pending = new WeakMap<Uint8Array, Pending>();

/**
 * Whether a skeleton is being built. One at a time: a batch of many big files must not start a worker (an
 * isolate and the validators' bundle) for each at once; a big file read while one is built goes without (its
 * problems, if it has any, are located by the full scan, as before skeletons).
 */
let building = false;

/** Starts building the skeleton of `bytes` (the whole of a big file, in a SharedArrayBuffer) on a worker. */
export function startSkeleton(bytes: Uint8Array): void {
  if (bytes.byteLength < SKELETON_MIN_BYTES || !(bytes.buffer instanceof SharedArrayBuffer) || pending.has(bytes) || building) return;
  building = true;
  const entry: Pending = { answer: Promise.resolve(undefined), worker: undefined };
  const request = askWorker<JsonSkeleton | undefined>('skeleton', (worker, done) => {
    entry.worker = worker;
    worker.unref();
    worker.on('message', (m: { type: string; skeleton?: JsonSkeleton | null; message?: string }) => {
      if (m.type === 'skeleton') done(undefined, m.skeleton ?? undefined);
      else if (m.type === 'error') done(new Error(m.message));
    });
    worker.postMessage({ type: 'skeleton', bytes } satisfies SkeletonRequest);
  });
  // No skeleton is no problem: the locator scans the whole text, as without one.
  entry.answer = request.answer.catch(() => undefined).finally(() => (building = false));
  pending.set(bytes, entry);
}

/** The skeleton of these bytes when one was started (waiting for it to finish), else undefined. */
export async function skeletonOf(bytes: Uint8Array): Promise<JsonSkeleton | undefined> {
  const entry = pending.get(bytes);
  if (!entry) return undefined;
  entry.worker?.ref();
  try {
    return await entry.answer;
  } finally {
    entry.worker?.unref();
  }
}

/** In the worker: the skeleton, or null when the bytes are not ASCII (offsets would not be a text's) or not plain JSON. */
export function serveSkeleton(request: SkeletonRequest): JsonSkeleton | null {
  return isAscii(request.bytes) ? buildSkeleton(request.bytes) ?? null : null;
}
