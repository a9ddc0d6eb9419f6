// Real VS Code for tests and `npm start`: the VS Code server bundled in code-server's npm package
// (installed by scripts/install-vscode.sh), started directly with server-main.js, and a headless Debian
// chromium (playwright-core) on its web workbench. The extension under test runs in the server's Node
// extension host, loaded in development mode through the workbench's `payload` URL parameter.
// See /work/shared/real-vscode-testing.md for how this was worked out.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

/** Repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Pinned code-server versions, newest first (4.139.1 = VS Code 1.139.1 on Node 24, 4.100.3 = 1.100.3 on Node 20). */
export const CODE_SERVER_VERSIONS = Object.freeze(['4.139.1', '4.100.3']);

/** Versions chosen by env CODE_SERVER_VERSIONS (space/comma separated), else all pinned ones. */
export function selectedVersions(envValue = process.env.CODE_SERVER_VERSIONS) {
  const list = (envValue || '').split(/[\s,]+/).filter(Boolean);
  return list.length ? list : [...CODE_SERVER_VERSIONS];
}

/** Settings written to <user-data-dir>/User/settings.json before the server starts (quiet, deterministic workbench). */
export const DEFAULT_SETTINGS = Object.freeze({
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.openRepositoryInParentFolders': 'never',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
});

export function e2eHome() {
  return process.env.VSCODE_E2E_HOME
    || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'vscode-e2e');
}

/** install.json of an installed code-server version: {version, vscodeVersion, node, serverMain, codeServer}. */
export function installInfo(version = CODE_SERVER_VERSIONS[0]) {
  const file = path.join(e2eHome(), `code-server-${version}`, 'install.json');
  if (!fs.existsSync(file)) {
    throw new Error(`${file} missing: run "CODE_SERVER_VERSIONS=${version} bash scripts/install-vscode.sh" first`);
  }
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Polls fn (sync or async) until it returns a truthy value, which is returned. Errors thrown by fn count as "not yet". */
export async function waitFor(fn, { timeout = 60000, interval = 100, message = 'condition' } = {}) {
  const end = Date.now() + timeout;
  let lastError;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) { lastError = e; }
    if (Date.now() > end) {
      throw new Error(`waitFor: ${message} not met after ${timeout} ms${lastError ? `; last error: ${lastError.message}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

function portFree(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, host, () => s.close(() => resolve(true)));
  });
}

/** A free TCP port on 127.0.0.1: `preferred` if free (else the next free ones above it), or any free port. */
export async function freePort(preferred) {
  if (preferred) {
    for (let p = Number(preferred); p < Number(preferred) + 100; p++) if (await portFree(p)) return p;
    throw new Error(`no free port in ${preferred}..${Number(preferred) + 99}`);
  }
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/** Writes (merges into) <userDataDir>/User/settings.json. */
export function writeUserSettings(userDataDir, settings, { merge = true } = {}) {
  const file = path.join(userDataDir, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let current = {};
  if (merge && fs.existsSync(file)) {
    try { current = JSON.parse(fs.readFileSync(file, 'utf8')); } catch { current = {}; }
  }
  fs.writeFileSync(file, JSON.stringify({ ...current, ...settings }, null, 2));
  return file;
}

// Every server this process started; killed (whole process group) on exit / SIGINT / SIGTERM.
const live = new Set();
let handlersInstalled = false;
function installExitHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', () => { for (const s of live) s.kill(); });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(sig, () => {
      for (const s of live) s.kill();
      process.exit(sig === 'SIGINT' ? 130 : 143);
    });
  }
}

/**
 * Starts `node server-main.js` (the VS Code server) with --enable-smoke-test-driver (needed by newer VS Code to
 * honour the extensionDevelopmentPath/extensionTestsPath payload).
 * @param {object} o
 * @param {string} [o.version]  code-server version (default newest pinned)
 * @param {object} [o.env]      extra env for the server and its extension host
 * @param {object} [o.settings] user settings (merged over DEFAULT_SETTINGS unless o.defaultSettings === false)
 * @param {number} [o.port]     port (default: any free port)
 * @param {string} [o.host]     default 127.0.0.1
 * @param {string} [o.dataDir]  keep server-data/user-data/extensions here (default: throwaway dir under os.tmpdir())
 * @param {boolean} [o.keepSettings] do not overwrite an existing settings.json (npm start)
 * @param {boolean} [o.inheritStdio] server output to our stdout/stderr too (besides server.log)
 * @param {boolean} [o.workspaceTrust] workspace trust on: a folder opens untrusted, in Restricted Mode
 * @returns {Promise<{version, info, host, port, authority, origin, tmp, dataDir, userDataDir, logFile, proc, exited: Promise<number>, kill(): void, stop(opts?): Promise<void>}>}
 */
