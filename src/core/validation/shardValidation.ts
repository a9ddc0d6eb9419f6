/**
 * One shard's part of a parallel validation, in a worker thread or (the first shard) in the main thread;
 * parallelValidation.ts coordinates:
 *  1. load its shard of the files into its own index, check each against the schemas, and send back the
 *     shard's facts (ids, types, broken files, alert times: see lookup.ts), numbers and short strings only;
 *  2. receive every shard's facts, run the cross-file checks of its files against them, locate all its
 *     problems (it has the bytes, or reads a file again as the serial path does) and send them back.
 * Parsed fixtures never leave the thread, and the shard keeps only what its cross-file checks read of
 * each (validate.ts `checkedPart`, and a summary of an alert's references) once its schema checks have run.
 */
import { isMainThread } from 'node:worker_threads';
import type { FixtureKind } from './userSchemas';
import { loadUserSchema, type UserSchema } from './userSchemas';
import { displayRelative } from '../paths';
import type { Problem } from '../model';
import type { PathProblem } from './schemaProblems';
import { extractFacts, FactsLookup, SEP, type FactSource, type ShardFacts } from './lookup';
import { checkedPart, locateFound, ownProblems, semanticProblems, type CheckedRecord, type ValidationOptions } from './validate';
import { collectReferences, keysOfReferences, summarizeReferences, type EntityReference, type ReferenceSummary } from '../references';
import { readText } from './fileText';
import { startSkeleton } from './skeletons';
import { WorkspaceIndex } from '../workspaceIndex';
import { loadFileSync, loadText, type FileRecord } from '../loader';
import { nodeFileSource } from '../fileSource';

/** The options a worker can be given (plain data: functions and compiled schemas do not cross threads). */
export interface ShardOptions {
  strict?: boolean;
  maxFileBytes?: number;
  /** `ValidationOptions.now`, in ms. */
  now?: number;
  /** Files of the team's extra schemas; each worker compiles its own. */
  extraSchemas?: { kind: FixtureKind; file: string }[];
  /** Messages name other files relative to this folder (the CLI's display); absent: by base name. */
  displayRelativeTo?: string;
}

export interface ShardTask {
  type: 'task';
  /** Every file of the run, joined by SEP (facts name files by their position here). */
  files: string;
  /** Each file's kind, one letter: a(lert), e(ntity), p(rofile). */
  kinds: string;
  /** This worker's shard: files[from..to). */
  from: number;
  to: number;
  options: ShardOptions;
  /**
   * The content of a one-file shard when it is not the file on disk (an editor's buffer; see
   * offThreadValidation.ts), with whether to check duplicate keys in it.
   */
  text?: string;
  duplicateKeys?: boolean;
  /** false: schema checks only (the caller has no workspace to check references against yet). */
  crossFile?: boolean;
  /**
   * The worker loaded this one-file shard for the caller's index moments ago (offThreadLoad.ts) and checks
   * the record it holds, the one the caller's index has, instead of reading and parsing the file again.
   */
  preloaded?: boolean;
}

export type ToWorker = ShardTask | { type: 'check'; shards: ShardFacts[] };
export type FromWorker = { type: 'facts'; facts: ShardFacts } | { type: 'problems'; problems: Problem[] } | { type: 'error'; message: string };

export interface ShardChannel {
  post(message: FromWorker): void;
  /** The next message from the main thread. */
  next(): Promise<ToWorker>;
}

