// Runs the mocha suite test/host/index.ts INSIDE the real VS Code Node extension host (like @vscode/test-electron
// would), through the VS Code server + headless chromium, once per code-server version, sequentially.
//   node test/run-host-tests.mjs [folder | --folder DIR]
// env: CODE_SERVER_VERSIONS ("4.139.1 4.100.3" by default), VSCODE_TEST_FOLDER (default samples/),
//      VSCODE_TEST_GREP (mocha grep), HOST_TEST_TIMEOUT_MS (per version, default 300000),
//      VSCODE_E2E_KEEP=1 (keep the server's temp dir and log), VSCODE_TEST_VERBOSE=1 (all workbench log lines).
// The extension under test is the built bundle (package.json main = dist/extension.js): build first.
// The tests themselves are TypeScript (test/host/**/*.ts, checked by test/host/tsconfig.json); each run compiles
// them file by file with esbuild into out/host-tests/ (a plain .js test there is carried over as it is).
// Last line: "N passed, N failed" (summed over versions); exit 1 on any failure or timeout.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildSync } from 'esbuild';
import { ROOT, selectedVersions, startServer, workbenchUrl, launchBrowser, installInfo } from './lib/vscode-web.mjs';

const { values, positionals } = parseArgs({ options: { folder: { type: 'string' }, 'multi-root': { type: 'boolean', default: false }, untrusted: { type: 'boolean', default: false } }, allowPositionals: true });
// --multi-root: the suite in test/host/multi-root/ on a workspace of two folders (a copy of the folder, and a
// small second folder with alerts of its own), opened through a .code-workspace file.
const MULTI_ROOT = values['multi-root'];
// --untrusted: the suite in test/host/untrusted/ with workspace trust on, so the copy opens in Restricted Mode.
// The copy gets workspace settings naming an extra schema, which Restricted Mode must not apply.
const UNTRUSTED = values.untrusted;
const SUITE = MULTI_ROOT ? 'multi-root' : UNTRUSTED ? 'untrusted' : '';
const folder = path.resolve(values.folder || positionals[0] || process.env.VSCODE_TEST_FOLDER || path.join(ROOT, 'samples'));
const testsPath = path.join(compileHostTests(), 'index.js');
const TIMEOUT_MS = Number(process.env.HOST_TEST_TIMEOUT_MS || 300000);
const versions = selectedVersions();
// Workbench chatter forwarded with the extension host's output; VSCODE_TEST_VERBOSE=1 shows it all.
const VERBOSE = !!process.env.VSCODE_TEST_VERBOSE;
const NOISE = /open-vsx\.org|^(Resolving|Resolved) connection token|^Creating a socket|^\[reconnection-grace-time\]|^Updating additional builtin extensions cache|^\[Service Worker\]|^\[AgentHost:|^\[AccountPolicyGate\]/;

const main = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).main || './dist/extension.js';
if (!fs.existsSync(path.join(ROOT, main))) {
  console.warn(`[host-tests] warning: ${main} does not exist (run "node scripts/build.mjs" first); activation will fail`);
}
if (!fs.existsSync(folder)) console.warn(`[host-tests] warning: folder ${folder} does not exist`);

async function runVersion(version) {
  const t0 = Date.now();
  const secs = () => ((Date.now() - t0) / 1000).toFixed(1);
  const lap = (m) => console.log(`[host-tests ${version} ${secs()}s] ${m}`);
  const failure = (title, error) => ({ passes: 0, failures: 1, failed: [{ title, error }] });
  try { installInfo(version); } catch (e) { lap(e.message); return failure('install', e.message); }

  const resultsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-host-results-'));
  const resultsFile = path.join(resultsDir, 'results.json');
  // Tests write files (live updates, verdicts, exports): they get a private copy of the folder, never the original.
  const workspace = path.join(resultsDir, path.basename(folder));
  fs.cpSync(folder, workspace, { recursive: true });
  const workspaceFile = MULTI_ROOT ? writeMultiRootWorkspace(resultsDir, workspace) : undefined;
  if (UNTRUSTED) writeHouseSchemaSettings(workspace);
  let server, browser, code, keep = false;
  try {
    server = await startServer({
      version,
      env: {
        VSCODE_TEST_RESULTS: resultsFile, ATP_TEST_REPO_ROOT: ROOT, ATP_TEST_ORIGINAL_FOLDER: folder, ATP_TEST_NODE: process.execPath,
        ATP_HOST_SUITE: SUITE,
      },
      workspaceTrust: UNTRUSTED,
    });
    lap(`VS Code ${server.info.vscodeVersion} server on ${server.authority} (log: ${server.logFile})`);
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // Hooks the workbench calls in an automated window (the same ones @vscode/test-web uses).
    let onExit;
    const exited = new Promise((resolve) => { onExit = resolve; });
    await page.exposeFunction('codeAutomationLog', (_type, args) => {
      const parts = Array.isArray(args) ? args : [args];
      if (!VERBOSE && NOISE.test(parts.join(' '))) return;
      console.log(...parts);
    });
    await page.exposeFunction('codeAutomationExit', (c) => onExit(c));
    await page.goto(workbenchUrl(server, { folder: workspace, workspace: workspaceFile, devPath: ROOT, testsPath }));
    let timer;
    code = await Promise.race([
      exited,
      server.exited.then((c) => `server exited (${c})`),
      new Promise((r) => { timer = setTimeout(() => r('timeout'), TIMEOUT_MS); }),
    ]);
    clearTimeout(timer);
    if (code !== 0 && code !== 1) {
      keep = true;
      const shot = path.join(server.tmp, 'timeout.png');
      await page.screenshot({ path: shot }).catch(() => {});
      lap(`no result (${code === 'timeout' ? `timed out after ${TIMEOUT_MS} ms` : code}); screenshot ${shot}, server log ${server.logFile}`);
    } else {
      lap(`extension host tests finished with code ${code}`);
    }
  } catch (e) {
    keep = true;
    lap(`error: ${e.message}${server ? ` (server log: ${server.logFile})` : ''}`);
    code = 'error';
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop({ keep: keep || undefined });
  }
  let r = null;
  try { r = JSON.parse(fs.readFileSync(resultsFile, 'utf8')); } catch { /* no results written */ }
  fs.rmSync(resultsDir, { recursive: true, force: true });
  if (!r) return failure(`host tests on ${version}`, `no results (exit code ${code})`);
  if (code !== 0 && r.failures === 0) { r.failures = 1; r.failed = [{ title: `host tests on ${version}`, error: `exit code ${code}` }]; }
  return r;
}

