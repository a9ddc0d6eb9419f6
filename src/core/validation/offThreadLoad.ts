/**
 * Loading one big file into the index without blocking the calling thread. `JSON.parse` of a 60 MB alert
 * holds a thread for most of a second; an extension host must answer commands within 100 ms meanwhile.
 *
 * A validation worker (dist/validate-worker.js) reads and loads the file as `loadFileSync` would, then
 * sends the record back in pieces of at most about PIECE_NODES values each. Copying a value between threads
 * costs about as much as parsing it, so a single message would only move the block from parse to receive:
 * in pieces, each message is a few milliseconds of work for the receiver. The worker sends a piece only when
 * the receiver asks for it: messages already waiting are all delivered in one go, which would be one block
 * again. The receiver puts the pieces back together in order, so the value is the one `JSON.parse` gives
 * (same keys, same order, same items). The worker then waits a few seconds, holding the parsed record, for
 * the check that usually follows (offThreadValidation.ts asks it): a changed file is parsed once, not twice.
 */
import type { Worker } from 'node:worker_threads';
import { nodeFileSource } from '../fileSource';
import type { JsonPath } from '../json';
import { loadFileSync, type FileRecord, type LoadOptions } from '../loader';
import type { FixtureKind } from './userSchemas';
import { askWorker } from './validationWorkers';

/** Values (containers and scalars) per message: receiving 10 000 of them costs a few milliseconds. */
export const PIECE_NODES = 10_000;

/** Children appended to the container at `path` (already in place): array items, or object entries in order. */
export interface ValuePiece {
  path: JsonPath;
  items?: unknown[];
  entries?: [string, unknown][];
}

export type LoadRequest = { type: 'load'; file: string; kind: FixtureKind; maxFileBytes?: number } | { type: 'more' };
export type LoadReply =
  | { type: 'loaded-head'; record: FileRecord; pieces: number }
  | { type: 'loaded-piece'; piece: ValuePiece }
  | { type: 'error'; message: string };

type Container = unknown[] | Record<string, unknown>;
const isContainer = (v: unknown): v is Container => typeof v === 'object' && v !== null;

/** Values in `v` (itself included), counted up to `limit` + 1 at most. */
function countValues(v: unknown, limit: number): number {
  let n = 0;
  const stack: unknown[] = [v];
  while (stack.length && n <= limit) {
    const x = stack.pop();
    n++;
    if (Array.isArray(x)) for (let i = 0; i < x.length; i++) stack.push(x[i]);
    else if (isContainer(x)) for (const k of Object.keys(x)) stack.push((x as Record<string, unknown>)[k]);
  }
  return n;
}

/**
 * `value` as a head (containers of more than `budget` values left empty) and the pieces that fill them, in
 * the order they must be applied: a container is in place before the pieces that fill it.
 */
export function splitValue(value: unknown, budget = PIECE_NODES): { head: unknown; pieces: ValuePiece[] } {
  const pieces: ValuePiece[] = [];
  const head = split(value, [], budget, pieces);
  return { head, pieces };
}

function split(value: unknown, path: JsonPath, budget: number, pieces: ValuePiece[]): unknown {
  if (!isContainer(value) || countValues(value, budget) <= budget) return value;
  const array = Array.isArray(value);
  let chunk: unknown[] = [];
  let chunkValues = 0;
  const flush = () => {
    if (!chunk.length) return;
    pieces.push(array ? { path, items: chunk } : { path, entries: chunk as [string, unknown][] });
    chunk = [];
    chunkValues = 0;
  };
  const add = (key: string | number, child: unknown) => {
    const n = countValues(child, budget);
    if (n > budget) {
      // Too big for one message itself: an empty container goes in its place now, its content after it.
      chunk.push(array ? emptyLike(child) : [key, emptyLike(child)]);
      flush();
      split(child, [...path, key], budget, pieces);
      return;
    }
    chunk.push(array ? child : [key, child]);
    chunkValues += n;
    if (chunkValues >= budget) flush();
  };
  if (array) (value as unknown[]).forEach((child, i) => add(i, child));
  else for (const key of Object.keys(value)) add(key, (value as Record<string, unknown>)[key]);
  flush();
  return emptyLike(value);
}

const emptyLike = (v: unknown): Container => (Array.isArray(v) ? [] : {});

