/**
 * Validating a big batch of files on every core: the main thread walks once, then worker threads each
 * load a contiguous shard of the files (read + parse + schema checks), send back the small facts the
 * cross-file checks need (lookup.ts), get everyone's facts, run the cross-file checks of their shard and
 * send back located problems (shardValidation.ts). Shards are contiguous and answered in order, so the
 * problems come out exactly as the serial path gives them.
 *
 * The workers are a bundle of their own, dist/validate-worker.js beside the bundle that uses this (as the
 * lazy bundles are, see lazyBundles.ts); run from sources under tsx, the source entry is run through tsx.
 * Anything wrong with a worker (it cannot start, throws, dies) rejects the whole run: the caller then
 * validates serially, so a result is never partial.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DiscoveredFile } from '../discovery';
import type { Problem } from '../model';
import { joinList, type ShardFacts } from './lookup';
import type { FromWorker, ShardOptions, ToWorker } from './shardValidation';

/** Below this many files a serial run wins (measured: starting a worker and loading the validators costs about 0.1 s of CPU). */
export const DEFAULT_PARALLEL_MIN_FILES = 2000;

export interface ParallelOptions {
  /** Fewest files worth the threads (default DEFAULT_PARALLEL_MIN_FILES). */
  minFiles?: number;
  /** Threads (default: os.availableParallelism()). */
  threads?: number;
}

/**
 * The worker's script: the built bundle, else (run from sources under `node --import tsx`, whose options
 * a worker inherits) the source entry; undefined when neither can run.
 */
function workerEntry(): string | undefined {
  const built = path.join(__dirname, 'validate-worker.js');
  if (fs.existsSync(built)) return built;
  const source = path.join(__dirname, 'validateWorker.ts');
  const underTsx = process.execArgv.some((a, i) => a === 'tsx' && process.execArgv[i - 1] === '--import') || process.execArgv.includes('--import=tsx');
  return underTsx && fs.existsSync(source) ? source : undefined;
}

const TSX_API = ['tsx', 'cjs', 'api'].join('/'); // (computed: no bundler is to look for it)

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

  static start(threads: number): ValidationPool | undefined {
    const entry = workerEntry();
    if (!entry || threads < 2) return undefined;
    const pool = new ValidationPool();
    try {
      for (let i = 0; i < threads; i++) pool.spawn(entry);
    } catch {
      pool.close();
      return undefined;
    }
    return pool;
  }

  get size(): number {
    return this.workers.length;
  }

  private spawn(entry: string): void {
    // From sources, the worker registers tsx itself: Node 20 does not apply the parent's `--import tsx` hooks to a worker's entry.
    const w = entry.endsWith('.ts')
      ? new Worker(`require(${JSON.stringify(require.resolve(TSX_API))}).register(); require(${JSON.stringify(entry)});`, { eval: true })
      : new Worker(entry);
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
      const n = this.workers.length;
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
      this.workers.forEach((w, i) => {
        w.on('message', (m: FromWorker) => {
          if (settled) return;
          if (m.type === 'error') finish(new Error(`a validation worker failed: ${m.message}`));
          else if (m.type === 'facts') {
            facts[i] = m.facts;
            if (++factsIn === n) for (const other of this.workers) post(other, { type: 'check', shards: facts });
          } else if (m.type === 'problems') {
            answers[i] = m.problems;
            if (++answersIn === n) finish(undefined, answers.flat());
          }
        });
        // Contiguous shards of about the same number of files.
        const from = Math.round((i * count) / n);
        const to = Math.round(((i + 1) * count) / n);
        post(w, { type: 'task', files: all, kinds, from, to, options });
      });
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.workers) void w.terminate();
  }
}

const post = (w: Worker, message: ToWorker) => w.postMessage(message);
