// Import in the browser, the way a person imports: the palette command, "From Files…", VS Code's open
// dialog (the workbench's own file dialog in a web window), the summary notification and its "Show Report"
// button, which opens the report in an output channel; the Alerts view then holds the imported alert.
// Runs on a temporary copy of samples/, never the original.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, CODE_SERVER_VERSIONS, copyOfSamples, findNotification, openWorkbench, removeSamplesCopy, runCommand, showAlertsView, waitFor } from '../lib/vscode-web.mjs';

const version = process.env.UI_CODE_SERVER_VERSION || CODE_SERVER_VERSIONS[0];
const shots = path.join(ROOT, 'test-results');
const ID = '5d4c3b2a-1f0e-4d9c-8b7a-695847362514';
const LINE = `CEF:0|Microsoft|Azure ATP|2.56|DnsReconnaissanceSecurityAlert|Network mapping reconnaissance (DNS)|5|start=2025-03-02T09:00:00.0000000Z ` +
  `app=Dns shost=WS-UI-IMPORT request=contoso.com requestMethod=Axfr msg=WS-UI-IMPORT ran DNS zone transfers externalId=2007 ` +
  `cs1Label=url cs1=https\\://contoso-corp.atp.azure.com/securityAlert/${ID}`;
let wb;
let folder;

before(async () => {
  fs.mkdirSync(shots, { recursive: true });
  folder = copyOfSamples('atp-e2e-import-');
  fs.mkdirSync(path.join(folder, 'exports'));
  fs.writeFileSync(path.join(folder, 'exports', 'mdi.log'), LINE + '\n');
  wb = await openWorkbench({ version, folder, devPath: ROOT });
});

after(async () => {
  await wb?.stop();
  removeSamplesCopy(folder);
});

test(`palette import: From Files…, pick the CEF file, the summary notification's "Show Report" (code-server ${version})`, async () => {
  const { page } = wb;
  const input = page.locator('.quick-input-widget input');
  const written = path.join(folder, 'alerts', '2007-dns-reconnaissance-ws-ui-import.alert.json');
  await showAlertsView(page);

  await runCommand(page, 'ATP Alerts: Import Alerts…');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'From Files…' }).first().click();
  // The open dialog: in a web window VS Code asks for the path in its quick input.
  await waitFor(async () => (await input.isVisible()) && (await input.inputValue().catch(() => '')).includes(path.basename(folder)), { message: 'the open dialog starts in the workspace' });
  await input.fill(path.join(folder, 'exports', 'mdi.log'));
  // The dialog lists the file once it has read the folder; then its "Import" button (our open label) accepts it.
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'mdi.log' }).first().waitFor({ state: 'visible' });
  await page.locator('.quick-input-widget .monaco-button', { hasText: /^Import$/ }).click();

  await waitFor(() => fs.existsSync(written), { timeout: 60000, message: 'the fixture on disk' }).catch(async (err) => {
    await page.screenshot({ path: path.join(shots, `import-${version}-failed.png`) });
    throw err;
  });
  const note = await findNotification(page, 'Import: 1 alerts: 1 new, 0 updated, 0 unchanged, 0 refused');
  await page.screenshot({ path: path.join(shots, `import-${version}-summary.png`) });
  await note.locator('.monaco-button', { hasText: /^Show Report$/ }).click();
  const output = page.locator('.part.panel .monaco-editor .view-lines');
  await waitFor(async () => /new\s+alerts\/2007-dns-reconnaissance-ws-ui-import\.alert\.json/.test((await output.textContent().catch(() => '')) ?? ''), { timeout: 30000, message: 'the report in the output channel' });

  // The Alerts view reveals the imported alert: selected, under its phase.
  const selected = page.locator('.part.sidebar .monaco-list-row[aria-selected="true"]', { hasText: 'Network mapping reconnaissance (DNS)' });
  await selected.waitFor({ state: 'visible', timeout: 30000 });
  const catalog = JSON.parse(fs.readFileSync(path.join(ROOT, 'src/core/data/alert-catalog.json'), 'utf8')).alerts;
  const phaseOf = (a) => a.phase ?? catalog.find((c) => c.externalId === a.externalId)?.phase;
  const recon = fs.readdirSync(path.join(folder, 'alerts')).map((f) => JSON.parse(fs.readFileSync(path.join(folder, 'alerts', f), 'utf8'))).filter((a) => phaseOf(a) === 'reconnaissance').length;
  await waitFor(async () => (await page.locator('.part.sidebar .monaco-list-row', { hasText: new RegExp(`^Reconnaissance\\s*${recon}\\b`) }).count()) === 1, { timeout: 15000, message: `the phase counts ${recon} alerts, the imported one included` });
  const fixture = JSON.parse(fs.readFileSync(written, 'utf8'));
  assert.equal(fixture.id, ID);
  assert.equal(fixture.externalId, '2007');
  await page.screenshot({ path: path.join(shots, `import-${version}-revealed.png`) });
});