/** Appends one piece's children to the container it names inside `root`. */
export function applyPiece(root: unknown, piece: ValuePiece): void {
  let target = root as Record<string | number, unknown>;
  for (const seg of piece.path) target = target[seg] as Record<string | number, unknown>;
  if (piece.items) {
    const list = target as unknown as unknown[];
    for (let i = 0; i < piece.items.length; i++) list.push(piece.items[i]);
  } else {
    for (const [key, v] of piece.entries!) {
      // An own "__proto__" key, as JSON.parse makes it (an assignment would set the prototype instead).
      if (key === '__proto__') Object.defineProperty(target, key, { value: v, enumerable: true, writable: true, configurable: true });
      else target[key] = v;
    }
  }
}

const VALUE_OF = { alert: 'alert', entity: 'entity', profile: 'profile' } as const;

/**
 * The worker's side: loads the file and posts the record's head at once; returns what posts the next
 * piece, called on each `more` from the receiver.
 */
export function serveLoad(request: Extract<LoadRequest, { type: 'load' }>, post: (reply: LoadReply) => void): { record: FileRecord; next: () => void } {
  const record = loadFileSync(nodeFileSource, request.file, request.kind as Exclude<FixtureKind, 'ledger'>, { maxFileBytes: request.maxFileBytes });
  if (!record.ok) {
    post({ type: 'loaded-head', record, pieces: 0 });
    return { record, next: () => undefined };
  }
  const key = VALUE_OF[record.kind];
  const { head, pieces } = splitValue((record as unknown as Record<string, unknown>)[key]);
  post({ type: 'loaded-head', record: { ...record, [key]: head } as FileRecord, pieces: pieces.length });
  let next = 0;
  return {
    record,
    next: () => {
      if (next < pieces.length) post({ type: 'loaded-piece', piece: pieces[next++]! });
    },
  };
}

/**
 * How long a worker that loaded a file waits, holding the parsed record, for the validation that usually
 * follows (the file changed: it is loaded, then checked), so that the file is not read and parsed twice.
 */
const WARM_MS = 10_000;

const warm = new WeakMap<FileRecord, { worker: Worker; forget: () => void }>();

/** Keeps `worker` (which loaded `record`) for one more request about that record, until WARM_MS pass or it exits. */
function keepWarm(record: FileRecord, worker: Worker): void {
  const quiet = () => undefined; // (an idle worker's error must not be unhandled)
  const forget = () => {
    clearTimeout(timer);
    worker.off('error', quiet);
    worker.off('exit', forget);
    warm.delete(record);
  };
  const timer = setTimeout(() => {
    forget();
    void worker.terminate();
  }, WARM_MS);
  timer.unref();
  worker.on('error', quiet);
  worker.once('exit', forget);
  worker.unref();
  warm.set(record, { worker, forget });
}

/** The worker that loaded exactly this record and still holds it parsed, taken for one request; else undefined. */
export function takeWarmWorker(record: FileRecord | undefined): Worker | undefined {
  const entry = record && warm.get(record);
  if (!entry) return undefined;
  entry.forget();
  entry.worker.ref();
  return entry.worker;
}

/**
 * The record `loadFileSync` gives for `file`, loaded on a worker thread and received in pieces. Rejects
 * when no worker can start or it fails (the caller then loads the file itself), and when `signal` aborts
 * (the worker is stopped).
 */
export function loadOffThread(file: string, kind: Exclude<FixtureKind, 'ledger'>, options: LoadOptions = {}, signal?: AbortSignal): Promise<FileRecord> {
  if (signal?.aborted) return Promise.reject(new Error(`loading ${file} was stopped`));
  const request = askWorker<FileRecord>('loading', (worker, done) => {
    let record: FileRecord | undefined;
    let expected = 0;
    let received = 0;
    worker.on('message', (m: LoadReply) => {
      if (m.type === 'error') return done(new Error(`the loading worker failed: ${m.message}`));
      if (m.type === 'loaded-head') {
        record = m.record;
        expected = m.pieces;
      } else if (record?.ok) {
        applyPiece((record as unknown as Record<string, unknown>)[VALUE_OF[record.kind]], m.piece);
        received++;
      }
      if (record && received === expected) {
        if (record.ok) keepWarm(record, worker);
        done(undefined, record, record.ok);
      } else worker.postMessage({ type: 'more' } satisfies LoadRequest);
    });
    worker.postMessage({ type: 'load', file, kind, maxFileBytes: options.maxFileBytes } satisfies LoadRequest);
  });
  const stop = () => request.stop(new Error(`loading ${file} was stopped`));
  signal?.addEventListener('abort', stop);
  return request.answer.finally(() => signal?.removeEventListener('abort', stop));
}
