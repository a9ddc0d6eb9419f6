// `npm test`: every tier in order, output streamed, none skipped because an earlier one failed:
//   install (real VS Code) -> build -> typecheck -> lint -> unit -> host (extension host, all pinned versions)
//   -> multi-root (the host suite in test/host/multi-root on a two-folder workspace)
//   -> untrusted (the host suite in test/host/untrusted, the folder opened in Restricted Mode) -> ui.
// Ends with a table of tiers and, as the very last line, the grand total of tests: "N passed, N failed".
// A tier that fails without reporting test counts (build, typecheck, lint, a crash) counts as 1 failed,
// and so does a tier whose configuration or tests are missing: nothing is ever "skipped".
// Exit 1 if any tier failed.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const exists = (p) => fs.existsSync(path.join(ROOT, p));
const listTests = (dir, suffix) =>
  (exists(dir) ? fs.readdirSync(path.join(ROOT, dir)).filter((f) => f.endsWith(suffix)).sort() : [])
    .map((f) => `${dir}/${f}`);

const unitFiles = listTests('test/unit', '.test.ts');
const uiFiles = listTests('test/e2e', '.test.mjs');

// kind: how counts are read from the output. 'node' = node:test summary, 'host' = run-host-tests' last line.
const tiers = [
  { name: 'install', cmd: 'bash', args: ['scripts/install-vscode.sh'] },
  { name: 'build', cmd: 'node', args: ['scripts/build.mjs'] },
  { name: 'typecheck', cmd: 'npm', args: ['run', '--silent', 'typecheck'], missing: !exists('tsconfig.json') && 'no tsconfig.json' },
  { name: 'lint', cmd: 'npx', args: ['eslint', '--no-error-on-unmatched-pattern', 'src', 'test', 'bench', 'scripts'], missing: !exists('eslint.config.mjs') && 'no eslint.config.mjs' },
  { name: 'unit', cmd: 'node', args: ['--import', 'tsx', '--test', ...unitFiles], kind: 'node', missing: !unitFiles.length && 'no test/unit/*.test.ts' },
  { name: 'host', cmd: 'node', args: ['test/run-host-tests.mjs'], kind: 'host' },
  { name: 'multi-root', cmd: 'node', args: ['test/run-host-tests.mjs', '--multi-root'], kind: 'host' },
  { name: 'untrusted', cmd: 'node', args: ['test/run-host-tests.mjs', '--untrusted'], kind: 'host' },
  { name: 'ui', cmd: 'node', args: ['--test', '--test-concurrency=1', ...uiFiles], kind: 'node', missing: !uiFiles.length && 'no test/e2e/*.test.mjs' },
];

function run(tier) {
  return new Promise((resolve) => {
    const counts = { pass: null, fail: null };
    const scan = (line) => {
      let m;
      if (tier.kind === 'node' && (m = /^(?:#|ℹ)\s+(pass|fail)\s+(\d+)\s*$/.exec(line))) counts[m[1]] = Number(m[2]);
      if (tier.kind === 'host' && (m = /^(\d+) passed, (\d+) failed\s*$/.exec(line))) {
        counts.pass = Number(m[1]); counts.fail = Number(m[2]);
      }
    };
    const child = spawn(tier.cmd, tier.args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    for (const [stream, out] of [[child.stdout, process.stdout], [child.stderr, process.stderr]]) {
      let buf = '';
      stream.on('data', (d) => {
        out.write(d);
        buf += d.toString();
        const lines = buf.split('\n');
        buf = lines.pop();
        for (const l of lines) scan(l.replace(/\r$/, ''));
      });
      stream.on('end', () => { if (buf) scan(buf); });
    }
    child.on('error', (e) => { console.error(`[test] ${tier.name}: ${e.message}`); });
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), counts }));
  });
}

// `--only typecheck,lint` runs just those tiers (what a change needs; the full run is the default).
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg > 0 ? new Set(process.argv[onlyArg + 1]?.split(',')) : undefined;
const unknown = only ? [...only].filter((n) => !tiers.some((t) => t.name === n)) : [];
if (unknown.length) {
  console.error(`[test] unknown tier(s) ${unknown.join(', ')}: use ${tiers.map((t) => t.name).join(', ')}`);
  process.exit(2);
}

const results = [];
const tAll = Date.now();
for (const tier of tiers.filter((t) => !only || only.has(t.name))) {
  if (tier.missing) {
    console.log(`\n=== [test] ${tier.name}: FAIL (${tier.missing}) ===`);
    results.push({ name: tier.name, status: 'FAIL', seconds: 0, pass: 0, fail: 1, note: tier.missing });
    continue;
  }
  console.log(`\n=== [test] ${tier.name}: ${[tier.cmd, ...tier.args].join(' ')} ===`);
  const t0 = Date.now();
  const { code, counts } = await run(tier);
  const seconds = (Date.now() - t0) / 1000;
  let pass = counts.pass ?? 0;
  let fail = counts.fail ?? 0;
  if (code !== 0 && fail === 0) fail = 1; // failed without saying which test: count the tier itself
  results.push({ name: tier.name, status: code === 0 ? 'pass' : 'FAIL', seconds, pass, fail, counted: counts.pass !== null || counts.fail !== null });
  console.log(`=== [test] ${tier.name}: ${code === 0 ? 'pass' : `FAIL (exit ${code})`} in ${seconds.toFixed(1)}s ===`);
}

const pad = (s, n) => String(s).padEnd(n);
console.log(`\n[test] summary (${((Date.now() - tAll) / 1000).toFixed(1)}s)`);
console.log(`  ${pad('tier', 10)} ${pad('result', 8)} ${pad('time', 8)} tests`);
for (const r of results) {
  const tests = r.note ? r.note : r.counted ? `${r.pass} passed, ${r.fail} failed` : (r.fail ? 'tier failed' : '-');
  console.log(`  ${pad(r.name, 10)} ${pad(r.status, 8)} ${pad(`${r.seconds.toFixed(1)}s`, 8)} ${tests}`);
}
const passed = results.reduce((a, r) => a + r.pass, 0);
const failed = results.reduce((a, r) => a + r.fail, 0);
const anyFailed = results.some((r) => r.status === 'FAIL');
console.log(`${passed} passed, ${failed} failed`);
process.exit(anyFailed ? 1 : 0);
