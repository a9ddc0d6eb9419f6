import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Pseudonyms } from '../../src/core/scrub/pseudonyms';
import { createHmac } from 'node:crypto';
import { parseIpv4, parseIpv6, formatIpv6 } from '../../src/core/scrub/addresses';
import { KeyedHash } from '../../src/core/scrub/keyed';

const A = new Pseudonyms('first test key, 32 bytes or so..');
const B = new Pseudonyms('second test key, also long enough');
const SID = /^S-1-5-21-\d+-\d+-\d+-\d+$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const DOMAIN_SID = 'S-1-5-21-1887562391-2790013846-3458806113';

/** Every kind of pseudonym, as [label, function of a generator]. */
const KINDS: Array<[string, (p: Pseudonyms) => string]> = [
  ['user', (p) => p.userName('jwhitfield')],
  ['display', (p) => p.displayName('Jonas Whitfield')],
  ['computer', (p) => p.computer('WS-FIN-07$')],
  ['domain', (p) => p.domain('contoso.com')],
  ['sid', (p) => p.sid(`${DOMAIN_SID}-1132`)],
  ['guid', (p) => p.guid('39067d52-7178-47bb-996f-04f39019d39c')],
  ['ipv4', (p) => p.ip('10.0.0.17')],
  ['ipv6', (p) => p.ip('2001:4860:4860::8888')],
  ['group', (p) => p.group('Finance Staff')],
  ['phone', (p) => p.phone('+1 425 555 0109')],
];

test('pseudonyms are deterministic per key and unrelated across keys', () => {
  const again = new Pseudonyms('first test key, 32 bytes or so..');
  for (const [kind, f] of KINDS) {
    assert.equal(f(A), f(again), `${kind}: same key, same pseudonym`);
    assert.notEqual(f(A), f(B), `${kind}: another key, another pseudonym`);
  }
  assert.throws(() => new Pseudonyms(''), /empty/);
});

test('attempt gives another candidate of the same kind', () => {
  assert.notEqual(A.userName('jwhitfield', { attempt: 1 }), A.userName('jwhitfield'));
  assert.notEqual(A.computer('DC1', { attempt: 1 }), A.computer('DC1'));
  assert.match(A.computer('DC1', { attempt: 1 }), /^DC-[A-Z]+\d\d$/);
});

test('user names keep their shape; built-in accounts keep their names', () => {
  const hint = { givenName: 'Jonas', surname: 'Whitfield' };
  const display = A.displayName('Jonas Whitfield (admin)');
  const [given, surname] = display.replace(' (admin)', '').split(' ');
  assert.ok(display.endsWith(' (admin)'));
  assert.equal(A.userName('jwhitfield', { hint }), (given[0] + surname).toLowerCase(), 'agrees with the display name');
  assert.equal(A.userName('Jonas.Whitfield', { hint }), `${given}.${surname}`);
  assert.equal(A.userName('adm-jwhitfield'), `adm-${A.userName('jwhitfield')}`, 'admin twin keeps its link to the person');
  assert.equal(A.userName('jwhitfield-a'), `${A.userName('jwhitfield')}-a`);
  assert.match(A.userName('svc-sql'), /^svc-[a-z]+\d\d$/);
  assert.match(A.userName('svc-sql$'), /^svc-[a-z]+\d\d\$$/);
  assert.match(A.userName('JSMITH42'), /^[A-Z]+\d\d$/);
  assert.equal(A.userName('JWHITFIELD'), A.userName('jwhitfield').toUpperCase(), 'case-insensitive like AD, case kept');
  for (const builtin of ['Administrator', 'krbtgt', 'Guest']) assert.equal(A.userName(builtin), builtin);
  assert.match(A.displayName('Whitfield, Jonas'), /^[A-Z][a-z]+, [A-Z][a-z]+$/);
  assert.match(A.displayName('Anna Maria Lopez'), /^[A-Z][a-z]+ [A-Z]\. [A-Z][a-z]+$/);
  assert.notEqual(A.displayName('عبد الله'), 'عبد الله', 'right-to-left names are pseudonymised too');
  assert.match(A.userName('ñúñez'), /^[a-z]+$/);
});

