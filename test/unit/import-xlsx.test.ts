import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { catalog } from '../../src/core/catalog';
import { exportAlert } from '../../src/core/export/exportJobs';
import { loadReportWriter } from '../../src/core/export/loadWriter';
import { mergeIntoWorkspace, readSources } from '../../src/core/import';
import { withoutMark } from '../../src/core/import/combine';
import { checkZip } from '../../src/core/import/workbookCells';
import { readWorkbook } from '../../src/core/import/xlsx';
import { loadFolderVerdicts } from '../../src/core/verdicts/workspace';
import { validatePaths } from '../../src/core/validation/workspaceValidation';
import { tempWorkspace } from './helpers';

const SAMPLES = path.resolve(__dirname, '../../samples');

/**
 * What the report carries of an alert, comparable across the round trip: times as instants (Excel keeps
 * milliseconds), entities as a set, evidence lines in order with their entities as a set, everything
 * else as it is. What the report does not carry (extra top-level fields such as mitreTechniques, a phase
 * equal to the catalog's) is left out: the README lists it.
 */
function carried(alert: Record<string, unknown>): Record<string, unknown> {
  const instant = (v: unknown) => (v === null ? undefined : typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? new Date(Date.parse(v)).toISOString() : v);
  const times = (list: unknown) => (Array.isArray(list) ? list.map((x) => ({ ...x, time: instant(x.time) })) : undefined);
  const sorted = (list: unknown) => (Array.isArray(list) ? list.map((x) => JSON.stringify(x)).sort() : undefined);
  const evidence = (list: unknown) => (Array.isArray(list) ? list.map((l) => ({ time: instant(l.time), text: l.text, entityIds: Array.isArray(l.entityIds) ? [...new Set(l.entityIds)].sort() : undefined })) : undefined);
  const phase = alert.phase !== undefined && alert.phase !== catalog.phaseOf(String(alert.externalId)) ? alert.phase : undefined;
  return JSON.parse(JSON.stringify({
    id: alert.id, externalId: alert.externalId, type: alert.type, title: alert.title, description: alert.description, phase,
    severity: alert.severity, status: alert.status, startTime: instant(alert.startTime), endTime: instant(alert.endTime),
    statusUpdateTime: instant(alert.statusUpdateTime), url: alert.url, evidence: evidence(alert.evidence), entities: sorted(alert.entities),
    accessedResources: times(alert.accessedResources), networkActivities: times(alert.networkActivities), eventActivities: times(alert.eventActivities),
    relatedEntityIds: sorted(alert.relatedEntityIds),
  }, (_k, v) => (Array.isArray(v) && v.length === 0 ? undefined : v))); // an empty list is an empty cell
}

test('export → import gives back every sample alert (what the report carries), its entities and profiles byte-for-byte as JSON, and its verdict', async () => {
  const loaded = await loadFolderVerdicts([SAMPLES]);
  const root = tempWorkspace({});
  const ctx = { writer: loadReportWriter(), entities: loaded.index, verdicts: loaded.lookup, now: new Date('2025-02-01T00:00:00Z') };
  const alerts = loaded.index.alerts();
  assert.equal(alerts.length, fs.readdirSync(path.join(SAMPLES, 'alerts')).filter((f) => f.endsWith('.alert.json')).length);
  const sources = [];
  for (const { file, alert } of alerts) {
    const target = path.join(root, 'reports', `${alert.id}.xlsx`);
    await exportAlert(ctx, { file, alert }, target);
    sources.push({ name: path.basename(target), file: target });
  }
  const read = await readSources(sources);
  assert.deepEqual(read.result.skipped, []);
  const out = path.join(root, 'ws');
  const report = await mergeIntoWorkspace(read.result, { out, author: 'Importer' });
  assert.deepEqual(report.refused, []);
  const back = await loadFolderVerdicts([out]);
  for (const { alert } of alerts) {
    const imported = back.index.alertsById(alert.id)[0];
    assert.ok(imported, alert.id);
    assert.deepEqual(carried(withoutMark(imported.alert)), carried(alert), `${alert.id} round-trips`);
    for (const id of alert.relatedEntityIds ?? []) {
      assert.equal(JSON.stringify(back.index.entity(id)?.entity), JSON.stringify(loaded.index.entity(id)?.entity), `entity ${id}`);
      assert.equal(JSON.stringify(back.index.profile(id)?.profile), JSON.stringify(loaded.index.profile(id)?.profile), `profile ${id}`);
    }
    const verdict = loaded.lookup.verdictOf(alert.id);
    assert.deepEqual([back.lookup.verdictOf(alert.id)?.verdict, back.lookup.verdictOf(alert.id)?.determination], [verdict?.verdict, verdict?.determination], `verdict of ${alert.id}`);
  }
  assert.deepEqual((await validatePaths([out])).problems.filter((p) => p.severity === 'error'), []);
});

