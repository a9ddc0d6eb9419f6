// UI end-to-end for New Alert Fixture: in the real VS Code web workbench a person runs "ATP Alerts: New Alert
// Fixture…", finds a type by external ID and by ATT&CK technique in the quick pick (grouped by phase), takes
// new entities — or picks workspace entities role by role — and the new alert opens in the editor and is
// selected in the Alerts tree. Screenshots are kept in test-results/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, CODE_SERVER_VERSIONS, copyOfSamples, openWorkbench, removeSamplesCopy, runCommand, showAlertsView, waitFor } from '../lib/vscode-web.mjs';

const version = process.env.UI_CODE_SERVER_VERSION || CODE_SERVER_VERSIONS[0];
const shots = path.join(ROOT, 'test-results');
let folder;

before(() => {
  fs.mkdirSync(shots, { recursive: true });
  folder = copyOfSamples('atp-ui-scaffold-');
});

after(() => removeSamplesCopy(folder));

const alertFiles = () => fs.readdirSync(path.join(folder, 'alerts')).filter((f) => f.endsWith('.alert.json'));

/** Types `text` into the open quick pick and clicks the row whose label is exactly `label`. */
async function choose(page, text, label) {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(text);
  const row = page.locator('.quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: label }) }).first();
  await row.waitFor({ state: 'visible' });
  await row.click();
}

test(`New Alert Fixture: find a type by ID and technique, new entities, the alert opens and is selected in the tree (code-server ${version})`, async () => {
  const wb = await openWorkbench({ version, folder, devPath: ROOT });
  const { page } = wb;
  try {
    await showAlertsView(page);
    const before = new Set(alertFiles());
    await runCommand(page, 'ATP Alerts: New Alert Fixture…');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    // Grouped by phase: the first group's separator is shown at the top of the list.
    await page.locator('.quick-input-list', { hasText: 'Reconnaissance' }).waitFor({ state: 'visible' });
    await page.screenshot({ path: path.join(shots, `new-alert-fixture-types-${version}.png`) });
    // Searchable by external ID…
    await input.fill('2439');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Honeytoken was queried via SAM-R' }).first().waitFor({ state: 'visible' });
    // …and by ATT&CK technique: T1558.004 is AS-REP Roasting only.
    await input.fill('T1558.004');
    const rows = page.locator('.quick-input-list .monaco-list-row:not(.quick-input-list-separator-as-item)', { hasText: 'Suspected' });
    await waitFor(async () => (await rows.count()) === 1, { message: 'one type matches T1558.004' });
    await page.screenshot({ path: path.join(shots, `new-alert-fixture-technique-${version}.png`) });
    await choose(page, 'T1558.004', 'Suspected AS-REP Roasting attack');
    await choose(page, '', 'New pseudonymous entities');

    // The new fixture: written next to the sample alerts, open in the editor, selected in the Alerts view.
    const created = await waitFor(() => alertFiles().find((f) => !before.has(f) && f.startsWith('2412-as-rep-roasting-')), { message: 'the new alert file' });
    await page.locator('.tabs-container .tab', { hasText: created }).waitFor({ state: 'visible', timeout: 30000 });
    await waitFor(async () => (await page.locator('.editor-instance .view-lines').innerText()).match(/"externalId":\s"2412"/) !== null, { message: 'the alert JSON in the editor' });
    const title = JSON.parse(fs.readFileSync(path.join(folder, 'alerts', created), 'utf8')).title;
    const selected = page.locator(`.part.sidebar .monaco-list-row.selected[aria-label^="Alert: ${title}."]`);
    await selected.waitFor({ state: 'visible', timeout: 30000 });
    await page.screenshot({ path: path.join(shots, `new-alert-fixture-created-${version}.png`) });
    assert.deepEqual(wb.consoleErrors.filter((e) => /atp|alert workbench/i.test(e)), [], 'no errors from the extension in the console');
  } catch (e) {
    await page.screenshot({ path: path.join(shots, `new-alert-fixture-${version}-failed.png`) }).catch(() => {});
    throw e;
  } finally {
    await wb.stop();
  }
});

test(`New Alert Fixture with workspace entities: pick a user, a computer and a domain controller (code-server ${version})`, async () => {
  const wb = await openWorkbench({ version, folder, devPath: ROOT });
  const { page } = wb;
  try {
    await showAlertsView(page);
    const before = new Set(alertFiles());
    await runCommand(page, 'ATP Alerts: New Alert Fixture…');
    await choose(page, '2006', 'Suspected DCSync attack (replication of directory services)');
    await choose(page, '', 'Choose workspace entities…');
    await choose(page, 'Lena', 'Lena Park');
    await choose(page, 'WS-HR', 'WS-HR-02');
    await choose(page, 'DC2', 'DC2');
    const created = await waitFor(() => alertFiles().find((f) => !before.has(f)), { message: 'the new alert file' });
    assert.equal(created, '2006-dcsync-ws-hr-02.alert.json');
    const alert = JSON.parse(fs.readFileSync(path.join(folder, 'alerts', created), 'utf8'));
    assert.equal(alert.description, 'Lena Park on WS-HR-02 sent a directory replication request to DC2.');
    await page.locator('.tabs-container .tab', { hasText: created }).waitFor({ state: 'visible', timeout: 30000 });
    await page.locator(`.part.sidebar .monaco-list-row.selected[aria-label^="Alert: ${alert.title}."]`).waitFor({ state: 'visible', timeout: 30000 });
    await page.screenshot({ path: path.join(shots, `new-alert-fixture-workspace-entities-${version}.png`) });
  } catch (e) {
    await page.screenshot({ path: path.join(shots, `new-alert-fixture-entities-${version}-failed.png`) }).catch(() => {});
    throw e;
  } finally {
    await wb.stop();
  }
});