test('computer names keep $, case, role hints and the NetBIOS length', () => {
  const cases: Array<[string, RegExp]> = [
    ['DC1', /^DC-[A-Z]+\d\d$/], ['DC1$', /^DC-[A-Z]+\d\d\$$/], ['dc2', /^dc-[a-z]+\d\d$/], ['WS-FIN-07', /^WS-[A-Z]+\d\d$/],
    ['LT-IT-04$', /^LT-[A-Z]+\d\d\$$/], ['FILESRV1', /^FILE-[A-Z]+\d\d$/], ['SQLSRV1', /^SQL-[A-Z]+\d\d$/], ['CORP-SRV12', /^SRV-[A-Z]+\d\d$/],
    ['DESKTOP-8F3K2L1', /^DESKTOP-[A-Z]+\d\d$/], ['KIOSK', /^[A-Z]+\d\d$/],
  ];
  for (const [name, shape] of cases) {
    const out = A.computer(name);
    assert.match(out, shape, name);
    assert.ok(out.replace('$', '').length <= 15, `${out} fits NetBIOS`);
  }
  assert.match(A.computer('HOST7', { role: 'DC' }), /^DC-/, 'a caller that knows the role wins');
  assert.equal(A.computer('10.1.2.7'), A.ip('10.1.2.7'));
});

test('domains agree in every spelling: DNS, NetBIOS, DN, FQDN, UPN, DOMAIN\\name, URL host', () => {
  const dns = A.domain('contoso.com');
  const label = dns.split('.')[0];
  assert.match(dns, /^[a-z]+\.com$/);
  assert.equal(A.domain('CONTOSO'), label.toUpperCase());
  assert.equal(A.distinguishedName('DC=contoso,DC=com'), `DC=${label},DC=com`);
  assert.equal(A.hostName('dc1.contoso.com'), `${A.computer('dc1')}.${dns}`);
  assert.equal(A.upn('jwhitfield@contoso.com'), `${A.userName('jwhitfield')}@${dns}`);
  assert.equal(A.downLevel('CONTOSO\\jwhitfield'), `${label.toUpperCase()}\\${A.userName('jwhitfield')}`);
  assert.equal(A.downLevel('CONTOSO\\DC1$'), `${label.toUpperCase()}\\${A.computer('DC1$')}`);
  assert.equal(A.urlHost('https://contoso-corp.atp.azure.com/securityAlert/x?y=1'), `https://${label}-corp.atp.azure.com/securityAlert/x?y=1`);
  assert.equal(A.urlHost('http://10.0.0.4:8080/a'), `http://${A.ip('10.0.0.4')}:8080/a`);
  assert.equal(A.domain('corp.contoso.co.uk'), `corp.${A.domainLabel('contoso')}.${A.domainLabel('co')}.uk`);
  assert.equal(A.domain('contoso.com.'), `${dns}.`, 'a rooted name keeps its dot');
});

test('distinguished names are rebuilt RDN by RDN, escapes honoured', () => {
  const dn = A.distinguishedName('CN=adm-jwhitfield,OU=Tier 0,OU=Admin Accounts,DC=contoso,DC=com');
  assert.equal(dn, `CN=${A.userName('adm-jwhitfield')},OU=Tier 0,OU=Admin Accounts,DC=${A.domainLabel('contoso')},DC=com`);
  assert.equal(A.distinguishedName('CN=Domain Admins,CN=Users,DC=contoso,DC=com'), `CN=Domain Admins,CN=Users,DC=${A.domainLabel('contoso')},DC=com`);
  const escaped = A.distinguishedName('CN=Whitfield\\, Jonas,OU=Staff,DC=contoso,DC=com', (attr, v) => (attr === 'CN' ? `mapped ${v}` : undefined));
  assert.equal(escaped, `CN=mapped Whitfield\\, Jonas,OU=Staff,DC=${A.domainLabel('contoso')},DC=com`);
});