/** `preloaded`: the record this thread loaded, when it served a load first (used when the task says so). */
export async function runShard(channel: ShardChannel, preloaded?: FileRecord): Promise<void> {
  try {
    const task = await channel.next();
    if (task.type !== 'task') throw new Error(`expected a task, got "${task.type}"`);
    faultForTests('load');
    const options = await validationOptions(task.options);
    const { from, to } = task;
    const files = task.files.split(SEP);
    // (the index only reads: it keeps neither records nor anything but the bytes of large files)
    const index = new WorkspaceIndex({ maxFileBytes: task.options.maxFileBytes });
    const shard = [];
    for (let i = from; i < to; i++) shard.push({ file: files[i]!, kind: KINDS[task.kinds[i]!]! });
    const { text } = task;
    const fromDisk = !(task.preloaded || (text !== undefined && shard.length === 1));
    const reload = fromDisk ? (file: string) => loadFileSync(nodeFileSource, file, 'alert', { maxFileBytes: task.options.maxFileBytes }) : undefined;
    const kept = new ShardFiles((record) => ownProblems(record, options), reload);
    if (task.preloaded && preloaded && shard.length === 1 && preloaded.file === shard[0]!.file) kept.add(preloaded);
    else if (text !== undefined && shard.length === 1) {
      kept.add(loadText(shard[0]!.file, shard[0]!.kind, text, { size: Buffer.byteLength(text, 'utf8') }, { duplicateKeys: task.duplicateKeys }));
    } else await index.updateMany(shard, { yieldEveryMs: false, keepLargeBytes: true, onKeptBytes: startSkeleton, onRecord: (r) => kept.add(r), keepRecords: false });
    channel.post({ type: 'facts', facts: extractFacts(kept, files, from, to) });

    const check = await channel.next();
    if (check.type !== 'check') throw new Error(`expected the facts of every shard, got "${check.type}"`);
    faultForTests('check');
    const lookup = new FactsLookup(files, check.shards, kept);
    const problems: Problem[] = [];
    for (let i = from; i < to; i++) {
      const file = files[i]!;
      const record = kept.record(file);
      if (!record) continue;
      if (!record.ok) problems.push(record.problem);
      else {
        const found = [...kept.ownProblems(file), ...(task.crossFile === false ? [] : semanticProblems(record, lookup, options))];
        problems.push(...(await locateFound(record, found, () => text ?? index.takeBytes(file) ?? readText(index.source, file))));
      }
      index.takeBytes(file);
    }
    index.dropKeptBytes();
    channel.post({ type: 'problems', problems });
  } catch (err) {
    channel.post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
}

const KINDS: Record<string, FixtureKind> = { a: 'alert', e: 'entity', p: 'profile' };

/**
 * What a shard keeps of each file it loaded: the schema problems, found as soon as the file is parsed, and
 * the part its cross-file checks read. The whole parsed file is dropped at once, so tens of thousands of
 * them never outlive the young generation. Of an alert that it can load again (`reload`, for files up to
 * RELOAD_MAX_BYTES) it keeps only a summary of its references: the checks ask for the references themselves
 * only when the summary shows a problem, which is rare, and the file is then loaded again (it is read again
 * anyway, to locate that problem). A dozen objects per alert, kept for tens of thousands of alerts, cost
 * more in garbage collection than every such reload.
 */
class ShardFiles implements FactSource {
  private readonly records = new Map<string, CheckedRecord>();
  private readonly own = new Map<string, PathProblem[]>();
  private readonly references = new Map<string, readonly EntityReference[]>();
  private readonly summaries = new Map<string, ReferenceSummary>();

  constructor(
    private readonly check: (record: FileRecord) => PathProblem[],
    private readonly reload?: (file: string) => FileRecord,
  ) {}

  add(record: FileRecord): void {
    const found = this.check(record);
    if (found.length) this.own.set(record.file, found);
    if (record.ok && record.kind === 'alert') {
      if (this.reload && record.size <= RELOAD_MAX_BYTES) this.summaries.set(record.file, summarizeReferences(record.alert));
      else this.references.set(record.file, collectReferences(record.alert));
    }
    this.records.set(record.file, checkedPart(record));
  }

  record(file: string): CheckedRecord | undefined {
    return this.records.get(file);
  }

  ownProblems(file: string): PathProblem[] {
    return this.own.get(file) ?? [];
  }

  referenceSummary(file: string): ReferenceSummary | undefined {
    return this.summaries.get(file);
  }

  referencesOf(file: string): readonly EntityReference[] {
    const kept = this.references.get(file);
    if (kept || !this.reload || !this.summaries.has(file)) return kept ?? [];
    const again = this.reload(file);
    // (a file changed since it was loaded has no references to report here: the next run sees it)
    return again.ok && again.kind === 'alert' ? collectReferences(again.alert) : [];
  }

  /** (asked once per alert, by the facts) */
  alertInFile(file: string): { entityKeys: readonly string[] } | undefined {
    const summary = this.summaries.get(file);
    if (summary) return { entityKeys: summary.keys };
    const references = this.references.get(file);
    return references && { entityKeys: keysOfReferences(references) };
  }
}

/** Alerts up to this size are loaded again when their references are needed (a sample alert is 2 KB). */
const RELOAD_MAX_BYTES = 256 * 1024;

async function validationOptions(o: ShardOptions): Promise<ValidationOptions> {
  const extraSchemas: Partial<Record<FixtureKind, UserSchema>> = {};
  for (const { kind, file } of o.extraSchemas ?? []) {
    const loaded = await loadUserSchema(file, kind);
    if (!loaded.ok) throw new Error(`the extra ${kind} schema ${file} no longer compiles: ${loaded.problems[0]?.message ?? 'unknown problem'}`);
    extraSchemas[kind] = loaded.schema;
  }
  const cwd = o.displayRelativeTo;
  return {
    strict: o.strict,
    now: o.now === undefined ? undefined : new Date(o.now),
    extraSchemas,
    displayPath: cwd === undefined ? undefined : shownOnce((f) => displayRelative(f, cwd)),
  };
}

/**
 * Tests make a worker fail on purpose (ATP_WORKBENCH_WORKER_FAULT=load|check, or exit-load|exit-check for
 * a thread that dies without a word): the run must then fall back, never print a partial result.
 */
function faultForTests(phase: 'load' | 'check'): void {
  if (isMainThread) return; // (the main thread's own shard is not a worker)
  const fault = process.env.ATP_WORKBENCH_WORKER_FAULT;
  if (fault === phase) throw new Error(`fault injected in the ${phase} phase`);
  if (fault === `exit-${phase}`) process.exit(3);
}

/**
 * A file's display name, worked out once: a file that shares an id with many others is named in each of
 * their messages (the first few of the list, every time).
 */
function shownOnce(show: (file: string) => string): (file: string) => string {
  const shown = new Map<string, string>();
  return (file) => {
    let name = shown.get(file);
    if (name === undefined) shown.set(file, (name = show(file)));
    return name;
  };
}
