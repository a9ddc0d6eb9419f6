// Long text in the evidence panel, in a real browser: a 40 000-character description, evidence line and
// long table cells show a few lines with a "Show all" toggle (keyboard and mouse), the rest of the panel
// stays within reach, short text gets no toggle, and the toggle takes the theme's link colour.
// Runs on a temporary copy of samples/ plus one long alert (never on samples/ itself).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, CODE_SERVER_VERSIONS, copyOfSamples, openWorkbench, removeSamplesCopy, runCommand, showAlertsView, waitFor } from '../lib/vscode-web.mjs';

const version = process.env.UI_CODE_SERVER_VERSION || CODE_SERVER_VERSIONS[0];
const shots = path.join(ROOT, 'test-results');
const LONG_ALERT = '10a90000-0000-4000-8000-00000000c1a9';
const SOURCE = '2004-ldap-brute-force-ws-hr-02.alert.json';

/** 40 000 characters of prose, and one 40 000-character token with no place to break. */
const prose = Array.from({ length: 5000 }, (_, i) => `line${i} detail`).join(' ').slice(0, 40_000);
const token = 'A'.repeat(40_000);

let wb;
let workspace;
let fixture;

before(async () => {
  fs.mkdirSync(shots, { recursive: true });
  workspace = copyOfSamples('atp-evidence-clamp-e2e-');
  fixture = JSON.parse(fs.readFileSync(path.join(workspace, 'alerts', SOURCE), 'utf8'));
  fixture.id = LONG_ALERT;
  fixture.title = 'Long text alert';
  fixture.description = prose;
  fixture.evidence[0].text = `${token} WS-HR-02`;
  fixture.networkActivities[0].details = { note: prose };
  fs.writeFileSync(path.join(workspace, 'alerts', 'long-text.alert.json'), JSON.stringify(fixture, null, 2));
  wb = await openWorkbench({ version, folder: workspace, devPath: ROOT, colorTheme: 'Default Dark Modern' });
});

after(async () => {
  await wb?.stop();
  removeSamplesCopy(workspace);
});

const panel = (page) => page.frameLocator('iframe.webview').frameLocator('#active-frame');

/** Size of an element and whether its text is all visible. */
const box = (locator) => locator.evaluate((el) => ({ client: el.clientHeight, scroll: el.scrollHeight, width: el.scrollWidth, chars: el.textContent.length }));