/** Workspace settings that apply a house schema every sample alert breaks (a required property none has). */
function writeHouseSchemaSettings(workspace) {
  fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(workspace, '.vscode', 'house.schema.json'), JSON.stringify({ type: 'object', required: ['houseTicket'] }, null, 2));
  fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'atpWorkbench.validation.extraSchemas': { alert: '.vscode/house.schema.json' } }, null, 2));
}

/** A second folder with two alerts and their entities, and a .code-workspace file naming both folders. */
function writeMultiRootWorkspace(dir, first) {
  const second = path.join(dir, 'branch-office');
  const write = (rel, obj) => {
    fs.mkdirSync(path.dirname(path.join(second, rel)), { recursive: true });
    fs.writeFileSync(path.join(second, rel), JSON.stringify(obj, null, 2) + '\n');
  };
  const computer = 'b0b0b0b0-0000-4000-8000-00000000b001';
  write('entities/ws-branch-01.entity.json', { $type: 'Computer', SchemaVersion: 2006106105, IsEntitySchemaChanged: false, Id: computer, SystemDisplayName: 'WS-BRANCH-01', SamName: 'WS-BRANCH-01$', IsDomainController: false });
  for (const [n, externalId, title, severity] of [[1, '2003', 'Account enumeration reconnaissance', 'Medium'], [2, '2019', 'Remote code execution attempt', 'Medium']]) {
    write(`alerts/branch-${n}.alert.json`, {
      id: `b0b0b0b0-0000-4000-8000-00000000a00${n}`, externalId, title, severity, status: 'Open',
      startTime: `2025-03-0${n}T09:00:00Z`, entities: [{ role: 'sourceComputer', id: computer }],
    });
  }
  const file = path.join(dir, 'two-offices.code-workspace');
  fs.writeFileSync(file, JSON.stringify({ folders: [{ path: first }, { path: second }], settings: {} }, null, 2));
  return file;
}

let passes = 0, failures = 0;
const lines = [];
const tAll = Date.now();
for (const version of versions) {
  const t0 = Date.now();
  const r = await runVersion(version);
  passes += r.passes; failures += r.failures;
  const line = `[host-tests] code-server ${version}: ${r.passes} passed, ${r.failures} failed` +
    `${r.pending ? `, ${r.pending} pending` : ''} (${((Date.now() - t0) / 1000).toFixed(1)}s)`;
  lines.push(line);
  console.log(line);
  for (const f of r.failed || []) console.log(`[host-tests]   FAILED ${f.title}: ${String(f.error).split('\n')[0]}`);
}
console.log(`[host-tests] summary (${((Date.now() - tAll) / 1000).toFixed(1)}s):`);
for (const l of lines) console.log(`  ${l}`);
console.log(`${passes} passed, ${failures} failed`);
process.exit(failures === 0 && passes > 0 ? 0 : 1);

// Compiles every .ts (and any plain .js) test under test/host to out/host-tests/: CommonJS, one file each;
// `vscode` and packages stay requires, resolved by the extension host.
function compileHostTests() {
  const src = path.join(ROOT, 'test', 'host');
  const out = path.join(ROOT, 'out', 'host-tests');
  const walk = (dir) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : /\.(ts|js)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path.join(dir, e.name)] : []);
  fs.rmSync(out, { recursive: true, force: true });
  buildSync({ entryPoints: walk(src), outdir: out, outbase: src, format: 'cjs', platform: 'node', target: 'node20', sourcemap: 'inline', logLevel: 'warning' });
  return out;
}
