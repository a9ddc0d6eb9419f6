// Import in the real extension host: "Import Alerts…" with a CEF file (options instead of the dialog)
// writes fixtures into the workspace, the Alerts view shows them under their phase, and the written files
// validate clean with the same core the editor uses; a second import changes nothing.
import assert from 'assert';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { execFileSync } from 'child_process';
import * as vscode from 'vscode';
import { waitFor, activateExtension, EXTENSION_ID } from './support';

const IDS = ['6a1e0c2d-3b4f-4a5e-8c6d-7e8f9a0b1c2d', '6a1e0c2d-3b4f-4a5e-8c6d-7e8f9a0b1c2e'];
const cef = (id, shost, suser) =>
  `May  3 10:35:01 CENTER ATP:CEF:0|Microsoft|Azure ATP|2.56|LdapBruteForceSecurityAlert|Suspected Brute Force attack (LDAP)|5|` +
  `start=2025-03-01T08:00:00.0000000Z shost=${shost} suser=${suser} msg=${shost} tried passwords for ${suser} externalId=2004 ` +
  `cs1Label=url cs1=https\\://contoso-corp.atp.azure.com/securityAlert/${id} cs2Label=trigger cs2=new`;

describe('Import alerts (real extension host)', () => {
  let api;
  let out;
  let input;

  before(async () => {
    api = await activateExtension();
    const folder = vscode.workspace.workspaceFolders[0].uri.fsPath;
    out = fs.mkdtempSync(path.join(folder, 'zz-import-'));
    input = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'atp-host-import-')), 'mdi.log');
    fs.writeFileSync(input, [cef(IDS[0], 'WS-IMP-01', 'jdoe'), cef(IDS[1], 'WS-IMP-02', 'CONTOSO\\asmith')].join('\n') + '\n');
    await api.model.ensureLoaded();
  });

  after(async () => {
    fs.rmSync(out, { recursive: true, force: true });
    fs.rmSync(path.dirname(input), { recursive: true, force: true });
    await api.model.reload();
  });

  it('contributes the command, enabled only in trusted workspaces', () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID).packageJSON;
    const command = manifest.contributes.commands.find((c) => c.command === 'atpWorkbench.importAlerts');
    assert.strictEqual(command.title, 'Import Alerts…');
    assert.strictEqual(command.enablement, 'isWorkspaceTrusted');
  });

  it('a CEF file becomes fixtures in the Alerts view, and they validate clean', async () => {
    const report = await vscode.commands.executeCommand<any>('atpWorkbench.importAlerts', { files: [input], folder: out, reveal: false });
    assert.deepStrictEqual(report.alerts.map((a) => a.status), ['new', 'new']);
    for (const id of IDS) assert.ok(api.model.index.alertsById(id)[0], `alert ${id} is indexed`);
    const { provider } = api.alertsTree;
    const phases = await provider.getChildren(undefined);
    const credentials = phases.find((n) => n.kind === 'group' && /Compromised credentials/i.test(String(n.label)));
    assert.ok(credentials, 'the compromised-credentials phase is shown');
    const shown = await waitFor(async () => {
      const children = await provider.getChildren(credentials);
      const ids = children.map((n) => n.alertId);
      return IDS.every((id) => ids.includes(id)) && children;
    }, 'both imported alerts in the tree');
    assert.ok(shown.length >= 2);
    const problems = (await api.validateIndexed()).filter((p) => p.file.startsWith(out) && p.severity !== 'information');
    assert.deepStrictEqual(problems, [], 'the imported fixtures validate clean');
    const names = fs.readdirSync(path.join(out, 'alerts')).sort();
    assert.deepStrictEqual(names, ['2004-ldap-brute-force-ws-imp-01.alert.json', '2004-ldap-brute-force-ws-imp-02.alert.json']);
  });

  it('importing the same file again changes nothing', async () => {
    const before = fs.readFileSync(path.join(out, 'alerts', '2004-ldap-brute-force-ws-imp-01.alert.json'), 'utf8');
    const report = await vscode.commands.executeCommand<any>('atpWorkbench.importAlerts', { files: [input], folder: out, reveal: false });
    assert.deepStrictEqual(report.alerts.map((a) => a.status), ['unchanged', 'unchanged']);
    assert.strictEqual(fs.readFileSync(path.join(out, 'alerts', '2004-ldap-brute-force-ws-imp-01.alert.json'), 'utf8'), before);
  });
});