test('a 40 000-character description, evidence line and table cell show a few lines with "Show all"', async () => {
  const { page } = wb;
  await showAlertsView(page);
  await runCommand(page, 'ATP Alerts: Open Evidence Panel');
  await page.locator('.quick-input-widget input').fill(LONG_ALERT);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Long text alert' }).first().waitFor();
  await page.keyboard.press('Enter');
  const p = panel(page);
  await p.locator('h1#alert-title', { hasText: 'Long text alert' }).waitFor({ timeout: 60000 });

  const description = p.locator('.section.description p');
  const descriptionToggle = p.locator('.section.description button.clamp-toggle');
  await descriptionToggle.waitFor();
  assert.equal(await descriptionToggle.textContent(), 'Show all (40,000 characters)');
  assert.equal(await descriptionToggle.getAttribute('aria-expanded'), 'false');
  assert.equal(await descriptionToggle.getAttribute('aria-controls'), await description.getAttribute('id'));
  const clamped = await box(description);
  assert.equal(clamped.chars, prose.length, 'the whole text is in the page');
  assert.ok(clamped.client < 200 && clamped.scroll > 10 * clamped.client, `a few lines shown: ${JSON.stringify(clamped)}`);

  // The rest of the panel stays near: the Entities section starts within a couple of screens.
  const entitiesTop = await p.locator('.section.entities').evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
  assert.ok(entitiesTop < 2500, `the entity cards start at ${entitiesTop}px`);
  await page.screenshot({ path: path.join(shots, 'evidence-clamp-collapsed.png') });

  // Keyboard: Enter shows all, Space hides it again.
  await descriptionToggle.focus();
  await page.keyboard.press('Enter');
  await waitFor(async () => (await descriptionToggle.getAttribute('aria-expanded')) === 'true', { message: 'expanded by Enter' });
  assert.equal(await descriptionToggle.textContent(), 'Show less');
  const expanded = await box(description);
  assert.ok(expanded.client >= expanded.scroll - 1 && expanded.client > 10 * clamped.client, `all lines shown: ${JSON.stringify(expanded)}`);
  await descriptionToggle.focus();
  await page.keyboard.press('Space');
  await waitFor(async () => (await descriptionToggle.getAttribute('aria-expanded')) === 'false', { message: 'collapsed by Space' });
  assert.equal((await box(description)).client, clamped.client);

  // The evidence line: one unbreakable 40 000-character token wraps inside the panel; its entity stays a link.
  const line = p.locator('.evidence-lines > li').first();
  const lineBody = line.locator('.evidence-line');
  const lineToggle = line.locator('button.clamp-toggle');
  assert.equal(await lineToggle.textContent(), `Show all (${(token.length + ' WS-HR-02'.length).toLocaleString('en-US')} characters)`);
  const lineBox = await box(lineBody);
  const viewport = await lineBody.evaluate(() => document.documentElement.clientWidth);
  assert.ok(lineBox.width <= viewport, `the token wraps within the panel (${lineBox.width} ≤ ${viewport})`);
  assert.ok(lineBox.client < 200, `clamped: ${JSON.stringify(lineBox)}`);
  await lineToggle.click();
  await waitFor(async () => (await lineToggle.getAttribute('aria-expanded')) === 'true', { message: 'the line expands' });
  const lineOpen = await box(lineBody);
  assert.ok(lineOpen.client > 10 * lineBox.client, `the whole line shows: ${JSON.stringify(lineOpen)}`);
  assert.ok((await line.locator('button.entity-link').allTextContents()).includes('WS-HR-02'), 'the mention is still a link');
  await lineToggle.click();

  // Short evidence lines have no toggle.
  const lines = await p.locator('.evidence-lines > li').count();
  assert.ok(lines > 1);
  for (let i = 1; i < lines; i++) assert.equal(await p.locator('.evidence-lines > li').nth(i).locator('button.clamp-toggle').count(), 0, `line ${i + 1}`);

  // A long table cell (the panel caps a cell at 400 characters): three lines, then "Show all".
  const cell = p.locator('table.activities.network tbody tr').first().locator('td').last();
  const cellBody = cell.locator('.clamp-body');
  const cellToggle = cell.locator('button.clamp-toggle');
  await cellToggle.waitFor();
  const cellBox = await box(cellBody);
  assert.ok(cellBox.scroll > cellBox.client, `the cell is clamped: ${JSON.stringify(cellBox)}`);
  await cellToggle.focus();
  await page.keyboard.press('Enter');
  await waitFor(async () => (await cellToggle.getAttribute('aria-expanded')) === 'true', { message: 'the cell expands' });
  const cellOpen = await box(cellBody);
  assert.ok(cellOpen.client >= cellOpen.scroll - 1 && cellOpen.client > cellBox.client, `the whole cell shows: ${JSON.stringify(cellOpen)}`);

  // The toggle is drawn in the theme's link colour.
  const colours = await descriptionToggle.evaluate((el) => {
    const probe = document.createElement('span');
    probe.className = 'visually-hidden';
    document.body.appendChild(probe);
    probe.style.color = 'var(--vscode-textLink-foreground)';
    const expected = window.getComputedStyle(probe).color;
    probe.remove();
    return { toggle: window.getComputedStyle(el).color, expected, defined: window.getComputedStyle(document.documentElement).getPropertyValue('--vscode-textLink-foreground').trim() };
  });
  assert.ok(colours.defined, 'the theme defines the link colour');
  assert.equal(colours.toggle, colours.expected);
  await page.screenshot({ path: path.join(shots, 'evidence-clamp-expanded.png') });
});
