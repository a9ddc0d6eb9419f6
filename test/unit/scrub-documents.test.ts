import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { planScrub } from '../../src/core/scrub/plan';
import { scrubDocuments, type ScrubInput } from '../../src/core/scrub/documents';
import { TokenMatcher } from '../../src/core/scrub/tokens';
import { LeftoverFinder } from '../../src/core/scrub/verify';
import { parseShift, shiftIso, shiftTimesInText } from '../../src/core/scrub/time';

const KEY = 'unit-test key, long enough to use';
const USER_ID = '6c1f35d2-6a83-4b0c-9a0e-3f3b8e7f2a11';
const HOST_ID = '0b5b8a3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
const DOMAIN_SID = 'S-1-5-21-1111111111-2222222222-3333333333';

/** Names no word list or schema holds, so that a case-insensitive substring search is a fair test. */
const PLANTED = {
  given: 'Quillon', surname: 'Featherstonehaugh', sam: 'qfeatherstone', upnDomain: 'zyxcorp.example.org', netbios: 'ZYXCORP',
  host: 'WS-QUIL-42', dc: 'DCZYX9', group: 'Zyx Treasury Staff', phone: '+44 20 7946 0321', ip: '10.77.5.9', ip6: 'fd3e:4a5b:6c7d:1::42',
  tenant: 'zyxcorp-emea', rtl: 'عبدالله', rtlSurname: 'حداد',
};

