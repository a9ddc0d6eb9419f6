// Evidence panel in a real browser: what a person sees for a sample alert, entity links opening
// JSON in the editor, screenshots in light / dark / high-contrast themes, and the XSS corpus.
// Runs on a temporary copy of samples/ plus a hostile fixture set (never on samples/ itself).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, CODE_SERVER_VERSIONS, copyOfSamples, openWorkbench, removeSamplesCopy, waitFor } from '../lib/vscode-web.mjs';

const version = process.env.UI_CODE_SERVER_VERSION || CODE_SERVER_VERSIONS[0];
const shots = path.join(ROOT, 'test-results');
const PTT_FP = '5a38db02-9f91-4c58-a369-1100d4c66a62';
const XSS_ALERT = 'bad0bad0-0000-4000-8000-00000000c0de';
const XSS_USER = 'bad0bad0-0000-4000-8000-000000000001';
const XSS_COMPUTER = '<img src=x onerror="window.__pwned=1">'; // an entity id can be hostile too

/** What the panel shows for fixture text: bidi controls made visible (src/shared/text.ts). */
const shown = (text) => text.replace(/[\u202A-\u202E\u2066-\u2069]/g, (c) => `⟨U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`);

// Every payload tries to run `window.__pwned = …` (the canary) or change the document title.
const PAYLOADS = [
  '<script>window.__pwned=1;document.title="pwned"</script>',
  '<img src=x onerror="window.__pwned=1;document.title=\'pwned\'">',
  'javascript:window.__pwned=1//',
  '</style><script>window.__pwned=1</script><style>',
  '"><svg onload="window.__pwned=1">',
  "' onmouseover='window.__pwned=1' autofocus onfocus='window.__pwned=1' x='",
  '\u202Egnp.exe\u202C <b>bold</b> zero\u200Bwidth line\u2028break \uFEFF bom',
  '{{constructor.constructor(\'window.__pwned=1\')()}} ${window.__pwned=1}',
  '<a href="javascript:window.__pwned=1">click me</a>',
  '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
  '<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=1>',
];

/** Replaces every string in a JSON value with a payload (ids listed in `keep` stay, so references resolve). */
function poison(value, keep, counter = { n: 0 }) {
  if (typeof value === 'string') return `${PAYLOADS[counter.n++ % PAYLOADS.length]} #${counter.n}`;
  if (Array.isArray(value)) return value.map((v) => poison(v, keep, counter));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, keep.has(k) ? v : poison(v, keep, counter)]));
  }
  return value;
}

