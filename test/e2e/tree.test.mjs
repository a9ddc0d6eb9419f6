// UI end-to-end for the Alerts tree: in the real VS Code web workbench, a person sees the five
// phases with their counts, expands one, expands an alert, clicks an entity and gets its Unique Entity Json
// in the editor. Done in a dark and a light theme, with screenshots kept in test-results/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, CODE_SERVER_VERSIONS, copyOfSamples, openWorkbench, removeSamplesCopy, waitFor, widenSidebar } from '../lib/vscode-web.mjs';

const version = process.env.UI_CODE_SERVER_VERSION || CODE_SERVER_VERSIONS[0];
const shots = path.join(ROOT, 'test-results');
const THEMES = [['dark', 'Default Dark Modern'], ['light', 'Default Light Modern']];
let folder;
let expected;

before(() => {
  fs.mkdirSync(shots, { recursive: true });
  // A private copy: the workbench may write into the folder it opens; samples/ stays untouched.
  folder = copyOfSamples('atp-ui-tree-');
  // What the view must show, from the CLI (the same core, the built bundle) on the same folder.
  expected = JSON.parse(execFileSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'list', '.', '--format', 'json'], { cwd: folder, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
});

after(() => removeSamplesCopy(folder));

/** The alert and entity the test clicks through: the newest lateral-movement alert and its first entity that has a file. */
function pickTarget() {
  const group = expected.groups.find((g) => g.label === 'Lateral movement');
  const alertInfo = group.alerts[0];
  const alert = JSON.parse(fs.readFileSync(path.join(folder, alertInfo.file), 'utf8'));
  const entityFiles = fs.readdirSync(path.join(folder, 'entities')).map((f) => path.join(folder, 'entities', f));
  const byId = new Map(entityFiles.map((f) => [JSON.parse(fs.readFileSync(f, 'utf8')).Id.toLowerCase(), f]));
  const ref = alert.entities.find((e) => byId.has(e.id.toLowerCase()));
  const entityFile = byId.get(ref.id.toLowerCase());
  const entity = JSON.parse(fs.readFileSync(entityFile, 'utf8'));
  const started = new Date(Date.parse(alert.startTime)).toISOString();
  return {
    group,
    alertTitle: alert.title,
    startedText: `Started ${started.slice(0, 10)} ${started.slice(11, 16)} UTC.`,
    role: ref.role,
    entityName: entity.SystemDisplayName,
    entityFile: path.basename(entityFile),
  };
}

const ROLE_LABELS = {
  sourceComputer: 'Source computers', sourceUser: 'Source users', destinationComputer: 'Destination computers', domainController: 'Domain controllers',
  accessedResource: 'Accessed resources', attackedAccount: 'Attacked accounts', dnsServer: 'DNS servers', related: 'Related entities',
};

for (const [name, theme] of THEMES) {
  test(`Alerts tree in the ${name} theme: phases with counts, expand, click an entity → its JSON opens (code-server ${version})`, async () => {
    const wb = await openWorkbench({ version, folder, devPath: ROOT, colorTheme: theme });
    try {
      const { page } = wb;
      const target = pickTarget();
      const activity = page.locator('.activitybar .action-item[aria-label*="ATP Alerts"], .activitybar .action-item [aria-label*="ATP Alerts"]').first();
      await activity.click();
      const sidebar = page.locator('.part.sidebar');
      await widenSidebar(page, sidebar, 560);
      const row = (ariaPrefix) => sidebar.locator(`.monaco-list-row[aria-label^="${ariaPrefix.replace(/"/g, '\\"')}"]`);

      // The five phases, each with the count the CLI computes.
      for (const group of expected.groups) {
        const phaseRow = row(`${group.label}: `);
        await phaseRow.waitFor({ state: 'visible', timeout: 60000 });
        const description = (await phaseRow.locator('.label-description').innerText()).trim();
        assert.equal(description, group.description, group.label);
        assert.ok(description.startsWith(String(group.count)), `${group.label} shows its count`);
      }

      // Expand a phase: its alerts appear (newest first).
      await row(`${target.group.label}: `).click();
      const alertRow = sidebar.locator(`.monaco-list-row[aria-label^="Alert: ${target.alertTitle}."][aria-label*="${target.startedText}"]`);
      await alertRow.waitFor({ state: 'visible' });
      await waitFor(async () => (await sidebar.locator('.monaco-list-row[aria-label^="Alert: "]').count()) === target.group.count, { message: 'every alert of the phase is listed' });
      // Expand the alert with its twistie (a click on the row opens the alert JSON).
      await alertRow.locator('.monaco-tl-twistie').click();
      const roleRow = row(`${ROLE_LABELS[target.role]}: `);
      await roleRow.waitFor({ state: 'visible' });
      await roleRow.click();
      const entityRow = sidebar.locator(`.monaco-list-row[aria-label*="${target.entityName}, ${ROLE_LABELS[target.role].toLowerCase()}."]`);
      await entityRow.waitFor({ state: 'visible' });
      await entityRow.click();

      // The Unique Entity Json opens in the editor.
      const tab = page.locator('.tabs-container .tab', { hasText: target.entityFile });
      await tab.waitFor({ state: 'visible', timeout: 30000 });
      await waitFor(async () => (await page.locator('.editor-instance .view-lines').innerText()).includes('"$type"'), { message: 'the entity JSON is shown' });
      await page.screenshot({ path: path.join(shots, `alerts-tree-${name}-${version}.png`) });
      assert.deepEqual(wb.consoleErrors.filter((e) => /atp|alert workbench/i.test(e)), [], 'no errors from the extension in the console');
    } catch (e) {
      await wb.page.screenshot({ path: path.join(shots, `alerts-tree-${name}-${version}-failed.png`) }).catch(() => {});
      throw e;
    } finally {
      await wb.stop();
    }
  });
}
