// Verdicts in the real extension host — classify through the command (request object, no UI),
// the ledger on disk, the published lookup and the tree's description change; tree multi-selection;
// "close and exclude"; hand edits picked up live; a corrupt ledger refused and left untouched.
// Runs on a temporary copy of samples/ (see run-host-tests.mjs); the ledger is restored afterwards anyway.
import assert from 'assert';
import fs from 'fs';
import path from 'path';
import * as vscode from 'vscode';
import { waitFor, activateExtension } from './support';



describe('Verdicts (real extension host)', () => {
  let api;
  let folder;
  let ledger;
  let original; // the ledger's bytes before the tests, restored after
  const alertIdOf = (name) => JSON.parse(fs.readFileSync(path.join(folder, 'alerts', name), 'utf8')).id;
  const onDisk = () => JSON.parse(fs.readFileSync(ledger, 'utf8'));

  /** Every alert node of the tree (phase grouping), as the tree engineer's provider renders it. */
  async function alertNodes() {
    const internal = api.alertsTree;
    const provider = internal.provider;
    const out = [];
    const walk = async (node, depth) => {
      for (const child of await provider.getChildren(node)) {
        if (child.kind === 'alert') out.push({ node: child, item: provider.getTreeItem(child) });
        else if (depth < 3) await walk(child, depth + 1);
      }
    };
    await walk(undefined, 0);
    return out;
  }

  before(async () => {
    api = await activateExtension();
    folder = vscode.workspace.workspaceFolders[0].uri.fsPath;
    ledger = path.join(folder, '.atp', 'classifications.json');
    original = fs.existsSync(ledger) ? fs.readFileSync(ledger) : undefined;
    await api.model.ensureLoaded();
    // The sample ledger's verdicts are published once loaded.
    await waitFor(() => api.services.verdicts.lookup.verdictOf('98b68853-38f5-4214-88fb-196cf176c69b'), 'the sample ledger is loaded');
  });

  after(() => {
    if (original) fs.writeFileSync(ledger, original);
  });

  it('classifies a sample alert through the command: the ledger on disk, the lookup and the tree row show it', async () => {
    const id = alertIdOf('2007-dns-reconnaissance-ws-fin-07.alert.json');
    assert.strictEqual(api.services.verdicts.lookup.verdictOf(id), undefined, 'unclassified at first');
    let changes = 0;
    const sub = api.services.verdicts.onDidChange(() => changes++);
    const result = await vscode.commands.executeCommand<any>('atpWorkbench.classifyAlert', {
      alertIds: [id], verdict: 'FP', determination: 'notMalicious', note: 'Low-certainty reverse DNS (host test).',
    });
    sub.dispose();
    assert.ok(result && result.ok, JSON.stringify(result));
    assert.deepStrictEqual(result.changed, [id]);
    const record = onDisk().alerts[id];
    assert.strictEqual(record.verdict, 'FP');
    assert.strictEqual(record.determination, 'notMalicious');
    assert.strictEqual(record.note, 'Low-certainty reverse DNS (host test).');
    assert.ok(record.author.length > 0 && /Z$/.test(record.time));
    assert.strictEqual(api.services.verdicts.lookup.verdictOf(id).verdict, 'FP');
    assert.ok(changes >= 1, 'listeners were told');
    // The other records of the sample ledger are untouched.
    assert.strictEqual(onDisk().alerts['98b68853-38f5-4214-88fb-196cf176c69b'].history.length, 2);
    const row = await waitFor(async () => (await alertNodes()).find((r) => r.node.alertId === id && /\bFP\b/.test(String(r.item.description))), 'the tree row shows FP');
    console.log(`    tree row: ${row.item.label && row.item.label.label || row.item.label} — ${row.item.description}`);
  });

  it('clears the verdicts of a tree multi-selection (node, selected[]) and keeps their history', async () => {
    const a = alertIdOf('2018-pass-the-ticket-mokafor.alert.json');
    const b = alertIdOf('2018-pass-the-ticket-rabernathy.alert.json');
    const r1 = await vscode.commands.executeCommand<any>('atpWorkbench.classifyAlert', { alertIds: [a, b], verdict: 'TP' });
    assert.ok(r1.ok, JSON.stringify(r1));
    const nodes = (await alertNodes()).filter((r) => r.node.alertId === a || r.node.alertId === b).map((r) => r.node);
    assert.strictEqual(nodes.length, 2);
    const r2 = await vscode.commands.executeCommand<any>('atpWorkbench.clearVerdict', nodes[0], nodes);
    assert.ok(r2.ok, JSON.stringify(r2));
    assert.deepStrictEqual([...r2.changed].sort(), [a, b].sort());
    for (const id of [a, b]) {
      assert.strictEqual(api.services.verdicts.lookup.verdictOf(id), undefined);
      assert.strictEqual(onDisk().alerts[id].verdict, 'cleared');
      assert.ok(onDisk().alerts[id].history.some((h) => h.verdict === 'TP'));
    }
  });

  it('B-TP with "close and exclude" records an exclusion of the source entity for the alert type', async () => {
    const file = path.join(folder, 'alerts', '2003-account-enumeration-ws-eng-11.alert.json');
    const alert = JSON.parse(fs.readFileSync(file, 'utf8'));
    const source = alert.entities.find((e) => e.role === 'sourceComputer' || e.role === 'sourceUser');
    assert.ok(source, 'the sample has a source entity');
    const r = await vscode.commands.executeCommand<any>('atpWorkbench.classifyAlert', { alertIds: [alert.id], verdict: 'B-TP', determination: 'securityTesting', note: 'Red team', exclude: true });
    assert.ok(r.ok, JSON.stringify(r));
    assert.ok(r.exclusions >= 1);
    const x = onDisk().exclusions.find((e) => e.externalId === alert.externalId && e.entityId === source.id);
    assert.ok(x, 'exclusion on disk');
    assert.strictEqual(x.alertId, alert.id);
    assert.strictEqual(api.services.verdicts.lookup.exclusionFor(alert.externalId, source.id).entityId, source.id);
  });

  it('picks up a hand edit of the ledger live', async () => {
    const id = alertIdOf('2007-dns-reconnaissance-ws-fin-07.alert.json');
    const doc = onDisk();
    doc.alerts[id].verdict = 'TP';
    doc.alerts[id].note = 'Edited by hand';
    fs.writeFileSync(ledger, JSON.stringify(doc, null, 2) + '\n');
    await waitFor(() => api.services.verdicts.lookup.verdictOf(id)?.note === 'Edited by hand', 'the hand edit reaches the lookup');
    assert.strictEqual(api.services.verdicts.lookup.verdictOf(id).verdict, 'TP');
  });

  it('refuses to write a corrupt ledger, names the file and position, and leaves it byte for byte', async () => {
    const broken = fs.readFileSync(ledger, 'utf8').replace('"schemaVersion": 1', '"schemaVersion": 1,');
    fs.writeFileSync(ledger, broken);
    const before = fs.readFileSync(ledger);
    const id = alertIdOf('2004-ldap-brute-force-ws-hr-02.alert.json');
    const r = await vscode.commands.executeCommand<any>('atpWorkbench.classifyAlert', { alertIds: [id], verdict: 'FP' });
    assert.strictEqual(r.ok, false);
    assert.ok(r.error.includes(ledger) && /:\d+:\d+: Invalid JSON/.test(r.error), r.error);
    assert.deepStrictEqual(fs.readFileSync(ledger), before);
    // The last good verdicts stay visible while the file is being fixed.
    assert.strictEqual(api.services.verdicts.lookup.verdictOf('98b68853-38f5-4214-88fb-196cf176c69b').verdict, 'TP');
  });

  it('rejects a malformed request without touching the ledger', async () => {
    if (original) fs.writeFileSync(ledger, original);
    const before = fs.readFileSync(ledger);
    const r = await vscode.commands.executeCommand<any>('atpWorkbench.classifyAlert', { alertIds: ['x'], verdict: 'MAYBE' });
    assert.strictEqual(r.ok, false);
    assert.match(r.error, /verdict must be one of TP, B-TP, FP/);
    assert.deepStrictEqual(fs.readFileSync(ledger), before);
  });
});