function xssFixtures(dir) {
  const keep = new Set(['id', 'Id', 'UniqueEntityId', 'computerId', 'entityIds', 'relatedEntityIds', '$type', 'role', 'startTime']);
  const alert = poison({
    id: XSS_ALERT, externalId: '2018', type: 'x', title: 'x', description: 'x', phase: 'x', severity: 'x', status: 'x',
    startTime: '2025-02-06T08:02:19Z', endTime: 'x', statusUpdateTime: 'x', mitreTechniques: ['x', 'x'],
    evidence: [
      { time: 'x', text: 'x', entityIds: [XSS_USER, XSS_COMPUTER] },
      { time: 'x', text: 'x', entityIds: [XSS_USER] },
    ],
    entities: [{ role: 'sourceUser', id: XSS_USER }, { role: 'sourceComputer', id: XSS_COMPUTER }, { role: 'x', id: XSS_USER }],
    accessedResources: [{ time: 'x', computer: 'x', name: 'x', details: 'x', type: 'x', service: 'x' }],
    networkActivities: [{ time: 'x', protocol: 'x', source: { ip: 'x', port: 1, computerId: XSS_COMPUTER, certainty: 'x', resolutionMethods: ['x'] }, destination: { ip: 'x', port: 2, computerId: XSS_USER, certainty: 'x', resolutionMethods: ['x', 'x'] }, details: { x: 'x', y: 'x' } }],
    eventActivities: [{ time: 'x', computerId: XSS_COMPUTER, provider: 'x', eventId: 4662, details: { x: 'x' } }],
    relatedEntityIds: [XSS_USER, XSS_COMPUTER],
  }, keep);
  alert.url = 'javascript:window.__pwned=1'; // must not become a link
  alert.title = PAYLOADS[1] + ' title';
  alert.description = PAYLOADS[0] + ' description';
  const user = poison({
    $type: 'User', Id: XSS_USER, SystemDisplayName: 'x', SamName: 'x', UpnName: 'x', DistinguishedName: 'x', Sid: 'x',
    Department: 'x', Mail: 'x', PhoneNumber: 'x', PasswordExpiryTime: 'x', CreationTime: 'x', IsHoneytoken: true,
  }, keep);
  const computer = poison({ $type: 'Computer', Id: XSS_COMPUTER, SystemDisplayName: 'x', SamName: 'x', DnsName: 'x', OperatingSystemDisplayName: 'x', IsDomainController: true, IpAddress: 'x' }, keep);
  const profile = poison({ $type: 'UserProfile', UniqueEntityId: XSS_USER, LastSeenTime: 'x' }, keep);
  const write = (rel, obj) => { fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true }); fs.writeFileSync(path.join(dir, rel), JSON.stringify(obj, null, 2)); };
  write('xss/evil.alert.json', alert);
  write('xss/evil-user.entity.json', user);
  write('xss/evil-computer.entity.json', computer);
  write('xss/evil-user.profile.json', profile);
  return { alert, user, computer };
}

let wb;
let workspace;
let xss;

before(async () => {
  fs.mkdirSync(shots, { recursive: true });
  workspace = copyOfSamples('atp-evidence-e2e-');
  xss = xssFixtures(workspace);
  wb = await openWorkbench({ version, folder: workspace, devPath: ROOT, colorTheme: 'Default Light Modern' });
});

after(async () => {
  await wb?.stop();
  removeSamplesCopy(workspace);
});

