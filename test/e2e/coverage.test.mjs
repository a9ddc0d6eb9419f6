// UI end-to-end for coverage: in the real VS Code web workbench, "Show Coverage Matrix" draws the ATT&CK
// matrix (a cell names its techniques' MDI types and counts, arrow keys move between cells, the score
// switch recolours), and clicking a covered type in the Coverage view filters the Alerts view to it.
// Keeps a screenshot of the matrix in test-results/ (the README's picture comes from `npm run screenshots`).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, CODE_SERVER_VERSIONS, copyOfSamples, openWorkbench, removeSamplesCopy, runCommand, showAlertsView, waitFor } from '../lib/vscode-web.mjs';

const version = process.env.UI_CODE_SERVER_VERSION || CODE_SERVER_VERSIONS[0];
const shots = path.join(ROOT, 'test-results');
let folder;
let report;

before(() => {
  fs.mkdirSync(shots, { recursive: true });
  folder = copyOfSamples('atp-ui-coverage-');
  // What the matrix must show, from the CLI (the same core, the built bundle) on the same folder.
  report = JSON.parse(execFileSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'coverage', '.', '--format', 'json'], { cwd: folder, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
});

after(() => removeSamplesCopy(folder));

const matrixFrame = (page) => page.frameLocator('iframe.webview').frameLocator('#active-frame');
const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

test(`coverage matrix and Coverage view in the real workbench (code-server ${version})`, async () => {
  const wb = await openWorkbench({ version, folder, devPath: ROOT, colorTheme: 'Default Dark Modern', viewport: { width: 1600, height: 1000 } });
  const { page } = wb;
  try {
    // The cell of the covered type with the most fixtures, under the type's own tactic.
    const covered = report.types.filter((t) => t.known && t.fixtures > 0 && t.techniques.length).sort((a, b) => b.fixtures - a.fixtures)[0];
    const technique = covered.techniques[covered.techniques.length - 1];
    const inCell = report.types.filter((t) => t.known && t.tactic === covered.tactic && t.techniques.includes(technique));
    const cellFixtures = inCell.reduce((n, t) => n + t.fixtures, 0);

    // The extension is loaded once its views show rows.
    await showAlertsView(page);
    await runCommand(page, 'ATP Alerts: Show Coverage Matrix');
    const frame = matrixFrame(page);
    const column = frame.locator(`.column[aria-label^="${covered.tacticName} (${covered.tactic})"]`);
    const cell = column.locator(`.cell[data-technique="${technique}"]`);
    await cell.waitFor({ state: 'visible', timeout: 60000 });
    assert.equal((await cell.locator('.score').innerText()).trim(), plural(cellFixtures, 'fixture'));
    const typeTexts = await cell.locator('.type-name').allInnerTexts();
    assert.deepEqual(typeTexts.map((s) => s.trim()).sort(), inCell.map((t) => `${t.externalId} ${t.name}`).sort());
    assert.equal((await cell.locator(`.type-button[data-external-id="${covered.externalId}"] .type-counts`).innerText()).trim().split(' · ')[0], plural(covered.fixtures, 'fixture'));
    assert.match(await frame.locator('#totals').innerText(), /^Covered: \d+ of 69 alert types \(.+ %\), \d+ techniques$/);

    // Keyboard: the first cell takes focus; ArrowDown and ArrowRight move between cells.
    const first = frame.locator('.column').first().locator('.cell').first();
    await first.focus();
    await page.keyboard.press('ArrowDown');
    const focused = () => frame.locator('.cell:focus').getAttribute('data-technique');
    const secondOfFirst = await frame.locator('.column').first().locator('.cell').nth(1).getAttribute('data-technique');
    assert.equal(await focused(), secondOfFirst);
    await page.keyboard.press('ArrowRight');
    assert.equal(await focused(), await frame.locator('.column').nth(1).locator('.cell').nth(1).getAttribute('data-technique'));

    // The score switch recolours: by FP rate, cells without TP or FP have no colour.
    await frame.locator('button.score-toggle', { hasText: 'FP rate' }).click();
    await waitFor(async () => (await frame.locator('button.score-toggle', { hasText: 'FP rate' }).getAttribute('aria-pressed')) === 'true', { message: 'FP rate pressed' });
    await frame.locator('button.score-toggle', { hasText: 'Fixture count' }).click();
    await waitFor(async () => (await cell.getAttribute('class')).includes('heat-fixtures-5'), { message: 'the fullest cell is darkest again' });
    await page.screenshot({ path: path.join(ROOT, 'test-results', 'coverage-matrix.png') });

    // The Coverage view: click a covered type → the Alerts view is filtered to it.
    const activity = page.locator('.activitybar .action-item[aria-label*="ATP Alerts"], .activitybar .action-item [aria-label*="ATP Alerts"]').first();
    const sidebar = page.locator('.part.sidebar');
    // The ATP Alerts container is still the side bar's: a click would close it.
    if (!(await sidebar.isVisible())) await activity.click();
    const header = sidebar.locator('.pane-header', { hasText: 'Coverage' });
    await header.waitFor({ state: 'visible' });
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    const typeRow = sidebar.locator(`.monaco-list-row[aria-label^="Alert type ${covered.externalId} "]`);
    await typeRow.waitFor({ state: 'visible', timeout: 60000 });
    await typeRow.click();
    const note = sidebar.locator('.message', { hasText: `alert type ${covered.externalId}` }).first();
    await note.waitFor({ state: 'visible', timeout: 30000 });
    assert.match(await note.innerText(), new RegExp(`${covered.fixtures} of \\d+ alerts shown`));
    await page.screenshot({ path: path.join(shots, `coverage-view-${version}.png`) });
    assert.deepEqual(wb.consoleErrors.filter((e) => /atp|alert workbench|coverage/i.test(e)), [], 'no errors from the extension in the console');
  } catch (e) {
    await page.screenshot({ path: path.join(shots, `coverage-${version}-failed.png`) }).catch(() => {});
    throw e;
  } finally {
    await wb.stop();
  }
});
