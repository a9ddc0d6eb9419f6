// Pseudonymising in the real extension host: "Pseudonymise Workspace…" (with its arguments instead of the
// dialogs) writes a copy whose Alerts tree counts equal the workspace's, keeps one key per workspace in
// SecretStorage (so a second run gives the same bytes), rewrites a copy in place, and "Check for Real
// Identities" puts each original left in the workspace into the Problems panel.
import assert from 'assert';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { execFileSync } from 'child_process';
import * as vscode from 'vscode';
import { waitFor, activateExtension, EXTENSION_ID } from './support';

const REPO = process.env.ATP_TEST_REPO_ROOT || path.resolve(__dirname, '..', '..');
const labelOf = (item) => (typeof item.label === 'string' ? item.label : item.label.label);

/** Every file under a folder, relative, with its text. */
function tree(dir) {
  const out = new Map();
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out.set(path.relative(dir, full), fs.readFileSync(full, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

/** `atp-workbench list --summary --format json` of the bundled CLI: the same counts the Alerts view computes. */
function listSummary(folder) {
  const json = JSON.parse(execFileSync(process.env.ATP_TEST_NODE || 'node', [path.join(REPO, 'dist', 'cli.js'), 'list', folder, '--summary', '--format', 'json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  return json.groups.map((g) => `${g.label}: ${g.description}`);
}

describe('Pseudonymise workspace (real extension host)', () => {
  let api;
  let folder;
  let scratch;

  before(async () => {
    api = await activateExtension();
    folder = vscode.workspace.workspaceFolders[0].uri.fsPath;
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-host-scrub-'));
    await api.model.ensureLoaded();
  });

  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it('contributes both commands, disabled in untrusted workspaces', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('atpWorkbench.scrubWorkspace'));
    assert.ok(commands.includes('atpWorkbench.checkRealIdentities'));
    const manifest = vscode.extensions.getExtension(EXTENSION_ID).packageJSON;
    for (const id of ['atpWorkbench.scrubWorkspace', 'atpWorkbench.checkRealIdentities']) {
      assert.strictEqual(manifest.contributes.commands.find((c) => c.command === id).enablement, 'isWorkspaceTrusted');
    }
  });

  it('writes a pseudonymised copy whose tree counts equal the workspace\'s, the same bytes on a second run', async () => {
    const { provider } = api.alertsTree;
    const roots = await provider.getChildren();
    const shown = roots.map((node) => { const item = provider.getTreeItem(node); return `${labelOf(item)}: ${item.description}`; });
    const out = path.join(scratch, 'copy');
    const mapping = path.join(scratch, 'mapping.json');
    const result = await vscode.commands.executeCommand<any>('atpWorkbench.scrubWorkspace', { mode: 'copy', output: out, mapping });
    assert.ok(result && result.files > 70 && result.identities > 50, JSON.stringify(result));
    assert.deepStrictEqual(listSummary(out), shown, 'the copy\'s groups and counts are the ones the Alerts view shows for the workspace');
    const files = tree(out);
    assert.ok(![...files.keys()].some((f) => /jwhitfield|ws-fin-07/i.test(f)), 'file names are pseudonymised');
    assert.ok(![...files.values()].some((t) => /Whitfield|contoso|S-1-5-21-1887562391/i.test(t)), 'contents are pseudonymised');
    const again = path.join(scratch, 'copy-again');
    await vscode.commands.executeCommand<any>('atpWorkbench.scrubWorkspace', { mode: 'copy', output: again, mapping: null });
    assert.deepStrictEqual(tree(again), files, 'the key kept in SecretStorage gives the same pseudonyms');
  });

  it('with the key-file setting, the editor and the CLI give byte-identical copies', async () => {
    const keyFile = path.join(scratch, 'shared.key');
    fs.writeFileSync(keyFile, 'a key both the CLI and the editor read\n', { mode: 0o600 });
    const config = vscode.workspace.getConfiguration('atpWorkbench');
    await config.update('scrub.keyFile', keyFile, vscode.ConfigurationTarget.Global);
    try {
      const fromEditor = path.join(scratch, 'editor-copy');
      await vscode.commands.executeCommand<any>('atpWorkbench.scrubWorkspace', { mode: 'copy', output: fromEditor, mapping: null });
      const fromCli = path.join(scratch, 'cli-copy');
      execFileSync(process.env.ATP_TEST_NODE || 'node', [path.join(REPO, 'dist', 'cli.js'), 'scrub', folder, '-o', fromCli, '--key-file', keyFile], { stdio: 'ignore' });
      assert.deepStrictEqual(tree(fromEditor), tree(fromCli));
      assert.notDeepStrictEqual(tree(fromEditor), tree(path.join(scratch, 'copy')), 'another key than the one in SecretStorage');
    } finally {
      await config.update('scrub.keyFile', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('rewrites a folder in place, keeping its counts', async () => {
    const copy = path.join(scratch, 'in-place');
    fs.cpSync(folder, copy, { recursive: true });
    const before = listSummary(copy);
    const result = await vscode.commands.executeCommand<any>('atpWorkbench.scrubWorkspace', { folder: copy, mode: 'inPlace', confirmed: true, mapping: null });
    assert.ok(result && result.files > 70);
    assert.deepStrictEqual(listSummary(copy), before);
    assert.ok(!fs.existsSync(path.join(copy, 'entities', 'user-jwhitfield.entity.json')));
  });

  it('"Check for Real Identities" shows each original left in the workspace in the Problems panel', async () => {
    const leftovers = await vscode.commands.executeCommand<any>('atpWorkbench.checkRealIdentities', { mapping: path.join(scratch, 'mapping.json') });
    assert.ok(leftovers.length > 100, `${leftovers.length} originals found in the (real) workspace`);
    const entity = vscode.Uri.file(path.join(folder, 'entities', 'user-jwhitfield.entity.json'));
    const diagnostics = await waitFor(() => {
      const d = vscode.languages.getDiagnostics(entity).filter((x) => x.code === 'scrub-leftover');
      return d.length ? d : undefined;
    }, 'leftover diagnostics on the entity file');
    const text = fs.readFileSync(entity.fsPath, 'utf8').split('\n');
    for (const d of diagnostics.filter((x) => x.range.start.line > 0)) {
      const found = text[d.range.start.line].slice(d.range.start.character, d.range.end.character);
      assert.ok(d.message.includes(`"${found}"`), `${d.message} points at ${found}`);
    }
    const clean = await vscode.commands.executeCommand<any>('atpWorkbench.checkRealIdentities', { mapping: path.join(scratch, 'mapping.json'), folders: [path.join(scratch, 'copy')] });
    assert.deepStrictEqual(clean, []);
  });
});
