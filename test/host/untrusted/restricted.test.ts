// Restricted Mode: the copy of samples/ opens untrusted (workspace trust on, see run-host-tests.mjs --untrusted).
// What the manifest promises (capabilities.untrustedWorkspaces "limited"): the Alerts view, validation and the
// evidence panel work; recording verdicts, exporting, importing and creating fixtures (which write files) are refused
// without writing; the workspace's extra-schema setting is not applied. The copy's .vscode/settings.json names a house schema that
// every sample alert breaks, so applying it would show.
import assert from 'assert';
import fs from 'fs';
import path from 'path';
import * as vscode from 'vscode';
import { waitFor, activateExtension } from '../support';

const SOURCE = 'ATP Alerts';
const codeOf = (d) => String(typeof d.code === 'object' ? d.code.value : d.code);

describe('Restricted Mode (untrusted workspace, real extension host)', () => {
  let api;
  let folder;
  let scratch;

  before(async () => {
    api = await activateExtension();
    folder = vscode.workspace.workspaceFolders[0].uri.fsPath;
    scratch = fs.mkdtempSync(path.join(folder, 'zz-restricted-'));
    await api.model.ensureLoaded();
  });

  after(async () => {
    await vscode.commands.executeCommand<any>('workbench.action.closeAllEditors');
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('runs untrusted, and the Alerts view lists the sample alerts by phase', async () => {
    assert.strictEqual(vscode.workspace.isTrusted, false, 'the workspace is in Restricted Mode');
    const alerts = fs.readdirSync(path.join(folder, 'alerts')).filter((f) => f.endsWith('.alert.json')).length;
    assert.strictEqual(api.model.index.alerts().length, alerts);
    const { provider } = api.alertsTree;
    const phases = (await provider.getChildren(undefined)).filter((n) => n.kind === 'group');
    assert.strictEqual(phases.reduce((n, g) => n + g.count, 0), alerts, 'every alert is under a phase');
  });

  it('validates while editing: a broken fixture gets its diagnostic', async () => {
    const file = path.join(scratch, 'broken.alert.json');
    fs.writeFileSync(file, JSON.stringify({ id: 'a0a0a0a0-0000-4000-8000-0000000000d1', externalId: '2007', title: 'x', severity: 'Critical', status: 'Open', startTime: '2024-01-02T10:04:11Z' }, null, 2));
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    const diags = await waitFor(() => {
      const ds = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === SOURCE);
      return ds.length > 0 && ds;
    }, 'the severity problem');
    assert.deepStrictEqual(diags.map(codeOf), ['schema-enum']);
    assert.strictEqual(doc.getText(diags[0].range), '"Critical"');
  });

  it('does not apply the workspace\'s extra schema (a restricted setting)', async () => {
    const sample = path.join(folder, 'alerts', '2007-dns-reconnaissance-ws-fin-07.alert.json');
    const doc = await vscode.workspace.openTextDocument(sample);
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand<any>('atpWorkbench.validateWorkspace');
    // The pass has published the workspace's problems (the seeded investigation hint among them) ...
    const all = await waitFor(() => {
      const ds = vscode.languages.getDiagnostics().flatMap(([, list]) => list.filter((d) => d.source === SOURCE));
      return ds.length > 0 && ds;
    }, 'the workspace pass\'s problems');
    // ... and none from the house schema, which every sample alert breaks (it requires "houseTicket").
    assert.ok(!all.some((d) => codeOf(d).startsWith('user-schema-')), `no house-schema problem: ${all.map(codeOf).join(', ')}`);
    assert.ok(fs.readFileSync(path.join(folder, '.vscode', 'settings.json'), 'utf8').includes('house.schema.json'), 'the workspace does name the schema');
  });

  it('refuses to record a verdict and leaves the ledger byte for byte', async () => {
    const ledger = path.join(folder, '.atp', 'classifications.json');
    const before = fs.readFileSync(ledger);
    const id = JSON.parse(fs.readFileSync(path.join(folder, 'alerts', '2007-dns-reconnaissance-ws-fin-07.alert.json'), 'utf8')).id;
    const result = await vscode.commands.executeCommand<any>('atpWorkbench.classifyAlert', { alertIds: [id], verdict: 'FP', determination: 'notMalicious', note: 'restricted' });
    assert.ok(!result || result.ok !== true, `not recorded: ${JSON.stringify(result)}`);
    assert.deepStrictEqual(fs.readFileSync(ledger), before);
    assert.strictEqual(api.services.verdicts.lookup.verdictOf(id)?.note === 'restricted', false);
    assert.ok(!fs.existsSync(`${ledger}.lock`), 'no lock file left behind');
  });

  it('refuses to export and writes no workbook', async () => {
    const id = JSON.parse(fs.readFileSync(path.join(folder, 'alerts', '2006-dcsync-lt-it-04.alert.json'), 'utf8')).id;
    const target = path.join(scratch, 'refused.xlsx');
    await vscode.commands.executeCommand<any>('atpWorkbench.exportAlertReport', id, { target, reveal: false });
    assert.strictEqual(fs.existsSync(target), false);
  });

  it('refuses to import alerts and writes no fixture', async () => {
    const input = path.join(scratch, 'mdi.log');
    fs.writeFileSync(input, 'CEF:0|Microsoft|Azure ATP|2.56|DnsReconnaissanceSecurityAlert|Network mapping reconnaissance (DNS)|5|start=2025-03-02T09:00:00Z shost=WS-UNTRUSTED msg=m externalId=2007 cs1Label=url cs1=https\\://contoso-corp.atp.azure.com/securityAlert/5d4c3b2a-1f0e-4d9c-8b7a-695847362514\n');
    const out = path.join(scratch, 'imported');
    const report = await vscode.commands.executeCommand('atpWorkbench.importAlerts', { files: [input], folder: out, reveal: false });
    assert.strictEqual(report, undefined);
    assert.strictEqual(fs.existsSync(out), false);
  });

  it('refuses to create an alert fixture and writes nothing', async () => {
    const list = () => fs.readdirSync(folder, { recursive: true }).sort();
    const before = list();
    const result = await vscode.commands.executeCommand('atpWorkbench.newAlertFixture', '2007', 'new');
    assert.strictEqual(result, undefined);
    const created = await vscode.commands.executeCommand('atpWorkbench.createFixture', { contextValue: 'coverageType.uncovered', externalId: '2439' }, 'new');
    assert.strictEqual(created, undefined);
    assert.deepStrictEqual(list(), before);
  });

  it('refuses to pseudonymise or check, and writes nothing', async () => {
    const output = path.join(require('os').tmpdir(), `atp-restricted-scrub-${process.pid}`); // outside the workspace: only trust refuses it
    const result = await vscode.commands.executeCommand('atpWorkbench.scrubWorkspace', { mode: 'copy', output, mapping: null });
    assert.strictEqual(result, undefined);
    assert.strictEqual(fs.existsSync(output), false);
    const mapping = path.join(scratch, 'refused-mapping.json');
    fs.writeFileSync(mapping, JSON.stringify({ mappingVersion: 1, entries: [{ kind: 'user', original: 'jwhitfield', pseudonym: 'abc', rule: 'anywhere' }] }));
    assert.strictEqual(await vscode.commands.executeCommand('atpWorkbench.checkRealIdentities', { mapping }), undefined);
  });

  it('opens the evidence panel for an alert', async () => {
    const id = JSON.parse(fs.readFileSync(path.join(folder, 'alerts', '2006-dcsync-lt-it-04.alert.json'), 'utf8')).id;
    const handle = await vscode.commands.executeCommand<any>('atpWorkbench.openEvidence', id);
    assert.ok(handle && handle.panel, 'the command returns the panel');
    assert.strictEqual(handle.panel.viewType, 'atpWorkbench.evidence');
    assert.match(handle.panel.title, /^Evidence: /);
  });
});
