import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catalog } from '../../src/core/catalog';
import { CefReader } from '../../src/core/import/cef';
import { parseCefLine, parseExtension } from '../../src/core/import/cefTokenizer';
import { uuidV5 } from '../../src/core/import/entities';
import type { ReaderResult } from '../../src/core/import/types';

/** Reads lines as the file reader does (1-based line numbers). */
function readCef(lines: string[]): ReaderResult {
  const reader = new CefReader('mdi.log');
  lines.forEach((l, i) => reader.line(l, i + 1));
  return reader.finish();
}

const GUID_A = '2bd3b9f3-7fd2-4f21-8a1a-0fda7baddb54';
const GUID_B = '7c9e8d11-3a55-4b6e-9f10-2d3c4b5a6e7f';
const url = (id: string, scheme = 'https\\://') => `${scheme}contoso-corp.atp.azure.com/securityAlert/${id}`;
const body = (type: string, name: string, sev: string, ext: string) => `|Microsoft|Azure ATP|2.56.0.0|${type}|${name}|${sev}|${ext}`;
const enumeration = (extra = '') => body('AccountEnumerationSecurityAlert', 'Reconnaissance using account enumeration', '5',
  `start=2019-02-21T14:19:41.0212852Z app=Kerberos shost=CLIENT1 msg=Account enumeration from CLIENT1. externalId=2003 cs1Label=url cs1=${url(GUID_A)} cs2Label=trigger cs2=new${extra}`);

test('every header variant of the public samples reads the same alert', () => {
  const variants = [
    `CEF:0${enumeration()}`,
    `ï»¿0${enumeration()}`,
    `1 2018-02-21T14:20:36.156238+00:00 CENTER CEF 6076 AccountEnumerationSecurityAlert ${enumeration()}`,
    `‹¯¨CEF:0${enumeration()}`,
    `05-03-2017 13:35:01 Auth.Warning 192.168.0.220 CEF:0${enumeration()}`,
    `May  3 10:35:01 CENTER ATP:CEF:0${enumeration()}`,
    `02-21-2018\t16:20:36\tAuth.Warning\t192.168.0.220\t1 2018-02-21T14:20:36.156238+00:00 CENTER CEF 6076 AccountEnumerationSecurityAlert ï»¿0${enumeration()}`,
  ];
  const first = readCef([variants[0]!]).alerts[0]!.alert;
  for (const v of variants) {
    const r = readCef([v]);
    assert.deepEqual(r.skipped, [], v);
    assert.deepEqual(r.alerts[0]!.alert, first, v);
  }
  assert.equal(first.id, GUID_A);
  assert.equal(first.externalId, '2003');
  assert.equal(first.startTime, '2019-02-21T14:19:41.0212852Z', '7 fractional digits survive');
  assert.equal(first.status, 'Open');
  assert.deepEqual(readCef([variants[0]!]).alerts[0]!.synthesised, ['status']);
});