export async function startServer({
  version = CODE_SERVER_VERSIONS[0], env = {}, settings = {}, defaultSettings = true, port, host = '127.0.0.1',
  dataDir, keepSettings = false, inheritStdio = false, startTimeout = 120000, workspaceTrust = false,
} = {}) {
  const info = installInfo(version);
  const tmp = dataDir ? path.resolve(dataDir) : fs.mkdtempSync(path.join(os.tmpdir(), `vscode-e2e-${version}-`));
  const throwaway = !dataDir;
  const userDataDir = path.join(tmp, 'user-data');
  fs.mkdirSync(userDataDir, { recursive: true });
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  if (!(keepSettings && fs.existsSync(settingsFile))) {
    // workspaceTrust: folders open untrusted (Restricted Mode), with no prompt or banner in the way.
    const trust = workspaceTrust ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'never' } : {};
    writeUserSettings(userDataDir, { ...(defaultSettings ? DEFAULT_SETTINGS : {}), ...trust, ...settings }, { merge: !throwaway });
  }
  port = port || await freePort();
  const serverTmp = path.join(tmp, 'tmp');
  if (throwaway) fs.mkdirSync(serverTmp);
  const logFile = path.join(tmp, 'server.log');
  const log = fs.openSync(logFile, 'a');
  const args = [info.serverMain,
    '--host', host, '--port', String(port), '--without-connection-token', '--accept-server-license-terms',
    '--enable-smoke-test-driver',
    '--disable-telemetry', ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--server-data-dir', path.join(tmp, 'server-data'), '--user-data-dir', userDataDir,
    '--extensions-dir', path.join(tmp, 'extensions'),
  ];
  const proc = spawn(info.node, args, {
    detached: true, // own process group: stop() kills the extension host and helpers too
    stdio: ['ignore', inheritStdio ? 'pipe' : log, inheritStdio ? 'pipe' : log],
    // A throwaway server gets its own TMPDIR (vscode-ipc/vscode-git sockets...), removed with it.
    env: { ...process.env, ...(throwaway ? { TMPDIR: serverTmp } : {}), ...env },
  });
  if (inheritStdio) {
    for (const [from, to] of [[proc.stdout, process.stdout], [proc.stderr, process.stderr]]) {
      from.on('data', (d) => { try { fs.writeSync(log, d); } catch { /* closed */ } to.write(d); });
    }
  }
  let exitCode = null;
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => {
    exitCode = code ?? (signal ? 128 : 1);
    live.delete(server);
    try { fs.closeSync(log); } catch { /* already closed */ }
    resolve(exitCode);
  }));
  const kill = (signal = 'SIGTERM') => {
    if (exitCode !== null) return;
    try { process.kill(-proc.pid, signal); } catch { /* gone */ }
  };
  const server = {
    version, info, host, port, authority: `${host}:${port}`, origin: `http://${host}:${port}`,
    tmp, dataDir: tmp, userDataDir, logFile, proc, exited, kill,
    /** Kills the process group, waits for the exit (SIGKILL after 10 s); removes a throwaway dir unless keep. */
    async stop({ keep = !!process.env.VSCODE_E2E_KEEP } = {}) {
      kill('SIGTERM');
      const t = setTimeout(() => kill('SIGKILL'), 10000);
      await exited;
      clearTimeout(t);
      kill('SIGKILL'); // stragglers left in the group
      if (throwaway && !keep) fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
  live.add(server);
  installExitHandlers();
  try {
    await waitFor(async () => {
      if (exitCode !== null) throw Object.assign(new Error(`server exited with code ${exitCode}`), { fatal: true });
      const r = await fetch(`${server.origin}/`, { signal: globalThis.AbortSignal.timeout(5000) });
      return r.ok;
    }, { timeout: startTimeout, interval: 200, message: `VS Code server ${version} on ${server.authority}` });
  } catch (e) {
    kill('SIGKILL');
    throw new Error(`VS Code server ${version} did not start (${e.message}); see ${logFile}`, { cause: e });
  }
  return server;
}

/** Workbench URL for a folder; devPath loads an extension in development mode, testsPath runs its tests. */
export function workbenchUrl(server, { folder, workspace, devPath, testsPath } = {}) {
  const remote = (p) => `vscode-remote://${server.authority}${path.resolve(p)}`;
  const payload = [];
  if (devPath) payload.push(['extensionDevelopmentPath', remote(devPath)]);
  if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
  let url = `${server.origin}/`;
  const q = [];
  if (workspace) q.push(`workspace=${encodeURIComponent(path.resolve(workspace))}`); // a multi-root .code-workspace file
  else if (folder) q.push(`folder=${encodeURIComponent(path.resolve(folder))}`);
  if (payload.length) q.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  if (q.length) url += `?${q.join('&')}`;
  return url;
}

/** Headless Debian chromium (env CHROMIUM_BIN to override). */
export function launchBrowser({ headless = true } = {}) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
    headless,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/**
 * Server + browser + page on the workbench, ready (`.monaco-workbench` attached).
 * @returns {Promise<{server, browser, page, url, consoleErrors: string[], stop(): Promise<void>}>}
 */
export async function openWorkbench({
  version = CODE_SERVER_VERSIONS[0], folder = path.join(ROOT, 'samples'), devPath = ROOT, env = {}, colorTheme,
  settings = {}, viewport = { width: 1400, height: 900 }, timeout = 60000,
} = {}) {
  const server = await startServer({
    version, env, settings: { ...(colorTheme ? { 'workbench.colorTheme': colorTheme } : {}), ...settings },
  });
  let browser;
  try {
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport });
    page.setDefaultTimeout(timeout);
    const consoleErrors = [];
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    const url = workbenchUrl(server, { folder, devPath });
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ state: 'attached', timeout });
    const stop = async () => {
      await browser.close().catch(() => {});
      await server.stop();
    };
    return { server, browser, page, url, consoleErrors, stop };
  } catch (e) {
    await browser?.close().catch(() => {});
    await server.stop({ keep: true });
    throw new Error(`${e.message} (server log: ${server.logFile})`, { cause: e });
  }
}

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Runs a command by its palette title (e.g. "ATP: Refresh Alerts") through F1. Under load the palette can
 * drop what was typed into it while it is still opening, leaving an empty list: then it is closed and asked
 * again, until `timeout`.
 */
