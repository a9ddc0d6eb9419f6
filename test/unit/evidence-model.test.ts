import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { discoverFiles } from '../../src/core/discovery';
import { WorkspaceIndex } from '../../src/core/workspaceIndex';
import { buildEvidence } from '../../src/core/evidence';
import { NO_VERDICTS, type VerdictLookup } from '../../src/core/verdicts/lookup';
import { loadText } from '../../src/core/loader';
import { tempWorkspace, alert, user, computer, profile, GUID } from './helpers';

const SAMPLES = path.join(__dirname, '..', '..', 'samples');

async function indexOf(root: string) {
  const index = new WorkspaceIndex();
  await index.updateMany((await discoverFiles([root])).files);
  return index;
}

const PTT_FP = '5a38db02-9f91-4c58-a369-1100d4c66a62'; // 2018-pass-the-ticket-mokafor

test('the header carries title, severity, status, external ID, catalog name, times and an http(s) link', async () => {
  const index = await indexOf(SAMPLES);
  const { model } = buildEvidence(index, PTT_FP, NO_VERDICTS)!;
  assert.equal(model.header.title, 'Suspected identity theft (pass-the-ticket)');
  assert.equal(model.header.severity, 'Medium');
  assert.equal(model.header.status, 'Closed');
  assert.equal(model.header.externalId, '2018');
  assert.equal(model.header.alertType, 'PassTheTicketSecurityAlert');
  assert.ok(model.header.typeName, 'catalog name for 2018');
  assert.equal(model.header.startTime, '2025-02-06T08:02:19.1200000Z');
  assert.equal(model.header.url, `https://contoso-corp.atp.azure.com/securityAlert/${PTT_FP}`);
  assert.equal(model.fileName, '2018-pass-the-ticket-mokafor.alert.json');
  assert.deepEqual(model.problems, []);
});

test('evidence lines link the entity names they mention, and list the ones they do not', async () => {
  const index = await indexOf(SAMPLES);
  const { model } = buildEvidence(index, PTT_FP, NO_VERDICTS)!;
  const first = model.evidence[0]!;
  const linked = first.segments.filter((s) => s.entityId).map((s) => s.text);
  assert.deepEqual(linked, ['Mateo Okafor', 'WS-FIN-07', 'WS-FIN-11']);
  assert.equal(first.segments.map((s) => s.text).join(''), "Mateo Okafor's Kerberos ticket was used on WS-FIN-07; it had been issued to WS-FIN-11.");
  assert.equal(first.time, '2025-02-06T08:02:19Z');
  assert.deepEqual(first.otherEntities, []);
});

test('entity cards are grouped by role and carry the attributes that matter', async () => {
  const index = await indexOf(SAMPLES);
  const { model } = buildEvidence(index, PTT_FP, NO_VERDICTS)!;
  assert.deepEqual(model.entityGroups.map((g) => g.role), ['sourceUser', 'sourceComputer', 'accessedResource', 'domainController', 'related']);
  const userCard = model.entityGroups[0]!.cards[0]!;
  const attrs = Object.fromEntries(userCard.attributes.map((a) => [a.label, a.value]));
  assert.equal(userCard.name, 'Mateo Okafor');
  assert.equal(attrs.SamName, 'mokafor');
  assert.equal(attrs.Department, 'Finance');
  assert.equal(attrs.SID, 'S-1-5-21-1887562391-2790013846-3458806113-1117');
  assert.equal(attrs.Mail, 'mateo.okafor@contoso.com');
  assert.ok(attrs['Distinguished name']?.startsWith('CN=Mateo Okafor'));
  assert.equal(userCard.hasProfile, true);
  const dc = model.entityGroups.find((g) => g.role === 'domainController')!.cards[0]!;
  assert.equal(dc.kind, 'domainController');
  assert.match(Object.fromEntries(dc.attributes.map((a) => [a.label, a.value]))['Domain controller']!, /^yes/);
  assert.ok(dc.flags.some((f) => f.label === 'Sensitive'));
});

