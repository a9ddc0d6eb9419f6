import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ACCESSED_RESOURCE_COLUMNS, ENTITY_COLUMNS, EVENT_COLUMNS, EVIDENCE_COLUMNS, NETWORK_COLUMNS, RELATED_COLUMNS, SUMMARY_COLUMNS,
  MAX_DETAIL_COLUMNS, PRODUCT_BANNER, buildAlertReport, type Cell, type SheetModel, type WorkbookModel,
} from '../../src/core/export/model';
import { buildIndexReport } from '../../src/core/export/indexReport';
import { planWorkbook } from '../../src/core/export/layout';
import { NO_VERDICTS } from '../../src/core/verdicts/lookup';
import type { Alert } from '../../src/core/model';
import { ENTITIES, IDS, PROFILES, VERDICT, entitySource, fullAlert, verdicts } from './exportFixtures';

const NOW = new Date(Date.UTC(2025, 1, 3, 10, 0, 0));
const build = (alert: Alert = fullAlert(), lookup = verdicts()) =>
  buildAlertReport({ alert, file: '/ws/alerts/a.alert.json', entities: entitySource(), verdicts: lookup, now: NOW });
const sheet = (m: WorkbookModel, name: string): SheetModel => {
  const s = m.sheets.find((x) => x.name === name);
  assert.ok(s, `sheet ${name} missing; have ${m.sheets.map((x) => x.name).join(', ')}`);
  return s;
};
const rows = (s: SheetModel): Cell[][] => [...s.rows()];
const headers = (s: SheetModel) => s.columns.map((c) => c.header);
const utc = (iso: string) => new Date(iso);

test('sheets come in the portal order: Summary, Evidence, roles, Accessed Resources, extras, activities, Related Entities last', () => {
  const m = build();
  assert.deepEqual(m.sheets.map((s) => s.name), [
    'Summary', 'Evidence', 'Source Computer', 'Source User', 'Destination Computer', 'Domain Controllers', 'Accessed Resources',
    'Attacked Accounts', 'DNS Servers', 'Network Activities', 'Event Activities', 'Related Entities',
  ]);
  assert.equal(m.banner, PRODUCT_BANNER);
  for (const s of m.sheets) {
    assert.equal(s.title, 'Suspected Brute Force attack (LDAP)');
    assert.ok(s.caption.length > 0, `${s.name} has a caption`);
    assert.equal(rows(s).length, s.rowCount, `${s.name} rowCount matches its rows`);
    for (const r of rows(s)) assert.equal(r.length, s.columns.length, `${s.name}: one cell per column`);
  }
});

test('only roles present get a sheet; evidence and activities sheets only when the alert has them', () => {
  const m = build(fullAlert({ evidence: [], entities: [{ role: 'sourceComputer', id: IDS.computer }], accessedResources: [], networkActivities: [], eventActivities: [], relatedEntityIds: [] }));
  assert.deepEqual(m.sheets.map((s) => s.name), ['Summary', 'Source Computer', 'Related Entities']);
});

test('Summary: the portal columns, then ids, then our verdict, note and history', () => {
  const s = sheet(build(), 'Summary');
  assert.deepEqual(headers(s).slice(0, 8), ['Title', 'Description', 'Start Time (UTC)', 'End Time (UTC)', 'Severity', 'Status', 'Status Update Time (UTC)', 'View in Browser']);
  assert.deepEqual(headers(s), SUMMARY_COLUMNS.map((c) => c.header));
  const [row] = rows(s);
  assert.deepEqual(row, [
    'Suspected Brute Force attack (LDAP)',
    'WS-FIN-07 tried 412 passwords against Ruth Abernathy with LDAP simple binds to DC1.',
    utc('2025-01-21T02:13:58.301Z'),
    utc('2025-01-21T02:19:40.773Z'), // 7 fractional digits: cut to milliseconds, not rounded
    { kind: 'marked', value: 'High', mark: 'severity-high' },
    'Open',
    utc('2025-01-21T03:00:00Z'),
    { kind: 'link', text: `https://contoso-corp.atp.azure.com/securityAlert/${IDS.alert1}`, url: `https://contoso-corp.atp.azure.com/securityAlert/${IDS.alert1}` },
    IDS.alert1, '2004', 'LdapBruteForceSecurityAlert', 'Compromised credentials',
    'B-TP', 'securityTesting', VERDICT.note, VERDICT.author, utc(VERDICT.time),
    '2025-01-21 07:05:12 UTC · TP (compromisedAccount) · Jonas Whitfield <jonas.whitfield@contoso.com> · Looked real at first.',
  ]);
  assert.match(s.caption, /exported 2025-02-03 10:00:00 UTC/);
});

