// `npm run screenshots`: the pictures of README.md and the Getting Started walkthrough, taken in the real
// VS Code web workbench (the same code-server + headless Chromium as the UI tests, test/lib/vscode-web.mjs)
// on a temporary git copy of samples/, and the Excel report as LibreOffice prints it. Writes
// media/screenshots/*.png; run `node scripts/build.mjs` first (npm run screenshots does).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, CODE_SERVER_VERSIONS, copyOfSamples, launchBrowser, openWorkbench, removeSamplesCopy, runCommand, showAlertsView, waitFor, widenSidebar } from '../test/lib/vscode-web.mjs';

const OUT = path.join(ROOT, 'media', 'screenshots');
const version = process.env.UI_CODE_SERVER_VERSION || CODE_SERVER_VERSIONS[0];
const EVIDENCE_ALERT = '5a38db02-9f91-4c58-a369-1100d4c66a62'; // pass-the-ticket, Mateo Okafor
const BROKEN_FILE = '2007-dns-reconnaissance-ws-fin-07.alert.json';
const CLASSIFIED_FILE = '2004-ldap-brute-force-ws-hr-02.alert.json';
const REPORT_FILE = '2018-pass-the-ticket-rabernathy.alert.json';
const say = (m) => console.log(`[screenshots] ${m}`);

fs.mkdirSync(OUT, { recursive: true });
const folder = copyOfSamples('atp-screenshots-');
const git = (...args) => execFileSync('git', args, { cwd: folder, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
// A schema error to show: a severity in the wrong letter case (the quick fix knows the right one).
const brokenPath = path.join(folder, 'alerts', BROKEN_FILE);
fs.writeFileSync(brokenPath, fs.readFileSync(brokenPath, 'utf8').replace('"severity": "Low"', '"severity": "low"').replace('"severity": "Medium"', '"severity": "medium"'));
// A git repository, so that recording a verdict shows as a change of the ledger in Source Control.
git('init', '-q', '-b', 'main');
git('config', 'user.name', 'Noor Haddad');
git('config', 'user.email', 'noor.haddad@contoso.com');
git('add', '-A');
git('commit', '-q', '-m', 'Alert fixtures');

const wb = await openWorkbench({ version, folder, devPath: ROOT, colorTheme: 'Default Dark Modern', viewport: { width: 1280, height: 800 } });
const { page } = wb;
const shot = async (name) => {
  await page.screenshot({ path: path.join(OUT, name) });
  say(`wrote media/screenshots/${name}`);
};
const input = page.locator('.quick-input-widget input');

try {
  // 1. The Alerts tree: phases with counts, one phase and one alert expanded, the alert's JSON beside it.
  await showAlertsView(page);
  const sidebar = page.locator('.part.sidebar');
  await widenSidebar(page, sidebar, 460);
  const row = (prefix) => sidebar.locator(`.monaco-list-row[aria-label^="${prefix}"]`).first();
  await row('Lateral movement: ').click();
  const firstAlert = sidebar.locator('.monaco-list-row[aria-label^="Alert: "]').first();
  await firstAlert.waitFor();
  await firstAlert.click(); // opens the alert JSON
  await firstAlert.locator('.monaco-tl-twistie').click();
  await sidebar.locator('.monaco-list-row[aria-label^="Source users: "], .monaco-list-row[aria-label^="Source computers: "]').first().waitFor();
  await page.locator('.editor-instance .view-lines').first().waitFor();
  await settle();
  await shot('alerts-tree.png');

  // 2. The evidence panel of one alert.
  await runCommand(page, 'ATP Alerts: Open Evidence Panel');
  await input.fill(EVIDENCE_ALERT);
  await page.locator('.quick-input-list .monaco-list-row').first().waitFor();
  await page.keyboard.press('Enter');
  const panel = page.frameLocator('iframe.webview').frameLocator('#active-frame');
  await panel.locator('h1#alert-title').waitFor({ timeout: 60000 });
  await panel.locator('svg.chain').waitFor();
  await settle();
  await shot('evidence-panel.png');
  await runCommand(page, 'View: Close All Editors');

  // The coverage matrix: the catalog's alert types against ATT&CK, coloured by fixture count.
  await runCommand(page, 'ATP Alerts: Show Coverage Matrix');
  const matrix = page.frameLocator('iframe.webview').frameLocator('#active-frame');
  await matrix.locator('.cell').first().waitFor({ timeout: 60000 });
  await settle();
  await shot('coverage-matrix.png');
  await runCommand(page, 'View: Close All Editors');

  // 3. A schema error: the squiggle, its hover with the quick fix, and the Problems panel.
  await page.keyboard.press('Control+P');
  await input.fill(BROKEN_FILE);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: BROKEN_FILE }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: BROKEN_FILE }).waitFor();
  await runCommand(page, 'View: Toggle Problems');
  const problems = page.locator('.markers-panel .monaco-list-row', { hasText: /severity/i });
  await problems.first().waitFor({ timeout: 60000 });
  // Hovering the squiggle shows the message with its quick fix.
  const squiggle = page.locator('.editor-instance .squiggly-error').first();
  await waitFor(async () => {
    // The squiggle lies under the text layer: move the mouse over its place.
    const at = await squiggle.boundingBox();
    if (!at) return false;
    await page.mouse.move(0, 0);
    await page.mouse.move(at.x + at.width / 2, at.y + at.height / 2, { steps: 3 });
    return page.locator('.monaco-hover:not(.hidden)', { hasText: /severity/i }).first().waitFor({ timeout: 5000 }).then(() => true, () => false);
  }, { timeout: 60000, message: 'the problem hover' });
  await settle();
  await shot('problems-schema-error.png');
  await page.keyboard.press('Escape');
  await runCommand(page, 'View: Close All Editors');
  await runCommand(page, 'View: Toggle Problems');

  // 4. A verdict recorded from the palette, and the ledger's diff in Source Control.
  const classified = JSON.parse(fs.readFileSync(path.join(folder, 'alerts', CLASSIFIED_FILE), 'utf8'));
  const choose = async (text) => {
    await input.fill(text);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first().waitFor();
    await page.keyboard.press('Enter');
  };
  // Each step of the dialogue says what it asks in its placeholder or title.
  const asks = (pattern, message) => waitFor(async () => pattern.test(
    `${(await input.getAttribute('placeholder').catch(() => '')) ?? ''} ${await page.locator('.quick-input-widget').innerText().catch(() => '')}`,
  ), { message });
  await runCommand(page, 'ATP Alerts: Classify Alert…');
  await asks(/Classify which alert/i, 'the alert picker');
  await choose(classified.id);
  await asks(/What was it really/i, 'the verdict picker');
  await choose('True positive');
  await asks(/Why\?/i, 'the determination picker');
  await page.keyboard.press('Enter');
  await asks(/A note for the team/i, 'the note box');
  await input.fill('412 binds in 6 minutes from WS-HR-02; password reset for the four accounts (INC-2025-0117).');
  await page.keyboard.press('Enter');
  await waitFor(() => JSON.parse(fs.readFileSync(path.join(folder, '.atp', 'classifications.json'), 'utf8')).alerts[classified.id], { message: 'the verdict on disk' });
  await runCommand(page, 'Notifications: Clear All Notifications');
  await page.locator('.activitybar .action-item a[aria-label^="Source Control"], .activitybar .action-item[aria-label^="Source Control"]').first().click();
  const change = page.locator('.scm-view .monaco-list-row', { hasText: 'classifications.json' }).first();
  await change.waitFor({ timeout: 60000 });
  await change.click();
  await page.locator('.monaco-diff-editor').first().waitFor({ timeout: 30000 });
  await waitFor(async () => (await page.locator('.monaco-diff-editor .line-insert, .monaco-diff-editor .char-insert').count()) > 0, { message: 'the diff shows the inserted verdict' });
  // Bring the new record into view.
  await runCommand(page, 'Go to Next Difference');
  await settle();
  await shot('verdict-ledger-diff.png');
} catch (err) {
  await page.screenshot({ path: path.join(os.tmpdir(), 'atp-screenshots-failed.png') }).catch(() => undefined);
  console.error(`[screenshots] failed; the page is in ${path.join(os.tmpdir(), 'atp-screenshots-failed.png')}`);
  throw err;
} finally {
  await wb.stop();
}

