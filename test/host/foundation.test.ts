// Foundation: the extension indexes the workspace it is opened on, and its validation
// equals the CLI's on the same files, in the real extension host.
import assert from 'assert';
import fs from 'fs';
import path from 'path';
import { execFileSync } from 'child_process';
import * as vscode from 'vscode';
import { waitFor, activateExtension } from './support';

const REPO = process.env.ATP_TEST_REPO_ROOT || path.resolve(__dirname, '..', '..');

/** Files under a folder whose names end with a suffix (what the default globs match). */
function countFiles(dir, suffix) {
  let n = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules' && entry.name !== '.git') n += countFiles(full, suffix);
    else if (entry.isFile() && entry.name.endsWith(suffix)) n++;
  }
  return n;
}


/** The CLI's JSON output for a folder (the same bundle users run). */
function cliValidate(folder) {
  try {
    return JSON.parse(execFileSync(process.execPath, [path.join(REPO, 'dist', 'cli.js'), 'validate', '.', '--format', 'json'], { cwd: folder, encoding: 'utf8' }));
  } catch (err) {
    if (err.status === 1) return JSON.parse(err.stdout);
    throw err;
  }
}

const comparable = (folder) => (p) => `${path.relative(folder, p.file).split(path.sep).join('/')}:${p.range.start.line + 1}:${p.range.start.character + 1}:${p.severity}:${p.code}:${p.message}`;
const comparableCli = (p) => `${p.file}:${p.line}:${p.column}:${p.severity}:${p.code}:${p.message}`;

describe('foundation: index and validation in the real extension host', () => {
  let api;
  let folder;

  before(async () => {
    api = await activateExtension();
    folder = vscode.workspace.workspaceFolders[0].uri.fsPath;
  });

  it('exposes its API and registers its commands', async () => {
    assert.ok(api && api.model && api.services, 'activate() returns the workbench API');
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['atpWorkbench.refresh', 'atpWorkbench.showOutput', 'atpWorkbench.openSamples']) assert.ok(commands.includes(id), id);
  });

  it('indexes every alert, entity and profile file of the workspace', async () => {
    await api.model.ensureLoaded();
    const index = api.model.index;
    assert.strictEqual(index.alerts().length, countFiles(folder, '.alert.json'));
    assert.strictEqual(index.entities().length, countFiles(folder, '.entity.json'));
    assert.strictEqual(index.profiles().length, countFiles(folder, '.profile.json'));
    assert.deepStrictEqual(index.invalid().map((r) => r.file), [], 'the samples load cleanly');
    assert.ok(index.alerts().length >= 15);
    // references resolve both ways: every entity an alert names is indexed, and points back to the alert
    for (const a of index.alerts()) {
      for (const ref of a.references) {
        assert.ok(index.entity(ref.id), `${a.file}: ${ref.id} resolves`);
        assert.ok(index.alertsReferencing(ref.id).includes(a), `${ref.id} points back to ${a.alert.id}`);
      }
    }
  });

  it('picks up files written into a brand-new folder right after it was created', async () => {
    const dir = path.join(folder, 'zz-new-batch');
    const files = [];
    fs.mkdirSync(dir);
    for (let i = 0; i < 40; i++) {
      const file = path.join(dir, `batch-${i}.alert.json`);
      fs.writeFileSync(file, JSON.stringify({ id: `batch-${i}`, externalId: '2003', title: `Batch ${i}`, severity: 'Medium', status: 'Open', startTime: '2024-05-01T10:00:00Z' }));
      files.push(file);
    }
    try {
      await waitFor(() => files.every((f) => api.model.index.record(f)), 'all 40 new files are indexed');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    await waitFor(() => files.every((f) => !api.model.index.record(f)), 'deleting the folder drops its files');
  });

  it('reports exactly the problems the CLI reports, also after files change on disk', async () => {
    const broken = path.join(folder, 'alerts', 'zz-host-broken.alert.json');
    fs.writeFileSync(broken, JSON.stringify({
      id: 'host-test-broken', externalId: '2007', title: 'Broken on purpose', severity: 'Severe', status: 'Open',
      startTime: '2024-05-01T10:00:00Z', endTime: '2024-04-01T10:00:00Z',
      entities: [{ role: 'sourceComputer', id: 'no-such-entity' }],
    }, null, 2));
    const truncated = path.join(folder, 'entities', 'zz-host-truncated.entity.json');
    fs.writeFileSync(truncated, '{\n  "$type": "User",\n  "Id": ');
    try {
      await waitFor(() => api.model.index.record(broken) && api.model.index.record(truncated), 'the watcher indexes the new files');
      const ours = (await api.validateIndexed()).map(comparable(folder)).sort();
      const cli = cliValidate(folder).problems.filter((p) => !p.file.endsWith('classifications.json')).map(comparableCli).sort();
      assert.deepStrictEqual(ours, cli);
      assert.ok(ours.some((p) => p.startsWith('alerts/zz-host-broken.alert.json') && p.includes(':schema-enum:')), ours.join('\n'));
      assert.ok(ours.some((p) => p.includes(':unresolved-entity:')));
      assert.ok(ours.some((p) => p.includes(':end-before-start:')));
      assert.ok(ours.some((p) => p.startsWith('entities/zz-host-truncated.entity.json:3:') && p.includes(':json-syntax:')), ours.join('\n'));
    } finally {
      fs.rmSync(broken, { force: true });
      fs.rmSync(truncated, { force: true });
    }
    await waitFor(() => !api.model.index.record(broken) && !api.model.index.record(truncated), 'the watcher drops deleted files');
  });
});
