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

const port = parentPort;
if (port) {
  const queue: ToWorker[] = [];
  const waiting: ((m: ToWorker) => void)[] = [];
  let started = false;
  let sendPiece: (() => void) | undefined;
  port.on('message', (m: ToWorker | LoadRequest | SkeletonRequest) => {
    if (m.type === 'more') return sendPiece?.();
    if (!started && m.type === 'skeleton') {
      started = true;
      try {
        port.postMessage({ type: 'skeleton', skeleton: serveSkeleton(m) });
      } catch (err) {
        port.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
      }
      return;
    }
    if (!started && m.type === 'load') {
      started = true;
      try {
        sendPiece = serveLoad(m, (reply) => port.postMessage(reply));
      } catch (err) {
        port.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
      }
      return;
    }
    if (!started) {
      started = true;
      void runShard({
        post: (message) => port.postMessage(message),
        next: () => new Promise<ToWorker>((resolve) => {
          const next = queue.shift();
          if (next) resolve(next);
          else waiting.push(resolve);
        }),
      }); // (the main thread ends the thread once it has the answer)
    }
    const resolve = waiting.shift();
    if (resolve) resolve(m as ToWorker);
    else queue.push(m as ToWorker);
  });
}