function plantedWorkspace(): ScrubInput[] {
  const p = PLANTED;
  const user = {
    $type: 'User', SchemaVersion: 2006106105, IsEntitySchemaChanged: false, Id: USER_ID,
    SystemDisplayName: `${p.given} ${p.surname} (admin)`, SamName: p.sam, UpnName: `${p.sam}@${p.upnDomain}`,
    DistinguishedName: `CN=${p.surname}\\, ${p.given},OU=Finance,DC=zyxcorp,DC=example,DC=org`,
    CanonicalName: `${p.upnDomain}/Finance/${p.given} ${p.surname}`, Sid: `${DOMAIN_SID}-1104`, DomainId: '9d9d9d9d-0000-4000-8000-000000000001',
    Mail: `${p.given}.${p.surname}@${p.upnDomain}`, PhoneNumber: p.phone, Department: 'Finance',
  };
  const host = {
    $type: 'Computer', SchemaVersion: 2006106105, IsEntitySchemaChanged: false, Id: HOST_ID, SystemDisplayName: p.host, SamName: `${p.host}$`,
    DnsName: `${p.host.toLowerCase()}.${p.upnDomain}`, DistinguishedName: `CN=${p.host},OU=Workstations,DC=zyxcorp,DC=example,DC=org`,
    Sid: `${DOMAIN_SID}-1201`, IpAddress: p.ip, Spns: [`HOST/${p.host}`, `HOST/${p.host}.${p.upnDomain}`],
  };
  const dc = { $type: 'Computer', Id: '1d1d1d1d-0000-4000-8000-000000000002', SystemDisplayName: p.dc, SamName: `${p.dc}$`, IsDomainController: true, IpAddress: '10.77.0.4' };
  const group = { $type: 'Group', Id: '2e2e2e2e-0000-4000-8000-000000000003', SystemDisplayName: p.group, SamName: p.group, Sid: `${DOMAIN_SID}-1300`, MemberIds: [USER_ID] };
  const nameless = { $type: 'Computer', Id: '3f3f3f3f-0000-4000-8000-000000000004' };
  const rtl = { $type: 'User', Id: '4a4a4a4a-0000-4000-8000-000000000005', SystemDisplayName: `${p.rtl} ${p.rtlSurname}`, SamName: 'ahaddad-rtl' };
  const alertId = '591f9769-d904-40b1-89fa-c307c2ca814f';
  const alert = {
    id: alertId, externalId: '2017', title: `Pass-the-hash by ${p.given} ${p.surname}`, severity: 'High', status: 'Open', startTime: '2025-01-21T03:02:44.0090000Z',
    description: `${p.netbios}\\${p.sam} used ${p.host} (${p.ip}, ${p.ip6}) against ${p.dc.toLowerCase()}.${p.upnDomain}; SID ${DOMAIN_SID}-1104; ${p.rtl} was told.`,
    url: `https://${p.tenant}.atp.azure.com/securityAlert/${alertId}`,
    evidence: [{ time: '2025-01-21T03:02:44Z', text: `${p.surname.toUpperCase()}'s hash on ${p.host.toLowerCase()}; mail ${p.given.toLowerCase()}.${p.surname.toLowerCase()}@${p.upnDomain}.`, entityIds: [USER_ID, HOST_ID] }],
    entities: [{ role: 'sourceUser', id: USER_ID }, { role: 'sourceComputer', id: HOST_ID }, { role: 'related', id: 'computer 10.77.5.99' }],
    accessedResources: [{ computer: p.host, name: `cifs/${p.dc}`, details: `\\\\${p.dc}\\share opened by ${p.sam}`, type: 'Service', service: 'CIFS' }],
    networkActivities: [{
      protocol: 'Ntlm', source: { ip: p.ip, port: 50000, computerId: HOST_ID, certainty: 'High', resolutionMethods: ['RpcNtlm'] },
      destination: { ip: '10.77.0.4', port: 445, computerId: '1d1d1d1d-0000-4000-8000-000000000002', certainty: 'High' }, details: { query: `${p.upnDomain}`, note: `from ${p.host}` },
    }],
    eventActivities: [{ computerId: '1d1d1d1d-0000-4000-8000-000000000002', provider: 'Microsoft-Windows-Security-Auditing', eventId: 4624, details: { targetUserName: p.sam, workstationName: p.host, targetDomainName: p.netbios, subject: `${p.upnDomain}\\${p.sam}` } }],
    relatedEntityIds: [USER_ID, HOST_ID],
  };
  const profile = { $type: 'UserProfile', UniqueEntityId: USER_ID, SourceComputerIdToTimeMapping: { [HOST_ID]: '2025-01-17T17:02:11.23Z' }, ActiveDates: ['2025-01-13'], Notes: { [p.host]: `seen with ${p.given}` } };
  const ledger = {
    schemaVersion: 1,
    alerts: { [alertId]: { verdict: 'TP', author: `Rhiannon Vexley <rvexley@${p.upnDomain}>`, time: '2025-01-21T09:48:30Z', note: `${p.sam} from ${p.host}; ${p.given} was on leave`, history: [] } },
    exclusions: [{ externalId: '2017', entityId: HOST_ID, entityName: p.host, reason: `${p.group} test box`, author: 'Rhiannon Vexley', time: '2025-01-22T14:03:40Z' }],
  };
  return [
    { name: `entities/user-${p.sam}.entity.json`, kind: 'entity', value: user },
    { name: `entities/computer-${p.host.toLowerCase()}.entity.json`, kind: 'entity', value: host },
    { name: 'entities/dc.entity.json', kind: 'entity', value: dc },
    { name: 'entities/group.entity.json', kind: 'entity', value: group },
    { name: 'entities/nameless.entity.json', kind: 'entity', value: nameless },
    { name: 'entities/rtl.entity.json', kind: 'entity', value: rtl },
    { name: `alerts/2017-${p.sam}.alert.json`, kind: 'alert', value: alert },
    { name: `profiles/user-${p.sam}.profile.json`, kind: 'profile', value: profile },
    { name: '.atp/classifications.json', kind: 'ledger', value: ledger },
    { name: `notes/${p.ip}.txt`, kind: 'text', value: `Call ${p.given} ${p.surname} on ${p.phone} about ${p.host}.` },
  ];
}

const everything = (r: ReturnType<typeof scrubDocuments>) => r.documents.map((d) => `${d.name}\n${typeof d.value === 'string' ? d.value : JSON.stringify(d.value)}`).join('\n');

test('names planted in every field, in free text and in file names: none survives', () => {
  const r = scrubDocuments(plantedWorkspace(), { key: KEY });
  const out = everything(r).toLowerCase();
  const originals = [...Object.values(PLANTED), 'zyxcorp', 'quil-42', 'rhiannon', 'vexley', USER_ID, HOST_ID, `${DOMAIN_SID}`.toLowerCase(), '10.77.5.99', '10-77-5-9', '1111111111'];
  for (const original of originals) assert.ok(!out.includes(original.toLowerCase()), `"${original}" survived`);
  // The story is still there, in the same places.
  const alert = r.documents.find((d) => d.kind === 'alert')!.value as Record<string, unknown>;
  assert.equal(alert.severity, 'High');
  assert.match(alert.url as string, /^https:\/\/[a-z]+-emea\.atp\.azure\.com\/securityAlert\/[0-9a-f-]{36}$/);
  const ledger = r.documents.find((d) => d.kind === 'ledger')!.value as { alerts: Record<string, unknown> };
  assert.deepEqual(Object.keys(ledger.alerts), [(r.mapping.lookup('591f9769-d904-40b1-89fa-c307c2ca814f')!.pseudonym)]);
});