test('escapes: \\: and https://// links are repaired, literal \\r\\n becomes a line break, \\= and \\\\ are unescaped', () => {
  const ext = parseExtension(String.raw`msg=a\=b c\\d line1\r\nline2 cs1=https\:////security.microsoft.com/alerts/x suser=`);
  assert.equal(ext.msg, 'a=b c\\d line1\nline2');
  assert.equal(ext.suser, '');
  const r = readCef([`CEF:0${body('DnsReconnaissanceSecurityAlert', 'Network mapping reconnaissance (DNS)', '5',
    String.raw`start=2019-03-01T08:00:00.0000000Z shost=WS1 msg=first\r\nsecond externalId=2007 cs1Label=url cs1=https\:////contoso-corp.atp.azure.com/securityAlert/${GUID_B}`)}`]);
  const a = r.alerts[0]!.alert;
  assert.equal(a.url, `https://contoso-corp.atp.azure.com/securityAlert/${GUID_B}`);
  assert.equal(a.id, GUID_B);
  assert.equal(a.description, 'first\nsecond');
});

test('header pipes escaped with \\| stay in their field', () => {
  const p = parseCefLine(String.raw`CEF:0|Microsoft|Azure ATP|2.1|X|A \| B|5|start=2019-01-01T00:00:00Z`);
  assert.ok(p.ok);
  assert.equal(p.event.name, 'A | B');
});

test('extension keys open after any white space (tab, no-break space) and never after a backslash or inside a value', () => {
  assert.deepEqual(parseExtension('a=1\tb=2\u00a0c=x=y d=\\=e'), { a: '1', b: '2', c: 'x=y', d: '=e' });
  assert.deepEqual(parseExtension('msg=one\\=two three=3   '), { msg: 'one=two', three: '3' });
  assert.deepEqual(parseExtension('no key here'), {});
  assert.deepEqual(parseExtension('=x k= v'), { k: ' v' }, 'a lone = opens no key; a value keeps its leading space');
});

test('header fields: an escaped backslash before a pipe ends the field; a header without its last pipe is cut short', () => {
  const p = parseCefLine(String.raw`CEF:0|Microsoft|Azure ATP|2.1|X|dir C:\\|5|start=2019-01-01T00:00:00Z`);
  assert.ok(p.ok);
  assert.equal(p.event.name, 'dir C:\\');
  assert.equal(p.event.severity, '5');
  assert.equal(p.event.extension.start, '2019-01-01T00:00:00Z');
  const cut = parseCefLine(String.raw`CEF:0|Microsoft|Azure ATP|2.1|X|A \| B`);
  assert.equal(cut.ok, false);
  assert.match(!cut.ok ? cut.reason : '', /cut short \(4 of the 7 fields/);
});

/**
 * The extension grammar written the plain way, as the spec reads: a key is letters, digits and `_.[]` at the
 * start or after white space, followed by `=`; a value runs to the white space before the next key, without
 * trailing white space. The tokenizer scans with indexOf instead; both must agree on any input.
 */
function extensionByRegExp(text: string): Record<string, string> {
  const key = /(?:^|\s)([A-Za-z0-9_.[\]]+)=/g;
  const starts: { key: string; keyAt: number; valueAt: number }[] = [];
  for (let m = key.exec(text); m; m = key.exec(text)) starts.push({ key: m[1]!, keyAt: m.index + m[0].length - m[1]!.length - 1, valueAt: m.index + m[0].length });
  const out: Record<string, string> = {};
  starts.forEach((s, n) => {
    const raw = text.slice(s.valueAt, n + 1 < starts.length ? starts[n + 1]!.keyAt : text.length).replace(/\s+$/, '');
    out[s.key] = raw.replace(/\\([nr=\\:|])/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c)).replace(/\r\n?/g, '\n');
  });
  return out;
}

test('on 50 000 random extensions of CEF\'s special characters, the tokenizer reads what the plain grammar reads', () => {
  const pieces = ['a', 'Z', '9', '_', '.', '[', ']', '=', '\\', '|', ' ', '\t', '\u00a0', '\u2028', 'n', 'r', ':', '\r', '\n', 'é', 'msg=', 'cs1=', 'x y'];
  let seed = 1;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let i = 0; i < 50_000; i++) {
    let text = '';
    for (let k = next(30); k > 0; k--) text += pieces[next(pieces.length)];
    assert.deepEqual(parseExtension(text), extensionByRegExp(text), JSON.stringify(text));
  }
});

test('suser: empty, DOMAIN\\name, a display name with spaces; IPv6 hosts stay computer <ip>', () => {
  const line = (suser: string, shost = 'CLIENT1', id = GUID_A) => `CEF:0${body('PassTheTicketSecurityAlert', 'Identity theft using Pass-the-Ticket attack', '10',
    `start=2019-03-01T08:00:00Z shost=${shost} suser=${suser} msg=m externalId=2018 cs1Label=url cs1=${url(id)}`)}`;
  const empty = readCef([line('')]);
  assert.deepEqual(empty.alerts[0]!.alert.entities!.map((e) => e.role), ['sourceComputer']);
  const qualified = readCef([line('contoso.com\\jdoe')]);
  const user = qualified.entities.find((e) => e.$type === 'User')!;
  assert.equal(user.SamName, 'jdoe');
  assert.equal(user.DomainName, 'contoso.com');
  assert.equal(user.IsPartial, true);
  const spaced = readCef([line('Pam Beesly')]);
  const pam = spaced.entities.find((e) => e.$type === 'User')!;
  assert.equal(pam.SystemDisplayName, 'Pam Beesly');
  assert.equal(pam.SamName, undefined, 'a name with spaces is no account name');
  const v6 = readCef([line('x', 'fe80::1c2b:3a4d:5e6f:7a8b')]);
  assert.ok(v6.alerts[0]!.alert.entities!.some((e) => e.role === 'sourceComputer' && e.id === 'computer fe80::1c2b:3a4d:5e6f:7a8b'));
});

test('a missing externalId maps through an unambiguous type, is settled by the message for shared types, else refused with the line', () => {
  const line = (type: string, name: string, msg: string, id: string) => `CEF:0|Microsoft|ATA|1.9|${type}|${name}|5|start=2017-05-03T10:35:01.2Z shost=CLIENT3 msg=${msg} cs1Label=url cs1=${url(id)}`;
  const r = readCef([
    line('PassTheHashSuspiciousActivity', 'Pass-the-Hash', 'stolen hash', GUID_A),
    line('AbnormalProtocolSuspiciousActivity', 'Abnormal protocol', 'Metasploit was seen', GUID_B),
    line('AbnormalProtocolSuspiciousActivity', 'Abnormal protocol', 'something odd', '11111111-2222-4333-8444-555555555555'),
    line('EncryptionDowngradeSuspiciousActivity', 'Encryption downgrade', 'Skeleton Key malware', '22222222-2222-4333-8444-555555555555'),
    line('BruteForceSuspiciousActivity', 'Brute force attack using LDAP simple bind', 'x', '33333333-2222-4333-8444-555555555555'),
  ]);
  const byId = new Map(r.alerts.map((a) => [a.alert.id, a]));
  const expect = (id: string, externalId: string) => {
    assert.equal(byId.get(id)?.alert.externalId, externalId);
    assert.ok(byId.get(id)!.synthesised.includes('externalId'));
    assert.equal(catalog.get(externalId)!.alertType, byId.get(id)!.alert.type, 'the type is the modern name of the same alert');
  };
  expect(GUID_A, '2017');
  expect(GUID_B, '2034');
  expect('22222222-2222-4333-8444-555555555555', '2010');
  assert.equal(byId.get('33333333-2222-4333-8444-555555555555')?.alert.externalId, '2004');
  assert.equal(r.skipped.length, 1);
  assert.equal(r.skipped[0]!.where, 'mdi.log:3');
  assert.match(r.skipped[0]!.reason, /may be any of 2002, 2033, 2034, 2035/);
});

test('new then update lines of one alert merge: two victims, then the "successful" update, one fixture', () => {
  const line = (suser: string, msg: string, trigger: string) => `CEF:0${body('LdapBruteForceSecurityAlert', 'Brute force attack using LDAP simple bind', '5',
    `start=2017-11-02T10:00:00.0000000Z shost=WS-HR-02 suser=${suser} msg=${msg} externalId=2004 cs1Label=url cs1=${url(GUID_A)} cs2Label=trigger cs2=${trigger}`)}`;
  const r = readCef([line('rabernathy', 'WS-HR-02 guessed passwords for 2 accounts', 'new'), line('mokafor', 'WS-HR-02 guessed passwords for 2 accounts', 'update'), line('mokafor', 'The password of Mateo Okafor was guessed successfully', 'update')]);
  assert.equal(r.alerts.length, 1);
  const a = r.alerts[0]!.alert;
  assert.equal(a.description, 'The password of Mateo Okafor was guessed successfully', 'the latest message wins');
  const victims = a.entities!.filter((e) => e.role === 'attackedAccount').map((e) => r.entities.find((x) => x.Id === e.id)!.SamName);
  assert.deepEqual(victims, ['rabernathy', 'mokafor']);
  assert.deepEqual(a.evidence!.map((l) => l.text), ['The password of Mateo Okafor was guessed successfully'], 'one evidence line: the latest message');
  assert.deepEqual(a.evidence![0]!.entityIds, a.entities!.filter((e) => e.role !== 'attackedAccount' || e.id !== a.entities![1]!.id).map((e) => e.id), 'naming the entities of that line');
});

test('Microsoft\'s own doc errors are kept verbatim; an id one character short is refused with its line', () => {
  const samr = `CEF:0${body('SamrReconnaissanceSecurityAlert', 'Reconnaissance using SAMR', '5', `start=2019-03-01T08:00:00Z shost=WS1 msg=**WS1** queried SAMR externalId=2019 cs1Label=url cs1=${url(GUID_A)}`)}`;
  const short = `CEF:0${body('SamrReconnaissanceSecurityAlert', 'Reconnaissance using SAMR', '5', `start=2019-03-01T08:00:00Z shost=WS1 msg=m externalId=2021 cs1Label=url cs1=${url(GUID_B.slice(0, -1))}`)}`;
  const r = readCef(['', samr, short]);
  assert.equal(r.alerts[0]!.alert.externalId, '2019', 'the sent ID is kept; validation flags the type mismatch');
  assert.equal(r.alerts[0]!.alert.description, '**WS1** queried SAMR');
  assert.equal(r.skipped[0]!.where, 'mdi.log:3');
  assert.match(r.skipped[0]!.reason, /not a GUID/);
});

test('external IDs drift: ATA and MDI before 2018-12-17 say 2010/2011 for today\'s 2008/2010', () => {
  const line = (product: string, id: string, start: string, alertId: string) => `CEF:0|Microsoft|${product}|1|EncryptionDowngradeSecurityAlert|Encryption downgrade activity|5|start=${start} shost=C1 msg=m externalId=${id} cs1Label=url cs1=${url(alertId)}`;
  const ids = ['a1', 'a2', 'a3', 'a4'].map((s) => uuidV5(s));
  const r = readCef([
    line('ATA', '2010', '2019-06-01T00:00:00Z', ids[0]!),
    line('Azure ATP', '2011', '2018-06-01T00:00:00Z', ids[1]!),
    line('Azure ATP', '2010', '2019-06-01T00:00:00Z', ids[2]!),
    line('ATP', '2008', '2019-06-01T00:00:00Z', ids[3]!),
  ]);
  assert.deepEqual(r.alerts.map((a) => a.alert.externalId), ['2008', '2010', '2010', '2008']);
});

test('severity 3/5/10 is Low/Medium/High; legacy titles are kept, the external ID decides the type', () => {
  const line = (sev: string, id: string) => `CEF:0${body('GoldenTicketSecurityAlert', 'Kerberos Golden Ticket activity', sev, `start=2019-03-01T08:00:00Z shost=WS1 msg=m externalId=2022 cs1Label=url cs1=${url(id)}`)}`;
  const r = readCef([line('3', GUID_A), line('5', GUID_B), line('10', '44444444-2222-4333-8444-555555555555')]);
  assert.deepEqual(r.alerts.map((a) => a.alert.severity), ['Low', 'Medium', 'High']);
  assert.equal(r.alerts[0]!.alert.title, 'Kerberos Golden Ticket activity');
});

test('health alerts are counted and skipped; cut, binary and foreign lines are refused with their line numbers', () => {
  const r = readCef([
    'CEF:0|Microsoft|Azure ATP|2|DirectoryServicesClientMonitoringAlert|Sensor stopped|5|start=2019-01-01T00:00:00Z externalId=1011',
    `CEF:0${body('X', 'Y', '5', 'start=2019-01-01T00:00:00Z cs1Label=url cs1=https\\://contoso.atp.azure.com/monitoring')}`,
    'CEF:0|Microsoft|Azure ATP|2.22|Acc',
    'CEF:0|Trend Micro|Deep Security|1|x|y|5|',
    'abc\u0000def',
    `CEF:0${body('AccountEnumerationSecurityAlert', 'x', '5', 'shost=A externalId=2003')}`,
  ]);
  assert.equal(r.health, 2);
  assert.deepEqual(r.skipped.map((s) => s.where), ['mdi.log:3', 'mdi.log:4', 'mdi.log:5', 'mdi.log:6']);
  assert.match(r.skipped[0]!.reason, /cut short/);
  assert.match(r.skipped[1]!.reason, /not from Microsoft/);
  assert.match(r.skipped[2]!.reason, /binary/);
  assert.match(r.skipped[3]!.reason, /no start time/);
});

test('DNS reconnaissance keeps query, record type and response code as a network activity', () => {
  const r = readCef([`CEF:0${body('DnsReconnaissanceSecurityAlert', 'Reconnaissance using DNS', '5', `start=2019-03-01T08:00:00Z app=Dns shost=WS1 cs3Label=shostfqdn cs3=ws1.contoso.com request=contoso.com requestMethod=Axfr reason=ConnectionRefused cnt=14 msg=m externalId=2007 cs1Label=url cs1=${url(GUID_A)}`)}`]);
  const a = r.alerts[0]!.alert;
  assert.deepEqual(a.networkActivities![0]!.details, { query: 'contoso.com', recordType: 'Axfr', responseCode: 'ConnectionRefused', count: 14 });
  assert.equal(a.networkActivities![0]!.protocol, 'Dns');
  assert.equal(r.entities.find((e) => e.$type === 'Computer')!.DnsName, 'ws1.contoso.com');
});

test('synthesised entity ids are stable UUIDv5 values: the same name gives the id earlier imports wrote', () => {
  // Pinned: a re-import matches the entity files of an earlier import by these ids.
  assert.equal(uuidV5('user:contoso\\jdoe'), '9933131a-d3ba-5070-8e1c-e6394984d2b8');
  assert.equal(uuidV5('computer:ws-hr-02'), '8491b150-5488-5a21-9eba-4e3d4f88c90c');
  assert.equal(uuidV5('user:ÅSA'), 'd54ce3da-9a05-51aa-b4cc-00224ed8ec68');
  assert.equal(uuidV5('user:contoso\\jdoe'), uuidV5('user:contoso\\jdoe'));
});
