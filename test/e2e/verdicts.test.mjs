// Verdicts in the browser: open an alert's evidence panel, click "False positive", and the verdict lands in
// the ledger on disk (and the panel shows it). Runs on a temporary copy of samples/, never the original.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, CODE_SERVER_VERSIONS, copyOfSamples, findNotification, openWorkbench, removeSamplesCopy, runCommand, showAlertsView, waitFor } from '../lib/vscode-web.mjs';

const version = process.env.UI_CODE_SERVER_VERSION || CODE_SERVER_VERSIONS[0];
const shots = path.join(ROOT, 'test-results');
const ALERT_FILE = '2007-dns-reconnaissance-ws-fin-07.alert.json';
let wb;
let folder;

before(async () => {
  fs.mkdirSync(shots, { recursive: true });
  folder = copyOfSamples('atp-e2e-verdicts-');
  wb = await openWorkbench({ version, folder, devPath: ROOT });
});

after(async () => {
  await wb?.stop();
  removeSamplesCopy(folder);
});

test(`clicking "False positive" in the evidence panel records FP in the ledger on disk (code-server ${version})`, async () => {
  const { page } = wb;
  const alert = JSON.parse(fs.readFileSync(path.join(folder, 'alerts', ALERT_FILE), 'utf8'));
  const ledger = path.join(folder, '.atp', 'classifications.json');
  assert.equal(JSON.parse(fs.readFileSync(ledger, 'utf8')).alerts[alert.id], undefined, 'unclassified at first');

  // Wait until the extension is loaded: the Alerts view shows tree rows.
  await showAlertsView(page);

  // Palette → "Open Evidence Panel" → pick the alert by its title.
  await runCommand(page, 'ATP Alerts: Open Evidence Panel');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(alert.title);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: alert.title }).first().waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');

  const panel = page.frameLocator('iframe.webview').frameLocator('#active-frame');
  const fp = panel.locator('button[title^="False positive"]');
  await fp.waitFor({ state: 'visible', timeout: 60000 });
  await fp.click();

  const record = await waitFor(() => {
    const doc = JSON.parse(fs.readFileSync(ledger, 'utf8'));
    return doc.alerts[alert.id];
  }, { timeout: 30000, message: 'the ledger on disk holds the verdict' });
  assert.equal(record.verdict, 'FP');
  assert.ok(record.author.length > 0);
  assert.deepEqual(record.history, []);
  // The panel re-renders from the published verdicts: the FP button is now the pressed one.
  await waitFor(async () => (await fp.getAttribute('aria-pressed')) === 'true', { timeout: 30000, message: 'the panel shows FP as the verdict' });
  await page.screenshot({ path: path.join(shots, `verdicts-${version}-panel-fp.png`) });
});

test(`"Classify Alert…" from the palette asks verdict, determination and note; "close and exclude" records the source entities (code-server ${version})`, async () => {
  const { page } = wb;
  const file = '2003-account-enumeration-ws-sales-05.alert.json';
  const alert = JSON.parse(fs.readFileSync(path.join(folder, 'alerts', file), 'utf8'));
  const ledger = path.join(folder, '.atp', 'classifications.json');
  assert.equal(JSON.parse(fs.readFileSync(ledger, 'utf8')).alerts[alert.id], undefined, 'unclassified at first');
  const input = page.locator('.quick-input-widget input');
  const choose = async (text) => {
    await input.fill(text);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first().waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
  };
  const waitForStep = (pattern, message) => waitFor(async () => pattern.test(
    `${(await input.getAttribute('placeholder').catch(() => '')) ?? ''} ${await page.locator('.quick-input-widget').innerText().catch(() => '')}`,
  ), { message });

  await runCommand(page, 'ATP Alerts: Classify Alert…');
  await waitForStep(/Classify which alert/i, 'the alert picker');
  await choose(alert.id);
  await waitForStep(/What was it really/i, 'the verdict picker');
  await choose('Benign true positive');
  await waitForStep(/Why\?/i, 'the determination picker');
  await choose('Security testing');
  await waitForStep(/A note for the team/i, 'the note box');
  await input.fill('Red-team exercise RT-2025-03, approved by the SOC lead.');
  await page.keyboard.press('Enter');

  const record = await waitFor(() => JSON.parse(fs.readFileSync(ledger, 'utf8')).alerts[alert.id], { timeout: 30000, message: 'the ledger on disk holds the verdict' });
  assert.equal(record.verdict, 'B-TP');
  assert.equal(record.determination, 'securityTesting');
  assert.equal(record.note, 'Red-team exercise RT-2025-03, approved by the SOC lead.');
  await page.screenshot({ path: path.join(shots, `verdicts-${version}-classified-from-palette.png`) });

  // After a B-TP the workbench offers the portal's "close and exclude" for the source entities (this alert has a
  // source user and a source computer): accept, keep both in the picker, and both land in the ledger.
  const sources = alert.entities.filter((e) => e.role === 'sourceComputer' || e.role === 'sourceUser').map((e) => e.id).sort();
  assert.equal(sources.length, 2);
  const offer = 'Close and exclude the source entities of these alerts (2 entity and alert-type pairs)?';
  const note = await findNotification(page, offer);
  await note.locator('.monaco-button', { hasText: 'Choose Entities…' }).click();
  await waitForStep(/Close and exclude: entity and alert type/i, 'the entity picker');
  assert.equal(await page.locator('.quick-input-list .monaco-list-row[aria-checked="true"]').count(), 2, 'both pairs offered, both checked');
  await page.keyboard.press('Enter');
  const exclusions = await waitFor(() => {
    const list = (JSON.parse(fs.readFileSync(ledger, 'utf8')).exclusions ?? []).filter((x) => x.alertId === alert.id);
    return list.length === 2 && list;
  }, { timeout: 30000, message: 'both exclusions in the ledger on disk' });
  assert.deepEqual(exclusions.map((x) => x.entityId).sort(), sources);
  for (const x of exclusions) {
    assert.equal(x.externalId, alert.externalId);
    assert.equal(x.reason, 'Red-team exercise RT-2025-03, approved by the SOC lead.');
  }
});
