/**
 * The benchmark harness: each `bench/<name>.bench.ts` exports a default function that measures
 * something against a named baseline in the same run and returns a report. `bench/run.ts` writes
 * every report to `bench/results/<name>.json` and the tables into bench/README.md.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';

export interface BenchRow {
  /** What was measured, e.g. "index 30 000 files". */
  what: string;
  value: number;
  unit: string;
  /** The baseline measured in the same run, for comparison. */
  baseline?: { what: string; value: number };
  /** The target from the issue, in words (e.g. "≤ 1.5× the floor"). */
  target?: string;
  /** Whether the target is met, when there is one. */
  met?: boolean;
}

export interface BenchReport {
  name: string;
  title: string;
  rows: BenchRow[];
  notes?: string[];
}

export interface BenchContext {
  /** Repository root. */
  root: string;
  /** Quick mode (`--quick`): smaller inputs, for checking that a benchmark runs. */
  quick: boolean;
  log(message: string): void;
}

export interface Timing {
  median: number;
  min: number;
  mean: number;
  runs: number[];
}

/** Runs `fn` `runs` times (after `warmup` unmeasured runs) and returns milliseconds. */
export async function timeIt(fn: () => unknown, runs = 5, warmup = 1): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    median: sorted[Math.floor(sorted.length / 2)]!,
    min: sorted[0]!,
    mean: samples.reduce((a, b) => a + b, 0) / samples.length,
    runs: samples,
  };
}

/** Alternates two measurements so that drift (thermal, page cache, other load) hits both alike. */
export async function compare(a: () => unknown, b: () => unknown, rounds = 5, warmup = 1): Promise<[Timing, Timing]> {
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < warmup; i++) {
    await a();
    await b();
  }
  for (let i = 0; i < rounds; i++) {
    let t = performance.now();
    await a();
    ta.push(performance.now() - t);
    t = performance.now();
    await b();
    tb.push(performance.now() - t);
  }
  return [stats(ta), stats(tb)];
}

/**
 * Alternates blocks of runs instead of single runs: each side is timed in its own steady state. Used
 * where the two sides differ a lot in how much memory they touch: one run of the language service
 * evicts our 1 MB object graph from the CPU caches, so strict alternation would time cache misses.
 */
export async function compareInBlocks(a: () => unknown, b: () => unknown, blocks = 3, perBlock = 5, warmup = 2): Promise<[Timing, Timing]> {
  const ta: number[] = [];
  const tb: number[] = [];
  for (let k = 0; k < blocks; k++) {
    for (const [fn, out] of [[a, ta], [b, tb]] as const) {
      for (let i = 0; i < warmup; i++) await fn();
      for (let i = 0; i < perBlock; i++) {
        const t = performance.now();
        await fn();
        out.push(performance.now() - t);
      }
    }
  }
  return [stats(ta), stats(tb)];
}

function stats(s: number[]): Timing {
  const sorted = [...s].sort((x, y) => x - y);
  return { median: sorted[Math.floor(s.length / 2)]!, min: sorted[0]!, mean: s.reduce((x, y) => x + y, 0) / s.length, runs: s };
}

export function machine() {
  return { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.arch()}` };
}
