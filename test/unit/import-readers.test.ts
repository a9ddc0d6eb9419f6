import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { detectFormat, mergeIntoWorkspace, readSources } from '../../src/core/import';
import { readGraph } from '../../src/core/import/graph';
import { readSentinel } from '../../src/core/import/sentinel';
import { readXdr } from '../../src/core/import/xdr';
import { LedgerLookup, parseLedger } from '../../src/core/verdicts';
import { validatePaths } from '../../src/core/validation/workspaceValidation';
import { tempWorkspace } from './helpers';
import { DCSYNC, ID, graphAlert, sentinelRow } from './importRecords';
import { cleanUrl, idFromUrl, utcTime } from '../../src/core/import/mapping';


test('detector picks the reader from content, never the name, and says why it refuses', () => {
  const d = (text: string | Buffer) => detectFormat(typeof text === 'string' ? Buffer.from(text) : text);
  assert.equal(d('junk before CEF:0|Microsoft|Azure ATP|2|X|Y|5|start=1').format, 'cef');
  assert.equal(d(JSON.stringify({ value: [graphAlert()] })).format, 'graph');
  assert.equal(d(JSON.stringify({ vendorInformation: { provider: 'x' } })).format, 'graph');
  assert.equal(d(JSON.stringify([{ SystemAlertId: 'a', AlertName: 'b', ProviderName: 'c' }])).format, 'sentinel');
  assert.equal(d('{"SystemAlertId":"a","AlertName":"b"}\n{"SystemAlertId":"c","AlertName":"d"}\n').format, 'sentinel');
  assert.equal(d('TimeGenerated,AlertName,ProviderName,SystemAlertId\n').format, 'sentinel');
  assert.equal(d('Timestamp,AlertId,Title,Category,Severity,ServiceSource,DetectionSource\n').format, 'xdr');
  assert.equal(d(JSON.stringify({ category: 'AdvancedHunting-AlertInfo', properties: { AlertId: 'x' } })).format, 'xdr');
  assert.equal(d(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0])).format, 'xlsx');
  const refusals = [d(''), d(Buffer.from([1, 0, 2])), d('{"name": "package"}'), d('CEF:0|Trend Micro|Deep Security|1|x|y|5|'), d('hello')];
  for (const r of refusals) assert.equal(r.format, undefined);
  assert.match((refusals[3] as { reason: string }).reason, /none from Microsoft/);
});

test('Graph alerts_v2: title → external ID through the catalog, evidence → entities by role, classification → verdict', () => {
  const r = readGraph(JSON.stringify({ '@odata.context': 'x', value: [graphAlert()] }), 'alerts.json');
  assert.deepEqual(r.skipped, []);
  const a = r.alerts[0]!.alert;
  assert.equal(a.id, `aa${ID}`);
  assert.equal(a.externalId, DCSYNC.externalId);
  assert.equal(a.type, DCSYNC.alertType);
  assert.equal(a.severity, 'High');
  assert.equal(a.status, 'Closed');
  assert.equal(a.startTime, '2025-01-10T08:55:01.5Z');
  assert.equal(a.statusUpdateTime, '2025-01-11T10:00:00Z');
  const role = (name: string) => a.entities!.filter((e) => e.role === name).map((e) => r.entities.find((x) => x.Id === e.id)!);
  assert.equal(role('sourceComputer')[0]!.DnsName, 'lt-it-04.contoso.com');
  assert.equal(role('attackedAccount')[0]!.Sid, 'S-1-5-21-1-2-3-1150');
  assert.equal(role('destinationComputer')[0]!.SamName, 'DC1$');
  assert.equal(role('related')[0]!.Id, 'computer 10.0.3.99');
  assert.deepEqual(r.verdicts, [{ alertId: `aa${ID}`, verdict: 'TP', determination: 'compromisedAccount', note: 'Confirmed with the owner', time: '2025-01-11T10:00:00Z' }]);
});

