/**
 * Importing CEF syslog: 100 000 lines (10 000 alerts, each a "new" line and nine "update" lines) into an
 * empty folder, against a floor measured in the same run: reading the same file line by line and writing
 * as many JSON files of the same average size with fs.writeFileSync. Each run is its own child process
 * (bench/importChild.ts, bundled with esbuild) reporting its time and peak RSS; ours and the floor
 * alternate. A second input with twice the lines for the same alerts shows memory does not grow with lines.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchContext, BenchReport } from './harness';
import { LAZY_BUNDLES } from '../scripts/lazy-bundles.mjs';

interface ChildResult {
  mode: 'ours' | 'floor';
  ms: number;
  cpuMs: number;
  maxRssMB: number;
  lines: number;
  files: number;
  bytes: number;
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
const alertId = (n: number) => `${hex(n, 8)}-1d2e-4f3a-8b4c-${hex(n * 7919, 12)}`;

/**
 * `alerts` alerts with `perAlert` lines each, over 2 000 hosts and 3 000 users; lines of one alert interleave
 * with others. Each alert names the same ten users however many lines it has (line n names user n mod 10), so
 * inputs with more lines for the same alerts give fixtures of the same size: their memory can be compared.
 */
export function cefInput(alerts: number, perAlert: number): string {
  const types = [
    ['2003', 'AccountEnumerationSecurityAlert', 'Account enumeration reconnaissance', 'attackedAccount'],
    ['2004', 'LdapBruteForceSecurityAlert', 'Suspected Brute Force attack (LDAP)', 'attackedAccount'],
    ['2007', 'DnsReconnaissanceSecurityAlert', 'Network mapping reconnaissance (DNS)', 'sourceUser'],
    ['2017', 'PassTheHashSecurityAlert', 'Suspected identity theft (pass-the-hash)', 'sourceUser'],
  ];
  const out: string[] = [];
  for (let round = 0; round < perAlert; round++) {
    for (let a = 0; a < alerts; a++) {
      const [ext, type, name] = types[a % types.length]!;
      const host = `WS-${hex((a * 31) % 2000, 4).toUpperCase()}`;
      const user = `user${(a * 17 + (round % 10)) % 3000}`;
      const start = new Date(Date.UTC(2025, 0, 1) + a * 60_000).toISOString().replace('Z', '0000Z');
      out.push(`${start.slice(0, 10)} CENTER CEF:0|Microsoft|Azure ATP|2.56.0.0|${type}|${name}|5|start=${start} app=Kerberos shost=${host} suser=CONTOSO\\${user} ` +
        `msg=${host} acted against ${user} (round ${round}). externalId=${ext} cs1Label=url cs1=https\\://contoso-corp.atp.azure.com/securityAlert/${alertId(a)} cs2Label=trigger cs2=${round ? 'update' : 'new'}`);
    }
  }
  return out.join('\n') + '\n';
}