// 5. The Excel report as LibreOffice prints it: the CLI writes it, soffice makes a PDF, pdftoppm pictures of
// the tops of three pages, shown one above the other like a print preview.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-screenshots-report-'));
try {
  const xlsx = path.join(work, 'report.xlsx');
  execFileSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'export', path.join(folder, 'alerts', REPORT_FILE), '-o', xlsx], { stdio: 'ignore' });
  run(process.env.SOFFICE_BIN || 'soffice', [`-env:UserInstallation=file://${path.join(work, 'lo')}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', work, xlsx]);
  const pdf = path.join(work, 'report.pdf');
  const pages = run('pdftotext', ['-layout', pdf, '-']).split('\f');
  const images = [];
  for (const sheet of ['Evidence', 'Accessed Resources', 'Network Activities']) {
    const number = pages.findIndex((t) => new RegExp(`${sheet}\\s+Page \\d+ of \\d+\\s*$`).test(t.trimEnd())) + 1;
    if (number < 1) throw new Error(`no "${sheet}" page in the printed report`);
    const png = path.join(work, `page-${number}`);
    run('pdftoppm', ['-png', '-r', '150', '-f', String(number), '-l', String(number), '-singlefile', '-x', '0', '-y', '60', '-W', '1650', '-H', '260', pdf, png]);
    images.push(`data:image/png;base64,${fs.readFileSync(`${png}.png`).toString('base64')}`);
  }
  const browser = await launchBrowser();
  try {
    const preview = await browser.newPage({ viewport: { width: 1280, height: 200 }, deviceScaleFactor: 1 });
    await preview.setContent(`<html><body style="margin:0;padding:16px;background:#e6e6e6">${images.map((src) => `<img src="${src}" style="display:block;width:1248px;margin:0 0 16px;background:#fff;box-shadow:0 1px 4px rgba(0,0,0,.35)">`).join('')}</body></html>`);
    await preview.screenshot({ path: path.join(OUT, 'excel-report.png'), fullPage: true });
  } finally {
    await browser.close();
  }
  say('wrote media/screenshots/excel-report.png');
} finally {
  fs.rmSync(work, { recursive: true, force: true });
  removeSamplesCopy(folder);
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 180000 });
  if (r.error || r.status !== 0) throw new Error(`${cmd} failed: ${r.error?.message ?? r.stderr}`);
  return r.stdout;
}

/** Lets animations and late layout finish: waits until two screenshots a moment apart are the same. */
async function settle() {
  let previous;
  await waitFor(async () => {
    const now = (await page.screenshot()).toString('base64');
    const same = now === previous;
    previous = now;
    return same;
  }, { timeout: 15000, interval: 400, message: 'the workbench to settle' }).catch(() => undefined);
}