/** Opens the command palette and runs a command by title; retries while the workbench is still starting. */
async function palette(page, title) {
  const input = page.locator('.quick-input-widget input');
  const exact = new RegExp(`^\\s*${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  const row = page.locator('.quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: exact }) }).first();
  await waitFor(async () => {
    // Keys pressed while a webview iframe has focus may never reach the workbench: take focus back first.
    await page.evaluate(() => document.activeElement?.blur?.());
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    if (!(await input.isVisible())) await page.keyboard.press('Control+Shift+P');
    await input.waitFor({ state: 'visible', timeout: 5000 });
    await input.fill(`>${title}`);
    await row.waitFor({ state: 'visible', timeout: 5000 });
    return true;
  }, { timeout: 90000, interval: 500, message: `the palette offers "${title}"` });
  await row.click();
  return input;
}

/** Runs "Open Evidence Panel" from the palette and picks an alert by typing its id. */
async function openEvidence(page, alertId) {
  const input = await palette(page, 'ATP Alerts: Open Evidence Panel');
  // Our own quick pick (alerts, searchable by title, id and entity) replaces the palette.
  await waitFor(async () => /evidence of which alert/i.test((await input.getAttribute('placeholder')) || ''), { message: 'the alert quick pick' });
  await input.fill(alertId);
  await page.locator('.quick-input-list .monaco-list-row').first().waitFor();
  await page.keyboard.press('Enter');
}

async function closeAllEditors(page) {
  await palette(page, 'View: Close All Editors');
  await waitFor(async () => (await page.locator('iframe.webview').count()) === 0, { message: 'no webview left' });
}

const panel = (page) => page.frameLocator('iframe.webview').frameLocator('#active-frame');

/** The Frame object of the panel's document (to evaluate the canary inside it). */
async function panelFrame(page) {
  return waitFor(async () => {
    for (const f of page.frames()) {
      // A frame of a closed webview may never answer: give each one a moment only.
      const probe = f.evaluate(() => !!document.getElementById('app') && document.title === 'Alert evidence');
      const answer = await Promise.race([probe.catch(() => false), new Promise((r) => setTimeout(() => r(false), 2000))]);
      if (answer) return f;
    }
    return undefined;
  }, { message: 'the evidence webview frame' });
}

test('the panel shows title, evidence, entity cards, the SVG chain and the activity tables, which sort and filter', async () => {
  const { page } = wb;
  await openEvidence(page, PTT_FP);
  const p = panel(page);
  await p.locator('h1#alert-title').waitFor();
  assert.equal(await p.locator('h1#alert-title').textContent(), 'Suspected identity theft (pass-the-ticket)');
  assert.match(await p.locator('.badges').innerText(), /Severity: Medium[\s\S]*Status: Closed[\s\S]*External ID 2018/);
  assert.equal(await p.locator('.evidence-lines > li').count(), 2);
  assert.deepEqual(await p.locator('.evidence-lines > li').first().locator('button.entity-link').allTextContents(), ['Mateo Okafor', 'WS-FIN-07', 'WS-FIN-11']);
  assert.equal(await p.locator('article.card').count(), 5);
  assert.equal(await p.locator('svg.chain g.node').count(), 4);
  assert.equal(await p.locator('svg.chain path.edge').count(), 3);
  assert.equal(await p.locator('table.activities.network tbody tr').count(), 2);
  assert.equal(await p.locator('table.activities.network tbody tr.low-certainty').count(), 2);
  assert.equal(await p.locator('table.activities.resources tbody tr').count(), 1);
  assert.match(await p.locator('.triage-item', { hasText: 'low-certainty' }).innerText(), /false positive/);
  // Sorting asks the host for a new page: destination port descending puts SMB (445) first.
  await p.locator('table.activities.network th', { hasText: 'Destination port' }).locator('button').click();
  await p.locator('table.activities.network th', { hasText: 'Destination port' }).locator('button').click();
  await waitFor(async () => (await p.locator('table.activities.network th[aria-sort="descending"]').count()) === 1, { message: 'sorted descending' });
  assert.equal(await p.locator('table.activities.network tbody tr').first().locator('td').nth(7).textContent(), '445');
  // Filtering asks the host too: "smb" keeps the one SMB row; a text nothing has shows the empty-state line.
  const section = p.locator('section.table-section', { has: p.locator('table.activities.network') });
  const filter = section.locator('input[type="search"]');
  const rows = p.locator('table.activities.network tbody tr');
  await filter.fill('smb');
  await waitFor(async () => (await rows.count()) === 1 && /445/.test(await rows.first().innerText()), { message: 'only the SMB row' });
  await filter.fill('no such host anywhere');
  await waitFor(async () => (await rows.first().innerText()) === 'No rows match the filter.', { message: 'the empty-state line' });
  await filter.fill('');
  await waitFor(async () => (await rows.count()) === 2, { message: 'both rows again' });
});

test('keyboard: Enter on a focused entity link opens its JSON', async () => {
  const { page } = wb;
  const p = panel(page);
  const link = p.locator('.evidence-lines button.entity-link', { hasText: 'WS-FIN-07' }).first();
  await link.focus();
  await page.keyboard.press('Enter');
  await page.locator('.tab', { hasText: 'computer-ws-fin-07.entity.json' }).first().waitFor();
});

test('clicking an entity card button opens its Unique Entity Json in the editor', async () => {
  const { page } = wb;
  const p = panel(page);
  await p.locator('article.card', { hasText: 'Mateo Okafor' }).getByRole('button', { name: /Unique Entity Json of Mateo Okafor/ }).click();
  await page.locator('.tab', { hasText: 'user-mokafor.entity.json' }).first().waitFor();
  await waitFor(async () => {
    const texts = await page.locator('.editor-group-container .monaco-editor .view-lines').allInnerTexts();
    // Monaco renders spaces as no-break spaces.
    return texts.some((t) => /"SamName":\s"mokafor"/.test(t.replace(/\u00a0/g, ' ')));
  }, { message: 'the editor shows the entity\'s JSON' });
});

/** Switches the colour theme through "Preferences: Color Theme" (the user-settings file is not watched in the web build). */
async function setTheme(page, label) {
  const input = await palette(page, 'Preferences: Color Theme');
  await waitFor(async () => /theme/i.test((await input.getAttribute('placeholder')) || '') || /theme/i.test(await page.locator('.quick-input-widget').innerText()), { message: 'the theme picker' });
  await input.fill(label);
  const row = page.locator('.quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${label}\\s*$`) }) }).first();
  await row.waitFor();
  await row.click();
  // Picking the theme that is already active may leave the picker open: close it.
  if (!(await input.waitFor({ state: 'hidden', timeout: 3000 }).then(() => true, () => false))) await page.keyboard.press('Escape');
}

