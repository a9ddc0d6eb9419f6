// UI end-to-end: the built extension loaded (development mode) into the real VS Code web workbench on samples/,
// driven through headless chromium like a user. Newest pinned code-server by default (env UI_CODE_SERVER_VERSION).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, CODE_SERVER_VERSIONS, openWorkbench, waitFor } from '../lib/vscode-web.mjs';

const version = process.env.UI_CODE_SERVER_VERSION || CODE_SERVER_VERSIONS[0];
const shots = path.join(ROOT, 'test-results');
let wb;

before(async () => {
  fs.mkdirSync(shots, { recursive: true });
  wb = await openWorkbench({ version, folder: path.join(ROOT, 'samples'), devPath: ROOT });
});

after(async () => {
  await wb?.page.screenshot({ path: path.join(shots, `workbench-${version}-final.png`) }).catch(() => {});
  await wb?.stop();
});

test(`activity bar shows "ATP Alerts" and opens the Alerts view (code-server ${version})`, async () => {
  const { page } = wb;
  // The aria-label sits on the .action-item (older builds) or on its .action-label child (newer builds).
  const item = page.locator(
    '.activitybar .action-item[aria-label*="ATP Alerts"], .activitybar .action-item [aria-label*="ATP Alerts"]').first();
  await item.waitFor({ state: 'visible' });
  await item.click();

  const sidebar = page.locator('.part.sidebar');
  const header = sidebar.locator('.pane-header', { hasText: 'Alerts' }).first();
  await header.waitFor({ state: 'attached' });
  if (await header.isVisible()) {
    assert.match(await header.innerText(), /alerts/i);
  } else {
    // A container with a single view merges the view's header into the side bar title ("ATP Alerts: Alerts").
    assert.match(await header.getAttribute('class'), /\bhidden\b/);
    const title = sidebar.locator('.composite.title h2');
    await title.waitFor({ state: 'visible' });
    assert.match(await title.innerText(), /ATP Alerts.*Alerts/i);
  }
  // The view is ready once the extension has activated, registered its provider and rendered something:
  // tree rows, or a welcome (empty state) message.
  const content = sidebar.locator('.content');
  await waitFor(async () => {
    if (/no data provider registered/i.test(await content.innerText())) return false;
    if (await content.locator('.monaco-list-row').count()) return true;
    const welcome = await content.locator('.welcome-view-content').allInnerTexts();
    return welcome.some((t) => t.trim());
  }, { timeout: 60000, message: 'the Alerts view shows rows or a welcome message (extension activated)' });
  await page.screenshot({ path: path.join(shots, `workbench-${version}.png`) });
});