test('the attack chain runs source user → source computer → DC → resources, with arrows between columns', async () => {
  const index = await indexOf(SAMPLES);
  const { model } = buildEvidence(index, PTT_FP, NO_VERDICTS)!;
  const cols = model.chain.columns.map((c) => c.label);
  assert.deepEqual(cols, ['Source users', 'Source computers', 'Domain controllers', 'Accessed resources']);
  assert.deepEqual(model.chain.nodes.map((n) => [n.column, n.label]), [[0, 'Mateo Okafor'], [1, 'WS-FIN-07'], [2, 'DC2'], [3, 'FILESRV1']]);
  assert.equal(model.chain.edges.length, 3);
  for (const e of model.chain.edges) assert.ok(e.x2 > e.x1, 'edges go left to right');
  assert.ok(model.chain.width > 0 && model.chain.height > 0);
  assert.match(model.chain.summary, /Mateo Okafor/);
});

test('network rows resolve computer names, flag low certainty, and page / sort / filter on the host', async () => {
  const index = await indexOf(SAMPLES);
  const build = buildEvidence(index, PTT_FP, NO_VERDICTS)!;
  const net = build.model.tables.find((t) => t.id === 'network')!;
  assert.equal(net.total, 2);
  assert.equal(net.lowCertaintyCount, 2);
  const row = net.firstPage.rows[0]!;
  assert.equal(row.lowCertainty, true);
  assert.equal(row.cells[3]!.text, 'WS-FIN-07');
  assert.equal(row.cells[3]!.entityId, 'fc1c409a-eb6f-4d18-8726-1be50697e158');
  assert.equal(row.cells[4]!.tone, 'warning');
  const table = build.tables.get('network')!;
  const byPortDesc = table.query({ offset: 0, limit: 10, sort: { column: 7, direction: 'desc' } });
  assert.deepEqual(byPortDesc.rows.map((r) => r.cells[7]!.text), ['445', '88']);
  assert.equal(table.query({ offset: 0, limit: 10, filter: 'smb' }).total, 1);
});

test('100 000 network activities: the first page is 100 rows, later pages come from the same sorted order', () => {
  const index = new WorkspaceIndex();
  const activities = Array.from({ length: 100_000 }, (_, i) => ({
    time: new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString(),
    protocol: i % 2 ? 'Kerberos' : 'Ntlm',
    source: { ip: `10.0.${(i >> 8) & 255}.${i & 255}`, port: 40000 + (i % 20000), computerId: GUID.computer, certainty: i % 10 === 0 ? 'Low' : 'High' },
    destination: { ip: '10.0.0.4', port: 88, computerId: GUID.dc, certainty: 'High' },
  }));
  index.set(loadText('/ws/big.alert.json', 'alert', JSON.stringify(alert({ networkActivities: activities }))));
  index.set(loadText('/ws/ws.entity.json', 'entity', JSON.stringify(computer(GUID.computer, 'WS-FIN-07'))));
  const build = buildEvidence(index, GUID.alert1, NO_VERDICTS)!;
  const net = build.model.tables.find((t) => t.id === 'network')!;
  assert.equal(net.total, 100_000);
  assert.equal(net.firstPage.rows.length, 100);
  assert.equal(net.lowCertaintyCount, 10_000);
  const table = build.tables.get('network')!;
  const last = table.query({ offset: 99_950, limit: 100, sort: { column: 0, direction: 'desc' } });
  assert.equal(last.rows.length, 50);
  assert.equal(last.rows.at(-1)!.index, 0, 'descending time ends with the first activity');
  const low = table.query({ offset: 0, limit: 5, lowCertaintyOnly: true });
  assert.equal(low.total, 10_000);
  assert.ok(low.rows.every((r) => r.lowCertainty));
  // The model posted first stays small whatever the table size.
  assert.ok(JSON.stringify(build.model).length < 200_000);
});

