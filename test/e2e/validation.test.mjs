// UI: completion and hover from our schemas in a real editor (VS Code web workbench, headless chromium).
// Works on a temporary copy of samples/ with two extra entity files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, CODE_SERVER_VERSIONS, copyOfSamples, openWorkbench, removeSamplesCopy, runCommand, waitFor } from '../lib/vscode-web.mjs';

const version = process.env.UI_CODE_SERVER_VERSION || CODE_SERVER_VERSIONS[0];
const shots = path.join(ROOT, 'test-results');
const folder = copyOfSamples('atp-e2e-validation-');
let wb;

before(async () => {
  fs.mkdirSync(shots, { recursive: true });
  fs.mkdirSync(path.join(folder, 'typing'));
  // Line 2 ends right after `"$type": ` - where a person asks for the entity types.
  fs.writeFileSync(path.join(folder, 'typing', 'new-user.entity.json'), '{\n  "$type": \n}\n');
  fs.writeFileSync(path.join(folder, 'typing', 'hover-user.entity.json'),
    '{\n  "$type": "User",\n  "Id": "d1a1b2c3-0000-4000-8000-0000000000e2",\n  "Sid": "S-1-5-21-3599243929-1086515894-1402892407-500"\n}\n');
  wb = await openWorkbench({ version, folder, devPath: ROOT });
});

after(async () => {
  await wb?.page.screenshot({ path: path.join(shots, `validation-${version}-final.png`) }).catch(() => {});
  await wb?.stop();
  removeSamplesCopy(folder);
});

/** Opens a workspace file through Quick Open and waits for its editor tab. */
async function openFile(page, name) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: name }).waitFor();
  const editor = page.locator('.editor-group-container.active .monaco-editor').first();
  await editor.locator('.view-lines').click();
  return editor;
}

/** Puts the cursor at the end of a 1-based line. */
async function endOfLine(page, line) {
  await page.keyboard.press('Control+Home');
  for (let i = 1; i < line; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
}

test(`completion offers the $type values of a Unique Entity Json (code-server ${version})`, async () => {
  const { page } = wb;
  await openFile(page, 'new-user.entity.json');
  await endOfLine(page, 2);
  // The extension activates on the first JSON document; ask again until its provider answers.
  const rows = page.locator('.suggest-widget .monaco-list-row');
  await waitFor(async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Space');
    await page.locator('.suggest-widget').waitFor({ state: 'visible', timeout: 5000 }).catch(() => {});
    const labels = await rows.allInnerTexts();
    return labels.some((l) => l.includes('"Computer"'));
  }, { timeout: 60000, message: 'the suggest widget lists "Computer"' });
  const labels = (await rows.allInnerTexts()).join('\n');
  for (const type of ['"User"', '"Computer"', '"Group"', '"Domain"']) assert.ok(labels.includes(type), `${type} in:\n${labels}`);
  await page.screenshot({ path: path.join(shots, `validation-completion-${version}.png`) });
  await page.keyboard.press('Escape');
});

test(`hovering an attribute shows its description (code-server ${version})`, async () => {
  const { page } = wb;
  await openFile(page, 'hover-user.entity.json');
  await endOfLine(page, 4);
  await page.keyboard.press('Home');
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight'); // inside "Sid"
  const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'Security identifier' });
  await waitFor(async () => {
    await runCommand(page, 'Show or Focus Hover');
    return hover.first().isVisible().catch(() => false);
  }, { timeout: 60000, message: 'a hover with "Security identifier"' });
  assert.match(await hover.first().innerText(), /objectSid/);
  await page.screenshot({ path: path.join(shots, `validation-hover-${version}.png`) });
});
