// The Getting Started walkthrough in the real web workbench: the Alerts view's welcome content (a folder
// without fixtures) links to it, it opens with every step the manifest declares, and each step shows its
// picture or its page and offers its command.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, CODE_SERVER_VERSIONS, openWorkbench, waitFor } from '../lib/vscode-web.mjs';

const version = process.env.UI_CODE_SERVER_VERSION || CODE_SERVER_VERSIONS[0];
const shots = path.join(ROOT, 'test-results');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const walkthrough = manifest.contributes.walkthroughs[0];
let wb;
let folder;

before(async () => {
  fs.mkdirSync(shots, { recursive: true });
  // A folder with no fixtures: the Alerts view shows its welcome content.
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-e2e-walkthrough-'));
  fs.writeFileSync(path.join(folder, 'notes.txt'), 'No alert fixtures here yet.\n');
  wb = await openWorkbench({ version, folder, devPath: ROOT, colorTheme: 'Default Dark Modern' });
});

after(async () => {
  await wb?.stop();
  fs.rmSync(folder, { recursive: true, force: true });
});

/** The link text of a markdown command link in a step's description: `[text](command:id…)`. */
const links = (description) => [...description.matchAll(/\[([^\]]+)\]\(command:([^)?]+)/g)].map((m) => ({ text: m[1], command: m[2] }));

test(`"Get Started" in the Alerts view opens the walkthrough with all its steps (code-server ${version})`, async () => {
  const { page } = wb;
  await page.locator('.activitybar .action-item[aria-label*="ATP Alerts"], .activitybar .action-item [aria-label*="ATP Alerts"]').first().click();
  // The Alerts view's welcome (the Coverage view below it has a welcome region of its own).
  const welcome = page.locator('.part.sidebar .welcome-view-content').filter({ hasText: 'No alert fixtures found' });
  await welcome.waitFor({ timeout: 60000 });
  assert.match(await welcome.innerText(), /No alert fixtures found/);
  await welcome.locator('.monaco-button', { hasText: /^Get Started$/ }).click();

  const container = page.locator('.gettingStartedContainer');
  await container.locator('h2, .category-title', { hasText: walkthrough.title }).first().waitFor({ timeout: 30000 });
  const titles = container.locator('.getting-started-step .step-title');
  await waitFor(async () => (await titles.count()) === walkthrough.steps.length, { message: `${walkthrough.steps.length} steps shown` });
  assert.deepEqual((await titles.allInnerTexts()).map((t) => t.trim()), walkthrough.steps.map((s) => s.title));
  await page.screenshot({ path: path.join(shots, `walkthrough-${version}.png`) });
});

test('each step shows its picture or page, and the buttons of its commands', async () => {
  const { page } = wb;
  const container = page.locator('.gettingStartedContainer');
  for (const step of walkthrough.steps) {
    const stepEl = container.locator('.getting-started-step', { has: page.locator('.step-title', { hasText: step.title }) }).first();
    await stepEl.locator('.step-title').click();
    await waitFor(async () => (await stepEl.getAttribute('class')).includes('expanded'), { message: `"${step.title}" expanded` });
    for (const { text } of links(step.description)) {
      assert.ok(await stepEl.locator('.monaco-button, .button-link', { hasText: text }).first().isVisible(), `"${step.title}" offers "${text}"`);
    }
    if (step.media.image) {
      const img = container.locator(`.getting-started-media img[alt="${step.media.altText.replace(/"/g, '\\"')}"]`);
      await img.waitFor({ timeout: 30000 });
      // The picture loaded from the extension (a broken path leaves naturalWidth at 0).
      await waitFor(() => img.evaluate((el) => el.complete && el.naturalWidth > 0), { message: `the picture of "${step.title}" loaded` });
      const file = path.join(ROOT, step.media.image);
      assert.ok(fs.existsSync(file), `${step.media.image} exists`);
    } else {
      // A markdown page is rendered in a webview: find the frame that shows its first heading.
      const heading = fs.readFileSync(path.join(ROOT, step.media.markdown), 'utf8').match(/^# (.+)$/m)[1];
      await waitFor(async () => {
        for (const f of page.frames()) {
          const text = await Promise.race([f.evaluate(() => document.body?.innerText ?? '').catch(() => ''), new Promise((r) => setTimeout(() => r(''), 2000))]);
          if (text.includes(heading)) return true;
        }
        return false;
      }, { timeout: 30000, message: `the page of "${step.title}" shows "${heading}"` });
    }
  }
  await page.screenshot({ path: path.join(shots, `walkthrough-last-step-${version}.png`) });
});

test('the walkthrough\'s command links name commands the extension contributes, or the agreed import command', () => {
  const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
  const views = new Set(Object.values(manifest.contributes.views).flat().map((v) => `${v.id}.focus`));
  // Built in VS Code, and the import command that another part of the workbench contributes.
  const elsewhere = new Set(['workbench.actions.view.problems', 'atpWorkbench.importAlerts']);
  for (const step of walkthrough.steps) {
    for (const { command } of links(step.description)) {
      assert.ok(contributed.has(command) || views.has(command) || elsewhere.has(command), `${step.id}: ${command}`);
    }
  }
});
