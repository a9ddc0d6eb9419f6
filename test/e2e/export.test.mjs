// The Excel export in the browser, the way a person exports: the palette command, the alert picker, VS Code's save
// dialog (the workbench's own file dialog in a web window), the "Alert report written" notification and its
// "Reveal" button, which in a web window shows the report in the Explorer. The workbook is read back.
// Runs on a temporary copy of samples/, never the original.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { ROOT, CODE_SERVER_VERSIONS, copyOfSamples, findNotification, openWorkbench, removeSamplesCopy, runCommand, showAlertsView, waitFor } from '../lib/vscode-web.mjs';

const require = createRequire(import.meta.url);
const ExcelJS = require('exceljs');

const version = process.env.UI_CODE_SERVER_VERSION || CODE_SERVER_VERSIONS[0];
const shots = path.join(ROOT, 'test-results');
const ALERT_FILE = '2006-dcsync-lt-it-04.alert.json';
let wb;
let folder;

before(async () => {
  fs.mkdirSync(shots, { recursive: true });
  folder = copyOfSamples('atp-e2e-export-');
  wb = await openWorkbench({ version, folder, devPath: ROOT });
});

after(async () => {
  await wb?.stop();
  removeSamplesCopy(folder);
});

test(`palette export: pick the alert, name the file in the save dialog, then "Reveal" shows it (code-server ${version})`, async () => {
  const { page } = wb;
  const alert = JSON.parse(fs.readFileSync(path.join(folder, 'alerts', ALERT_FILE), 'utf8'));
  const target = path.join(folder, 'dcsync-report.xlsx');

  await showAlertsView(page);

  await runCommand(page, 'ATP Alerts: Export Alert Report (Excel)…');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(alert.title);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: alert.title }).first().waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');

  // The save dialog: in a web window VS Code asks for the path in its quick input, prefilled with our
  // default folder and file name.
  await waitFor(async () => /\.xlsx$/.test(await input.inputValue().catch(() => '')), { message: 'the save dialog offers a .xlsx name' });
  const offered = await input.inputValue();
  assert.match(offered, /\.xlsx$/, `the dialog proposes an .xlsx file: ${offered}`);
  await input.fill(target);
  await page.keyboard.press('Enter');

  await waitFor(() => fs.existsSync(target) && fs.statSync(target).size > 0, { timeout: 60000, message: 'the report on disk' });

  // The notification offers Open and Reveal.
  const note = await findNotification(page, 'Alert report written: dcsync-report.xlsx');
  assert.equal(await note.locator('.monaco-button', { hasText: /^Open$/ }).count(), 1, 'an Open button');
  await note.locator('.monaco-button', { hasText: /^Reveal$/ }).click();
  // No OS file manager in a web window: the Explorer shows the report, selected.
  const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'dcsync-report.xlsx' });
  await row.waitFor({ state: 'visible', timeout: 30000 });
  await waitFor(async () => (await row.getAttribute('aria-selected')) === 'true' || /focused|selected/.test((await row.getAttribute('class')) ?? ''), { timeout: 15000, message: 'the report is selected in the Explorer' });
  await page.screenshot({ path: path.join(shots, `export-${version}-revealed.png`) });

  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(target);
  assert.equal(book.getWorksheet('Summary').getRow(5).getCell(1).value, alert.title, 'the workbook is the picked alert\'s report');
});
