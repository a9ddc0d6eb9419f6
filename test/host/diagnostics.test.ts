// Validation in the real editor: diagnostics for open and closed fixtures, quick fixes, and the same
// problems as the CLI. Writes its files into a fresh folder inside the (temporary) workspace folder.
import assert from 'assert';
import cp from 'child_process';
import fs from 'fs';
import path from 'path';
import * as vscode from 'vscode';
import { waitFor, EXTENSION_ID } from './support';

const SOURCE = 'ATP Alerts';


const ours = (uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
const codeOf = (d) => String(typeof d.code === 'object' ? d.code.value : d.code);
const rangeText = (r) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
/** The text a diagnostic underlines. */
const underlined = (doc, d) => doc.getText(d.range);

function entity(id: string, overrides: Record<string, unknown> = {}) {
  return JSON.stringify({
    $type: 'User', SchemaVersion: 2006106105, IsEntitySchemaChanged: false, Id: id,
    SystemDisplayName: 'Host Test', SamName: 'hosttest', Sid: 'S-1-5-21-1-2-3-1234', IsDisabled: false, ...overrides,
  }, null, 2) + '\n';
}

function alert(id, overrides) {
  return JSON.stringify({
    id, externalId: '2007', title: 'Network mapping reconnaissance (DNS)', severity: 'Medium', status: 'Open',
    startTime: '2024-01-02T10:04:11Z', ...overrides,
  }, null, 2) + '\n';
}

describe('validation diagnostics (real extension host)', function () {
  let dir;
  let extensionPath;
  let workspaceFolder;

  before(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    await ext.activate();
    extensionPath = ext.extensionPath;
    workspaceFolder = vscode.workspace.workspaceFolders[0].uri.fsPath;
    assert.notStrictEqual(path.resolve(workspaceFolder), path.join(extensionPath, 'samples'),
      'refusing to write into samples/ itself: run the host tests on a temporary copy');
    dir = fs.mkdtempSync(path.join(workspaceFolder, 'zz-diagnostics-'));
  });

  after(async () => {
    await vscode.commands.executeCommand<any>('workbench.action.closeAllEditors');
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function open(name, content) {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(doc);
    return doc;
  }

  it('opening a broken entity file shows diagnostics on the exact values', async () => {
    const doc = await open('broken.entity.json', entity('a0a0a0a0-0000-4000-8000-0000000000a1', { Sid: 'abc', IsDisabled: 'yes' }));
    const diags = await waitFor(() => ours(doc.uri).length === 2 && ours(doc.uri), 'two diagnostics');
    const byCode = Object.fromEntries(diags.map((d) => [codeOf(d), d]));
    assert.strictEqual(underlined(doc, byCode['schema-pattern']), '"abc"');
    assert.strictEqual(rangeText(byCode['schema-pattern'].range), '7:9-7:14');
    assert.match(byCode['schema-pattern'].message, /security identifier/);
    assert.strictEqual(underlined(doc, byCode['schema-type']), '"yes"');
    assert.strictEqual(byCode['schema-type'].severity, vscode.DiagnosticSeverity.Error);
  });

  it('no problem is reported twice: VS Code\'s JSON support reports syntax, we report the rest', async () => {
    // A syntax error: VS Code's JSON language features report it (proving they run on our files); we do not.
    const truncated = await open('truncated.alert.json', '{\n  "id": "a0a0a0a0-0000-4000-8000-0000000000a2",\n  "title": "cut');
    await waitFor(() => vscode.languages.getDiagnostics(truncated.uri).length > 0, 'the JSON language features to report the syntax error');
    assert.deepStrictEqual(ours(truncated.uri), [], 'our json-syntax is left to VS Code\'s JSON support in an open json document');
    // A schema error: only ours (no jsonValidation contributed), and no two diagnostics alike.
    const uri = vscode.Uri.file(path.join(dir, 'broken.entity.json'));
    const all = vscode.languages.getDiagnostics(uri);
    assert.deepStrictEqual([...new Set(all.map((d) => d.source))], [SOURCE]);
    const keys = all.map((d) => `${rangeText(d.range)}|${d.message}`);
    assert.strictEqual(new Set(keys).size, keys.length);
  });

  it('editing the file to fix it clears its diagnostics (while typing, debounced)', async () => {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath.endsWith('broken.entity.json'));
    const text = doc.getText();
    const edit = new vscode.WorkspaceEdit();
    const replace = (from, to) => {
      const at = text.indexOf(from);
      edit.replace(doc.uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + from.length)), to);
    };
    replace('"abc"', '"S-1-5-21-1-2-3-1235"');
    replace('"yes"', 'true');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitFor(() => ours(doc.uri).length === 0, 'diagnostics cleared after the fix');
  });

  it('a quick fix corrects the case of an enum value', async () => {
    const doc = await open('case.alert.json', alert('a0a0a0a0-0000-4000-8000-0000000000a3', { severity: 'high' }));
    const [d] = await waitFor(() => ours(doc.uri).length && ours(doc.uri), 'the enum diagnostic');
    assert.strictEqual(codeOf(d), 'schema-enum');
    const actions = await vscode.commands.executeCommand<any>('vscode.executeCodeActionProvider', doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === 'Change to "High"');
    assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(doc.getText(), /"severity": "High"/);
    await waitFor(() => ours(doc.uri).length === 0, 'diagnostics cleared after the quick fix');
  });

  it('deleting a broken file clears its diagnostics', async () => {
    const doc = await open('doomed.entity.json', entity('a0a0a0a0-0000-4000-8000-0000000000a4', { IsLocked: 'no' }));
    await waitFor(() => ours(doc.uri).length === 1, 'the diagnostic of the file to delete');
    await vscode.workspace.fs.delete(doc.uri);
    await waitFor(() => ours(doc.uri).length === 0, 'diagnostics cleared after the delete');
  });

  it('a closed broken file appears after "Validate Workspace"', async () => {
    const file = path.join(dir, 'closed.alert.json');
    fs.writeFileSync(file, alert('a0a0a0a0-0000-4000-8000-0000000000a5', { status: 'open' }));
    const summary = await vscode.commands.executeCommand<any>('atpWorkbench.validateWorkspace');
    assert.ok(summary.files > 1 && !summary.cancelled, JSON.stringify(summary));
    const uri = vscode.Uri.file(file);
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.fsPath === file), 'the file was never opened');
    const diags = await waitFor(() => ours(uri).length && ours(uri), 'the closed file\'s diagnostic');
    assert.deepStrictEqual(diags.map((d) => [codeOf(d), rangeText(d.range)]), [['schema-enum', '5:12-5:18']]);
  });

  it('a change on disk revalidates the closed files that depend on it', async () => {
    // After "Validate Workspace" the Problems panel covers closed files; a new entity file must clear the
    // unresolved-reference warning of a closed alert that names it, without a whole-workspace pass.
    await vscode.commands.executeCommand<any>('atpWorkbench.validateWorkspace');
    const missing = 'a0a0a0a0-0000-4000-8000-0000000000b1';
    const alertFile = path.join(dir, 'waits-for-entity.alert.json');
    fs.writeFileSync(alertFile, alert('a0a0a0a0-0000-4000-8000-0000000000b0', { entities: [{ role: 'sourceUser', id: missing }] }));
    const alertUri = vscode.Uri.file(alertFile);
    await waitFor(() => ours(alertUri).some((d) => codeOf(d) === 'unresolved-entity'), 'the closed alert\'s unresolved-entity warning');
    fs.writeFileSync(path.join(dir, 'arrives.entity.json'), entity(missing));
    await waitFor(() => ours(alertUri).length === 0, 'the warning cleared once the entity file exists');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.fsPath === alertFile), 'the alert was never opened');
  });

  it('the editor shows exactly the problems the CLI prints for the same file', async () => {
    const doc = await open('same.alert.json', alert('a0a0a0a0-0000-4000-8000-0000000000a6', {
      severity: 'high', phase: 'exfiltration', relatedEntityIds: ['computer 10.99.99.99'], endTime: '2024-01-02T10:00:00Z',
    }));
    const run = cp.spawnSync(process.execPath, [path.join(extensionPath, 'dist', 'cli.js'), 'validate', '.', '--format', 'json'],
      { cwd: workspaceFolder, encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
    assert.ok(run.stdout, run.stderr);
    const rel = path.relative(workspaceFolder, doc.uri.fsPath).split(path.sep).join('/');
    const sev = { error: vscode.DiagnosticSeverity.Error, warning: vscode.DiagnosticSeverity.Warning, information: vscode.DiagnosticSeverity.Information };
    const cli = JSON.parse(run.stdout).problems.filter((p) => p.file === rel)
      .map((p) => `${p.code}|${p.line - 1}:${p.column - 1}-${p.endLine - 1}:${p.endColumn - 1}|${sev[p.severity]}|${p.message}`).sort();
    assert.deepStrictEqual(cli.map((k) => k.split('|')[0]).sort(), ['end-before-start', 'phase-mismatch', 'schema-enum', 'unresolved-entity']);
    const editor = () => ours(doc.uri).map((d) => `${codeOf(d)}|${rangeText(d.range)}|${d.severity}|${d.message}`).sort();
    // Semantic checks need the workspace index; wait until the editor has them, then compare exactly.
    await waitFor(() => editor().length === cli.length, `the editor to show ${cli.length} problems (has: ${editor().join('; ')})`);
    assert.deepStrictEqual(editor(), cli);
  });

  it('a file over the size limit gets the size message instead of being parsed', async () => {
    const config = vscode.workspace.getConfiguration('atpWorkbench');
    await config.update('maxFileSizeMB', 1, vscode.ConfigurationTarget.Workspace);
    try {
      const doc = await open('big.entity.json', entity('a0a0a0a0-0000-4000-8000-0000000000a7', { Padding: 'x'.repeat(1200 * 1024) }));
      const [d] = await waitFor(() => ours(doc.uri).length && ours(doc.uri), 'the size-limit diagnostic');
      assert.strictEqual(codeOf(d), 'file-too-large');
      assert.match(d.message, /over the 1\.0 MB limit \(setting "atpWorkbench\.maxFileSizeMB"\)/);
    } finally {
      await config.update('maxFileSizeMB', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});

describe('extra schemas from the settings (real extension host)', function () {
  let dir;
  let workspaceFolder;

  before(async () => {
    await vscode.extensions.getExtension('atp-workbench.atp-alert-workbench').activate();
    workspaceFolder = vscode.workspace.workspaceFolders[0].uri.fsPath;
    dir = fs.mkdtempSync(path.join(workspaceFolder, 'zz-extra-schemas-'));
  });

  after(async () => {
    await vscode.workspace.getConfiguration('atpWorkbench').update('validation.extraSchemas', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand<any>('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('applies a team schema after ours, and reports a remote $ref on the schema file instead of fetching it', async () => {
    const rules = path.join(dir, 'house.schema.json');
    fs.writeFileSync(rules, JSON.stringify({ type: 'object', required: ['description'] }, null, 2));
    const file = path.join(dir, 'ruled.alert.json');
    fs.writeFileSync(file, JSON.stringify({ id: 'a0a0a0a0-0000-4000-8000-0000000000c1', externalId: '2007', title: 'x', severity: 'Medium', status: 'Open', startTime: '2024-01-02T10:04:11Z' }, null, 2));
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    await waitFor(() => vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === SOURCE).length === 0, 'no problem without the extra schema');
    await vscode.workspace.getConfiguration('atpWorkbench').update('validation.extraSchemas', { alert: path.relative(workspaceFolder, rules) }, vscode.ConfigurationTarget.Workspace);
    const diags = await waitFor(() => {
      const ds = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === SOURCE);
      return ds.length > 0 && ds;
    }, 'the extra schema\'s problem');
    assert.deepStrictEqual(diags.map((d) => String(typeof d.code === 'object' ? d.code.value : d.code)), ['user-schema-required']);
    assert.match(diags[0].message, /house\.schema\.json/);
    // Now point the schema at a remote $ref: the schema file gets the error, the fixture loses the rule.
    fs.writeFileSync(rules, JSON.stringify({ type: 'object', properties: { id: { $ref: 'https://example.invalid/id.json' } } }, null, 2));
    const onSchema = await waitFor(() => {
      const ds = vscode.languages.getDiagnostics(vscode.Uri.file(rules));
      return ds.length > 0 && ds;
    }, 'the schema file\'s own diagnostic');
    assert.match(onSchema[0].message, /never fetched/);
    await waitFor(() => vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === SOURCE).length === 0, 'the unusable schema adds nothing');
  });
});
