// The Alerts tree in the real extension host — nodes, ids, parents, counts, commands, live updates,
// and the CLI's `list` printing the same counts. Runs on a temporary copy of samples/ (see run-host-tests.mjs).
import assert from 'assert';
import fs from 'fs';
import path from 'path';
import { execFileSync } from 'child_process';
import * as vscode from 'vscode';
import { waitFor, activateExtension } from './support';

const REPO = process.env.ATP_TEST_REPO_ROOT || path.resolve(__dirname, '..', '..');
const PHASE_LABELS = ['Reconnaissance', 'Compromised credentials', 'Lateral movement', 'Domain dominance', 'Exfiltration'];


const labelOf = (item) => (typeof item.label === 'string' ? item.label : item.label.label);

describe('Alerts tree (real extension host)', () => {
  let api;
  let provider;
  let view;
  let folder;
  const created = [];

  /** Root items as VS Code would render them. */
  async function rootItems() {
    const nodes = await provider.getChildren();
    return nodes.map((node) => ({ node, item: provider.getTreeItem(node) }));
  }
  async function rootByLabel(label) {
    return (await rootItems()).find((r) => labelOf(r.item) === label);
  }
  function write(rel, content) {
    const file = path.join(folder, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2) + '\n');
    created.push(file);
    return file;
  }
  const sampleAlert = (name) => JSON.parse(fs.readFileSync(path.join(folder, 'alerts', name), 'utf8'));

  before(async () => {
    api = await activateExtension();
    ({ provider, view } = api.alertsTree);
    folder = vscode.workspace.workspaceFolders[0].uri.fsPath;
    await vscode.commands.executeCommand<any>('atpWorkbench.clearFilter');
    await vscode.commands.executeCommand<any>('atpWorkbench.groupBy', 'phase');
    await api.model.ensureLoaded();
  });

  after(async () => {
    for (const f of created) fs.rmSync(f, { force: true, recursive: true });
    await vscode.commands.executeCommand<any>('atpWorkbench.clearFilter');
    await vscode.commands.executeCommand<any>('atpWorkbench.groupBy', 'phase');
  });

  it('shows the five kill-chain phases in order, each with its count and open/severity breakdown', async () => {
    const roots = await rootItems();
    assert.deepStrictEqual(roots.map((r) => labelOf(r.item)), PHASE_LABELS);
    const alerts = api.model.index.alerts();
    const phases = ['reconnaissance', 'compromised-credentials', 'lateral-movement', 'domain-dominance', 'exfiltration'];
    roots.forEach(({ item }, i) => {
      const inPhase = alerts.filter((a) => a.phase === phases[i]).map((a) => a.alert);
      const n = (p) => inPhase.filter(p).length;
      const expected = inPhase.length ? `${inPhase.length} · ${n((a) => a.status === 'Open')} open · ${n((a) => a.severity === 'High')} High · ${n((a) => a.severity === 'Medium')} Medium · ${n((a) => a.severity === 'Low')} Low` : '0';
      assert.strictEqual(item.description, expected, labelOf(item));
      assert.strictEqual(item.contextValue, 'phase');
      assert.strictEqual(item.id, `phase:${phases[i]}`);
      assert.ok(item.accessibilityInformation.label.startsWith(`${labelOf(item)}: `));
      assert.ok(item.iconPath instanceof vscode.ThemeIcon);
    });
    assert.strictEqual(roots.reduce((s, r) => s + r.node.count, 0), alerts.length);
  });

  it('alert rows: unique ids, getParent, severity icons with theme colours, a11y labels, lazy tooltips', async () => {
    const lateral = await rootByLabel('Lateral movement');
    const children = await provider.getChildren(lateral.node);
    assert.strictEqual(children.length, lateral.node.count);
    const ids = new Set();
    for (const child of children) {
      const item = provider.getTreeItem(child);
      assert.ok(!ids.has(item.id), `unique id ${item.id}`);
      ids.add(item.id);
      assert.strictEqual(provider.getParent(child).id, lateral.node.id);
      assert.strictEqual(item.contextValue, 'alert');
      assert.ok(child.alertId && child.file && fs.existsSync(child.file), 'alert nodes carry alertId and file');
      assert.strictEqual(labelOf(item), child.indexed.alert.title);
      assert.ok(item.description.startsWith(`${child.indexed.alert.severity} · ${child.indexed.alert.status} · `), item.description);
      assert.ok(item.iconPath instanceof vscode.ThemeIcon && item.iconPath.color instanceof vscode.ThemeColor);
      assert.strictEqual(item.iconPath.color.id, { High: 'charts.red', Medium: 'charts.orange', Low: 'charts.yellow' }[child.indexed.alert.severity]);
      assert.ok(item.accessibilityInformation.label.includes(`${child.indexed.alert.severity} severity`));
      assert.strictEqual(item.tooltip, undefined, 'tooltips are resolved lazily');
      const resolved = provider.resolveTreeItem(item, child, new vscode.CancellationTokenSource().token);
      assert.ok(resolved.tooltip instanceof vscode.MarkdownString);
      // Fixture text is appended as escaped text; older VS Code escapes more characters (e.g. "-").
      const text = resolved.tooltip.value.replace(/\\(.)/g, '$1');
      assert.ok(text.includes('External ID'));
      assert.ok(text.includes(path.basename(child.file)), text);
    }
    const starts = children.map((c) => Date.parse(c.indexed.alert.startTime));
    assert.deepStrictEqual(starts, [...starts].sort((a, b) => b - a), 'newest first');
  });

  it('under an alert, entities by role; clicking an entity opens its Unique Entity Json; the profile action opens the profile', async () => {
    const lateral = await rootByLabel('Lateral movement');
    const [first] = await provider.getChildren(lateral.node);
    const roles = await provider.getChildren(first);
    assert.ok(roles.length > 0);
    for (const role of roles) assert.strictEqual(provider.getParent(role).id, first.id);
    const entity = (await provider.getChildren(roles[0]))[0];
    const item = provider.getTreeItem(entity);
    assert.strictEqual(item.contextValue, 'entity');
    assert.strictEqual(item.command.command, 'vscode.open');
    await vscode.commands.executeCommand<any>(item.command.command, ...item.command.arguments);
    await waitFor(() => vscode.window.activeTextEditor && vscode.window.activeTextEditor.document.uri.fsPath === entity.entityFile, 'the entity JSON is open');
    assert.strictEqual(JSON.parse(vscode.window.activeTextEditor.document.getText()).Id.toLowerCase(), entity.entityId.toLowerCase());
    await vscode.commands.executeCommand<any>('atpWorkbench.openEntityProfile', entity);
    await waitFor(() => vscode.window.activeTextEditor && vscode.window.activeTextEditor.document.uri.fsPath.endsWith('.profile.json'), 'the profile is open');
    assert.strictEqual(JSON.parse(vscode.window.activeTextEditor.document.getText()).UniqueEntityId.toLowerCase(), entity.entityId.toLowerCase());
  });

  it('commands from the context menu take tree nodes and selections (open alert JSON, copy alert id)', async () => {
    const recon = await rootByLabel('Reconnaissance');
    const [a, b] = await provider.getChildren(recon.node);
    await vscode.commands.executeCommand<any>('atpWorkbench.openAlertJson', a);
    await waitFor(() => vscode.window.activeTextEditor && vscode.window.activeTextEditor.document.uri.fsPath === a.file, 'the alert JSON is open');
    await vscode.commands.executeCommand<any>('atpWorkbench.copyAlertId', a, [a, b]);
    assert.strictEqual(await vscode.env.clipboard.readText(), `${a.alertId}\n${b.alertId}`);
  });

  it("reveals the active editor's alert (getParent chain works)", async () => {
    const target = api.model.index.alerts().find((x) => x.phase === 'domain-dominance');
    await vscode.window.showTextDocument(vscode.Uri.file(target.file));
    await vscode.commands.executeCommand<any>('atpWorkbench.revealAlert');
    await waitFor(() => view.selection.length === 1 && view.selection[0].file === target.file, 'the alert is selected in the view');
    assert.strictEqual(view.selection[0].parentId, 'phase:domain-dominance');
  });

  it('groups by type, entity and verdict; filters show in the view message and clear', async () => {
    const alerts = api.model.index.alerts();
    await vscode.commands.executeCommand<any>('atpWorkbench.groupBy', 'type');
    let roots = await rootItems();
    const types = new Set(alerts.map((a) => a.alert.externalId));
    assert.strictEqual(roots.length, types.size);
    assert.strictEqual(roots.reduce((s, r) => s + r.node.count, 0), alerts.length);
    assert.ok(roots.every((r, i) => i === 0 || roots[i - 1].node.count >= r.node.count), 'most common type first');
    assert.match(view.message, /Grouped by alert type/);

    await vscode.commands.executeCommand<any>('atpWorkbench.groupBy', 'entity');
    roots = await rootItems();
    assert.ok(roots.length > 0 && ['entity', 'entity.unresolved', 'group'].includes(roots[0].item.contextValue));

    await vscode.commands.executeCommand<any>('atpWorkbench.groupBy', 'verdict');
    const hub = api.services.verdicts;
    const original = hub.lookup;
    const fp = alerts[0].alert.id;
    try {
      hub.provide({ verdictOf: (id) => (id === fp ? { verdict: 'FP', author: 'host test', time: '2025-01-01T00:00:00Z', history: [] } : undefined), exclusionFor: () => undefined });
      await waitFor(async () => (await rootByLabel('False positive (FP)')).node.count === 1, 'the verdict change reaches the tree');
      const fpNode = (await rootByLabel('False positive (FP)')).node;
      assert.strictEqual((await provider.getChildren(fpNode))[0].alertId, fp);
    } finally {
      hub.provide(original);
    }

    await vscode.commands.executeCommand<any>('atpWorkbench.groupBy', 'phase');
    await vscode.commands.executeCommand<any>('atpWorkbench.filter', { severities: ['High'], text: '' });
    const high = alerts.filter((a) => a.alert.severity === 'High').length;
    roots = await rootItems();
    assert.strictEqual(roots.reduce((s, r) => s + r.node.count, 0), high);
    assert.match(view.message, new RegExp(`Filter: severity High — ${high} of ${alerts.length} alerts shown`));
    await vscode.commands.executeCommand<any>('atpWorkbench.clearFilter');
    assert.strictEqual(view.message, undefined);
  });

  it('live: added, changed and deleted files show up; other records are not re-read; expansion survives', async () => {
    const recon = await rootByLabel('Reconnaissance');
    // Start from nothing expanded (earlier tests may have left the phase expanded in the remembered state), so
    // that the expansion below is one the view really made, and Collapse All later has it to collapse.
    await vscode.commands.executeCommand<any>('atpWorkbench.collapseAll');
    assert.strictEqual(provider.state.isExpanded(recon.node.id), false);
    await view.reveal(recon.node, { expand: true, select: false, focus: false });
    await waitFor(() => provider.state.isExpanded(recon.node.id), 'the expansion is recorded');
    const before = recon.node.count;
    const untouched = api.model.index.alerts().find((a) => a.phase === 'exfiltration').file;
    const recordBefore = api.model.index.record(untouched);

    const base = sampleAlert('2007-dns-reconnaissance-ws-fin-07.alert.json');
    const added = write('alerts/live-test.alert.json', { ...base, id: 'f00dfeed-0000-4000-8000-000000000001', title: 'Live test alert', severity: 'High' });
    await waitFor(async () => (await rootByLabel('Reconnaissance')).node.count === before + 1, 'the new alert is counted');
    const row = (await provider.getChildren((await rootByLabel('Reconnaissance')).node)).find((n) => n.file === added);
    assert.strictEqual(row.label, 'Live test alert');
    assert.strictEqual(provider.getTreeItem((await rootByLabel('Reconnaissance')).node).collapsibleState, vscode.TreeItemCollapsibleState.Expanded, 'expansion kept across the refresh');

    fs.writeFileSync(added, JSON.stringify({ ...base, id: 'f00dfeed-0000-4000-8000-000000000001', title: 'Live test alert, changed', severity: 'Low' }, null, 2));
    await waitFor(async () => (await provider.getChildren((await rootByLabel('Reconnaissance')).node)).some((n) => n.label === 'Live test alert, changed' && n.severity === 'Low'), 'the change shows');
    assert.strictEqual(api.model.index.record(untouched), recordBefore, 'an unrelated file was not re-read');

    fs.rmSync(added);
    await waitFor(async () => (await rootByLabel('Reconnaissance')).node.count === before, 'the deleted alert is gone');
    assert.strictEqual(provider.tree.alertNodes(added).length, 0);

    // The title bar's "Collapse All" forgets the expansion, so a later refresh does not re-open the phase.
    // (Asked again while it has not: the view may still be re-rendering after the deletion, and a collapse of
    // the rows it is replacing is never reported; it failed that way in CI on code-server 4.100.3 and 4.139.1.
    // Each attempt first reveals the phase expanded, so the view surely has an expanded row to collapse.)
    await waitFor(async () => {
      await view.reveal((await rootByLabel('Reconnaissance')).node, { expand: true, select: false, focus: false });
      await vscode.commands.executeCommand<any>('workbench.actions.treeView.atpAlerts.alerts.collapseAll');
      return !provider.state.isExpanded(recon.node.id);
    }, `collapse all is recorded (view visible: ${view.visible})`, 15000);
  });

  it('bad input: duplicate ids flagged on both rows, invalid fixtures listed and opened at the error', async () => {
    const original = sampleAlert('2006-dcsync-lt-it-04.alert.json');
    const twin = write('alerts/dcsync-copy.alert.json', original);
    const broken = write('alerts/broken-live.alert.json', '{\n  "id": "x",\n  "title": \n}\n');
    const invalidRoot = await waitFor(async () => rootByLabel('Invalid fixtures'), 'the Invalid fixtures node appears');
    assert.strictEqual(invalidRoot.item.contextValue, 'group');
    const [bad] = await provider.getChildren(invalidRoot.node);
    const badItem = provider.getTreeItem(bad);
    assert.strictEqual(bad.file, broken);
    assert.strictEqual(badItem.contextValue, 'invalidFixture');
    assert.strictEqual(badItem.command.command, 'vscode.open');
    await vscode.commands.executeCommand<any>(badItem.command.command, ...badItem.command.arguments);
    await waitFor(() => vscode.window.activeTextEditor && vscode.window.activeTextEditor.document.uri.fsPath === broken, 'the broken file is open');
    assert.strictEqual(vscode.window.activeTextEditor.selection.start.line, 3, 'the cursor is on the error');

    const dominance = await waitFor(async () => {
      const r = await rootByLabel('Domain dominance');
      const rows = await provider.getChildren(r.node);
      const dups = rows.filter((n) => n.alertId === original.id);
      return dups.length === 2 && dups;
    }, 'both duplicates are shown');
    for (const d of dominance) assert.match(provider.getTreeItem(d).description, /⚠ duplicate id/);

    fs.rmSync(twin);
    fs.rmSync(broken);
    await waitFor(async () => !(await rootByLabel('Invalid fixtures')), 'the Invalid fixtures node goes away');
  });

  it('a generated workspace: counts per phase match the generated files', async () => {
    const phases = ['reconnaissance', 'compromised-credentials', 'lateral-movement', 'domain-dominance', 'exfiltration'];
    const base = sampleAlert('2007-dns-reconnaissance-ws-fin-07.alert.json');
    const counts = async () => (await rootItems()).map((r) => r.node.count);
    const before = await counts();
    const made = [0, 0, 0, 0, 0];
    const files = [];
    // Written into the already-watched alerts/ folder (see the report about files in brand-new folders).
    for (let i = 0; i < 40; i++) {
      const p = (i * 7) % 5;
      made[p]++;
      files.push(write(`alerts/generated-${i}.alert.json`, { ...base, id: `9e000000-0000-4000-8000-${String(i).padStart(12, '0')}`, phase: phases[p], title: `Generated ${i}` }));
    }
    const want = before.map((n, i) => n + made[i]);
    let seen;
    await waitFor(async () => (seen = await counts()).every((n, i) => n === want[i]), `every generated alert is counted in its phase (want ${want}, see ${seen})`);
    for (const f of files) fs.rmSync(f);
    await waitFor(async () => (seen = await counts()).every((n, i) => n === before[i]), `the generated alerts are gone after deletion (want ${before}, see ${seen})`);
  });

  it('the CLI `list` prints the same groups and counts as the view', async () => {
    const cli = (...args) => JSON.parse(execFileSync(process.env.ATP_TEST_NODE || process.execPath, [path.join(REPO, 'dist', 'cli.js'), 'list', '.', '--format', 'json', '--summary', ...args], { cwd: folder, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
    const fromView = async () => (await rootItems()).filter((r) => r.node.kind === 'group').map((r) => ({ label: labelOf(r.item), count: r.node.count, description: r.item.description }));
    const phase = cli('--group-by', 'phase');
    assert.deepStrictEqual(phase.groups.map((g) => ({ label: g.label, count: g.count, description: g.description })), await fromView());
    await vscode.commands.executeCommand<any>('atpWorkbench.groupBy', 'type');
    const type = cli('--group-by', 'type');
    assert.deepStrictEqual(type.groups.map((g) => ({ label: g.label, count: g.count })), (await fromView()).map(({ label, count }) => ({ label, count })));
    await vscode.commands.executeCommand<any>('atpWorkbench.groupBy', 'phase');
  });
});