/** A workbook in the portal's layout (no Alert Json), with a formula cell, written with exceljs. */
async function portalWorkbook(file: string, options: { summary?: boolean; formulaTitle?: boolean } = {}) {
  const wb = new ExcelJS.Workbook();
  const top = (ws: ExcelJS.Worksheet, headers: string[]) => {
    ws.addRow(['Microsoft Defender for Identity']);
    ws.addRow(['Suspected DCSync attack (replication of directory services)']);
    ws.addRow(['caption']);
    ws.addRow(headers);
  };
  if (options.summary !== false) {
    const s = wb.addWorksheet('Summary');
    top(s, ['Title', 'Description', 'Start Time (UTC)', 'End Time (UTC)', 'Severity', 'Status', 'Status Update Time (UTC)', 'View in Browser']);
    s.addRow([
      'Suspected DCSync attack (replication of directory services)', 'LT-IT-04 replicated', new Date('2025-01-10T08:55:01.500Z'), null, 'High', 'Open', null,
      { text: 'link', hyperlink: 'https://contoso-corp.atp.azure.com/securityAlert/3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b' },
    ]);
    if (options.formulaTitle) s.getCell('B5').value = { formula: 'HYPERLINK("http://evil","x")', result: 'x' } as ExcelJS.CellFormulaValue;
    const src = wb.addWorksheet('Source Computer');
    top(src, ['Name', 'Details', 'Type', 'SamName']);
    src.addRow(['LT-IT-04', 'lt-it-04.contoso.com', 'Computer', 'LT-IT-04$']);
    const net = wb.addWorksheet('Network Activities');
    top(net, ['Time (UTC)', 'Source Ip Address', 'Source Port', 'Source Computer', 'Source Computer Certainty', 'Source Computer Resolution Method', 'Destination Ip Address', 'Destination Port', 'Destination Computer', 'Destination Computer Certainty', 'Destination Computer Resolution Method', 'Protocol', 'Record Type']);
    net.addRow([new Date('2025-01-10T08:55:02Z'), '10.0.3.14', 50123, 'LT-IT-04', 'High', 'Cached, RpcNtlm', '10.0.0.4', 135, 'computer 10.0.0.4', null, null, 'Drsr', 'GetNCChanges']);
    const evidence = wb.addWorksheet('Evidence');
    top(evidence, ['Time (UTC)', 'Evidence', 'Entities']);
    evidence.addRow([new Date('2025-01-10T08:55:02Z'), 'Whitfield, Jonas on LT-IT-04 sent replication requests to 10.0.0.4', 'Whitfield, Jonas, LT-IT-04, computer 10.0.0.4, Nobody Known']);
    evidence.addRow([null, 'No entity named here', null]);
  } else wb.addWorksheet('Sheet1').addRow(['just', 'numbers']);
  const rel = wb.addWorksheet('Related Entities');
  top(rel, ['Id', 'Type', 'Name', 'Unique Entity Json', 'Unique Entity Profile Json']);
  rel.addRow(['9b0e6c1a-2d3f-4a5b-8c7d-6e5f4a3b2c1d', 'Computer', 'LT-IT-04', JSON.stringify({ $type: 'Computer', Id: '9b0e6c1a-2d3f-4a5b-8c7d-6e5f4a3b2c1d', SystemDisplayName: 'LT-IT-04', SamName: 'LT-IT-04$' }), '{"$type": "ComputerProfile", "UniqueEntityId": "cut']);
  rel.addRow(['4c3b2a19-0f8e-4d7c-9b6a-5f4e3d2c1b0a', 'User', 'Whitfield, Jonas', JSON.stringify({ $type: 'User', Id: '4c3b2a19-0f8e-4d7c-9b6a-5f4e3d2c1b0a', SystemDisplayName: 'Whitfield, Jonas', SamName: 'jwhitfield' }), null]);
  await wb.xlsx.writeFile(file);
}