test('Summary without a verdict leaves the verdict columns empty; a failing lookup does not stop the export', () => {
  const [row] = rows(sheet(build(fullAlert(), NO_VERDICTS), 'Summary'));
  assert.deepEqual(row!.slice(12), [null, null, null, null, null, null]);
  const throwing = { verdictOf: () => { throw new Error('ledger broken'); }, exclusionFor: () => undefined };
  const [row2] = rows(sheet(build(fullAlert(), throwing), 'Summary'));
  assert.equal(row2![12], null);
});

test('Evidence: each line with its time, its text and the names of the entities it cites, in the fixture\'s order', () => {
  const alert = fullAlert();
  const s = sheet(build(alert), 'Evidence');
  assert.deepEqual(headers(s), EVIDENCE_COLUMNS.map((c) => c.header));
  assert.deepEqual(headers(s), ['Time (UTC)', 'Evidence', 'Entities']);
  const lines = alert.evidence!;
  assert.deepEqual(rows(s), [
    [utc('2025-01-21T02:13:58.301Z'), lines[0]!.text, 'WS-FIN-07, DC1'],
    [utc('2025-01-21T02:14:09Z'), lines[1]!.text, `Ruth Abernathy, ${IDS.missing}`],
    [null, lines[2]!.text, null],
  ]);
  assert.equal(s.caption, '3 evidence lines; times in UTC.');
});

test('Evidence: lines of any shape give a row each, never an exception', () => {
  const odd = [null, 'just text', { time: 'yesterday', text: 42, entityIds: 'not a list' }, { text: { nested: true }, entityIds: [7, '', IDS.dc] }];
  const r = rows(sheet(build(fullAlert({ evidence: odd })), 'Evidence'));
  assert.deepEqual(r, [
    [null, null, null],
    [null, null, null],
    ['yesterday', '42', null],
    [null, '{"nested":true}', '7, DC1'],
  ]);
});

test('entity-role sheets: Name, Details, Type, SamName; unresolved ids stay visible', () => {
  const m = build();
  const attacked = sheet(m, 'Attacked Accounts');
  assert.deepEqual(headers(attacked), ENTITY_COLUMNS.map((c) => c.header));
  assert.deepEqual(headers(attacked), ['Name', 'Details', 'Type', 'SamName']);
  assert.deepEqual(rows(attacked), [
    ['Ruth Abernathy', 'Sensitive', 'User', 'rabernathy'],
    [IDS.missing, 'Not found in the workspace (no Unique Entity Json with this Id).', null, null],
  ]);
  assert.deepEqual(rows(sheet(m, 'Source Computer')), [['WS-FIN-07', 'ws-fin-07.contoso.com · Windows 11 Enterprise', 'Computer', 'WS-FIN-07$']]);
  assert.deepEqual(rows(sheet(m, 'Source User')), [['Avery Lindqvist', 'avery.lindqvist@contoso.com · Finance', 'User', 'alindqvist']]);
  assert.deepEqual(rows(sheet(m, 'DNS Servers')), [['DC1', 'dc1.contoso.com · Windows Server 2022 · Domain controller', 'Computer', 'DC1$']]);
});

test('Accessed Resources: Time, Computer, Name, Details, Type, Service, plus role entities not already listed', () => {
  const s = sheet(build(), 'Accessed Resources');
  assert.deepEqual(headers(s), ACCESSED_RESOURCE_COLUMNS.map((c) => c.header));
  assert.deepEqual(headers(s), ['Time', 'Computer', 'Name', 'Details', 'Type', 'Service']);
  assert.deepEqual(rows(s), [
    [utc('2025-01-21T02:15:00.500Z'), 'WS-FIN-07', 'cifs/FILESRV1', 'Kerberos service ticket', 'Computer', 'CIFS'],
    [null, null, 'FILESRV1', 'filesrv1.contoso.com', 'Computer', null],
  ]);
});

test('Network Activities: every column, both sides with certainty and resolution methods, then detail keys', () => {
  const s = sheet(build(), 'Network Activities');
  assert.deepEqual(headers(s), [...NETWORK_COLUMNS.map((c) => c.header), 'Bind Type', 'Result', 'Attempts', 'Tls']);
  assert.deepEqual(headers(s).slice(0, 12), [
    'Time (UTC)', 'Source Ip Address', 'Source Port', 'Source Computer', 'Source Computer Certainty', 'Source Computer Resolution Method',
    'Destination Ip Address', 'Destination Port', 'Destination Computer', 'Destination Computer Certainty', 'Destination Computer Resolution Method', 'Protocol',
  ]);
  assert.deepEqual(rows(s), [
    [utc('2025-01-21T02:13:58.301Z'), '10.0.12.57', 52311, 'WS-FIN-07', 'High', 'RpcNtlm, RdpTls', '10.0.0.4', 389, 'DC1', 'Medium', 'Cached', 'Ldap', 'Simple', 'InvalidCredentials', 412, null],
    [utc('2025-01-21T02:19:40.773Z'), '10.1.2.7', 50100, IDS.unresolvedComputer, 'Low', 'RpcNtlm, Cached, RdpTls', '10.0.0.4', 636, 'DC1', 'High', null, 'Ldap', 'Simple', null, null, 'Tls12'],
  ]);
});

