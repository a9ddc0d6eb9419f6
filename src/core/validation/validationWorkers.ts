/**
 * Starting validation workers (dist/validate-worker.js, validateWorker.ts) and asking one a single question.
 * The workers are a bundle of their own beside the bundle that uses this (as the lazy bundles are, see
 * lazyBundles.ts); run from sources under tsx, the source entry is run through tsx. This module imports
 * nothing of the validation itself, so any part of it can ask a worker.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * The worker's script: the built bundle, else (run from sources under `node --import tsx`, whose options
 * a worker inherits) the source entry; undefined when neither can run.
 */
export function workerEntry(): string | undefined {
  const built = path.join(__dirname, 'validate-worker.js');
  if (fs.existsSync(built)) return built;
  const source = path.join(__dirname, 'validateWorker.ts');
  const underTsx = process.execArgv.some((a, i) => a === 'tsx' && process.execArgv[i - 1] === '--import') || process.execArgv.includes('--import=tsx');
  return underTsx && fs.existsSync(source) ? source : undefined;
}

const TSX_API = ['tsx', 'cjs', 'api'].join('/'); // (computed: no bundler is to look for it)

/** A validation worker running shardValidation.ts (dist/validate-worker.js); undefined when none can run here. */
export function startValidationWorker(): Worker | undefined {
  const entry = workerEntry();
  if (!entry) return undefined;
  try {
    return spawnWorker(entry);
  } catch {
    return undefined;
  }
}

/** A request to a fresh worker: its answer, and how to stop it early (it then rejects with `err`). */
export interface WorkerRequest<T> {
  answer: Promise<T>;
  stop(err: Error): void;
}

/** How a request settles: with an error, or with its value; `keep` hands the worker over instead of ending it. */
export type Settle<T> = (err: Error | undefined, value?: T, keep?: boolean) => void;

/**
 * One request to a validation worker (the off-thread validation or loading of one big file, a big file's
 * skeleton): a fresh one, or `reuse`, a worker an earlier request kept. `talk` posts to the worker and listens
 * to it, and settles the request once through `done`. The worker ends when the request settles, unless
 * `done` keeps it (its listeners are then removed); its error, or its exit before that, rejects the request,
 * as does no worker at all.
 */
export function askWorker<T>(what: string, talk: (worker: Worker, done: Settle<T>) => void, reuse?: Worker): WorkerRequest<T> {
  let stop: (err: Error) => void = () => undefined;
  const answer = new Promise<T>((resolve, reject) => {
    const worker = reuse ?? startValidationWorker();
    if (!worker) return reject(new Error(`no ${what} worker can start here`));
    let settled = false;
    const onError = (err: unknown) => done(err instanceof Error ? err : new Error(String(err)));
    const onExit = (code: number) => done(new Error(`the ${what} worker stopped (exit code ${code})`));
    const done: Settle<T> = (err, value, keep = false) => {
      if (settled) return;
      settled = true;
      if (keep && !err) {
        worker.off('error', onError);
        worker.off('exit', onExit);
        worker.removeAllListeners('message');
      } else void worker.terminate();
      if (err) reject(err);
      else resolve(value!);
    };
    stop = (err) => done(err);
    worker.on('error', onError);
    worker.on('exit', onExit);
    try {
      talk(worker, done);
    } catch (err) {
      done(err instanceof Error ? err : new Error(String(err)));
    }
  });
  return { answer, stop: (err) => stop(err) };
}

export function spawnWorker(entry: string): Worker {
  // From sources, the worker registers tsx itself: Node 20 does not apply the parent's `--import tsx` hooks to a worker's entry.
  return entry.endsWith('.ts')
    ? new Worker(`require(${JSON.stringify(require.resolve(TSX_API))}).register(); require(${JSON.stringify(entry)});`, { eval: true })
    : new Worker(entry);
}
