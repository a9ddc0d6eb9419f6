import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runCli } from '../../src/cli/run';
import { tempWorkspace } from './helpers';
import { DCSYNC, ID, graphAlert, sentinelRow } from './importRecords';

async function cli(args: string[], cwd: string, stdin?: string) {
  let out = '';
  let err = '';
  const io = { cwd, env: { ATP_WORKBENCH_AUTHOR: 'Tester' }, out: (t: string) => (out += t), err: (t: string) => (err += t), ...(stdin !== undefined ? { readStdin: async () => Buffer.from(stdin) } : {}) };
  const code = await runCli(args, io);
  return { code, out, err };
}

const GUIDS = ['2bd3b9f3-7fd2-4f21-8a1a-0fda7baddb54', '7c9e8d11-3a55-4b6e-9f10-2d3c4b5a6e7f'];
const line = (id: string, shost = 'WS1') => `CEF:0|Microsoft|Azure ATP|2.56|DnsReconnaissanceSecurityAlert|Network mapping reconnaissance (DNS)|5|start=2025-01-02T10:04:11.2170000Z app=Dns shost=${shost} msg=${shost} queried DNS externalId=2007 cs1Label=url cs1=https\\://contoso-corp.atp.azure.com/securityAlert/${id}`;
const HEALTH = 'CEF:0|Microsoft|Azure ATP|2.56|DirectoryServicesClientMonitoringAlert|Sensor stopped|5|start=2025-01-02T10:00:00Z externalId=1011';

test('import: text report per alert and the summary line; exit 0; a second run is all unchanged', async () => {
  const root = tempWorkspace({ 'in/mdi.log': [line(GUIDS[0]!), line(GUIDS[1]!, 'WS2'), HEALTH].join('\n') + '\n' });
  const r = await cli(['import', 'in/mdi.log', '-o', 'ws'], root);
  assert.equal(r.code, 0, r.err + r.out);
  assert.match(r.out, /^new {7}ws\/alerts\/2007-dns-reconnaissance-ws1\.alert\.json \[filled: status\]$/m);
  assert.match(r.out, /^2 alerts: 2 new, 0 updated, 0 unchanged, 0 refused; 2 entity files written; 1 health alerts skipped$/m);
  const again = await cli(['import', 'in/mdi.log', '-o', 'ws'], root);
  assert.equal(again.code, 0);
  assert.match(again.out, /^2 alerts: 0 new, 0 updated, 2 unchanged, 0 refused; 0 entity files written; 1 health alerts skipped$/m);
  const validate = await cli(['validate', 'ws'], root);
  assert.equal(validate.code, 0, validate.out);
});

test('import --format json: alerts, refused and entities arrays; exit 1 when a record is refused', async () => {
  const root = tempWorkspace({ 'mdi.log': [line(GUIDS[0]!), 'CEF:0|Microsoft|Azure ATP|2.22|Acc'].join('\n') });
  const r = await cli(['import', 'mdi.log', '--format', 'json', '-o', 'ws'], root);
  assert.equal(r.code, 1, r.err);
  const json = JSON.parse(r.out);
  assert.deepEqual(json.alerts.map((a: { id: string; status: string }) => [a.id, a.status]), [[GUIDS[0], 'new']]);
  assert.deepEqual(json.refused.map((x: { where: string }) => x.where), ['mdi.log:2']);
  assert.equal(json.entities.length, 1);
  assert.equal(json.entities[0].file, 'ws/entities/computer-ws1.entity.json');
});

test('import from standard input, and a folder whose README is ignored', async () => {
  const root = tempWorkspace({ 'exports/a.log': line(GUIDS[0]!), 'exports/README.md': '# notes\n' });
  const stdin = await cli(['import', '-', '-o', 'ws1'], root, line(GUIDS[1]!));
  assert.equal(stdin.code, 0, stdin.err);
  assert.ok(fs.existsSync(path.join(root, 'ws1/alerts/2007-dns-reconnaissance-ws1.alert.json')));
  const folder = await cli(['import', 'exports', '-o', 'ws2'], root);
  assert.equal(folder.code, 0, folder.err + folder.out);
  assert.match(folder.err, /ignored exports\/README\.md: not an alert export/);
});

test('import exit 2: no arguments, an unknown --from, a missing file, nothing importable', async () => {
  const root = tempWorkspace({ 'notes.txt': 'hello\n', 'health.log': HEALTH });
  assert.equal((await cli(['import'], root)).code, 2);
  assert.equal((await cli(['import', 'notes.txt', '--from', 'splunk'], root)).code, 2);
  assert.equal((await cli(['import', 'missing.log'], root)).code, 2);
  const nothing = await cli(['import', 'notes.txt', '-o', 'ws'], root);
  assert.equal(nothing.code, 2);
  assert.match(nothing.out, /refused {3}notes\.txt: not an alert export/);
  const health = await cli(['import', 'health.log', '-o', 'ws'], root);
  assert.equal(health.code, 2);
  assert.match(health.out, /1 health alerts skipped/);
});