test('one identity, one pseudonym everywhere: fields, DOMAIN\\name, UPN, DN, FQDN, URL and free text agree', () => {
  const r = scrubDocuments(plantedWorkspace(), { key: KEY });
  const sam = r.mapping.lookup(PLANTED.sam)!.pseudonym;
  const host = r.mapping.lookup(PLANTED.host)!.pseudonym;
  const label = r.mapping.lookup('zyxcorp')!.pseudonym;
  const user = r.documents[0].value as Record<string, string>;
  const alert = r.documents.find((d) => d.kind === 'alert')!.value as { description: string; eventActivities: Array<{ details: Record<string, string> }> };
  assert.equal(user.SamName, sam);
  assert.equal(user.UpnName, `${sam}@${label}.example.org`);
  assert.ok(alert.description.startsWith(`${label.toUpperCase()}\\${sam} used ${host} (`));
  assert.equal(alert.eventActivities[0].details.workstationName, host);
  assert.equal(alert.eventActivities[0].details.subject, `${label}.example.org\\${sam}`);
  assert.match(user.DistinguishedName, new RegExp(`^CN=[A-Z][a-z]+\\\\, [A-Z][a-z]+,OU=Finance,DC=${label},DC=example,DC=org$`));
  const dc = r.documents[2].value as Record<string, string>;
  assert.match(dc.SamName, /^DC-[A-Z]+\d\d\$$/, 'a domain controller still looks like one');
  assert.equal(r.documents[0].name, `entities/user-${sam}.entity.json`);
  const [given, surname] = user.SystemDisplayName.replace(' (admin)', '').split(' ');
  assert.ok(user.SystemDisplayName.endsWith(' (admin)'));
  assert.equal(user.Mail, `${given}.${surname}@${label}.example.org`, 'the mail address follows the pseudonymous display name');
});

test('substrings, common words and structure: "ann" never splits "joanna", a computer called HIGH leaves severities alone', () => {
  const docs: ScrubInput[] = [
    { name: 'a.entity.json', kind: 'entity', value: { $type: 'User', Id: '5b5b5b5b-0000-4000-8000-000000000001', SamName: 'ann', SystemDisplayName: 'Ann Park' } },
    { name: 'b.entity.json', kind: 'entity', value: { $type: 'User', Id: '5b5b5b5b-0000-4000-8000-000000000002', SamName: 'joanna', SystemDisplayName: 'Joanna Parkinson' } },
    { name: 'c.entity.json', kind: 'entity', value: { $type: 'Computer', Id: '5b5b5b5b-0000-4000-8000-000000000003', SamName: 'HIGH$', SystemDisplayName: 'HIGH' } },
    { name: 'x.alert.json', kind: 'alert', value: { id: '5b5b5b5b-0000-4000-8000-00000000000a', externalId: '2003', title: 'ann and joanna parked at the car park', severity: 'High', status: 'Open', startTime: '2025-01-01T00:00:00Z', description: 'High risk: HIGH was used.' } },
  ];
  const r = scrubDocuments(docs, { key: KEY });
  const alert = r.documents[3].value as Record<string, string>;
  const lower = (original: string) => r.mapping.lookup(original)!.pseudonym.toLowerCase();
  assert.equal(alert.title, `${lower('ann')} and ${lower('joanna')} parked at the car ${lower('park')}`, 'whole words only, in the case they were written');
  assert.equal(alert.severity, 'High', 'structural values are never rewritten');
  const high = r.mapping.lookup('HIGH')!.pseudonym;
  assert.match(high, /^[A-Z]+\d\d$/);
  assert.equal(alert.description, `${high.charAt(0)}${high.slice(1).toLowerCase()} risk: ${high} was used.`, 'a name equal to a common word is replaced as a word');
  assert.ok(!r.mapping.lookup('Parkinson')!.pseudonym.toLowerCase().startsWith(lower('park')));
});