for (const [label, kind, file] of [
  ['Light Modern', 'vscode-light', 'light'],
  ['Dark Modern', 'vscode-dark', 'dark'],
  ['Dark High Contrast', 'vscode-high-contrast', 'hc-dark'],
  ['Light High Contrast', 'vscode-high-contrast-light', 'hc-light'],
]) {
  test(`screenshot in the ${label} theme`, async () => {
    const { page } = wb;
    if (file === 'light') {
      // The panel alone in the editor area (the tests above opened JSON beside it).
      await closeAllEditors(page);
      await openEvidence(page, PTT_FP);
    }
    const hasKind = (frame) => frame.evaluate((k) => document.body.classList.contains(k) && (k !== 'vscode-high-contrast' || !document.body.classList.contains('vscode-high-contrast-light')), kind);
    // The workbench starts in Light Modern: re-picking the active theme only waits on a picker that stays open.
    if (!(await hasKind(await panelFrame(page)))) await setTheme(page, label);
    const frame = await panelFrame(page);
    // VS Code sets the theme kind as a class on the webview's body; "vscode-high-contrast" is on both HC themes.
    await waitFor(() => hasKind(frame), { message: `webview body has ${kind}` });
    await frame.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(shots, `evidence-${file}.png`) });
    // The lower sections too (an element screenshot inside nested frames is clipped to the viewport).
    for (const [selector, suffix] of [['.section.triage', 'triage'], ['.section.entities', 'entities'], ['.activities-section', 'tables']]) {
      await frame.evaluate((sel) => document.querySelector(sel).scrollIntoView(), selector);
      await page.screenshot({ path: path.join(shots, `evidence-${file}-${suffix}.png`) });
    }
  });
}

test('a window reload brings the panel back on the same alert, sorted as the person left it', async () => {
  const { page } = wb;
  await openEvidence(page, PTT_FP);
  let p = panel(page);
  await p.locator('h1#alert-title').waitFor();
  const header = () => p.locator('table.activities.network th', { hasText: 'Destination port' });
  // The panel may still be sorted from an earlier test: click until the column is descending.
  for (let i = 0; i < 3 && (await header().getAttribute('aria-sort')) !== 'descending'; i++) {
    const before = await header().getAttribute('aria-sort');
    await header().locator('button').click();
    await waitFor(async () => (await header().getAttribute('aria-sort')) !== before, { message: 'the sort changed' });
  }
  assert.equal(await header().getAttribute('aria-sort'), 'descending', 'sorted descending before the reload');
  // VS Code saves a webview's state as it goes; give the last setState a moment to reach the workbench.
  await new Promise((r) => setTimeout(r, 1500));

  // "Reload Window" shuts the workbench down properly (its state is saved) and loads it again.
  const reloaded = page.waitForEvent('load', { timeout: 60000 }); // listening before the reload starts
  await palette(page, 'Developer: Reload Window');
  await reloaded;
  await page.locator('.monaco-workbench').waitFor({ state: 'attached' });
  p = panel(page);
  await p.locator('h1#alert-title').waitFor({ timeout: 90000 }).catch(async (e) => {
    await page.screenshot({ path: path.join(shots, `evidence-${version}-reload-failed.png`) });
    throw e;
  });
  assert.equal(await p.locator('h1#alert-title').textContent(), 'Suspected identity theft (pass-the-ticket)');
  await waitFor(async () => (await header().getAttribute('aria-sort')) === 'descending', { timeout: 30000, message: 'the sort survives the reload' });
  assert.equal(await p.locator('table.activities.network tbody tr').first().locator('td').nth(7).textContent(), '445');
  await page.screenshot({ path: path.join(shots, `evidence-${version}-after-reload.png`) });
  await closeAllEditors(page);
});

