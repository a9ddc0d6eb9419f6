// New Alert Fixture in the real extension host: the command with an argument that skips the pickers writes a
// fixture (new or workspace entities), the index and the Alerts view pick it up at once, the alert opens in
// the editor and is selected in the view; the Coverage view's "Create Fixture" takes a node of an uncovered
// type. Runs on a temporary copy of samples/ (see run-host-tests.mjs).
import assert from 'assert';
import fs from 'fs';
import path from 'path';
import * as vscode from 'vscode';
import { waitFor, activateExtension } from './support';

const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));

describe('New Alert Fixture (real extension host)', () => {
  let api;
  let folder;
  let view;
  const written = [];

  before(async () => {
    api = await activateExtension();
    folder = vscode.workspace.workspaceFolders[0].uri.fsPath;
    ({ view } = api.alertsTree);
    await vscode.commands.executeCommand<any>('atpWorkbench.clearFilter');
    await api.model.ensureLoaded();
  });

  after(async () => {
    await vscode.commands.executeCommand<any>('workbench.action.closeAllEditors');
    for (const f of written) fs.rmSync(f, { force: true });
    // The suites that follow read the Alerts view: wait until the watcher has taken the files out again.
    await waitFor(() => written.every((f) => !api.model.index.record(f)), 'the created files to leave the index');
  });

  async function create(...args) {
    const result = await vscode.commands.executeCommand<any>('atpWorkbench.newAlertFixture', ...args);
    if (result) written.push(...result.files);
    return result;
  }

  it('registers both commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('atpWorkbench.newAlertFixture'));
    assert.ok(commands.includes('atpWorkbench.createFixture'));
  });

  it('an external id and "new": writes the alert and new entities, opens the alert, selects it in the Alerts view', async () => {
    const result = await create('2007', 'new');
    assert.ok(result, 'the command returns what it wrote');
    assert.strictEqual(result.alertFiles.length, 1);
    const file = result.alertFiles[0];
    assert.strictEqual(path.dirname(file), path.join(folder, 'alerts'), 'next to the sample alerts');
    assert.match(path.basename(file), /^2007-dns-reconnaissance-.+\.alert\.json$/);
    for (const f of result.files) assert.ok(fs.existsSync(f), f);
    assert.ok(result.files.some((f) => f.startsWith(path.join(folder, 'entities') + path.sep)), 'new entities go next to the sample entities');
    // Indexed at once, not when the watcher gets round to it.
    const indexed = api.model.index.alertInFile(file);
    assert.ok(indexed && indexed.phase === 'reconnaissance');
    // Opened in the editor and revealed (selected) in the Alerts view.
    assert.strictEqual(vscode.window.activeTextEditor && vscode.window.activeTextEditor.document.uri.fsPath, file);
    await waitFor(() => view.selection.some((n) => n.kind === 'alert' && n.file === file), 'the new alert selected in the Alerts view')
      .catch((e) => { throw new Error(`${e.message}; visible ${view.visible}, selection ${JSON.stringify(view.selection.map((n) => n.id))}, message ${view.message}`); });
    // Valid: no problem in any file it wrote, the samples' domain and portal host reused.
    const problems = (await api.validateIndexed()).filter((p) => result.files.includes(p.file));
    assert.deepStrictEqual(problems, []);
    const alert = readJson(file);
    assert.match(alert.url, /^https:\/\/contoso-corp\.atp\.azure\.com\/securityAlert\//);
    const source = api.model.index.entity(alert.entities.find((e) => e.role === 'sourceComputer').id).entity;
    assert.strictEqual(source.IsPartial, true);
    assert.match(source.DnsName, /\.contoso\.com$/);
  });

  it('an options object with workspace entities per role: only the alert is written, with those entities', async () => {
    const byName = (name) => api.model.index.entities().find((e) => e.entity.SystemDisplayName === name).entity.Id;
    const chosen = { sourceUser: [byName('Lena Park')], sourceComputer: [byName('WS-HR-02')], domainController: [byName('DC1')] };
    const result = await create({ externalId: 'dcsync', entities: chosen, seed: 'host-test' });
    assert.deepStrictEqual(result.files, result.alertFiles, 'no new entity');
    const alert = readJson(result.alertFiles[0]);
    assert.deepStrictEqual(alert.entities, [
      { role: 'sourceUser', id: chosen.sourceUser[0] },
      { role: 'sourceComputer', id: chosen.sourceComputer[0] },
      { role: 'domainController', id: chosen.domainController[0] },
    ]);
    assert.strictEqual(alert.description, 'Lena Park on WS-HR-02 sent a directory replication request to DC1.');
  });

  it('Create Fixture takes a Coverage view node of an uncovered type', async () => {
    const node = { kind: 'coverageType', contextValue: 'coverageType.uncovered', externalId: '2439', count: 0, label: 'Honeytoken was queried via SAM-R' };
    const result = await vscode.commands.executeCommand<any>('atpWorkbench.createFixture', node, 'new');
    written.push(...result.files);
    assert.strictEqual(readJson(result.alertFiles[0]).externalId, '2439');
    assert.strictEqual(readJson(result.alertFiles[0]).title, 'Honeytoken was queried via SAM-R');
  });

  it('an unknown type or entity: an error message, nothing written', async () => {
    const alerts = fs.readdirSync(path.join(folder, 'alerts')).length;
    assert.strictEqual(await create('9999', 'new'), undefined);
    assert.strictEqual(await create('2006', { sourceUser: ['no-such-entity'] }), undefined);
    assert.strictEqual(fs.readdirSync(path.join(folder, 'alerts')).length, alerts);
  });
});