test('Event Activities: Time, Computer, Provider, Event Id, then detail keys', () => {
  const s = sheet(build(), 'Event Activities');
  assert.deepEqual(headers(s), [...EVENT_COLUMNS.map((c) => c.header), 'Logon Type', 'Status']);
  assert.deepEqual(rows(s), [[utc('2025-01-21T02:14:00Z'), 'DC1', 'Microsoft-Windows-Security-Auditing', 4625, 3, '0xC000006A']]);
});

test('Related Entities: Id, Type, Name and both JSON documents as text, once per entity, last', () => {
  const m = build();
  const s = m.sheets.at(-1)!;
  assert.equal(s.name, 'Related Entities');
  assert.deepEqual(headers(s), RELATED_COLUMNS.map((c) => c.header));
  const r = rows(s);
  const ids = r.map((x) => x[0]);
  assert.equal(new Set(ids).size, ids.length, 'no duplicates');
  for (const e of ENTITIES) assert.ok(ids.includes(e.Id), `${e.SystemDisplayName} listed`);
  const ws = r.find((x) => x[0] === IDS.computer)!;
  assert.deepEqual(ws.slice(0, 3), [IDS.computer, 'Computer', 'WS-FIN-07']);
  assert.deepEqual(ws[3], { kind: 'sourced', text: JSON.stringify(ENTITIES[0]), source: '/ws/entities/WS-FIN-07.entity.json' });
  assert.equal((ws[4] as { text: string }).text, JSON.stringify(PROFILES[0]));
  assert.deepEqual(JSON.parse((ws[3] as { text: string }).text), ENTITIES[0], 'the cell pastes back into a valid *.entity.json');
  assert.deepEqual(r.find((x) => x[0] === IDS.unresolvedComputer), [IDS.unresolvedComputer, null, null, null, null]);
});

test('untrusted shapes never throw: wrong types become text or empty cells', () => {
  const weird = {
    id: 42, externalId: null, title: { nested: true }, severity: 'Critical', status: 7, startTime: 'yesterday', endTime: '2019-02-30T00:00:00Z',
    url: 'javascript:alert(1)', entities: [null, 5, { role: 'sourceComputer' }, { role: 'weird:[role]*?/\\name with a very long tail that goes on', id: IDS.computer }],
    accessedResources: 'nope', networkActivities: [null, 3, { source: 'x', destination: { port: '53', resolutionMethods: 'Cached' }, details: [1, 2] }],
    eventActivities: [{ eventId: Number.NaN, details: { a: { deep: [1] } } }], relatedEntityIds: [null, 3, IDS.dc],
  } as unknown as Alert;
  const m = build(weird);
  for (const s of m.sheets) for (const r of s.rows()) assert.equal(r.length, s.columns.length);
  const [summary] = rows(sheet(m, 'Summary'));
  assert.equal(summary![0], '{"nested":true}');
  assert.equal(summary![2], 'yesterday', 'a time that does not parse is kept as text');
  assert.equal(summary![3], '2019-02-30T00:00:00Z', 'an impossible date is kept as text');
  assert.equal(summary![4], 'Critical', 'an unknown severity has no colour');
  assert.deepEqual(summary![7], { kind: 'link', text: 'javascript:alert(1)', url: 'javascript:alert(1)' }, 'the writer decides what may link');
  const net = rows(sheet(m, 'Network Activities'));
  assert.equal(net.length, 3);
  assert.equal(net[2]![7], '53', 'a port that is a string stays text');
  assert.equal(net[2]![10], 'Cached');
  const events = rows(sheet(m, 'Event Activities'));
  assert.equal(events[0]![3], 'NaN');
  assert.equal(events[0]![4], '{"deep":[1]}');
  assert.ok(m.sheets.some((s) => s.name.startsWith('Weird:[role]')), 'custom roles get a sheet (named safely by the layout)');
});

