// Evidence panel in the real extension host: opens for an alert with the right model, is reused,
// restores through its serializer, follows file and verdict changes, and refuses unknown messages.
import assert from 'assert';
import fs from 'fs';
import path from 'path';
import * as vscode from 'vscode';
import { waitFor, activateExtension } from './support';

const PTT_FP = '5a38db02-9f91-4c58-a369-1100d4c66a62'; // samples/alerts/2018-pass-the-ticket-mokafor.alert.json
const BRUTE = '8a59a671-daa1-4adf-b825-17df8967a899'; // samples/alerts/2004-ldap-brute-force-ws-hr-02.alert.json


describe('evidence panel (real extension host)', () => {
  let api;
  let handle;
  const alertFile = () => api.model.index.alertsById(PTT_FP)[0].file;

  before(async () => {
    api = await activateExtension();
    await api.model.ensureLoaded();
  });

  after(async () => {
    await vscode.commands.executeCommand<any>('workbench.action.closeAllEditors');
  });

  it('opens a panel for an alert with a locked-down webview', async () => {
    handle = await vscode.commands.executeCommand<any>('atpWorkbench.openEvidence', PTT_FP);
    assert.ok(handle && handle.panel, 'the command returns the panel');
    assert.strictEqual(handle.panel.viewType, 'atpWorkbench.evidence');
    assert.match(handle.panel.title, /^Evidence: Suspected identity theft/);
    const html = handle.panel.webview.html;
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)[1];
    assert.match(csp, /^default-src 'none';/);
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)[1];
    assert.ok(nonce.length >= 16);
    assert.ok(html.includes(`<script nonce="${nonce}" src=`), 'the only script carries the nonce');
    assert.doesNotMatch(html, /Mateo Okafor|Suspected identity theft/, 'no fixture data in the HTML');
    const options = handle.panel.webview.options;
    assert.strictEqual(options.enableCommandUris, false);
    assert.deepStrictEqual(options.localResourceRoots.map((u) => path.basename(u.fsPath)).sort(), ['dist', 'media']);
  });

  it('posts the right model once the webview is ready', async () => {
    const model = await waitFor(() => handle.lastModel, 'the webview said ready and got a model');
    const fixture = JSON.parse(fs.readFileSync(alertFile(), 'utf8'));
    assert.strictEqual(model.alertId, fixture.id);
    assert.strictEqual(model.header.title, fixture.title);
    assert.strictEqual(model.header.externalId, fixture.externalId);
    assert.strictEqual(model.evidence.length, fixture.evidence.length);
    const cards = model.entityGroups.flatMap((g) => g.cards.map((c) => c.entityId)).sort();
    assert.deepStrictEqual(cards, [...new Set([...fixture.entities.map((e) => e.id), ...fixture.relatedEntityIds])].sort());
    assert.strictEqual(model.tables.find((t) => t.id === 'network').total, fixture.networkActivities.length);
    assert.ok(model.chain.nodes.length >= 4);
    assert.ok(model.triage.some((t) => t.id === 'name-resolution' && t.tone === 'warning'));
  });

  it('reuses the panel of an alert (by id, by file URI from the editor title)', async () => {
    const again = await vscode.commands.executeCommand<any>('atpWorkbench.openEvidence', PTT_FP.toUpperCase());
    const byUri = await vscode.commands.executeCommand<any>('atpWorkbench.openEvidence', vscode.Uri.file(alertFile()));
    assert.strictEqual(again, handle);
    assert.strictEqual(byUri, handle);
    assert.strictEqual(api.evidence.size, 1);
  });

  it('answers row-page requests from the host-side table', async () => {
    const outcome = await handle.receive({ type: 'requestRows', requestId: 4242, table: 'network', query: { offset: 0, limit: 1, sort: { column: 7, direction: 'desc' } } });
    assert.ok(outcome.ok, outcome.reason);
    const m = outcome.reply;
    assert.strictEqual(m.type, 'rows');
    assert.strictEqual(m.requestId, 4242);
    const fixture = JSON.parse(fs.readFileSync(alertFile(), 'utf8'));
    assert.strictEqual(m.page.total, fixture.networkActivities.length);
    assert.strictEqual(m.page.rows.length, 1);
    assert.strictEqual(m.page.rows[0].cells[7].text, '445');
  });

  it('refuses unknown and malformed messages, and ids it did not show', async () => {
    const before = vscode.window.visibleTextEditors.length;
    const refusal = async (message) => {
      const outcome = await handle.receive(message);
      assert.strictEqual(outcome.ok, false, `refused: ${JSON.stringify(message)}`);
      return outcome.reason;
    };
    assert.match(await refusal({ type: 'runCommand', command: 'workbench.action.terminal.new' }), /unknown message type/);
    assert.match(await refusal({ type: 'openEntity', entityId: 'x', target: 'entity', path: '/etc/passwd' }), /unexpected field/);
    assert.match(await refusal('ready'), /not an object/);
    // A well-formed request for an entity this alert does not show (the honeytoken of another alert).
    const other = api.model.index.entities().find((e) => e.entity.IsHoneytoken === true).entity.Id;
    assert.match(await refusal({ type: 'openEntity', entityId: other, target: 'entity' }), /not an entity this panel shows/);
    assert.strictEqual(vscode.window.visibleTextEditors.length, before, 'nothing was opened');
  });

  it('opens an entity it shows, by id, in the editor', async () => {
    const userId = handle.lastModel.entityGroups.find((g) => g.role === 'sourceUser').cards[0].entityId;
    assert.deepStrictEqual(await handle.receive({ type: 'openEntity', entityId: userId, target: 'entity' }), { ok: true, reply: undefined });
    const expected = api.model.index.entity(userId).file;
    await waitFor(() => vscode.window.visibleTextEditors.some((e) => e.document.uri.fsPath === expected), 'the entity JSON is open');
    assert.deepStrictEqual(await handle.receive({ type: 'openEntity', entityId: userId, target: 'profile' }), { ok: true, reply: undefined });
    const profile = api.model.index.profile(userId).file;
    await waitFor(() => vscode.window.visibleTextEditors.some((e) => e.document.uri.fsPath === profile), 'the profile JSON is open');
  });

  it('updates live when the alert file changes on disk', async () => {
    handle.reveal();
    const file = alertFile();
    const fixture = JSON.parse(fs.readFileSync(file, 'utf8'));
    fixture.title = 'Suspected identity theft (pass-the-ticket) — edited';
    fixture.networkActivities.push({ ...fixture.networkActivities[0], time: '2025-02-06T08:02:21Z' });
    fs.writeFileSync(file, JSON.stringify(fixture, null, 2) + '\n');
    const model = await waitFor(() => handle.lastModel.header.title.endsWith('edited') && handle.lastModel, 'the panel shows the new title');
    assert.strictEqual(model.tables.find((t) => t.id === 'network').total, 3);
    assert.match(handle.panel.title, /edited|…/);
  });

  it('updates live when an entity file of the alert changes', async () => {
    handle.reveal();
    const userId = handle.lastModel.entityGroups.find((g) => g.role === 'sourceUser').cards[0].entityId;
    const file = api.model.index.entity(userId).file;
    const entity = JSON.parse(fs.readFileSync(file, 'utf8'));
    entity.Department = 'Treasury';
    fs.writeFileSync(file, JSON.stringify(entity, null, 2) + '\n');
    await waitFor(() => {
      const card = handle.lastModel.entityGroups.find((g) => g.role === 'sourceUser').cards[0];
      return card.attributes.some((a) => a.label === 'Department' && a.value === 'Treasury');
    }, 'the card shows the new department');
  });

  it('follows verdict changes (services.verdicts.onDidChange)', async () => {
    handle.reveal();
    const previous = api.services.verdicts.lookup;
    try {
      api.services.verdicts.provide({
        verdictOf: (id) => (id === PTT_FP ? { verdict: 'TP', author: 'host test', time: '2025-02-07T00:00:00Z', history: [] } : previous.verdictOf(id)),
        exclusionFor: (ext, id) => previous.exclusionFor(ext, id),
      });
      await waitFor(() => handle.lastModel.verdict.verdict === 'TP', 'the panel shows the new verdict');
    } finally {
      api.services.verdicts.provide(previous);
    }
    await waitFor(() => handle.lastModel.verdict.author !== 'host test', 'back to the ledger verdict');
  });

  it('restores a panel through its serializer (as after a window reload)', async () => {
    // A real window reload cannot run inside the test host (it would end the test run), so this calls the
    // registered serializer the way VS Code does on reload: a fresh panel of our viewType plus the saved state.
    const fresh = vscode.window.createWebviewPanel('atpWorkbench.evidence', 'restoring', vscode.ViewColumn.Active, {});
    await api.evidence.serializer.deserializeWebviewPanel(fresh, { alertId: BRUTE });
    const restored = api.evidence.get(BRUTE);
    assert.ok(restored, 'the restored panel is tracked (and will be reused)');
    assert.strictEqual(restored.panel, fresh);
    const model = await waitFor(() => restored.lastModel, 'the restored webview got its model');
    assert.strictEqual(model.alertId, BRUTE);
    assert.strictEqual(restored.panel.webview.options.enableCommandUris, false);
    assert.strictEqual(await vscode.commands.executeCommand<any>('atpWorkbench.openEvidence', BRUTE), restored);

    // Garbage state (it comes back from the webview) closes the panel instead of showing nothing.
    const junk = vscode.window.createWebviewPanel('atpWorkbench.evidence', 'junk', vscode.ViewColumn.Active, {});
    let closed = false;
    junk.onDidDispose(() => { closed = true; });
    await api.evidence.serializer.deserializeWebviewPanel(junk, { alertId: { evil: true } });
    assert.ok(closed);
    restored.dispose();
    assert.strictEqual(api.evidence.get(BRUTE), undefined);
  });

  it('tells the webview when its alert disappears', async () => {
    handle.reveal();
    const file = alertFile();
    const text = fs.readFileSync(file, 'utf8');
    fs.rmSync(file);
    await waitFor(() => handle.lastModel === undefined && handle.panel.title === 'Evidence: alert not found', 'the panel says the alert is gone');
    fs.writeFileSync(file, text);
    await waitFor(() => handle.lastModel && handle.lastModel.alertId === PTT_FP && api.model.index.alertsById(PTT_FP).length, 'back again');
    handle.dispose();
    assert.strictEqual(api.evidence.get(PTT_FP), undefined);
  });
});