test('SIDs stay SIDs: one domain part per domain, well-known RIDs kept, other RIDs permuted within their digit count', () => {
  const user = A.sid(`${DOMAIN_SID}-1132`);
  assert.match(user, SID);
  const domainPart = (s: string) => s.split('-').slice(0, 7).join('-');
  assert.equal(domainPart(A.sid(`${DOMAIN_SID}-1001`)), domainPart(user));
  assert.equal(A.sid(DOMAIN_SID), domainPart(user), 'the domain SID alone maps to the same domain part');
  assert.notEqual(domainPart(A.sid('S-1-5-21-1-2-3-1132')), domainPart(user));
  for (const rid of [500, 502, 512, 516, 519]) assert.equal(A.sid(`${DOMAIN_SID}-${rid}`), `${domainPart(user)}-${rid}`);
  const rids = new Set<string>();
  for (let rid = 1000; rid < 1400; rid++) {
    const out = A.sid(`${DOMAIN_SID}-${rid}`).split('-').pop()!;
    assert.equal(out.length, 4);
    assert.ok(Number(out) >= 1000);
    rids.add(out);
  }
  assert.equal(rids.size, 400, 'no two accounts share a RID');
  for (const wellKnown of ['S-1-5-18', 'S-1-5-32-544', 'S-1-1-0']) assert.equal(A.sid(wellKnown), wellKnown);
  assert.match(A.sid('S-1-12-1-1234567-2345678-3456789-4567890'), /^S-1-12-1-\d+-\d+-\d+-\d+$/);
  assert.notEqual(A.sid('S-1-12-1-1234567-2345678-3456789-4567890'), 'S-1-12-1-1234567-2345678-3456789-4567890');
  assert.match(A.sid('S-1-5-21-42-1105'), /^S-1-5-21-\d+-\d+$/, 'a short non-standard domain SID keeps its form');
  assert.match(A.sid('user #3 of seed S'), SID, 'a seed gives an account SID');
  assert.ok(A.sid('user #3').startsWith(`${A.domainSid('')}-`), 'bare seeds share the default domain');
  assert.ok(A.accountSid('seed S', 'user #3').startsWith(`${A.domainSid('seed S')}-`), 'accounts of one seeded domain share it');
  assert.notEqual(A.accountSid('seed S', 'user #3'), A.accountSid('seed S', 'user #4'));
  assert.equal(A.domainSid(DOMAIN_SID), domainPart(user));
});

test('GUIDs stay GUIDs with their braces and case; ObjectIds stay 24 hex digits', () => {
  assert.match(A.guid('39067d52-7178-47bb-996f-04f39019d39c'), GUID);
  assert.equal(A.guid('{39067D52-7178-47BB-996F-04F39019D39C}'), `{${A.guid('39067d52-7178-47bb-996f-04f39019d39c').toUpperCase()}}`);
  assert.equal(A.guid('39067d52717847bb996f04f39019d39c'), A.guid('39067d52-7178-47bb-996f-04f39019d39c').replace(/-/g, ''));
  assert.match(A.guid('entity #3'), GUID);
  assert.match(A.objectId('58f54ce12aaea50ff89b38a7'), /^[0-9a-f]{24}$/);
});

function v4Class(ip: string): string {
  const [a, b] = ip.split('.').map(Number);
  if (a === 10) return 'private10';
  if (a === 172 && b >= 16 && b < 32) return 'private172';
  if (a === 192 && b === 168) return 'private192';
  if (a === 127) return 'loopback';
  if (a === 169 && b === 254) return 'linklocal';
  return 'public';
}