export async function runCommand(page, title, { timeout = 60000 } = {}) {
  const input = page.locator('.quick-input-widget input');
  const rows = page.locator('.quick-input-list .monaco-list-row');
  const exact = rows.filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRe(title)}\\s*$`) }) });
  const deadline = Date.now() + timeout;
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0) await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    try {
      await input.waitFor({ state: 'visible', timeout: 10000 });
    } catch {
      await page.keyboard.press('Control+Shift+P'); // focus was somewhere F1 does not reach (e.g. a webview)
      await input.waitFor({ state: 'visible', timeout: Math.max(1000, deadline - Date.now()) });
    }
    await input.fill(`>${title}`);
    const left = deadline - Date.now();
    try {
      await rows.filter({ hasText: title }).first().waitFor({ state: 'visible', timeout: Math.max(1000, Math.min(15000, left)) });
      break;
    } catch (err) {
      if (Date.now() >= deadline) throw err;
    }
  }
  if (await exact.count()) await exact.first().click();
  else await page.keyboard.press('Enter');
  // The palette closes, or a command's own quick pick replaces it (same widget, no ">" prefix any more).
  await waitFor(async () => !(await input.isVisible()) || !(await input.inputValue()).startsWith('>'), { timeout, message: `"${title}" ran` })
    .catch(() => {});
}

/** A private copy of samples/ in a new temporary folder (named "samples"); remove it with `removeSamplesCopy`. */
export function copyOfSamples(prefix) {
  const folder = path.join(fs.mkdtempSync(path.join(os.tmpdir(), prefix)), 'samples');
  fs.cpSync(path.join(ROOT, 'samples'), folder, { recursive: true });
  return folder;
}

export function removeSamplesCopy(folder) {
  if (folder) fs.rmSync(path.dirname(folder), { recursive: true, force: true });
}

/** Opens the Alerts view from the activity bar and waits until it shows rows (the extension is loaded). */
export async function showAlertsView(page) {
  const item = page.locator('.activitybar .action-item[aria-label*="ATP Alerts"], .activitybar .action-item [aria-label*="ATP Alerts"]').first();
  await item.waitFor({ state: 'visible' });
  await item.click();
  await waitFor(async () => (await page.locator('.part.sidebar .content .monaco-list-row').count()) > 0, { timeout: 60000, message: 'the Alerts view shows rows' });
}

/**
 * The notification whose text includes `text`: its toast, or, when the toast has hidden itself (after a
 * while, sooner in a window without focus), its row in the notification center.
 */
export async function findNotification(page, text) {
  const toast = page.locator('.notification-toast', { hasText: text });
  if (await toast.waitFor({ state: 'visible', timeout: 10000 }).then(() => true, () => false)) return toast;
  await runCommand(page, 'Notifications: Show Notifications');
  const row = page.locator('.notifications-center .monaco-list-row', { hasText: text });
  await row.waitFor({ state: 'visible', timeout: 15000 });
  return row;
}

/** Drags the side bar's sash so the tree's descriptions (counts) are not cut off in screenshots. */
export async function widenSidebar(page, sidebar, width) {
  await sidebar.waitFor({ state: 'visible' });
  const box = await sidebar.boundingBox();
  if (!box || box.width >= width) return;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width + 1, y);
  await page.mouse.down();
  await page.mouse.move(box.x + width, y, { steps: 5 });
  await page.mouse.up();
}