test('the text filter prepared ahead, a slice at a time, finds exactly what an unprepared filter finds', () => {
  const index = new WorkspaceIndex();
  const activities = Array.from({ length: 3_000 }, (_, i) => ({
    time: new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString(),
    protocol: i % 3 ? 'Kerberos' : 'Smb',
    source: { ip: `10.0.${(i >> 8) & 255}.${i & 255}`, port: 40000 + i, computerId: GUID.computer, certainty: i % 7 === 0 ? 'Low' : 'High' },
    destination: { ip: '10.0.0.4', port: 445, computerId: GUID.dc, certainty: 'High' },
  }));
  index.set(loadText('/ws/big.alert.json', 'alert', JSON.stringify(alert({ networkActivities: activities }))));
  index.set(loadText('/ws/ws.entity.json', 'entity', JSON.stringify(computer(GUID.computer, 'WS-FIN-07'))));
  const fresh = () => buildEvidence(index, GUID.alert1, NO_VERDICTS)!.tables.get('network')!;
  const prepared = fresh();
  let slices = 1;
  let budget = 0;
  // A budget that runs out after each chunk: the work comes in several slices, then reports done.
  while (!prepared.prepareSearch(() => budget++ % 2 === 0)) slices++;
  assert.ok(slices > 1, `prepared in ${slices} slices`);
  assert.equal(prepared.prepareSearch(() => true), true, 'nothing left to do');
  for (const query of [{ filter: 'smb' }, { filter: '10.0.1.' }, { filter: 'ws-fin-07' }, { lowCertaintyOnly: true }, { filter: 'kerberos', lowCertaintyOnly: true }]) {
    const a = prepared.query({ offset: 0, limit: 1000, ...query });
    const b = fresh().query({ offset: 0, limit: 1000, ...query });
    assert.equal(a.total, b.total, JSON.stringify(query));
    assert.deepEqual(a.rows.map((r) => r.index), b.rows.map((r) => r.index));
  }
  assert.equal(prepared.query({ offset: 0, limit: 10, filter: 'smb' }).total, 1_000);
  assert.equal(prepared.query({ offset: 0, limit: 10, lowCertaintyOnly: true }).total, Math.ceil(3_000 / 7));
});

test('a rebuild keeps tables that still show the same rows, and remakes them when the alert or a computer name changes', () => {
  const index = new WorkspaceIndex();
  const activities = Array.from({ length: 500 }, (_, i) => ({
    time: new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString(),
    source: { ip: `10.0.1.${i & 255}`, port: 40000 + i, computerId: GUID.computer, certainty: 'High' },
    destination: { ip: '10.0.0.4', port: 88, computerId: GUID.dc, certainty: 'High' },
  }));
  const bigAlert = (title: string) => loadText('/ws/big.alert.json', 'alert', JSON.stringify(alert({ title, networkActivities: activities })));
  index.set(bigAlert('first'));
  index.set(loadText('/ws/ws.entity.json', 'entity', JSON.stringify(computer(GUID.computer, 'WS-FIN-07'))));
  const first = buildEvidence(index, GUID.alert1, NO_VERDICTS)!;
  const network = first.tables.get('network')!;
  assert.equal(network.query({ offset: 0, limit: 1, sort: { column: 3, direction: 'asc' } }).rows[0]!.cells[3]!.text, 'WS-FIN-07');
  assert.equal(network.prepareSearch(() => true), true);

  // Nothing the rows show changed (a verdict, an unrelated file): the very same tables come back.
  index.set(loadText('/ws/other.entity.json', 'entity', JSON.stringify(user())));
  const second = buildEvidence(index, GUID.alert1, NO_VERDICTS, { previous: first })!;
  for (const id of ['network', 'events', 'resources'] as const) assert.equal(second.tables.get(id), first.tables.get(id), id);

  // A computer the rows name is renamed: the network table is remade and shows the new name.
  index.set(loadText('/ws/ws.entity.json', 'entity', JSON.stringify(computer(GUID.computer, 'WS-FIN-08'))));
  const third = buildEvidence(index, GUID.alert1, NO_VERDICTS, { previous: second })!;
  assert.notEqual(third.tables.get('network'), network);
  assert.equal(third.tables.get('network')!.query({ offset: 0, limit: 1, filter: 'ws-fin-08' }).total, 500);
  assert.equal(third.tables.get('resources'), second.tables.get('resources'), 'no computer names there');

  // The alert file changed: every table is remade from the new alert object.
  index.set(bigAlert('second'));
  const fourth = buildEvidence(index, GUID.alert1, NO_VERDICTS, { previous: third })!;
  for (const id of ['network', 'events', 'resources'] as const) assert.notEqual(fourth.tables.get(id), third.tables.get(id), id);
  assert.equal(fourth.model.header.title, 'second');
});

