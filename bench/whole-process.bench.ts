/**
 * What a user waits for, measured from the outside: whole processes, each against its yardstick in the
 * same run, alternated so that the load of a shared machine hits both alike.
 *  - `atp-workbench validate` of the samples copied 455 times (66 430 files with the 146 sample fixtures
 *    of today; the report counts them) vs a process that only reads and JSON.parses every file (values
 *    kept), and vs vscode-json-languageservice's parse +
 *    doValidation over the same files with the same schemas (no cross-file checks);
 *  - `validate` of a 70 MB alert (100 000 network activities) with 15 unresolved entities vs the same
 *    alert without problems: time and peak RSS.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BenchContext, BenchReport, BenchRow } from './harness';
import { bigAlertWorkspace } from './bigAlertWorkspace';
import { countFixtures, samplesWorkspace } from './samplesWorkspace';
import { LAZY_BUNDLES } from '../scripts/lazy-bundles.mjs';
import { DEFAULT_PARALLEL_MIN_FILES, threadCount } from '../src/core/validation/parallelValidation';

interface Run {
  ms: number;
  rssMB: number;
  /** User + system CPU time of the process, ms. */
  cpuMs: number;
  code: number | null;
}

/** Bundles the CLI and the yardstick child as the build bundles the CLI (no TypeScript loader in any run). */
async function bundle(ctx: BenchContext, dir: string): Promise<{ cli: string; child: string; preload: string }> {
  const esbuild = require('esbuild') as typeof import('esbuild');
  const common = { bundle: true, platform: 'node' as const, target: 'node20', format: 'cjs' as const, mainFields: ['module', 'main'], logLevel: 'error' as const, absWorkingDir: ctx.root };
  const cli = path.join(dir, 'cli.js');
  const child = path.join(dir, 'whole-process-child.js');
  await esbuild.build({ ...common, entryPoints: [path.join(ctx.root, 'src', 'cli', 'main.ts')], outfile: cli, external: LAZY_BUNDLES, minify: true });
  await esbuild.build({ ...common, entryPoints: [path.join(ctx.root, 'src', 'core', 'validation', 'bundle.ts')], outfile: path.join(dir, 'validation.js'), minify: true });
  // The worker threads `validate` starts on big inputs, beside the CLI as the build puts them.
  await esbuild.build({ ...common, entryPoints: [path.join(ctx.root, 'src', 'core', 'validation', 'validateWorker.ts')], outfile: path.join(dir, 'validate-worker.js'), external: LAZY_BUNDLES, minify: true });
  await esbuild.build({ ...common, entryPoints: [path.join(ctx.root, 'bench', 'wholeProcessChild.ts')], outfile: child, minify: true });
  // Every measured process reports its own peak RSS on exit, the same way.
  const preload = path.join(dir, 'peak-rss.js');
  fs.writeFileSync(preload, "process.on('exit', () => { const u = process.resourceUsage(); require('fs').writeFileSync(process.env.ATP_BENCH_RSS_OUT, `${u.maxRSS / 1024} ${(u.userCPUTime + u.systemCPUTime) / 1000}`); });\n");
  return { cli, child, preload };
}

