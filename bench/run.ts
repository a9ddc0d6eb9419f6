/**
 * `npm run bench [-- name...] [--quick]`: runs bench/*.bench.ts, writes bench/results/<name>.json and
 * the results tables into bench/README.md between the bench markers. `--tables` only rewrites the tables
 * from the stored results (after merging results from several branches).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { machine, type BenchReport, type BenchContext } from './harness';

const ROOT = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const wanted = args.filter((a) => !a.startsWith('--'));
const benchDir = path.join(ROOT, 'bench');
const resultsDir = path.join(benchDir, 'results');

async function main() {
  if (args.includes('--tables')) return updateReadme();
  const all = fs.readdirSync(benchDir).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace(/\.bench\.ts$/, ''));
  const names = wanted.length ? all.filter((n) => wanted.includes(n)) : all;
  if (wanted.length && names.length !== wanted.length) {
    console.error(`Unknown benchmark(s): ${wanted.filter((w) => !all.includes(w)).join(', ')}. Known: ${all.join(', ')}`);
    process.exit(2);
  }
  fs.mkdirSync(resultsDir, { recursive: true });
  const ctx: BenchContext = { root: ROOT, quick, log: (m) => console.log(`  ${m}`) };
  let failed = 0;
  for (const name of names) {
    console.log(`bench ${name}${quick ? ' (quick)' : ''}`);
    const started = Date.now();
    try {
      const mod = await import(pathToFileURL(path.join(benchDir, `${name}.bench.ts`)).href);
      const run = (mod.default?.default ?? mod.default) as (c: BenchContext) => Promise<BenchReport>;
      const report = await run(ctx);
      for (const r of report.rows) console.log(`  ${r.what}: ${fmt(r.value)} ${r.unit}${r.target ? ` (target ${r.target}: ${r.met ? 'met' : 'NOT met'})` : ''}`);
      if (!quick) {
        const out = { ...report, date: new Date().toISOString(), machine: machine(), durationMs: Date.now() - started };
        fs.writeFileSync(path.join(resultsDir, `${name}.json`), JSON.stringify(out, null, 2) + '\n');
      }
    } catch (err) {
      failed++;
      console.error(`  failed: ${(err as Error).stack ?? err}`);
    }
  }
  if (!quick) updateReadme();
  process.exitCode = failed ? 1 : 0;
}

const fmt = (v: number) => (Number.isInteger(v) ? v.toLocaleString('en-US') : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));

/** Rewrites the tables of bench/README.md from every stored result. */
function updateReadme() {
  const readme = path.join(ROOT, 'bench', 'README.md');
  if (!fs.existsSync(readme)) return;
  const text = fs.readFileSync(readme, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) return;
  const reports = fs.readdirSync(resultsDir).filter((f) => f.endsWith('.json')).sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(resultsDir, f), 'utf8')) as BenchReport & { date: string; machine: ReturnType<typeof machine> });
  const parts: string[] = [];
  for (const r of reports) {
    parts.push(`#### ${r.title}\n`);
    parts.push(`_${r.date.slice(0, 10)}, ${r.machine.cpus} cores (${r.machine.cpuModel.trim()}), Node ${r.machine.node}; \`bench/results/${r.name}.json\`_\n`);
    parts.push('| measurement | result | baseline (same run) | target |');
    parts.push('|---|---:|---|---|');
    for (const row of r.rows) {
      const base = row.baseline ? `${row.baseline.what}: ${fmt(row.baseline.value)} ${row.unit}` : '';
      const target = row.target ? `${row.target} — ${row.met ? '**met**' : '**not met**'}` : '';
      parts.push(`| ${row.what} | ${fmt(row.value)} ${row.unit} | ${base} | ${target} |`);
    }
    if (r.notes?.length) parts.push('', ...r.notes.map((n) => `- ${n}`));
    parts.push('');
  }
  fs.writeFileSync(readme, text.slice(0, a + start.length) + '\n' + parts.join('\n') + '\n' + text.slice(b));
}

void main();