test('IPv4: class kept, subnets kept, hosts of one subnet stay apart, .0/.255 and loopback kept', () => {
  for (const ip of ['10.0.0.4', '172.20.3.4', '192.168.1.10', '169.254.7.9', '8.8.8.8', '203.0.112.9', '127.0.0.1']) {
    const out = A.ip(ip);
    assert.ok(parseIpv4(out) !== undefined, out);
    assert.equal(v4Class(out), v4Class(ip), `${ip} → ${out}`);
  }
  assert.equal(A.ip('127.0.0.1'), '127.0.0.1');
  const net = (ip: string, octets: number) => ip.split('.').slice(0, octets).join('.');
  assert.equal(net(A.ip('10.0.0.4'), 3), net(A.ip('10.0.0.17'), 3), 'one /24 → one /24');
  assert.equal(net(A.ip('10.0.0.4'), 2), net(A.ip('10.0.1.4'), 2), 'one /16 → one /16');
  assert.notEqual(net(A.ip('10.0.0.4'), 3), net(A.ip('10.0.1.4'), 3), 'two /24s stay two');
  const hosts = new Set(Array.from({ length: 254 }, (_, i) => A.ip(`10.1.2.${i + 1}`)));
  assert.equal(hosts.size, 254);
  for (const h of hosts) assert.ok(!h.endsWith('.0') && !h.endsWith('.255'));
  assert.ok(A.ip('10.1.2.255').endsWith('.255'));
  assert.match(A.ip('seed #1'), /^10\.\d+\.\d+\.\d+$/);
  assert.match(A.ipv4('seed #1'), /^10\.\d+\.\d+\.\d+$/);
});

test('IPv6: parse and format round-trip; class kept', () => {
  for (const text of ['::1', '::', 'fe80::1', '2001:db8::8:800:200c:417a', '::ffff:10.0.0.4', 'fd12:3456:789a:1::1']) {
    assert.equal(formatIpv6(parseIpv6(text)!.groups), text);
  }
  assert.equal(parseIpv6('1:2:3'), undefined);
  assert.equal(parseIpv6('1::2::3'), undefined);
  assert.equal(parseIpv6('12345::1'), undefined);
  assert.equal(A.ip('::1'), '::1');
  assert.match(A.ip('fe80::1%eth0'), /^fe80::[0-9a-f:]+%eth0$/);
  assert.match(A.ip('FD12:3456:789A:1::1'), /^fd[0-9a-f]{2}:/);
  assert.match(A.ip('2001:4860:4860::8888'), /^2001:db8:/);
  const subnet = (ip: string) => parseIpv6(ip)!.groups.slice(0, 4).join(':');
  assert.equal(subnet(A.ip('2a00:1450:4001:81a::1')), subnet(A.ip('2a00:1450:4001:81a::2')));
  assert.equal(A.ip('::ffff:10.0.0.4'), `::ffff:${A.ip('10.0.0.4')}`);
  assert.match(A.ipv6('seed #1'), /^fd/);
});

test('seeds give whole invented people, hosts and addresses (the scaffolder\'s use)', () => {
  const people = Array.from({ length: 20 }, (_, i) => A.person(`seed S#${i}`));
  for (const p of people) {
    assert.equal(p.displayName, `${p.givenName} ${p.surname}`);
    assert.equal(p.samName, (p.givenName[0] + p.surname).toLowerCase());
  }
  assert.ok(new Set(people.map((p) => p.samName)).size >= 18, 'seeds spread over the name space');
  assert.deepEqual(A.person('seed S#3'), people[3]);
  assert.equal(A.user('seed S#3'), A.user('seed S#3'));
  assert.match(A.computer('seed S#3', { role: 'WS' }), /^WS-/);
  assert.match(A.group('Finance Staff'), /^[A-Z][a-z]+ Staff$/);
  assert.equal(A.group('Domain Admins'), 'Domain Admins');
  assert.match(A.phone('+1 425 555 0109'), /^\+1 \d{3} \d{3} \d{4}$/);
});

test('the keyed hash is HMAC-SHA-256 (RFC 2104), for short and long keys', () => {
  for (const key of ['short key', 'k'.repeat(64), 'a much longer key than one SHA-256 block of sixty-four bytes, so it is hashed first']) {
    const mine = new KeyedHash(Buffer.from(key)).bytes('kind', 'input');
    const theirs = createHmac('sha256', key).update('kind\u00000\u0000input', 'utf8').digest();
    assert.deepEqual(mine, theirs, key);
  }
});