test('XSS corpus: nothing executes and every payload shows as text', async () => {
  const { page } = wb;
  await closeAllEditors(page);
  await openEvidence(page, XSS_ALERT);
  const p = panel(page);
  await p.locator('h1#alert-title').waitFor();
  const frame = await panelFrame(page);
  // Interact the way a person would: hover and focus everything that holds fixture text.
  for (const el of await p.locator('button, h1, dd, td, li').all()) {
    await el.hover({ timeout: 2000 }).catch(() => {});
  }
  await p.locator('.section.triage').scrollIntoViewIfNeeded();
  const probe = await frame.evaluate(() => ({
    pwned: window.__pwned,
    title: document.title,
    // VS Code injects its own inline script (the acquireVsCodeApi shim); ours is the one loading webview.js.
    ours: document.querySelectorAll('script[src*="webview.js"]').length,
    hostile: [...document.scripts].filter((el) => /__pwned/.test(el.textContent || '')).length,
    // VS Code injects its default styles (<style id="_defaultStyles">); anything else of these kinds would be ours or an attack.
    injected: [...document.querySelectorAll('img, iframe, object, embed, svg:not(.chain), math, a, style:not(#_defaultStyles), link:not([rel="stylesheet"]), b, [onerror], [onload], [onmouseover], [onfocus]')]
      .map((el) => `${el.tagName.toLowerCase()}#${el.id}`),
    h1: document.querySelector('h1#alert-title').textContent,
    description: document.querySelector('.description p').textContent,
    body: document.body.textContent,
  }));
  assert.equal(probe.pwned, undefined, 'the canary was not set inside the webview');
  assert.equal(probe.title, 'Alert evidence');
  assert.equal(probe.ours, 1, 'our nonce-carrying script');
  assert.equal(probe.hostile, 0, 'no script element came from fixture text');
  assert.deepEqual(probe.injected, [], 'no element came from fixture text');
  assert.equal(probe.h1, shown(xss.alert.title), 'the title shows literally');
  assert.equal(probe.description, shown(xss.alert.description));
  for (const s of [xss.alert.evidence[0].text, xss.user.SystemDisplayName, xss.user.Department, xss.computer.OperatingSystemDisplayName, xss.alert.networkActivities[0].protocol]) {
    assert.ok(probe.body.includes(shown(s)), `shown literally: ${s.slice(0, 40)}`);
  }
  // The payload with a right-to-left override shows its control characters instead of obeying them.
  assert.ok(probe.body.includes('⟨U+202E⟩gnp.exe⟨U+202C⟩'), 'bidi controls are made visible');
  assert.ok(!/[\u202A-\u202E\u2066-\u2069]/.test(probe.body), 'no bidi control reaches the page');
  assert.equal(await p.getByRole('button', { name: 'View in browser' }).count(), 0, 'a javascript: url is not offered as a link');
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'the canary was not set in the workbench either');
  await page.screenshot({ path: path.join(shots, 'evidence-xss.png') });
  await frame.evaluate(() => document.querySelector('.section.entities').scrollIntoView());
  await page.screenshot({ path: path.join(shots, 'evidence-xss-entities.png') });
});
