/**
 * Entry of a validation worker thread (built as dist/validate-worker.js beside dist/cli.js; see
 * parallelValidation.ts). The work itself is in shardValidation.ts.
 */
import { parentPort } from 'node:worker_threads';
import { runShard, type ToWorker } from './shardValidation';

const port = parentPort;
if (port) {
  const queue: ToWorker[] = [];
  const waiting: ((m: ToWorker) => void)[] = [];
  port.on('message', (m: ToWorker) => {
    const resolve = waiting.shift();
    if (resolve) resolve(m);
    else queue.push(m);
  });
  void runShard({
    post: (message) => port.postMessage(message),
    next: () => new Promise<ToWorker>((resolve) => {
      const m = queue.shift();
      if (m) resolve(m);
      else waiting.push(resolve);
    }),
  }); // (the main thread ends the thread once it has the answer)
}