function run(preload: string, dir: string, args: string[]): Run {
  const rssFile = path.join(dir, 'rss.txt');
  fs.rmSync(rssFile, { force: true });
  const started = performance.now();
  const r = spawnSync(process.execPath, ['--require', preload, ...args], { env: { ...process.env, ATP_BENCH_RSS_OUT: rssFile }, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 << 20 });
  const ms = performance.now() - started;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}: ${String(r.stderr).slice(0, 500)}`);
  const [rss, cpu] = fs.readFileSync(rssFile, 'utf8').split(' ').map(Number);
  return { ms, rssMB: rss!, cpuMs: cpu!, code: r.status };
}

/** Minified sizes of the extension's bundles, built as `node scripts/build.mjs --production` builds them. */
async function bundleSizes(ctx: BenchContext, dir: string): Promise<Record<string, number>> {
  const esbuild = require('esbuild') as typeof import('esbuild');
  const options = { bundle: true, minify: true, legalComments: 'none' as const, platform: 'node' as const, target: 'node20', format: 'cjs' as const, mainFields: ['module', 'main'], logLevel: 'error' as const, absWorkingDir: ctx.root, metafile: true };
  const entries: [string, string, string[]][] = [
    ['extension', 'src/extension/main.ts', ['vscode', ...LAZY_BUNDLES]],
    ['validation', 'src/core/validation/bundle.ts', []],
    ['schema-assist', 'src/core/validation/assistBundle.ts', []],
  ];
  const sizes: Record<string, number> = {};
  for (const [name, entry, external] of entries) {
    const outfile = path.join(dir, 'sizes', `${name}.js`);
    await esbuild.build({ ...options, entryPoints: [path.join(ctx.root, entry)], outfile, external });
    sizes[name] = fs.statSync(outfile).size;
  }
  return sizes;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const spread = (xs: number[]) => `${Math.round(Math.min(...xs))}–${Math.round(Math.max(...xs))}`;
const round = (v: number) => Math.round(v * 100) / 100;
const cpu = (runs: Run[]) => (runs.length ? (median(runs.map((r) => r.cpuMs)) / 1000).toFixed(2) : '–');

export default async function wholeProcessBench(ctx: BenchContext): Promise<BenchReport> {
  const rounds = ctx.quick ? 1 : 5;
  const copies = ctx.quick ? 20 : 455;
  const activities = ctx.quick ? 10_000 : 100_000;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-whole-process-'));
  try {
    const { cli, child, preload } = await bundle(ctx, dir);
    const ws = samplesWorkspace(ctx.root, path.join(ctx.root, 'samples'), copies);
    const generated = path.join(ctx.root, 'bench', 'generated');
    const clean = bigAlertWorkspace(path.join(generated, `big-alert-${activities}-clean`), activities, 0);
    const broken = bigAlertWorkspace(path.join(generated, `big-alert-${activities}-15`), activities, 15);
    const validateArgs = (folder: string) => [cli, 'validate', folder, '--max-file-size', '256'];

    const ours: Run[] = [];
    const floor: Run[] = [];
    const service: Run[] = [];
    for (let i = 0; i < rounds; i++) {
      floor.push(run(preload, dir, [child, 'floor', ws]));
      ours.push(run(preload, dir, validateArgs(ws)));
      if (i < Math.min(rounds, 3)) service.push(run(preload, dir, [child, 'langservice', ws]));
      ctx.log(`round ${i + 1}: floor ${Math.round(floor[i]!.ms)} ms (CPU ${Math.round(floor[i]!.cpuMs)}), ours ${Math.round(ours[i]!.ms)} ms (CPU ${Math.round(ours[i]!.cpuMs)})${service[i] ? `, language service ${Math.round(service[i]!.ms)} ms` : ''}; load ${os.loadavg()[0]!.toFixed(2)}`);
    }
    const withProblems: Run[] = [];
    const without: Run[] = [];
    for (let i = 0; i < rounds; i++) {
      without.push(run(preload, dir, validateArgs(clean)));
      withProblems.push(run(preload, dir, validateArgs(broken)));
      ctx.log(`big alert round ${i + 1}: without problems ${Math.round(without[i]!.ms)} ms ${Math.round(without[i]!.rssMB)} MB, with 15 ${Math.round(withProblems[i]!.ms)} ms ${Math.round(withProblems[i]!.rssMB)} MB`);
    }
    if (without.some((r) => r.code !== 0) || withProblems.some((r) => r.code !== 1)) throw new Error('the big alert workspaces do not validate as expected');

    // Ratios per round (each pair ran back to back), then their median: steadier than a ratio of medians
    // when the machine's load drifts between rounds.
    const paired = (a: Run[], b: Run[]) => median(a.slice(0, b.length).map((r, i) => r.ms / b[i]!.ms));
    const files = countFixtures(ws);
    const oursMs = median(ours.map((r) => r.ms));
    const floorMs = median(floor.map((r) => r.ms));
    const serviceMs = median(service.map((r) => r.ms));
    const bigMs = median(withProblems.map((r) => r.ms));
    ctx.log(`per-round ratios: CLI/floor ${ours.map((r, i) => round(r.ms / floor[i]!.ms)).join(', ')}; service/CLI ${service.map((r, i) => round(r.ms / ours[i]!.ms)).join(', ')}`);
    const cleanMs = median(without.map((r) => r.ms));
    const bigRss = median(withProblems.map((r) => r.rssMB));
    const cleanRss = median(without.map((r) => r.rssMB));
    const sizes = await bundleSizes(ctx, dir);
    const bigMB = (fs.statSync(path.join(clean, 'big.alert.json')).size / 1024 / 1024).toFixed(0);
    const rows: BenchRow[] = [
      {
        what: `CLI validate, ${files.toLocaleString('en-US')} files (samples ×${copies}), whole process, median of ${rounds}`, value: Math.round(oursMs), unit: 'ms',
        baseline: { what: 'a process that reads + JSON.parses every file (values kept)', value: Math.round(floorMs) },
      },
      { what: 'CLI validate ÷ read+parse floor (median of per-round ratios)', value: round(paired(ours, floor)), unit: '×', target: '≤ 1.3×', met: paired(ours, floor) <= 1.3 },
      { what: 'peak RSS of CLI validate', value: Math.round(median(ours.map((r) => r.rssMB))), unit: 'MB', baseline: { what: 'read+parse floor', value: Math.round(median(floor.map((r) => r.rssMB))) } },
      {
        what: `vscode-json-languageservice parse + doValidation over the same files, median of ${service.length}`, value: Math.round(serviceMs), unit: 'ms',
        baseline: { what: 'CLI validate', value: Math.round(oursMs) },
      },
      { what: 'language service ÷ CLI validate (median of per-round ratios)', value: round(paired(service, ours)), unit: '×', target: '≥ 5× faster', met: paired(service, ours) >= 5 },
      {
        what: `CLI validate of a ${bigMB} MB alert (${activities.toLocaleString('en-US')} network activities) with 15 unresolved entities`, value: Math.round(bigMs), unit: 'ms',
        baseline: { what: 'the same alert without problems', value: Math.round(cleanMs) }, target: '≤ 1.2×', met: paired(withProblems, without) <= 1.2,
      },
      { what: 'with problems ÷ without (time, median of per-round ratios)', value: round(paired(withProblems, without)), unit: '×' },
      {
        what: 'peak RSS, the alert with 15 problems', value: Math.round(bigRss), unit: 'MB',
        baseline: { what: 'without problems', value: Math.round(cleanRss) }, target: '≤ 1.2×', met: bigRss / cleanRss <= 1.2,
      },
      { what: 'dist/extension.js, minified (what activation loads)', value: Math.round(sizes.extension! / 1024), unit: 'KB', target: '≤ 400 KB', met: sizes.extension! <= 400 * 1024 },
      { what: 'dist/validation.js, minified (loaded on the first validation)', value: Math.round(sizes.validation! / 1024), unit: 'KB' },
      { what: 'dist/schema-assist.js, minified (loaded on the first hover or completion)', value: Math.round(sizes['schema-assist']! / 1024), unit: 'KB' },
    ];
    return {
      name: 'whole-process',
      title: `Whole processes: CLI validate of a ${Math.round(files / 1000)} k-file workspace, a 70 MB alert with and without problems`,
      rows,
      notes: [
        `Each run is a separate \`node\` process (CLI and yardsticks bundled with esbuild, minified); wall time from spawn to exit, peak RSS from the process itself on exit. Pairs alternate, ${rounds} rounds.`,
        `The CLI checks inputs of ${DEFAULT_PARALLEL_MIN_FILES} files or more on ${threadCount({})} worker threads (os.availableParallelism()); the yardsticks use one thread. CPU time (user + system, whole process, median): CLI ${cpu(ours)} s, floor ${cpu(floor)} s, language service ${cpu(service)} s.`,
        `Load average when the run ended: ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}.`,
        `Spread (min–max, ms): CLI ${spread(ours.map((r) => r.ms))}, floor ${spread(floor.map((r) => r.ms))}, language service ${spread(service.map((r) => r.ms))}, big alert with problems ${spread(withProblems.map((r) => r.ms))}, without ${spread(without.map((r) => r.ms))}.`,
        'Activation time is measured in the real extension host by test/host/lean-activation.test.js (it prints activate() and the load of dist/extension.js).',
        'A shared machine makes absolute numbers noisy; the same-run ratios less so.',
      ],
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