test('odd SIDs, malformed addresses and RTL names are pseudonymised and keep their shape', () => {
  const docs: ScrubInput[] = [
    { name: 'a.entity.json', kind: 'entity', value: { $type: 'Computer', Id: '6c6c6c6c-0000-4000-8000-000000000001', SamName: 'BOX1$', Sid: 'S-1-5-21-42-1105', IpAddress: '10.0.0.300' } },
    { name: 'b.entity.json', kind: 'entity', value: { $type: 'User', Id: '6c6c6c6c-0000-4000-8000-000000000002', SystemDisplayName: 'Ωμέγα Δέλτα', SamName: 'omega' } },
  ];
  const r = scrubDocuments(docs, { key: KEY });
  const box = r.documents[0].value as Record<string, string>;
  assert.match(box.Sid, /^S-1-5-21-\d+-\d+$/, 'a short domain SID keeps its number of parts');
  assert.notEqual(box.Sid, 'S-1-5-21-42-1105');
  assert.match(box.IpAddress, /^\d+\.\d+\.\d+\.\d+$/);
  assert.notEqual(box.IpAddress, '10.0.0.300');
  const out = everything(r);
  for (const original of ['Ωμέγα', 'Δέλτα', '10.0.0.300', 'S-1-5-21-42-1105']) assert.ok(!out.includes(original), original);
});

test('same key, same bytes; another key shares no pseudonym of an identifier', () => {
  const a = everything(scrubDocuments(plantedWorkspace(), { key: KEY }));
  assert.equal(everything(scrubDocuments(plantedWorkspace(), { key: KEY })), a);
  const one = scrubDocuments(plantedWorkspace(), { key: KEY }).mapping.entries();
  const two = scrubDocuments(plantedWorkspace(), { key: 'a completely different secret key' }).mapping.entries();
  const shared = one.filter((e) => two.some((f) => f.original === e.original && f.pseudonym === e.pseudonym));
  assert.deepEqual(shared.map((e) => `${e.kind} ${e.original}`), []);
});

test('the mapping reverses the scrub, and only it: pseudonyms are one-to-one', () => {
  const r = scrubDocuments(plantedWorkspace(), { key: KEY });
  const entries = r.mapping.entries().filter((e) => !['given', 'surname'].includes(e.kind));
  const byPseudonym = new Map(entries.map((e) => [e.pseudonym.toLowerCase(), e.original]));
  assert.equal(byPseudonym.size, entries.length, 'no two originals share a pseudonym');
  const user = r.documents[0].value as Record<string, string>;
  assert.equal(byPseudonym.get(user.SamName.toLowerCase()), PLANTED.sam);
  assert.equal(byPseudonym.get(user.Sid.toLowerCase()), `${DOMAIN_SID}-1104`);
});

test('times are kept, or all moved by one whole-day shift', () => {
  const kept = scrubDocuments(plantedWorkspace(), { key: KEY });
  const alertOf = (r: ReturnType<typeof scrubDocuments>) => r.documents.find((d) => d.kind === 'alert')!.value as Record<string, string>;
  assert.equal(alertOf(kept).startTime, '2025-01-21T03:02:44.0090000Z');
  const shifted = scrubDocuments(plantedWorkspace(), { key: KEY, shiftDays: 30 });
  assert.equal(alertOf(shifted).startTime, '2025-02-20T03:02:44.0090000Z');
  const profile = shifted.documents.find((d) => d.kind === 'profile')!.value as { ActiveDates: string[] };
  assert.deepEqual(profile.ActiveDates, ['2025-02-12']);
  assert.deepEqual(parseShift('-2w'), { ok: true, days: -14 });
  assert.equal(parseShift('3h').ok, false);
  assert.equal(shiftIso('2024-02-28', 1), '2024-02-29');
  assert.equal(shiftIso('2024-02-30', 1), '2024-02-30', 'not a date: left alone');
  assert.equal(shiftTimesInText('at 2025-01-01T10:00:00+02:00 and 2025-12-31', 1), 'at 2025-01-02T10:00:00+02:00 and 2026-01-01');
});

test('the verification finds originals anywhere, case-insensitively, with the position, but not in structure', () => {
  const finder = new LeftoverFinder([{ text: 'jwhitfield', rule: 'anywhere' }, { text: 'High', rule: 'word' }, { text: 'Ann', rule: 'word' }]);
  const text = '{\n  "severity": "High",\n  "note": "xJWhitfield2 met joanna and ANN"\n}';
  const found = finder.find('f.json', text, { json: true, name: 'alerts/jwhitfield.alert.json' });
  const line3 = text.split('\n')[2];
  assert.deepEqual(found.map((l) => [l.where, l.line, l.column, l.found]), [
    ['name', 1, 'alerts/'.length + 1, 'jwhitfield'], ['content', 3, line3.indexOf('JWhitfield') + 1, 'JWhitfield'], ['content', 3, line3.indexOf('ANN') + 1, 'ANN'],
  ], '"High" as a severity is structure; "joanna" does not hold the word "ann"');
  const matcher = new TokenMatcher([{ text: 'ann', rule: 'word' }, { text: 'ann-marie', rule: 'word' }]);
  assert.deepEqual(matcher.matches('Ann-Marie, ann.').map((m) => [m.start, m.end]), [[0, 9], [11, 14]], 'longest first at a position');
});