test('import --dry-run writes nothing; --force overwrites a hand edit the plain run refused', async () => {
  const root = tempWorkspace({ 'mdi.log': line(GUIDS[0]!) });
  const dry = await cli(['import', 'mdi.log', '--dry-run', '-o', 'ws'], root);
  assert.equal(dry.code, 0);
  assert.match(dry.out, /\(dry run\) 1 alerts: 1 new/);
  assert.equal(fs.existsSync(path.join(root, 'ws')), false);
  await cli(['import', 'mdi.log', '-o', 'ws'], root);
  const file = path.join(root, 'ws/alerts/2007-dns-reconnaissance-ws1.alert.json');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"Open"', '"Suppressed"'));
  const refused = await cli(['import', 'mdi.log', '-o', 'ws'], root);
  assert.equal(refused.code, 2, 'nothing importable: the one alert is protected');
  assert.match(refused.out, /edited by hand/);
  const forced = await cli(['import', 'mdi.log', '-o', 'ws', '--force'], root);
  assert.equal(forced.code, 0);
  assert.match(forced.out, /^updated {3}ws\/alerts\/.*status: "Suppressed" → "Open"/m);
});

test('validate and list point files that look like alert exports to import (information), instead of a silent 0 files checked', async () => {
  const root = tempWorkspace({ 'exports/mdi.log': line(GUIDS[0]!), 'exports/graph.json': JSON.stringify({ value: [{ serviceSource: 'microsoftDefenderForIdentity' }] }), 'exports/notes.md': '# notes\n' });
  // No fixture under the path: a wrong path for validate (exit 2), but it says what the files are first.
  const v = await cli(['validate', 'exports'], root);
  assert.equal(v.code, 2, 'no fixture under the path');
  assert.match(v.err, /no alert, entity or profile files under exports/);
  const hints = v.err.trim().split('\n').filter((l) => l.includes('[looks-like-export]'));
  assert.equal(hints.length, 2);
  assert.match(v.err, /^exports\/mdi\.log:1:1: information: This looks like a CEF syslog export, not a fixture: .*"atp-workbench import exports\/mdi\.log"\. \[looks-like-export\]$/m);
  assert.match(v.err, /^exports\/graph\.json:1:1: information: .*Graph security alert export/m);
  const l = await cli(['list', 'exports'], root);
  assert.match(l.err, /exports\/mdi\.log:1:1: information: .*\[looks-like-export\]/);
  const samples = await cli(['validate', path.resolve(__dirname, '../../samples')], root);
  assert.doesNotMatch(samples.out, /looks-like-export/, 'the sample workspace holds no exports');
});

test('import from every source through the CLI: Graph, Sentinel CSV, Defender XDR (two files), an exported workbook', async () => {
  const clean = JSON.stringify(JSON.parse(sentinelRow().Entities).filter((e: { $ref?: string }) => e.$ref !== '9'));
  const row = sentinelRow({ VendorOriginalId: GUIDS[1], Entities: clean });
  const columns = Object.keys(row);
  const csvCell = (v: unknown) => `"${String(v).replace(/"/g, '""')}"`;
  const sentinelCsv = [columns.join(','), columns.map((c) => csvCell(row[c as keyof typeof row])).join(',')].join('\n');
  const xdrInfo = `Timestamp,AlertId,Title,Severity,ServiceSource\n2025-01-10T08:55:01Z,aa${GUIDS[0]},${DCSYNC.name},High,Microsoft Defender for Identity\n`;
  const xdrEvidence = `Timestamp,AlertId,EntityType,EvidenceRole,AccountName,AccountDomain,ServiceSource\n2025-01-10T08:55:01Z,aa${GUIDS[0]},User,Impacted,svc-backup,contoso,Microsoft Defender for Identity\n`;
  const root = tempWorkspace({ 'graph.json': JSON.stringify({ value: [graphAlert()] }), 'sentinel.csv': sentinelCsv, 'info.csv': xdrInfo, 'evidence.csv': xdrEvidence });
  const r = await cli(['import', 'graph.json', 'sentinel.csv', 'info.csv', 'evidence.csv', '-o', 'ws', '--format', 'json'], root);
  assert.equal(r.code, 0, r.out + r.err);
  const json = JSON.parse(r.out);
  assert.deepEqual(json.alerts.map((a: { id: string; status: string }) => [a.id, a.status]).sort(), [[`aa${ID}`, 'new'], [`aa${GUIDS[0]}`, 'new'], [GUIDS[1], 'new']].sort());
  assert.equal(json.verdicts.recorded, 1, 'the Graph classification');
  assert.equal((await cli(['validate', 'ws'], root)).code, 0);

  const exported = await cli(['export', 'ws/alerts', '-w', 'ws', '-o', 'reports'], root);
  assert.equal(exported.code, 0, exported.err);
  const back = await cli(['import', 'reports', '-o', 'ws2'], root);
  assert.equal(back.code, 0, back.out + back.err);
  assert.match(back.out, /^3 alerts: 3 new, 0 updated, 0 unchanged, 0 refused;/m);
  const again = await cli(['import', 'reports', '-o', 'ws'], root);
  assert.match(again.out, /^3 alerts: 0 new, 0 updated, 3 unchanged, 0 refused;/m, 'the workbooks give back what the sources gave');
});