describe('Import alerts pseudonymised on the way in (real extension host)', () => {
  const REPO = process.env.ATP_TEST_REPO_ROOT || path.resolve(__dirname, '..', '..');
  const ORIGINALS = /ws-imp-0[12]|jdoe|asmith|contoso|6a1e0c2d-3b4f-4a5e-8c6d-7e8f9a0b1c2/i;
  let api;
  let out;
  let scratch;
  let input;
  let keyFile;

  /** Every file under a folder: relative path → text. */
  const tree = (dir) => {
    const files = new Map();
    const walk = (d) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else files.set(path.relative(dir, p).split(path.sep).join('/'), fs.readFileSync(p, 'utf8'));
      }
    };
    walk(dir);
    return files;
  };

  before(async () => {
    api = await activateExtension();
    const folder = vscode.workspace.workspaceFolders[0].uri.fsPath;
    out = fs.mkdtempSync(path.join(folder, 'zz-import-scrub-'));
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-host-import-scrub-'));
    input = path.join(scratch, 'mdi.log');
    fs.writeFileSync(input, [cef(IDS[0], 'WS-IMP-01', 'jdoe'), cef(IDS[1], 'WS-IMP-02', 'CONTOSO\\asmith')].join('\n') + '\n');
    keyFile = path.join(scratch, 'shared.key');
    fs.writeFileSync(keyFile, 'a key both the CLI and the editor read\n', { mode: 0o600 });
    await vscode.workspace.getConfiguration('atpWorkbench').update('scrub.keyFile', keyFile, vscode.ConfigurationTarget.Global);
    await api.model.ensureLoaded();
  });

  after(async () => {
    await vscode.workspace.getConfiguration('atpWorkbench').update('scrub.keyFile', undefined, vscode.ConfigurationTarget.Global);
    fs.rmSync(out, { recursive: true, force: true });
    fs.rmSync(scratch, { recursive: true, force: true });
    await api.model.reload();
  });

  it('writes fixtures without one original name or id, indexed and valid, the same bytes as `import --scrub` with the key file', async () => {
    const report = await vscode.commands.executeCommand<any>('atpWorkbench.importAlerts', { files: [input], folder: out, reveal: false, pseudonymise: true });
    assert.deepStrictEqual(report.alerts.map((a) => a.status), ['new', 'new']);
    assert.deepStrictEqual(report.withheld, []);
    const files = tree(out);
    assert.ok(files.size >= 4, [...files.keys()].join(', '));
    for (const [name, text] of files) assert.ok(!ORIGINALS.test(name) && !ORIGINALS.test(text), `${name} holds no original`);
    for (const id of IDS) assert.deepStrictEqual(api.model.index.alertsById(id), [], 'the original alert id is not in the workspace');
    for (const a of report.alerts) assert.ok(api.model.index.alertsById(a.id)[0], `the pseudonymised alert ${a.id} is indexed`);
    const problems = (await api.validateIndexed()).filter((p) => p.file.startsWith(out) && p.severity !== 'information');
    assert.deepStrictEqual(problems, [], 'the imported fixtures validate clean');
    const fromCli = path.join(scratch, 'cli');
    execFileSync(process.env.ATP_TEST_NODE || 'node', [path.join(REPO, 'dist', 'cli.js'), 'import', input, '-o', fromCli, '--scrub', '--key-file', keyFile], { stdio: 'ignore' });
    assert.deepStrictEqual(tree(fromCli), files, 'the editor and the CLI give the same pseudonyms');
  });

  it('importing the same file again changes nothing', async () => {
    const before = tree(out);
    const report = await vscode.commands.executeCommand<any>('atpWorkbench.importAlerts', { files: [input], folder: out, reveal: false, pseudonymise: true });
    assert.deepStrictEqual(report.alerts.map((a) => a.status), ['unchanged', 'unchanged']);
    assert.deepStrictEqual(tree(out), before);
  });
});
