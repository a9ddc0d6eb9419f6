/**
 * Validating a big batch of files on every core: the main thread walks once, then it and worker threads
 * each load a contiguous shard of the files (read + parse + schema checks), send back the small facts the
 * cross-file checks need (lookup.ts), get everyone's facts, run the cross-file checks of their shard and
 * send back located problems (shardValidation.ts). Shards are contiguous and answered in order, so the
 * problems come out exactly as the serial path gives them.
 *
 * The workers run dist/validate-worker.js (validationWorkers.ts starts them).
 * Anything wrong with a worker (it cannot start, throws, dies) rejects the whole run: the caller then
 * validates serially, so a result is never partial.
 */
import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { DiscoveredFile } from '../discovery';
import type { Problem } from '../model';
import { joinList, type ShardFacts } from './lookup';
import { runShard, type FromWorker, type ShardOptions, type ToWorker } from './shardValidation';
import { spawnWorker, workerEntry } from './validationWorkers';

/** Below this many files a serial run wins (measured: starting a worker and loading the validators costs about 0.1 s of CPU). */
export const DEFAULT_PARALLEL_MIN_FILES = 2000;

export interface ParallelOptions {
  /** Fewest files worth the threads (default DEFAULT_PARALLEL_MIN_FILES). */
  minFiles?: number;
  /** Threads in all, this one included (default: os.availableParallelism()). */
  threads?: number;
}

export function threadCount(options: ParallelOptions): number {
  return Math.max(1, options.threads ?? (typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length));
}

/**
 * Worker threads, started before the files they will check are known (while the main thread still walks,
 * they load their code). `run` once, then they end.
 */
export class ValidationPool {
  private readonly workers: Worker[] = [];
  /** A failure before `run` listened (a worker that cannot even start). */
  private early: Error | undefined;
  private onFailure: ((err: Error) => void) | undefined;
  private closed = false;

  /** `threads` in all: this one and `threads - 1` workers. */
  static start(threads: number): ValidationPool | undefined {
    const entry = workerEntry();
    if (!entry || threads < 2) return undefined;
    const pool = new ValidationPool();
    try {
      for (let i = 1; i < threads; i++) pool.spawn(entry);
    } catch {
      pool.close();
      return undefined;
    }
    return pool;
  }

  /** Threads that check files: the workers and this one. */
  get size(): number {
    return this.workers.length + 1;
  }

  private spawn(entry: string): void {
    const w = spawnWorker(entry);
    const fail = (err: Error) => {
      if (this.closed) return;
      if (this.onFailure) this.onFailure(err);
      else this.early ??= err;
    };
    w.on('error', (err) => fail(err instanceof Error ? err : new Error(String(err))));
    w.on('exit', (code) => fail(new Error(`a validation worker stopped (exit code ${code})`)));
    this.workers.push(w);
  }

  /** Validates `files` (problems in file order, as validateIndexed gives them), then ends the workers. */
  run(files: DiscoveredFile[], options: ShardOptions): Promise<Problem[]> {
    return new Promise<Problem[]>((resolve, reject) => {
      let settled = false;
      const finish = (err: Error | undefined, problems?: Problem[]) => {
        if (settled) return;
        settled = true;
        this.close();
        if (err) reject(err);
        else resolve(problems!);
      };
      if (this.early) return finish(this.early);
      this.onFailure = (err) => finish(err);
      // This thread takes the first shard itself (it has the validators loaded already): one thread fewer to start.
      const local = localShard();
      const parties: { post(m: ToWorker): void }[] = [local, ...this.workers.map((w) => ({ post: (m: ToWorker) => w.postMessage(m) }))];
      const n = parties.length;
      let all: string;
      try {
        all = joinList(files.map((f) => f.file));
      } catch (err) {
        return finish(err as Error);
      }
      const count = files.length;
      const kinds = files.map((f) => f.kind[0]).join('');
      const facts: ShardFacts[] = new Array(n);
      const answers: Problem[][] = new Array(n);
      let factsIn = 0;
      let answersIn = 0;
      const receive = (i: number, m: FromWorker) => {
        if (settled) return;
        if (m.type === 'error') finish(new Error(`a validation ${i === 0 ? 'shard' : 'worker'} failed: ${m.message}`));
        else if (m.type === 'facts') {
          facts[i] = m.facts;
          if (++factsIn === n) for (const party of parties) party.post({ type: 'check', shards: facts });
        } else if (m.type === 'problems') {
          answers[i] = m.problems;
          if (++answersIn === n) finish(undefined, answers.flat());
        }
      };
      local.listen((m) => receive(0, m));
      this.workers.forEach((w, k) => w.on('message', (m: FromWorker) => receive(k + 1, m)));
      // Contiguous shards of about the same number of files; the workers' tasks go first, so they start at once.
      for (let i = n - 1; i >= 0; i--) {
        const from = Math.round((i * count) / n);
        const to = Math.round(((i + 1) * count) / n);
        parties[i]!.post({ type: 'task', files: all, kinds, from, to, options });
      }
      local.start();
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.workers) void w.terminate();
  }
}

/** This thread's shard, run by the same code as a worker's (shardValidation.ts), through an in-process channel. */
function localShard() {
  const inbox: ToWorker[] = [];
  let waiting: ((m: ToWorker) => void) | undefined;
  let listener: ((m: FromWorker) => void) | undefined;
  return {
    post(m: ToWorker): void {
      if (waiting) {
        const resolve = waiting;
        waiting = undefined;
        resolve(m);
      } else inbox.push(m);
    },
    listen(l: (m: FromWorker) => void): void {
      listener = l;
    },
    start(): void {
      void runShard({
        // (delivered later, as a worker's message would be: the coordinator never re-enters itself)
        post: (m) => void Promise.resolve().then(() => listener?.(m)),
        next: () => new Promise<ToWorker>((resolve) => {
          const m = inbox.shift();
          if (m) resolve(m);
          else waiting = resolve;
        }),
      });
    },
  };
}
