/**
 * Entry of a validation worker thread (built as dist/validate-worker.js beside dist/cli.js; see
 * parallelValidation.ts). Its first message says what it does: validate a shard (shardValidation.ts),
 * load one big file for a thread that must not block (offThreadLoad.ts), or build a big file's skeleton
 * (skeletons.ts).
 */
import { parentPort } from 'node:worker_threads';
import { serveLoad, type LoadRequest } from './offThreadLoad';
import { serveSkeleton, type SkeletonRequest } from './skeletons';
import { runShard, type ToWorker } from './shardValidation';
import type { FileRecord } from '../loader';

const port = parentPort;
if (port) {
  const queue: ToWorker[] = [];
  const waiting: ((m: ToWorker) => void)[] = [];
  /** What the thread does: nothing yet, a skeleton, a load (then perhaps the check of what it loaded), or a shard. */
  let mode: 'idle' | 'skeleton' | 'load' | 'shard' = 'idle';
  let sendPiece: (() => void) | undefined;
  let loaded: FileRecord | undefined;
  const fail = (err: unknown) => port.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  port.on('message', (m: ToWorker | LoadRequest | SkeletonRequest) => {
    if (m.type === 'more') return sendPiece?.();
    if (mode === 'idle' && m.type === 'skeleton') {
      mode = 'skeleton'; // (one answer, then the caller ends the thread)
      try {
        port.postMessage({ type: 'skeleton', skeleton: serveSkeleton(m) });
      } catch (err) {
        fail(err);
      }
      return;
    }
    if (mode === 'idle' && m.type === 'load') {
      mode = 'load';
      try {
        const served = serveLoad(m, (reply) => port.postMessage(reply));
        sendPiece = served.next;
        loaded = served.record;
      } catch (err) {
        fail(err);
      }
      return;
    }
    if (mode === 'idle' || mode === 'load') {
      // A shard, or (after a load) the check of the file this thread loaded and still holds: runShard takes its record.
      mode = 'shard';
      sendPiece = undefined;
      void runShard({
        post: (message) => port.postMessage(message),
        next: () => new Promise<ToWorker>((resolve) => {
          const next = queue.shift();
          if (next) resolve(next);
          else waiting.push(resolve);
        }),
      }, loaded); // (the main thread ends the thread once it has the answer)
      loaded = undefined;
    }
    const resolve = waiting.shift();
    if (resolve) resolve(m as ToWorker);
    else queue.push(m as ToWorker);
  });
}