test('Graph: other products are refused by name; an unknown title and the legacy resource', () => {
  const mde = graphAlert({ serviceSource: 'microsoftDefenderForEndpoint', detectionSource: 'antivirus', id: 'da637' });
  const unknown = graphAlert({ title: 'Something nobody catalogued', id: `aa${ID.replace('3f', '4f')}` });
  const legacy = {
    id: ID, title: 'Remote code execution attempt', category: 'RemoteExecutionSecurityAlert', severity: 'medium', status: 'newAlert',
    eventDateTime: '2019-01-02T10:00:00Z', vendorInformation: { provider: 'Azure Advanced Threat Protection', vendor: 'Microsoft' },
    hostStates: [{ netBiosName: 'WS-SEC-01', fqdn: 'ws-sec-01.contoso.com' }], userStates: [{ accountName: 'jdoe', domainName: 'CONTOSO' }],
    sourceMaterials: [`https://contoso-corp.atp.azure.com/securityAlert/${ID}`], feedback: 'falsePositive',
  };
  const legacyOther = { ...legacy, vendorInformation: { provider: 'Windows Defender ATP' } };
  const r = readGraph(JSON.stringify([mde, unknown, legacy, legacyOther]), 'g.json');
  assert.deepEqual(r.skipped.map((s) => s.where), ['g.json[0]', 'g.json[1]', 'g.json[3]']);
  assert.match(r.skipped[0]!.reason, /Microsoft Defender for Endpoint alert, not Defender for Identity/);
  assert.match(r.skipped[1]!.reason, /matches no alert name in the catalog/);
  assert.match(r.skipped[2]!.reason, /Windows Defender ATP alert/);
  assert.equal(r.alerts[0]!.alert.externalId, '2019');
  assert.equal(r.alerts[0]!.alert.status, 'Open');
  assert.equal(r.verdicts[0]!.verdict, 'FP');
});

test('Graph verdicts go into the ledger once: a second import records nothing', async () => {
  const root = tempWorkspace({ 'graph.json': JSON.stringify(graphAlert()) });
  const run = async () => mergeIntoWorkspace((await readSources([{ name: 'graph.json', file: path.join(root, 'graph.json') }])).result, { out: path.join(root, 'ws'), author: 'Importer' });
  const first = await run();
  assert.equal(first.verdicts.recorded, 1);
  const ledgerFile = path.join(root, 'ws/.atp/classifications.json');
  const text = fs.readFileSync(ledgerFile, 'utf8');
  const parsed = parseLedger(ledgerFile, text);
  assert.ok(parsed.ok);
  const v = new LedgerLookup([parsed.ledger]).verdictOf(`aa${ID}`)!;
  assert.deepEqual([v.verdict, v.determination, v.note, v.author], ['TP', 'compromisedAccount', 'Confirmed with the owner', 'Importer']);
  const second = await run();
  assert.equal(second.verdicts.recorded, 0);
  assert.equal(fs.readFileSync(ledgerFile, 'utf8'), text);
  const problems = (await validatePaths([path.join(root, 'ws')])).problems.filter((p) => p.severity === 'error');
  assert.deepEqual(problems, []);
});