test('more detail keys than MAX_DETAIL_COLUMNS share one "Other Details" JSON column', () => {
  const details = Object.fromEntries(Array.from({ length: MAX_DETAIL_COLUMNS + 3 }, (_, i) => [`k${i}`, i]));
  const s = sheet(build(fullAlert({ networkActivities: [{ details }] })), 'Network Activities');
  assert.equal(s.columns.length, NETWORK_COLUMNS.length + MAX_DETAIL_COLUMNS + 1);
  assert.equal(headers(s).at(-1), 'Other Details');
  assert.equal(rows(s)[0]!.at(-1), JSON.stringify({ [`k${MAX_DETAIL_COLUMNS}`]: MAX_DETAIL_COLUMNS, [`k${MAX_DETAIL_COLUMNS + 1}`]: MAX_DETAIL_COLUMNS + 1, [`k${MAX_DETAIL_COLUMNS + 2}`]: MAX_DETAIL_COLUMNS + 2 }));
});

test('rows are produced lazily: building the model of a 100 000-activity alert reads no activity row', () => {
  const activity = fullAlert().networkActivities![0]!;
  let rowReads = 0;
  const counted = new Proxy(activity, { get: (t, k) => (k === 'protocol' && rowReads++, Reflect.get(t, k)) });
  const big = fullAlert({ networkActivities: Array.from({ length: 100_000 }, () => counted) });
  const s = sheet(build(big), 'Network Activities');
  assert.equal(s.rowCount, 100_000);
  assert.equal(rowReads, 0, 'no row built yet');
  const it = s.rows()[Symbol.iterator]();
  assert.equal((it.next().value as Cell[])[1], '10.0.12.57');
  assert.equal(rowReads, 1, 'one row built on demand');
});

test('layout: tables over the row limit continue on numbered sheets with the same header; names stay valid and unique', () => {
  const m = build(fullAlert({ networkActivities: Array.from({ length: 25 }, (_, i) => ({ time: '2025-01-21T02:13:58Z', protocol: `p${i}` })) }));
  const plan = planWorkbook(m, { maxRowsPerSheet: 14 }); // 4 header rows + 10 table rows per sheet
  const net = plan.find((p) => p.sheet.name === 'Network Activities')!;
  assert.deepEqual(net.parts.map((p) => [p.name, p.firstRow, p.rowCount]), [
    ['Network Activities', 0, 10], ['Network Activities (2)', 10, 10], ['Network Activities (3)', 20, 5],
  ]);
  assert.match(net.parts[1]!.caption, /Part 2 of 3: rows 11 to 20 \(continued from "Network Activities"\)/);
  const summary = plan.find((p) => p.sheet.name === 'Summary')!;
  assert.equal(summary.parts.length, 1);
  assert.equal(summary.parts[0]!.caption, summary.sheet.caption);
  const names = plan.flatMap((p) => p.parts.map((x) => x.name));
  assert.equal(new Set(names.map((n) => n.toLowerCase())).size, names.length);
  assert.throws(() => planWorkbook(m, { maxRowsPerSheet: 4 }), /at least one row/);
});

test('layout: hostile or colliding role names become valid, unique sheet names', () => {
  const m = build(fullAlert({
    entities: [
      { role: 'a:b/c\\d?e*f[g]h', id: IDS.computer },
      { role: "'history'", id: IDS.computer },
      { role: 'sourceComputerWithAnExtremelyLongRoleNameIndeed', id: IDS.computer },
      { role: 'sourceComputerWithAnExtremelyLongRoleNameIndeedToo', id: IDS.computer },
    ],
  }));
  const names = planWorkbook(m).flatMap((p) => p.parts.map((x) => x.name));
  for (const n of names) {
    assert.ok(n.length >= 1 && n.length <= 31, `${n} length`);
    assert.doesNotMatch(n, /[[\]:*?/\\]/);
    assert.doesNotMatch(n, /^'|'$/);
    assert.notEqual(n.toLowerCase(), 'history');
  }
  assert.equal(new Set(names.map((n) => n.toLowerCase())).size, names.length);
});

test('index workbook: one row per report with file, headline facts, verdict and link', () => {
  const m = buildIndexReport([{ alert: fullAlert(), report: '2004-x.xlsx', fixture: '/ws/alerts/a.alert.json' }], verdicts(), NOW);
  assert.deepEqual(m.sheets.map((s) => s.name), ['Reports', 'Coverage']);
  const [row] = rows(m.sheets[0]!);
  assert.deepEqual(row!.slice(0, 12), [
    '2004-x.xlsx', 'Suspected Brute Force attack (LDAP)', { kind: 'marked', value: 'High', mark: 'severity-high' }, 'Open',
    utc('2025-01-21T02:13:58.301Z'), utc('2025-01-21T02:19:40.773Z'), '2004', 'Compromised credentials', 'B-TP', 2, 1, IDS.alert1,
  ]);
});
