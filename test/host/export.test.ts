// The Excel export in the real extension host — the bundled extension loads the report writer
// (dist/report-writer.js) only when an export runs; "Export Alert Report (Excel)…" with a target path
// (no dialog) writes a workbook that exceljs reads back; "Export Reports…" on a real tree phase node
// writes one workbook per alert plus the index.
import assert from 'assert';
import fs from 'fs';
import os from 'os';
import path from 'path';
import * as vscode from 'vscode';
import { waitFor, activateExtension } from './support';
import ExcelJS from 'exceljs';

const DCSYNC = '98b68853-38f5-4214-88fb-196cf176c69b';


/** A written report, read back with ExcelJS (cells are checked loosely: a test knows what it wrote). */
async function read(file: string): Promise<any> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

const writerLoaded = () => Object.keys(require.cache).some((k) => k.endsWith(`${path.sep}dist${path.sep}report-writer.js`));

describe('Excel export (real extension host)', () => {
  let api;
  let folder;
  let out;

  before(async () => {
    api = await activateExtension();
    folder = vscode.workspace.workspaceFolders[0].uri.fsPath;
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-host-export-'));
    await api.model.ensureLoaded();
    await waitFor(() => api.services.verdicts.lookup.verdictOf(DCSYNC), 'the sample ledger is loaded');
  });

  after(() => fs.rmSync(out, { recursive: true, force: true }));

  it('contributes and registers both export commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('atpWorkbench.exportAlertReport'));
    assert.ok(commands.includes('atpWorkbench.exportReports'));
  });

  it('activation did not load the report writer (exceljs)', () => {
    assert.strictEqual(writerLoaded(), false, 'dist/report-writer.js is loaded only by an export');
  });

  it('exports one alert by id to a given path and the workbook reads back with the fixture\'s values', async () => {
    const file = path.join(folder, 'alerts', '2007-dns-reconnaissance-ws-fin-07.alert.json');
    const fixture = JSON.parse(fs.readFileSync(file, 'utf8'));
    const target = path.join(out, 'dns.xlsx');
    const result = await vscode.commands.executeCommand<any>('atpWorkbench.exportAlertReport', fixture.id, { target, reveal: false });
    assert.ok(result && !result.cancelled, 'the command returns the write result');
    assert.ok(writerLoaded(), 'the export loaded dist/report-writer.js');
    const wb = await read(target);
    assert.deepStrictEqual(wb.worksheets.map((w) => w.name), ['Summary', 'Evidence', 'Source Computer', 'DNS Servers', 'Network Activities', 'Related Entities']);
    const evidence = wb.getWorksheet('Evidence');
    assert.deepStrictEqual(fixture.evidence.map((_, i) => evidence.getRow(5 + i).getCell(2).value), fixture.evidence.map((e) => e.text));
    const summary = wb.getWorksheet('Summary');
    assert.strictEqual(summary.getRow(1).getCell(1).value, 'Microsoft Defender for Identity');
    assert.strictEqual(summary.getRow(5).getCell(1).value, fixture.title);
    assert.strictEqual(summary.getRow(5).getCell(3).value.toISOString(), '2025-01-14T09:12:44.127Z');
    assert.strictEqual(summary.getRow(5).getCell(8).value.hyperlink, fixture.url);
    const net = wb.getWorksheet('Network Activities');
    const a = fixture.networkActivities[0];
    assert.deepStrictEqual(net.getRow(5).values.slice(1, 13).map((v) => (v instanceof Date ? v.toISOString() : v)), [
      new Date(a.time).toISOString(), a.source.ip, a.source.port, 'WS-FIN-07', a.source.certainty, a.source.resolutionMethods.join(', '),
      a.destination.ip, a.destination.port, 'DC1', a.destination.certainty, a.destination.resolutionMethods.join(', '), a.protocol,
    ]);
    const related = wb.getWorksheet('Related Entities');
    assert.strictEqual(related.rowCount - 4, fixture.relatedEntityIds.length);
  });

  it('exports from an editor URI (the editor title button) and shows the verdict from the ledger', async () => {
    const uri = vscode.Uri.file(path.join(folder, 'alerts', '2006-dcsync-lt-it-04.alert.json'));
    const target = path.join(out, 'dcsync.xlsx');
    await vscode.commands.executeCommand<any>('atpWorkbench.exportAlertReport', uri, { target, reveal: false });
    const summary = (await read(target)).getWorksheet('Summary');
    const headers = summary.getRow(4).values.slice(1);
    const verdict = api.services.verdicts.lookup.verdictOf(DCSYNC);
    assert.strictEqual(summary.getRow(5).getCell(headers.indexOf('Verdict') + 1).value, verdict.verdict);
    assert.strictEqual(summary.getRow(5).getCell(headers.indexOf('Verdict Note') + 1).value, verdict.note);
  });

  it('"Export Reports…" on a tree phase node writes one workbook per alert and an index', async () => {
    const { provider } = api.alertsTree;
    const find = async (nodes, depth) => {
      for (const n of nodes) {
        if (n.kind === 'group' && n.phase === 'reconnaissance') return n;
        if (depth < 2 && n.expandable) {
          const hit = await find(await provider.getChildren(n), depth + 1);
          if (hit) return hit;
        }
      }
      return undefined;
    };
    const phase = await find(await provider.getChildren(undefined), 0);
    assert.ok(phase, 'the tree has a Reconnaissance phase node');
    const expected = api.model.index.alertsInPhase('reconnaissance').length;
    const target = path.join(out, 'recon');
    const batch = await vscode.commands.executeCommand<any>('atpWorkbench.exportReports', phase, { target, reveal: false });
    assert.strictEqual(batch.reports.length, expected);
    assert.deepStrictEqual(batch.failed, []);
    const files = fs.readdirSync(target).filter((f) => f.endsWith('.xlsx'));
    assert.strictEqual(files.length, expected + 1);
    const index = (await read(path.join(target, 'alert-reports-index.xlsx'))).getWorksheet('Reports');
    const listed = [];
    for (let r = 5; r <= index.rowCount; r++) listed.push(index.getRow(r).getCell(1).value);
    assert.deepStrictEqual(listed.sort(), files.filter((f) => f !== 'alert-reports-index.xlsx').sort());
  });

  it('a phase of a filtered Alerts view exports the alerts the view shows there, not the whole phase', async () => {
    const { provider } = api.alertsTree;
    const high = (a) => a.alert.severity === 'High';
    // A phase where the filter keeps some alerts and hides others.
    const phase = (await provider.getChildren(undefined)).find((n) => {
      const all = n.kind === 'group' ? api.model.index.alertsInPhase(n.phase) : [];
      return all.some(high) && !all.every(high);
    });
    assert.ok(phase, 'the samples have a phase of mixed severities');
    const expected = api.model.index.alertsInPhase(phase.phase).filter(high).map((a) => a.file).sort();
    await vscode.commands.executeCommand<any>('atpWorkbench.filter', { severities: ['High'], text: '' });
    try {
      const filtered = (await provider.getChildren(undefined)).find((n) => n.id === phase.id);
      assert.strictEqual(filtered.count, expected.length, 'the view shows the High ones');
      const target = path.join(out, 'filtered');
      const batch = await vscode.commands.executeCommand<any>('atpWorkbench.exportReports', filtered, { target, reveal: false });
      assert.deepStrictEqual(batch.reports.map((r) => r.item.file).sort(), expected);
      assert.strictEqual(fs.readdirSync(target).filter((f) => f.endsWith('.xlsx')).length, expected.length + 1, 'the reports and the index');
    } finally {
      await vscode.commands.executeCommand<any>('atpWorkbench.clearFilter');
    }
  });
});
