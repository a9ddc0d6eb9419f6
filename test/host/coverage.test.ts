// The coverage feature in the real extension host: the Coverage view's phases and types against an
// independent count of the fixture files, the click that filters the Alerts view, live updates, the
// matrix panel's message allowlist, and the layer export writing the same JSON as the CLI.
import assert from 'assert';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { execFileSync } from 'child_process';
import * as vscode from 'vscode';
import { waitFor, activateExtension } from './support';

const REPO = process.env.ATP_TEST_REPO_ROOT || path.resolve(__dirname, '..', '..');
const CATALOG = JSON.parse(fs.readFileSync(path.join(REPO, 'src', 'core', 'data', 'alert-catalog.json'), 'utf8')).alerts;

/** External ID → number of *.alert.json files holding it, read with fs only. */
function countFixtures(dir, out = new Map()) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== 'node_modules' && e.name !== '.git') countFixtures(full, out);
    else if (e.name.endsWith('.alert.json')) {
      const id = String(JSON.parse(fs.readFileSync(full, 'utf8')).externalId);
      out.set(id, (out.get(id) || 0) + 1);
    }
  }
  return out;
}

describe('Coverage view (real extension host)', () => {
  let api;
  let internals;
  let folder;
  const created = [];

  const typeNodes = async () => {
    const out = [];
    for (const phase of await internals.provider.getChildren()) out.push(...(await internals.provider.getChildren(phase)));
    return out;
  };

  before(async () => {
    api = await activateExtension();
    internals = api.coverage;
    folder = vscode.workspace.workspaceFolders[0].uri.fsPath;
    await api.model.ensureLoaded();
  });

  after(async () => {
    for (const f of created) fs.rmSync(f, { force: true });
    await vscode.commands.executeCommand<any>('atpWorkbench.clearFilter');
  });

  it('lists the five phases and every catalog type under its phase, covered ones with their counts', async () => {
    const phases = await internals.provider.getChildren();
    assert.deepEqual(phases.map((p) => internals.provider.getTreeItem(p).label), ['Reconnaissance', 'Compromised credentials', 'Lateral movement', 'Domain dominance', 'Exfiltration']);
    const counts = countFixtures(folder);
    for (const phase of phases) {
      const children = await internals.provider.getChildren(phase);
      const expected = CATALOG.filter((e) => e.phase === phase.phase.phase).map((e) => e.externalId).sort();
      assert.deepEqual(children.map((c) => c.externalId).sort(), expected, `types of ${phase.id}`);
      for (const node of children) {
        const item = internals.provider.getTreeItem(node);
        const n = counts.get(node.externalId) || 0;
        if (n) {
          assert.equal(item.contextValue, 'coverageType.covered');
          assert.match(item.description, new RegExp(`^${n} fixtures? · `), node.externalId);
          assert.equal(item.command.command, 'atpWorkbench.showAlertsOfType');
        } else {
          assert.equal(item.contextValue, 'coverageType.uncovered');
          assert.equal(item.description, 'no fixture');
          assert.equal(item.command, undefined, 'an uncovered type has nothing to filter to');
        }
        assert.equal(item.id, `type:${node.externalId}`);
        assert.equal(internals.provider.getParent(node), phase);
      }
    }
    const covered = CATALOG.filter((e) => counts.get(e.externalId)).length;
    await waitFor(async () => { await vscode.commands.executeCommand<any>('atpAlerts.coverage.focus'); return internals.view.message; }, 'the view message');
    assert.match(internals.view.message, new RegExp(`^Covered: ${covered} of 69 alert types`));
  });

  it('clicking a covered type filters the Alerts view to that type', async () => {
    const counts = countFixtures(folder);
    const node = (await typeNodes()).find((n) => (counts.get(n.externalId) || 0) >= 2);
    assert.ok(node, 'the samples hold a type with two or more fixtures');
    const item = internals.provider.getTreeItem(node);
    await vscode.commands.executeCommand<any>(item.command.command, ...item.command.arguments);
    const { provider } = api.alertsTree;
    assert.deepEqual(provider.state.filter, { externalIds: [node.externalId] });
    await waitFor(() => provider.tree.shown === counts.get(node.externalId), 'the Alerts view to show only the type');
    assert.match(provider.message(), new RegExp(`alert type ${node.externalId}`));
    await vscode.commands.executeCommand<any>('atpWorkbench.clearFilter');
  });

  /**
   * The samples cover every catalog type, so a type is made uncovered by setting aside the one fixture that
   * covers it (renamed so it no longer matches the pattern); `restore` puts it back.
   */
  async function setAsideOneType() {
    const counts = countFixtures(folder);
    const node = (await typeNodes()).find((n) => counts.get(n.externalId) === 1);
    const file = fs.readdirSync(path.join(folder, 'alerts')).map((f) => path.join(folder, 'alerts', f))
      .find((f) => f.endsWith('.alert.json') && String(JSON.parse(fs.readFileSync(f, 'utf8')).externalId) === node.externalId);
    const aside = `${file}.aside`;
    fs.renameSync(file, aside);
    const nodeOf = async () => (await typeNodes()).find((n) => n.externalId === node.externalId);
    await waitFor(async () => (await nodeOf()).contextValue === 'coverageType.uncovered', 'the type to become uncovered');
    return { externalId: node.externalId, nodeOf, restore: () => fs.renameSync(aside, file) };
  }

  it('updates live when the only fixture of a type goes and comes back', async () => {
    const type = await setAsideOneType();
    const item = internals.provider.getTreeItem(await type.nodeOf());
    assert.match(String(item.description), /no fixture/);
    type.restore();
    await waitFor(async () => (await type.nodeOf()).contextValue === 'coverageType.covered', 'the type to be covered again');
    assert.match(internals.provider.getTreeItem(await type.nodeOf()).description, /^1 fixture · /);
  });

  it('exports the same Navigator layer JSON as the CLI', async () => {
    const target = path.join(os.tmpdir(), `coverage-layer-${process.pid}.json`);
    const written = await vscode.commands.executeCommand<any>('atpWorkbench.exportNavigatorLayer', { score: 'fixtures', target });
    assert.equal(written, target);
    const fromEditor = JSON.parse(fs.readFileSync(target, 'utf8'));
    fs.rmSync(target);
    const fromCli = JSON.parse(execFileSync(process.env.ATP_TEST_NODE || process.execPath, [path.join(REPO, 'dist', 'cli.js'), 'coverage', folder, '--format', 'navigator'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
    const withoutDate = (layer) => ({ ...layer, metadata: layer.metadata.filter((m) => m.name !== 'Generated') });
    assert.ok(fromEditor.techniques.length > 0);
    assert.deepEqual(withoutDate(fromEditor), withoutDate(fromCli));
  });

  it('the matrix panel posts the matrix and refuses messages outside its allowlist', async () => {
    const panel = await vscode.commands.executeCommand<any>('atpWorkbench.showCoverageMatrix');
    try {
      await waitFor(() => panel.lastMatrix, 'the matrix to be posted');
      assert.match(panel.panel.webview.html, /script-src 'nonce-[^']+'/);
      assert.doesNotMatch(panel.panel.webview.html, /unsafe-inline/);
      assert.match(await panel.receive({ type: 'runCommand', command: 'workbench.action.quit' }), /unknown message type/);
      assert.match(await panel.receive({ type: 'showAlerts', externalId: '2003', extra: 1 }), /unexpected field/);
      const uncovered = await setAsideOneType();
      try {
        await waitFor(async () => /not a covered type/.test(await panel.receive({ type: 'showAlerts', externalId: uncovered.externalId })), 'the matrix to know the type is uncovered');
      } finally {
        uncovered.restore();
      }
      assert.equal(await panel.receive({ type: 'setScore', score: 'fp-rate' }), 'ok');
      assert.equal(panel.score, 'fp-rate');
    } finally {
      panel.panel.dispose();
    }
  });
});