test('Sentinel rows from JSON, JSON Lines and CSV: $ref resolved, a missing $id reported, other products refused', () => {
  const rows = [sentinelRow(), sentinelRow({ ProviderName: 'MDATP', ProductName: 'Microsoft Defender Advanced Threat Protection', VendorOriginalId: 'x' })];
  const json = readSentinel(JSON.stringify(rows), 'alerts.json');
  const a = json.alerts[0]!.alert;
  assert.equal(a.externalId, '2006');
  assert.equal(a.status, 'Open');
  assert.equal(a.startTime, '2025-01-10T08:55:01.5Z');
  assert.equal(a.endTime, '2025-01-10T08:58:00.000Z', 'offsets are converted to UTC');
  const user = json.entities.find((e) => e.$type === 'User')!;
  assert.equal(user.Id, '0d9b1c2e-3f4a-4b5c-8d6e-7f8091a2b3c4', 'ObjectGuid is the real AD id');
  assert.equal(user.IsPartial, undefined);
  assert.ok(a.entities!.some((e) => e.role === 'attackedAccount' && e.id === user.Id), 'the compromised entity is the attacked account');
  assert.ok(a.entities!.some((e) => e.id === 'computer 10.0.3.14'));
  assert.deepEqual(json.skipped.map((s) => s.where), ['alerts.json[0] Entities[3]', 'alerts.json[1]']);
  assert.match(json.skipped[0]!.reason, /\$ref "9" points to no \$id/);
  assert.match(json.skipped[1]!.reason, /Microsoft Defender Advanced Threat Protection alert/);

  const jsonl = readSentinel([JSON.stringify(sentinelRow()), '{"AlertName": "cut', ''].join('\n'), 'alerts.jsonl');
  assert.equal(jsonl.alerts.length, 1);
  assert.deepEqual(jsonl.skipped.filter((s) => /broken JSON/.test(s.reason)).map((s) => s.where.split(':').slice(0, 2).join(':')), ['alerts.jsonl:2']);

  const columns = Object.keys(sentinelRow());
  const csvCell = (v: unknown) => `"${String(v).replace(/"/g, '""')}"`;
  const csv = [columns.join(','), columns.map((c) => csvCell(sentinelRow()[c as keyof ReturnType<typeof sentinelRow>])).join(','), columns.slice(1).map(() => 'x').join(',')].join('\n');
  const fromCsv = readSentinel(csv, 'alerts.csv');
  assert.deepEqual(fromCsv.alerts[0]!.alert, a, 'CSV gives the same fixture as JSON');
  assert.ok(fromCsv.skipped.some((s) => s.where === 'alerts.csv:3' && /a column is missing/.test(s.reason)));
});

test('Sentinel CSV as the Log Analytics portal exports it: `[UTC]` column names and US-style times', () => {
  const csv = [
    'TimeGenerated [UTC],AlertName,AlertSeverity,ProviderName,VendorOriginalId,SystemAlertId,ExtendedProperties,StartTime [UTC],EndTime [UTC],Status',
    `"1/10/2025, 9:00:00.000 AM",${DCSYNC.name},High,Azure Advanced Threat Protection,${ID},x,"{""ExternalId"":""2006""}","1/10/2025, 8:55:01.500 PM","1/10/2025, 8:58:00.000 PM",New`,
  ].join('\r\n');
  const r = readSentinel(csv, 'la.csv');
  assert.deepEqual(r.skipped, []);
  assert.equal(r.alerts[0]!.alert.startTime, '2025-01-10T20:55:01.500Z');
  assert.equal(r.alerts[0]!.alert.endTime, '2025-01-10T20:58:00.000Z');
});

