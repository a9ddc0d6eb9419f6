// Multi-root workspaces: one subtree per folder, each with its own phases and counts; the CLI
// per folder agrees. Run by `node test/run-host-tests.mjs --multi-root` on a two-folder workspace.
import assert from 'assert';
import fs from 'fs';
import os from 'os';
import path from 'path';
import * as vscode from 'vscode';
import { waitFor, activateExtension } from '../support';

const labelOf = (item) => (typeof item.label === 'string' ? item.label : item.label.label);

function countAlerts(dir) {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) n += countAlerts(path.join(dir, e.name));
    else if (e.name.endsWith('.alert.json')) n++;
  }
  return n;
}

describe('multi-root workspace (real extension host)', () => {
  let api;
  let provider;

  before(async () => {
    api = await activateExtension();
    ({ provider } = api.alertsTree);
    await vscode.commands.executeCommand<any>('atpWorkbench.clearFilter');
    await vscode.commands.executeCommand<any>('atpWorkbench.groupBy', 'phase');
    await api.model.ensureLoaded();
  });

  it('opens two folders and indexes both', async () => {
    const folders = vscode.workspace.workspaceFolders;
    assert.strictEqual(folders.length, 2);
    const expected = folders.reduce((n, f) => n + countAlerts(f.uri.fsPath), 0);
    assert.strictEqual(api.model.index.alerts().length, expected);
  });

  it('shows one subtree per folder, each with the five phases and its own counts', async () => {
    const roots = await waitFor(async () => {
      const nodes = await provider.getChildren();
      return nodes.length === 2 && nodes;
    }, 'two folder nodes');
    const folders = vscode.workspace.workspaceFolders;
    assert.deepStrictEqual(roots.map((n) => labelOf(provider.getTreeItem(n))), folders.map((f) => f.name));
    for (const [i, root] of roots.entries()) {
      const item = provider.getTreeItem(root);
      assert.ok(item.id, 'folder node has an id');
      const phases = await provider.getChildren(root);
      const labels = phases.map((p) => labelOf(provider.getTreeItem(p)));
      assert.deepStrictEqual(labels.slice(0, 5), ['Reconnaissance', 'Compromised credentials', 'Lateral movement', 'Domain dominance', 'Exfiltration']);
      let total = 0;
      for (const phase of phases) {
        assert.strictEqual(provider.getParent(phase), root, 'a phase knows its folder');
        const alerts = await provider.getChildren(phase);
        for (const a of alerts) assert.ok(a.file.startsWith(folders[i].uri.fsPath + path.sep), `${a.file} is under ${folders[i].name}`);
        total += alerts.length;
      }
      assert.strictEqual(total, countAlerts(folders[i].uri.fsPath), `${folders[i].name}: every alert is in its subtree`);
    }
  });

  it('the second folder\'s alerts are under its own phases, by the catalog (2003 recon, 2019 domain dominance)', async () => {
    const [, branch] = await provider.getChildren();
    const phases = await provider.getChildren(branch);
    const under = async (label) => {
      const phase = phases.find((p) => labelOf(provider.getTreeItem(p)) === label);
      return { phase, alerts: (await provider.getChildren(phase)).map((a) => labelOf(provider.getTreeItem(a))) };
    };
    const recon = await under('Reconnaissance');
    assert.deepStrictEqual(recon.alerts, ['Account enumeration reconnaissance']);
    assert.match(String(provider.getTreeItem(recon.phase).description), /^1\b/);
    assert.deepStrictEqual((await under('Domain dominance')).alerts, ['Remote code execution attempt']);
    assert.deepStrictEqual((await under('Lateral movement')).alerts, []);
  });

  it('exporting a phase under one folder writes that folder\'s alerts only', async () => {
    const [, branch] = vscode.workspace.workspaceFolders;
    const folderNode = (await provider.getChildren(undefined)).find((n) => n.kind === 'folder' && n.folder.path === branch.uri.fsPath);
    const recon = (await provider.getChildren(folderNode)).find((n) => n.kind === 'group' && n.phase === 'reconnaissance');
    const expected = api.model.index.alertsInPhase('reconnaissance').filter((a) => a.file.startsWith(branch.uri.fsPath + path.sep)).map((a) => a.file).sort();
    assert.ok(expected.length > 0 && expected.length < api.model.index.alertsInPhase('reconnaissance').length, 'the other folder has reconnaissance alerts too');
    const target = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-multi-root-export-'));
    try {
      const batch = await vscode.commands.executeCommand<any>('atpWorkbench.exportReports', recon, { target, reveal: false });
      assert.deepStrictEqual(batch.reports.map((r) => r.item.file).sort(), expected);
    } finally {
      fs.rmSync(target, { recursive: true, force: true });
    }
  });
});