test('the portal layout (no Alert Json) is rebuilt from the sheets; a formula is read as its text; a cut JSON cell names its cell', async () => {
  const root = tempWorkspace({});
  const file = path.join(root, 'portal.xlsx');
  await portalWorkbook(file, { formulaTitle: true });
  const r = await readWorkbook(file, 'portal.xlsx');
  const a = r.alerts[0]!.alert;
  assert.equal(a.id, '3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b');
  assert.equal(a.externalId, '2006');
  assert.equal(a.description, '=HYPERLINK("http://evil","x")', 'the formula is text, never evaluated');
  assert.equal(a.startTime, '2025-01-10T08:55:01.500Z');
  assert.deepEqual(a.entities, [{ role: 'sourceComputer', id: '9b0e6c1a-2d3f-4a5b-8c7d-6e5f4a3b2c1d' }, { role: 'related', id: '4c3b2a19-0f8e-4d7c-9b6a-5f4e3d2c1b0a' }]);
  const net = a.networkActivities![0]!;
  assert.deepEqual(net.source, { ip: '10.0.3.14', port: 50123, computerId: '9b0e6c1a-2d3f-4a5b-8c7d-6e5f4a3b2c1d', certainty: 'High', resolutionMethods: ['Cached', 'RpcNtlm'] });
  assert.equal(net.destination!.computerId, 'computer 10.0.0.4');
  assert.deepEqual(net.details, { recordType: 'GetNCChanges' });
  assert.deepEqual(a.evidence, [
    { time: '2025-01-10T08:55:02.000Z', text: 'Whitfield, Jonas on LT-IT-04 sent replication requests to 10.0.0.4', entityIds: ['4c3b2a19-0f8e-4d7c-9b6a-5f4e3d2c1b0a', '9b0e6c1a-2d3f-4a5b-8c7d-6e5f4a3b2c1d', 'computer 10.0.0.4'] },
    { text: 'No entity named here' },
  ], 'evidence lines come back with the entities they name, a name with ", " included; an unknown name is left out');
  assert.deepEqual(r.skipped.map((s) => s.where), ['portal.xlsx!Related Entities!E5']);
});

test('a workbook that is not our layout, a damaged zip and a zip bomb are refused with a reason', async () => {
  const root = tempWorkspace({});
  const other = path.join(root, 'other.xlsx');
  await portalWorkbook(other, { summary: false });
  const r = await readWorkbook(other, 'other.xlsx');
  assert.equal(r.alerts.length, 0);
  assert.match(r.skipped[0]!.reason, /not an alert report workbook.*sheets: Sheet1, Related Entities/);
  const cut = fs.readFileSync(other).subarray(0, 300);
  assert.match((await readWorkbook(cut, 'cut.xlsx')).skipped[0]!.reason, /zip directory is missing/);
  // A directory that promises 1 GB from 1 KB: what a bomb's own directory says. Nothing is inflated.
  const entry = Buffer.alloc(46 + 5);
  entry.writeUInt32LE(0x02014b50, 0);
  entry.writeUInt32LE(1024, 20);
  entry.writeUInt32LE(1024 * 1024 * 1024, 24);
  entry.writeUInt16LE(5, 28);
  entry.write('a.xml', 46);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(entry.length, 12);
  end.writeUInt32LE(4, 16);
  const bomb = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), entry, end]);
  assert.throws(() => checkZip(bomb), /zip bomb/);
  const read = await readSources([{ name: 'bomb.xlsx', bytes: bomb }]);
  assert.match(read.result.skipped[0]!.reason, /zip bomb/);
});