test('Defender XDR: AlertInfo and AlertEvidence joined on AlertId across files; other products refused', () => {
  const info = ['Timestamp,AlertId,Title,Category,Severity,ServiceSource,DetectionSource,AttackTechniques',
    `2025-01-10T08:55:01.5Z,aa${ID},${DCSYNC.name},CredentialAccess,High,Microsoft Defender for Identity,Microsoft Defender for Identity,"[""T1003.006""]"`,
    ' 2025-01-10T08:55:01Z,da637-1,Suspicious PowerShell,Execution,Medium,Microsoft Defender for Endpoint,EDR,[]'].join('\n');
  const evidence = [
    JSON.stringify({ category: 'AdvancedHunting-AlertEvidence', time: 'x', properties: { Timestamp: '2025-01-10T08:55:01.5Z', AlertId: `aa${ID}`, EntityType: 'User', EvidenceRole: 'Impacted', AccountName: 'svc-backup', AccountDomain: 'contoso', AccountSid: 'S-1-5-21-1-2-3-1150', ServiceSource: 'Microsoft Defender for Identity' } }),
    JSON.stringify({ category: 'AdvancedHunting-AlertEvidence', time: 'x', properties: { Timestamp: '2025-01-10T08:55:01.5Z', AlertId: `aa${ID}`, EntityType: 'Machine', EvidenceRole: 'Related', DeviceName: 'lt-it-04.contoso.com', ServiceSource: 'Microsoft Defender for Identity' } }),
    JSON.stringify({ category: 'AdvancedHunting-AlertEvidence', time: 'x', properties: { AlertId: 'aa00000000-0000-4000-8000-000000000000', EntityType: 'Ip', RemoteIP: '1.2.3.4', ServiceSource: 'Microsoft Defender for Identity' } }),
  ].join('\n');
  const odd = readXdr([{ text: JSON.stringify([{ Timestamp: '2025-01-10T08:55:01Z', AlertId: 'ra638712345678901234_-1234', Title: DCSYNC.name, Severity: 'High', ServiceSource: 'Microsoft Defender for Identity' }]), file: 'odd.json' }]);
  assert.equal(odd.alerts[0]!.alert.sourceAlertId, 'ra638712345678901234_-1234', 'an AlertId of another form is kept beside a deterministic id');
  assert.ok(odd.alerts[0]!.synthesised.includes('id'));
  const r = readXdr([{ text: info, file: 'info.csv' }, { text: evidence, file: 'evidence.jsonl' }]);
  assert.equal(r.alerts.length, 1);
  const a = r.alerts[0]!.alert;
  assert.equal(a.externalId, '2006');
  assert.equal(a.status, 'Open');
  assert.deepEqual(r.alerts[0]!.synthesised.sort(), ['externalId', 'status', 'type']);
  assert.deepEqual(a.entities!.map((e) => e.role), ['attackedAccount', 'related']);
  assert.equal(r.entities.find((e) => e.$type === 'Computer')!.DnsName, 'lt-it-04.contoso.com');
  const reasons = r.skipped.map((s) => `${s.where} ${s.reason}`);
  assert.ok(reasons.some((s) => s.startsWith('info.csv:3') && /Microsoft Defender for Endpoint alert/.test(s)), reasons.join('\n'));
  assert.ok(reasons.some((s) => s.startsWith('evidence.jsonl:3') && /no AlertInfo row/.test(s)), reasons.join('\n'));
});

test('mapping helpers: the alert id is a link\'s last path segment, times become UTC ISO strings, links are repaired', () => {
  assert.equal(idFromUrl('https://contoso.atp.azure.com/securityAlert/2bd3b9f3-7fd2-4f21-8a1a-0fda7baddb54'), '2bd3b9f3-7fd2-4f21-8a1a-0fda7baddb54');
  assert.equal(idFromUrl('https://contoso.atp.azure.com/securityAlert/abc/?tab=1#x'), 'abc');
  assert.equal(idFromUrl('https://contoso.atp.azure.com/alerts/abc#frag/ment'), 'abc');
  assert.equal(idFromUrl('https://contoso.atp.azure.com/alerts/abc//'), 'abc');
  assert.equal(idFromUrl('abc'), 'abc');
  assert.equal(idFromUrl('?q=1'), undefined);
  assert.equal(idFromUrl('///'), undefined);
  assert.equal(idFromUrl(''), undefined);
  assert.equal(utcTime('2025-01-21T02:13:58.3010000Z'), '2025-01-21T02:13:58.3010000Z');
  assert.equal(utcTime(' 2025-01-21 02:13:58+01:00 '), '2025-01-21T01:13:58.000Z');
  assert.equal(utcTime('1737425638301'), '2025-01-21T02:13:58.301Z');
  assert.equal(utcTime('1/21/2025, 2:13:58.301 PM'), '2025-01-21T14:13:58.301Z');
  assert.equal(utcTime('2025-13-45'), undefined);
  assert.equal(cleanUrl('https\\://contoso.atp.azure.com/securityAlert/x'), 'https://contoso.atp.azure.com/securityAlert/x');
  assert.equal(cleanUrl(' https:////contoso.atp.azure.com/x '), 'https://contoso.atp.azure.com/x');
  assert.equal(cleanUrl('javascript:alert(1)'), undefined);
});
