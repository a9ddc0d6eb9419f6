/**
 * One big file validated in a worker thread, so that the extension host keeps answering while a 60 MB alert
 * is parsed, checked against the schemas and its problems located (about a second of CPU in one piece).
 * The worker runs the shard code of the CLI's parallel validation (shardValidation.ts) on a shard of one
 * file; the facts of every other file come from the caller's index (extractFacts), in the index's order,
 * so the problems are those validateRecord gives on the calling thread. When the index's record of the file
 * was loaded by a worker moments ago (offThreadLoad.ts), that worker checks the record it still holds.
 */
import type { Worker } from 'node:worker_threads';
import type { WorkspaceIndex } from '../workspaceIndex';
import { extractFacts, joinList } from './lookup';
import { takeWarmWorker } from './offThreadLoad';
import { askWorker } from './validationWorkers';
import type { FixableProblem } from './quickFixes';
import type { FromWorker, ShardOptions, ShardTask, ToWorker } from './shardValidation';
import type { FixtureKind } from './userSchemas';

export { OFF_THREAD_MIN_BYTES } from '../loader';

export interface OffThreadTarget {
  file: string;
  kind: FixtureKind;
  /** The content when it is not the file on disk (an editor's buffer). */
  text?: string;
  /** Check duplicate keys (default true; off where the editor reports them itself). */
  duplicateKeys?: boolean;
}

/** The rejection of a request that a newer one for the same file replaced: its result would be stale. */
export class Superseded extends Error {}

export class OffThreadValidator {
  /** How to stop the request in flight, per file and source (a buffer and the disk's copy are checked apart). */
  private readonly running = new Map<string, () => void>();

  /**
   * The problems of `target`, with the cross-file checks against every other file of `index`, or schema
   * checks only when there is no index yet. Rejects when no worker can run or it fails (the caller then
   * validates on its own thread) and with `Superseded` when a newer request for the same file and source came.
   */
  validate(target: OffThreadTarget, index: WorkspaceIndex | undefined, options: ShardOptions): Promise<FixableProblem[]> {
    const key = `${target.text === undefined ? 'disk' : 'buffer'}:${target.file}`;
    this.running.get(key)?.();
    // The file as the index has it, loaded by a worker that still holds it parsed: that worker checks it.
    const reuse = target.text === undefined ? takeWarmWorker(index?.record(target.file)) : undefined;
    const request = askWorker<FixableProblem[]>('validation', (worker, done) => start(worker, target, index, options, done, reuse !== undefined), reuse);
    const stop = () => request.stop(new Superseded(`${target.file} is being validated again`));
    this.running.set(key, stop);
    return request.answer.finally(() => {
      if (this.running.get(key) === stop) this.running.delete(key);
    });
  }

  /** Stops every request in flight (they reject with `Superseded`). */
  dispose(): void {
    for (const stop of [...this.running.values()]) stop();
  }
}

function start(
  worker: Worker,
  target: OffThreadTarget,
  index: WorkspaceIndex | undefined,
  options: ShardOptions,
  finish: (err: Error | undefined, problems?: FixableProblem[]) => void,
  preloaded: boolean,
): void {
  const files = index ? index.files() : [];
  let at = files.indexOf(target.file);
  if (at < 0) at = files.push(target.file) - 1;
  const kinds = files.map((f, i) => (i === at ? target.kind : index?.record(f)?.kind ?? 'alert')[0]).join('');
  const post = (m: ToWorker) => worker.postMessage(m);
  worker.on('message', (m: FromWorker) => {
    if (m.type === 'error') finish(new Error(`the validation worker failed: ${m.message}`));
    else if (m.type === 'problems') finish(undefined, m.problems as FixableProblem[]);
    // The other files' facts are taken now, from the index as it is when the worker asks.
    else post({ type: 'check', shards: index ? [extractFacts(index, files, 0, at), m.facts, extractFacts(index, files, at + 1, files.length)] : [m.facts] });
  });
  const task: ShardTask = {
    type: 'task', files: joinList(files), kinds, from: at, to: at + 1, options,
    text: target.text, duplicateKeys: target.duplicateKeys, crossFile: index !== undefined, preloaded,
  };
  post(task);
}