test('every network column sorts by what its cells show (keys read from the fixture agree with the rows)', () => {
  const index = new WorkspaceIndex();
  const certainties = ['High', 'Low', 'Medium', '', 'Odd'];
  const activities = Array.from({ length: 300 }, (_, i) => ({
    time: new Date(Date.UTC(2025, 0, 1) + ((i * 7919) % 300) * 1000).toISOString().replace('Z', i % 2 ? '1234Z' : 'Z'),
    protocol: ['Kerberos', 'ntlm', 'Smb', ''][i % 4],
    source: { ip: `10.0.${i % 7}.${(i * 13) % 250}`, port: (i * 37) % 1000, computerId: i % 3 ? GUID.computer : GUID.dc, certainty: certainties[i % 5], resolutionMethods: i % 2 ? ['Ntlm', 'Dns'] : ['Cached'] },
    destination: { ip: '10.0.0.4', port: 88 + (i % 3), computerId: GUID.dc, certainty: certainties[(i + 2) % 5] },
    details: { n: (i * 31) % 97, kind: i % 2 ? 'a' : 'B' },
  }));
  index.set(loadText('/ws/big.alert.json', 'alert', JSON.stringify(alert({ networkActivities: activities }))));
  index.set(loadText('/ws/ws.entity.json', 'entity', JSON.stringify(computer(GUID.computer, 'WS-FIN-07'))));
  index.set(loadText('/ws/dc.entity.json', 'entity', JSON.stringify(computer(GUID.dc, 'DC1', { IsDomainController: true }))));
  const table = buildEvidence(index, GUID.alert1, NO_VERDICTS)!.tables.get('network')!;
  const rank: Record<string, number> = { Low: 0, Medium: 1, High: 2 };
  const numeric = new Set([2, 7]);
  const certainty = new Set([4, 9]);
  for (let column = 0; column < 13; column++) {
    const rows = table.query({ offset: 0, limit: 1000, sort: { column, direction: 'asc' } }).rows;
    assert.equal(rows.length, 300);
    const shown = rows.map((r) => r.cells[column]!.text).filter((t) => t !== ''); // empty cells sort last
    const value = (t: string): number | string => (numeric.has(column) ? Number(t) : certainty.has(column) ? (rank[t] ?? 10) : t.toLowerCase());
    for (let k = 1; k < shown.length; k++) {
      const [a, b] = [value(shown[k - 1]!), value(shown[k]!)];
      if (certainty.has(column) && a === 10 && b === 10) continue; // unknown words sort among themselves by text
      assert.ok(a <= b, `column ${column}: ${JSON.stringify(shown[k - 1])} before ${JSON.stringify(shown[k])}`);
    }
  }
});