test('files keep their layout byte for byte, and a token that is also an enumeration stays where it is structure', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-scrub-plan-'));
  after(() => fs.rmSync(root, { recursive: true, force: true }));
  const entity = { $type: 'Computer', Id: '7d7d7d7d-0000-4000-8000-000000000001', SystemDisplayName: 'High', SamName: 'High$', IpAddress: '10.9.8.7' };
  const alert = {
    id: '7d7d7d7d-0000-4000-8000-00000000000a', externalId: '2003', title: 'Enumeration from High', severity: 'High', status: 'Open', startTime: '2025-01-01T00:00:00Z',
    entities: [{ role: 'sourceComputer', id: entity.Id }],
    networkActivities: [{ source: { ip: '10.9.8.7', certainty: 'High', resolutionMethods: ['RpcNtlm', 'Cached'] }, details: { note: 'High → DC' } }],
  };
  fs.mkdirSync(path.join(root, 'alerts'));
  fs.mkdirSync(path.join(root, 'entities'));
  // Tabs and CRLF in one file, one line in the other: both come back in their own layout.
  fs.writeFileSync(path.join(root, 'alerts', 'high.alert.json'), JSON.stringify(alert, null, '\t').replace(/\n/g, '\r\n'));
  fs.writeFileSync(path.join(root, 'entities', 'high.entity.json'), JSON.stringify(entity));
  const plan = await planScrub({ paths: [root], key: KEY });
  assert.deepEqual(plan.leftovers, []);
  const high = plan.mapping.lookup('High')!.pseudonym;
  const outAlert = plan.files.find((f) => f.kind === 'alert')!;
  assert.equal(outAlert.target, `alerts/${high.toLowerCase()}.alert.json`);
  assert.ok(outAlert.text.includes('\r\n\t"severity": "High",\r\n'), 'structure kept, layout kept');
  const parsed = JSON.parse(outAlert.text) as typeof alert;
  assert.equal(parsed.title, `Enumeration from ${high.charAt(0)}${high.slice(1).toLowerCase()}`);
  assert.equal(parsed.networkActivities[0].source.certainty, 'High');
  assert.equal(parsed.networkActivities[0].details.note, `${high.charAt(0)}${high.slice(1).toLowerCase()} → DC`);
  const outEntity = plan.files.find((f) => f.kind === 'entity')!;
  assert.ok(!outEntity.text.includes('\n'), 'a one-line file stays on one line');
  assert.equal((JSON.parse(outEntity.text) as typeof entity).SamName, `${high.charAt(0)}${high.slice(1).toLowerCase()}$`);
});

test('a name the word list happens to give back is never its own pseudonym; built-ins are kept on purpose', () => {
  // Every given name of the list as a real person's: some key then draws a person's own name as a candidate.
  const docs: ScrubInput[] = ['Dmitri', 'Nora', 'Hugo', 'Maya', 'Omar', 'Clara', 'Felix', 'Ines'].map((given, i) => ({
    name: `u${i}.entity.json`, kind: 'entity', value: { $type: 'User', Id: `8e8e8e8e-0000-4000-8000-00000000000${i}`, SystemDisplayName: `${given} Quarrington`, SamName: `u${i}-q` },
  }));
  docs.push({ name: 'admin.entity.json', kind: 'entity', value: { $type: 'User', Id: '8e8e8e8e-0000-4000-8000-0000000000aa', SamName: 'Administrator', Sid: 'S-1-5-21-1-2-3-500' } });
  for (const key of ['k1 for this test, long enough', 'k2 for this test, long enough', 'k3 for this test, long enough', 'k4 for this test, long enough']) {
    const r = scrubDocuments(docs, { key });
    for (const given of ['Dmitri', 'Nora', 'Hugo', 'Maya', 'Omar', 'Clara', 'Felix', 'Ines']) {
      const pseudonym = r.mapping.lookup(given)!.pseudonym;
      assert.notEqual(pseudonym.toLowerCase(), given.toLowerCase());
      assert.ok(!['dmitri', 'nora', 'hugo', 'maya', 'omar', 'clara', 'felix', 'ines'].includes(pseudonym.toLowerCase()), `${given} → ${pseudonym}: another real name`);
    }
    assert.equal((r.documents.at(-1)!.value as Record<string, string>).SamName, 'Administrator');
  }
});