async function bundleChild(ctx: BenchContext, dir: string): Promise<string> {
  const esbuild = require('esbuild') as typeof import('esbuild');
  const outfile = path.join(dir, 'import-child.js');
  await esbuild.build({
    entryPoints: [path.join(ctx.root, 'bench', 'importChild.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', mainFields: ['module', 'main'],
    outfile, logLevel: 'error', absWorkingDir: ctx.root, external: LAZY_BUNDLES,
  });
  // The validators the merge checks every document with: their own bundle beside the child, as beside the CLI.
  await esbuild.build({
    entryPoints: [path.join(ctx.root, 'src', 'core', 'validation', 'bundle.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', mainFields: ['module', 'main'],
    outfile: path.join(dir, 'validation.js'), logLevel: 'error', absWorkingDir: ctx.root,
  });
  return outfile;
}

function runChild(ctx: BenchContext, child: string, args: string[]): ChildResult {
  const out = execFileSync(process.execPath, [child, ...args], { cwd: ctx.root, encoding: 'utf8', maxBuffer: 1 << 20 });
  const r = JSON.parse(out.trim().split('\n').at(-1)!) as ChildResult;
  ctx.log(`${r.mode}: ${(r.ms / 1000).toFixed(2)} s (CPU ${(r.cpuMs / 1000).toFixed(2)} s), ${r.lines} lines, ${r.files} files, peak RSS ${r.maxRssMB.toFixed(0)} MB`);
  // The output stays until the bench ends. Deleted here, it slowed the next run down by up to ten times: this
  // disk's ext4 has no journal, and then for several seconds a new inode is allocated only after skipping every
  // recently deleted one, a buffer lookup each (perf: recently_deleted under __ext4_new_inode).
  return r;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export default async function importBench(ctx: BenchContext): Promise<BenchReport> {
  const alerts = ctx.quick ? 1_000 : 10_000;
  const rounds = ctx.quick ? 1 : 5;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-import-bench-'));
  try {
    const child = await bundleChild(ctx, dir);
    const input = path.join(dir, 'mdi.log');
    fs.writeFileSync(input, cefInput(alerts, 10));
    const double = path.join(dir, 'mdi-double.log');
    fs.writeFileSync(double, cefInput(alerts, 20));
    ctx.log(`input: ${(alerts * 10).toLocaleString('en-US')} lines, ${(fs.statSync(input).size / 1048576).toFixed(1)} MB`);
    const ours: ChildResult[] = [];
    const floor: ChildResult[] = [];
    const loadBefore = os.loadavg()[0]!;
    // The floor writes as many files of the same average size as ours: one run of ours sizes it.
    const sizing = runChild(ctx, child, ['ours', input, path.join(dir, 'ours-sizing')]);
    const floorArgs = (i: number) => ['floor', input, path.join(dir, `floor-${i}`), String(sizing.files), String(Math.round(sizing.bytes / sizing.files))];
    for (let i = 0; i < rounds; i++) {
      // Alternating which goes first, so that neither always runs after the other's disk writes.
      if (i % 2) floor.push(runChild(ctx, child, floorArgs(i)));
      ours.push(runChild(ctx, child, ['ours', input, path.join(dir, `ours-${i}`)]));
      if (!(i % 2)) floor.push(runChild(ctx, child, floorArgs(i)));
    }
    const loadAfter = os.loadavg()[0]!;
    const ratios = ours.map((r, i) => r.ms / floor[i]!.ms);
    const ratio = median(ratios);
    const doubled = runChild(ctx, child, ['ours', double, path.join(dir, 'ours-double')]);
    const oursMs = median(ours.map((r) => r.ms));
    const floorMs = median(floor.map((r) => r.ms));
    const lines = ours[0]!.lines;
    const oursRss = Math.max(...ours.map((r) => r.maxRssMB));
    return {
      name: 'import',
      title: `CEF import of ${lines.toLocaleString('en-US')} lines (${alerts.toLocaleString('en-US')} alerts with updates) into an empty folder`,
      rows: [
        {
          what: `import time, median of ${rounds}`, value: Math.round(oursMs), unit: 'ms',
          baseline: { what: `floor: read the file + writeFileSync ${ours[0]!.files.toLocaleString('en-US')} JSON files`, value: Math.round(floorMs) },
        },
        { what: `ratio to the floor (median of the ${rounds} per-round ratios)`, value: Number(ratio.toFixed(2)), unit: '×', target: '≤ 2×', met: ratio <= 2 },
        {
          what: 'CPU time (user + system), median', value: Math.round(median(ours.map((r) => r.cpuMs))), unit: 'ms',
          baseline: { what: 'floor', value: Math.round(median(floor.map((r) => r.cpuMs))) },
        },
        { what: 'lines per second', value: Math.round(lines / (oursMs / 1000)), unit: 'lines/s', baseline: { what: 'floor', value: Math.round(lines / (floorMs / 1000)) } },
        { what: 'peak RSS of the importing process', value: Math.round(oursRss), unit: 'MB', baseline: { what: 'floor', value: Math.round(Math.max(...floor.map((r) => r.maxRssMB))) } },
        {
          what: `peak RSS with twice the lines (${doubled.lines.toLocaleString('en-US')}) for the same alerts`, value: Math.round(doubled.maxRssMB), unit: 'MB',
          baseline: { what: `${lines.toLocaleString('en-US')} lines`, value: Math.round(oursRss) },
          target: 'memory independent of the input size (within 15%)', met: doubled.maxRssMB <= oursRss * 1.15,
        },
      ],
      notes: [
        `Per-round ratios: ${ratios.map((r) => r.toFixed(2)).join(', ')}; load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after. Each round's pair runs back to back, and the ratio is the median of the pairs'.`,
        'No run follows the deletion of another run\'s files (all are deleted when the bench ends): on this disk (ext4 without a journal) creating files within seconds of deleting thousands costs up to ten times more, which earlier rounds of this bench charged to whichever run came next.',
        `Each run is its own child process (bundled with esbuild, as the CLI is) timed from opening the input to the last file written; ours and the floor alternate ${rounds}×.`,
        `Ours writes ${ours[0]!.files.toLocaleString('en-US')} files (alerts and name-only entities), schema-checked first; into an empty folder its new \`alerts/\` and \`entities/\` are filled as hidden staging folders and renamed into place whole (into existing folders, each file goes through a temporary file and a rename). The floor writes the same number of files of the same average size directly.`,
        'Memory grows with the number of distinct alerts held for merging (their updates arrive later in the stream), not with the number of lines.',
      ],
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