test('a hostile or malformed fixture never throws and keeps its strings as plain data', () => {
  const index = new WorkspaceIndex();
  const evil = '<img src=x onerror=alert(1)>';
  index.set(loadText('/ws/evil.alert.json', 'alert', JSON.stringify({
    id: GUID.alert1, externalId: 2018, title: evil, severity: 'Critical', status: { x: 1 }, startTime: 'yesterday',
    url: 'javascript:alert(1)', description: 42, evidence: [null, 'text', { text: evil, entityIds: [GUID.user, 7] }],
    entities: [{ role: 'sourceUser', id: GUID.user }, 'junk', { role: 7, id: GUID.dc }],
    networkActivities: [null, { source: 'x', destination: { port: 'eighty', certainty: 'Low' } }],
    eventActivities: 'nope', accessedResources: [{ name: { nested: true } }], mitreTechniques: [1, 'T1550'],
  })));
  index.set(loadText('/ws/u.entity.json', 'entity', JSON.stringify(user({ SystemDisplayName: evil, PasswordExpiryTime: 17 }))));
  const build = buildEvidence(index, GUID.alert1, NO_VERDICTS)!;
  const m = build.model;
  assert.equal(m.header.title, evil);
  assert.equal(m.header.severity, 'Unknown');
  assert.equal(m.header.url, undefined);
  assert.ok(m.header.urlProblem);
  assert.ok(m.problems.some((p) => /startTime/.test(p)));
  assert.equal(m.evidence.length, 3);
  assert.equal(m.evidence[2]!.segments.find((s) => s.entityId)?.text, evil);
  assert.equal(build.tables.get('network')!.total, 2);
  assert.equal(build.tables.get('events')!.total, 0);
  assert.equal(m.description, '42');
});

test('verdict and exclusion marks come from the verdict lookup', async () => {
  const root = tempWorkspace({
    'a.alert.json': alert({ entities: [{ role: 'sourceComputer', id: GUID.computer }] }),
    'ws.entity.json': computer(GUID.computer, 'WS-SEC-01'),
    'ws.profile.json': profile(GUID.computer, 'ComputerProfile'),
  });
  const index = await indexOf(root);
  const lookup: VerdictLookup = {
    verdictOf: (id) => (id === GUID.alert1 ? { verdict: 'B-TP', determination: 'securityTesting', author: 'Noor', time: '2025-01-22T14:02:11Z', history: [] } : undefined),
    exclusionFor: (ext, id) => (ext === '2007' && id === GUID.computer ? { externalId: '2007', entityId: id, author: 'Noor', time: '2025-01-22T14:03:40Z', reason: 'pen test box' } : undefined),
  };
  const { model } = buildEvidence(index, GUID.alert1, lookup)!;
  assert.equal(model.verdict.verdict, 'B-TP');
  assert.equal(model.verdict.determination, 'securityTesting');
  const card = model.entityGroups[0]!.cards[0]!;
  assert.equal(card.exclusion?.reason, 'pen test box');
  assert.equal(card.hasProfile, true);
  assert.equal(model.triage.find((t) => t.id === 'exclusions')!.tone, 'benign');
  assert.equal(buildEvidence(index, 'no-such-alert', lookup), undefined);
});

test('a 40 000-character description and evidence line reach the panel whole (it clamps them); megabytes are bounded', async () => {
  const long = Array.from({ length: 4000 }, (_, i) => `word${i % 10}.....`).join(' ').slice(0, 40_000);
  const huge = 'x'.repeat(3_000_000);
  const root = tempWorkspace({
    'long.alert.json': alert({ description: long, evidence: [{ text: `${long} WS-FIN-07`, entityIds: [GUID.computer] }, { text: huge }] }),
    'c.entity.json': computer(GUID.computer, 'WS-FIN-07'),
  });
  const index = await indexOf(root);
  const { model } = buildEvidence(index, String(index.alerts()[0]!.alert.id), NO_VERDICTS)!;
  assert.equal(model.description, long);
  const first = model.evidence[0]!;
  assert.equal(first.segments.map((s) => s.text).join(''), `${long} WS-FIN-07`);
  assert.deepEqual(first.segments.filter((s) => s.entityId).map((s) => s.text), ['WS-FIN-07'], 'mentions are still linked');
  const second = model.evidence[1]!.segments.map((s) => s.text).join('');
  assert.ok(second.length < huge.length / 10 && second.endsWith('…'), `a 3 MB line is cut (${second.length} characters)`);
});
