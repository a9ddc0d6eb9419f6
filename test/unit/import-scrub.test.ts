import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { runCli } from '../../src/cli/run';
import { mergeIntoWorkspace, pseudonymiseImport, readSources } from '../../src/core/import';
import { tempWorkspace } from './helpers';
import { graphAlert } from './importRecords';

const AUTHOR = 'Avery Lindqvist <avery.lindqvist@contoso.com>';

async function cli(args: string[], cwd: string) {
  let out = '';
  let err = '';
  const io = { cwd, env: { ATP_WORKBENCH_AUTHOR: AUTHOR }, out: (t: string) => (out += t), err: (t: string) => (err += t) };
  const code = await runCli(args, io);
  return { code, out, err };
}

/** Every identity the inputs below carry, as a detection engineer would search for them. */
const ORIGINALS = [
  'jwhitfield', 'Jonas', 'Whitfield', 'jonas.whitfield', 'contoso', 'LT-IT-04', 'DC1', 'WS-FIN-07',
  'S-1-5-21-3623811015-3361044348-30300820-1150', '3623811015', '10.0.3.14', '10.0.3.99', '192.168.40.17', 'Avery', 'Lindqvist',
];

const graph = graphAlert({
  description: 'Jonas Whitfield on LT-IT-04 replicated secrets from DC1 as CONTOSO\\jwhitfield (10.0.3.14).',
  comments: [{ comment: 'Confirmed with jwhitfield on LT-IT-04', createdByDisplayName: 'Avery', createdDateTime: '2025-01-11T10:00:00Z' }],
  evidence: [
    { '@odata.type': '#microsoft.graph.security.deviceEvidence', roles: ['attacker'], deviceDnsName: 'lt-it-04.contoso.com', hostName: 'LT-IT-04', ntDomain: 'CONTOSO', ipInterfaces: ['10.0.3.14'] },
    { '@odata.type': '#microsoft.graph.security.userEvidence', roles: ['compromised'], userAccount: { accountName: 'jwhitfield', domainName: 'CONTOSO', userSid: 'S-1-5-21-3623811015-3361044348-30300820-1150', displayName: 'Jonas Whitfield', userPrincipalName: 'jonas.whitfield@contoso.com' } },
    { '@odata.type': '#microsoft.graph.security.deviceEvidence', roles: ['destination'], deviceDnsName: 'dc1.contoso.com', hostName: 'DC1' },
    { '@odata.type': '#microsoft.graph.security.ipEvidence', roles: ['contextual'], ipAddress: '10.0.3.99' },
  ],
});
const cef = (id: string, shost: string, ip: string, start: string) =>
  `CEF:0|Microsoft|Azure ATP|2.56|LdapBruteForceSecurityAlert|Suspected brute force attack (LDAP)|5|start=${start} app=Ldap shost=${shost} src=${ip} suser=CONTOSO\\jwhitfield msg=${shost} (${ip}) tried passwords against jwhitfield externalId=2004 cs1Label=url cs1=https\\://contoso-corp.atp.azure.com/securityAlert/${id}`;
const CEF_TODAY = cef('5f1e2d3c-4b5a-4968-8776-655443322110', 'WS-FIN-07', '192.168.40.17', '2025-01-10T08:00:00.0000000Z');
const CEF_TOMORROW = cef('6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d', 'WS-FIN-07', '192.168.40.17', '2025-01-11T08:00:00.0000000Z');

function inputs(extra: Record<string, string> = {}) {
  const key = 'k'.repeat(8) + '0123456789abcdef0123456789abcdef';
  const root = tempWorkspace({ 'in/graph.json': JSON.stringify(graph, null, 2), 'in/mdi.log': CEF_TODAY + '\n', 'secret.key': key + '\n', ...extra });
  fs.chmodSync(path.join(root, 'secret.key'), 0o600);
  return root;
}

/** Every file under a folder: relative path → bytes as text. */
function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(dir, p).split(path.sep).join('/'), fs.readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

function originalsIn(files: Map<string, string>): string[] {
  const found: string[] = [];
  for (const [name, text] of files) {
    for (const o of ORIGINALS) if (`${name}\n${text}`.toLowerCase().includes(o.toLowerCase())) found.push(`${o} in ${name}`);
  }
  return found;
}

test('import --scrub: CEF and Graph alerts are written without one original name, SID, address or host name; they validate clean', async () => {
  const root = inputs();
  const plainCheck = await cli(['import', 'in', '-o', 'plain'], root);
  assert.equal(plainCheck.code, 0, plainCheck.out + plainCheck.err);
  assert.ok(originalsIn(tree(path.join(root, 'plain'))).length > 10, 'the inputs do carry the originals searched for');

  const r = await cli(['import', 'in', '--scrub', '--key-file', 'secret.key', '-o', 'ws'], root);
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(r.out, /2 alerts: 2 new/);
  const files = tree(path.join(root, 'ws'));
  assert.ok([...files.keys()].some((f) => f.startsWith('alerts/')) && [...files.keys()].some((f) => f.startsWith('entities/')) && files.has('.atp/classifications.json'));
  assert.deepEqual(originalsIn(files), []);
  const validate = await cli(['validate', 'ws'], root);
  assert.equal(validate.code, 0, validate.out);
  assert.match(validate.out + validate.err, /0 errors, 0 warnings/);
});

test('import --scrub twice with the same key changes nothing: byte-identical files', async () => {
  const root = inputs();
  assert.equal((await cli(['import', 'in', '--scrub', '--key-file', 'secret.key', '-o', 'ws'], root)).code, 0);
  const before = tree(path.join(root, 'ws'));
  const again = await cli(['import', 'in', '--scrub', '--key-file', 'secret.key', '-o', 'ws'], root);
  assert.equal(again.code, 0, again.out);
  assert.match(again.out, /2 alerts: 0 new, 0 updated, 2 unchanged, 0 refused; 0 entity files written/);
  assert.deepEqual(tree(path.join(root, 'ws')), before);
});

test('import --scrub gives the pseudonyms `scrub` gives a plain import with the same key', async () => {
  const root = inputs();
  assert.equal((await cli(['import', 'in', '-o', 'plain'], root)).code, 0);
  assert.equal((await cli(['scrub', 'plain', '-o', 'plain-scrubbed', '--key-file', 'secret.key'], root)).code, 0);
  assert.equal((await cli(['import', 'in', '--scrub', '--key-file', 'secret.key', '-o', 'ws'], root)).code, 0);
  // Documents paired by their id (a file name's tag is cut from the entity id, which scrub leaves alone in a name).
  const byId = (files: Map<string, string>) => new Map([...files].map(([name, text]) => {
    const doc = JSON.parse(text) as { Id?: string; id?: string };
    return [doc.Id ?? doc.id ?? name, { name: name.replace(/-[0-9a-f]{8}-[0-9a-f]{3}\./, '.'), text }];
  }));
  const viaScrub = byId(tree(path.join(root, 'plain-scrubbed')));
  const viaImport = byId(tree(path.join(root, 'ws')));
  assert.deepEqual([...viaImport.keys()].sort(), [...viaScrub.keys()].sort(), 'the same pseudonymous ids');
  for (const [id, file] of viaImport) {
    assert.equal(file.name, viaScrub.get(id)!.name, id);
    assert.equal(file.text, viaScrub.get(id)!.text, file.name);
  }
});

test("tomorrow's alert imported with the same key lands on the same pseudonymous entities", async () => {
  const root = inputs({ 'tomorrow/mdi.log': CEF_TOMORROW + '\n' });
  assert.equal((await cli(['import', 'in', '--scrub', '--key-file', 'secret.key', '-o', 'ws'], root)).code, 0);
  const entities = [...tree(path.join(root, 'ws')).keys()].filter((f) => f.startsWith('entities/'));
  const next = await cli(['import', 'tomorrow/mdi.log', '--scrub', '--key-file', 'secret.key', '-o', 'ws', '--format', 'json'], root);
  assert.equal(next.code, 0, next.out + next.err);
  const report = JSON.parse(next.out);
  assert.deepEqual(report.alerts.map((a: { status: string }) => a.status), ['new']);
  assert.deepEqual(report.entities.filter((e: { status: string }) => e.status === 'new'), [], 'no new entity file: the same user and computer');
  const files = tree(path.join(root, 'ws'));
  assert.deepEqual([...files.keys()].filter((f) => f.startsWith('entities/')), entities);
  const ids = (f: string) => (JSON.parse(files.get(f)!).entities as Array<{ id: string }>).map((e) => e.id).sort();
  const [first, second] = [...files.keys()].filter((f) => f.startsWith('alerts/2004-'));
  assert.ok(first && second, [...files.keys()].join(', '));
  assert.deepEqual(ids(second!), ids(first!), 'both days name the same pseudonymous entities');
  assert.deepEqual(originalsIn(files), []);
});

test('a plain import pseudonymised with `scrub` is still updated by the next import --scrub (its digest follows the pseudonymised text)', async () => {
  const newer = { ...graph, status: 'inProgress', lastUpdateDateTime: '2025-01-12T10:00:00Z', lastActivityDateTime: '2025-01-12T09:00:00Z' };
  const root = inputs({ 'newer/graph.json': JSON.stringify(newer) });
  assert.equal((await cli(['import', 'in', '-o', 'plain'], root)).code, 0);
  assert.equal((await cli(['scrub', 'plain', '-o', 'shared', '--key-file', 'secret.key'], root)).code, 0);
  const r = await cli(['import', 'newer/graph.json', '--scrub', '--key-file', 'secret.key', '-o', 'shared', '--format', 'json'], root);
  assert.equal(r.code, 0, r.out + r.err);
  const report = JSON.parse(r.out);
  assert.deepEqual(report.alerts.map((a: { status: string }) => a.status), ['updated']);
  assert.ok(report.alerts[0].changes.some((c: string) => c.startsWith('status: "Closed" → ')), report.alerts[0].changes.join('; '));
  assert.deepEqual(originalsIn(tree(path.join(root, 'shared'))), []);
});

test('an alert about the samples\' users, imported with --scrub into the samples pseudonymised by `scrub`, references their pseudonymous entity files', async () => {
  const samples = path.resolve(__dirname, '../../samples');
  const user = JSON.parse(fs.readFileSync(path.join(samples, 'entities/user-jwhitfield.entity.json'), 'utf8'));
  const computer = JSON.parse(fs.readFileSync(path.join(samples, 'entities/computer-ws-fin-07.entity.json'), 'utf8'));
  const alert = graphAlert({
    evidence: [
      { '@odata.type': '#microsoft.graph.security.deviceEvidence', roles: ['attacker'], deviceDnsName: computer.DnsName, hostName: 'WS-FIN-07', ntDomain: 'CONTOSO' },
      { '@odata.type': '#microsoft.graph.security.userEvidence', roles: ['compromised'], userAccount: { accountName: user.SamName, domainName: 'CONTOSO', userSid: user.Sid, displayName: user.SystemDisplayName } },
    ],
  });
  const root = inputs({ 'real/graph.json': JSON.stringify(alert) });
  fs.cpSync(samples, path.join(root, 'ws'), { recursive: true });
  const mapping = path.join(root, 'mapping.json');
  assert.equal((await cli(['scrub', 'ws', '-o', 'shared', '--key-file', 'secret.key', '--mapping', mapping], root)).code, 0);
  const pseudonym = new Map((JSON.parse(fs.readFileSync(mapping, 'utf8')).entries as Array<{ original: string; pseudonym: string }>).map((e) => [e.original.toLowerCase(), e.pseudonym]));
  const entitiesBefore = fs.readdirSync(path.join(root, 'shared/entities')).sort();
  const r = await cli(['import', 'real/graph.json', '--scrub', '--key-file', 'secret.key', '-o', 'shared', '--format', 'json'], root);
  assert.equal(r.code, 0, r.out + r.err);
  const report = JSON.parse(r.out);
  assert.deepEqual(report.alerts.map((a: { status: string }) => a.status), ['new']);
  assert.deepEqual(fs.readdirSync(path.join(root, 'shared/entities')).sort(), entitiesBefore, 'no new entity file: both are known');
  const written = JSON.parse(fs.readFileSync(path.join(root, report.alerts[0].file), 'utf8'));
  const refs = (written.entities as Array<{ role: string; id: string }>).map((e) => `${e.role} ${e.id}`).sort();
  assert.deepEqual(refs, [`attackedAccount ${pseudonym.get(user.Id.toLowerCase())}`, `sourceComputer ${pseudonym.get(computer.Id.toLowerCase())}`].sort());
  assert.deepEqual((await cli(['validate', 'shared'], root)).code, 0);
});

test('import --scrub --mapping: the mapping is refused inside the workspace unless git-ignored, written outside, and grows with each import', async () => {
  const root = inputs({ 'tomorrow/mdi.log': CEF_TOMORROW.replace(/WS-FIN-07/g, 'WS-HR-02') + '\n' });
  fs.mkdirSync(path.join(root, 'ws'));
  spawnSync('git', ['init', '-q'], { cwd: path.join(root, 'ws') });
  fs.writeFileSync(path.join(root, 'ws/.gitignore'), 'private/\n');
  const inside = await cli(['import', 'in', '--scrub', '--key-file', 'secret.key', '-o', 'ws', '--mapping', 'ws/mapping.json'], root);
  assert.equal(inside.code, 2);
  assert.match(inside.err, /mapping\.json is inside the workspace .* git does not ignore it/);
  assert.deepEqual(fs.readdirSync(path.join(root, 'ws')).sort(), ['.git', '.gitignore'], 'nothing written');
  const ignored = await cli(['import', 'in', '--scrub', '--key-file', 'secret.key', '-o', 'ws', '--mapping', 'ws/private/mapping.json'], root);
  assert.equal(ignored.code, 0, ignored.err);
  assert.ok(fs.existsSync(path.join(root, 'ws/private/mapping.json')));
  const outside = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'atp-map-')), 'mapping.json');
  assert.equal((await cli(['import', 'in', '--scrub', '--key-file', 'secret.key', '-o', 'ws2', '--mapping', outside], root)).code, 0);
  const originals = () => (JSON.parse(fs.readFileSync(outside, 'utf8')).entries as Array<{ original: string }>).map((e) => e.original.toLowerCase());
  assert.ok(originals().includes('jwhitfield') && originals().includes('10.0.3.14'));
  assert.equal(fs.statSync(outside).mode & 0o077, 0, 'readable by its owner only');
  assert.equal((await cli(['import', 'tomorrow/mdi.log', '--scrub', '--key-file', 'secret.key', '-o', 'ws2', '--mapping', outside], root)).code, 0);
  assert.ok(originals().includes('ws-hr-02') && originals().includes('jwhitfield'), 'the second import adds its originals and keeps the first');
  const check = await cli(['scrub', '--check', 'ws2', '--mapping', outside], root);
  assert.equal(check.code, 0, check.out + check.err);
});

test('import --scrub --shift-time moves every time by the same offset', async () => {
  const root = inputs();
  assert.equal((await cli(['import', 'in/mdi.log', '--scrub', '--key-file', 'secret.key', '-o', 'ws', '--shift-time', '30d'], root)).code, 0);
  const [alertFile] = [...tree(path.join(root, 'ws')).entries()].filter(([f]) => f.startsWith('alerts/'));
  assert.equal(JSON.parse(alertFile![1]).startTime, new Date(Date.parse('2025-01-10T08:00:00Z') + 30 * 86_400_000).toISOString().replace('.000Z', '.0000000Z'));
});

test('import --scrub exit codes: no key file, options without --scrub, a bad key, a bad shift are usage errors', async () => {
  const root = inputs({ 'short.key': 'abc\n' });
  const cases: Array<[string[], RegExp]> = [
    [['--scrub'], /--scrub needs --key-file/],
    [['--key-file', 'secret.key'], /--key-file goes with --scrub/],
    [['--shift-time', '3d'], /--shift-time goes with --scrub/],
    [['--scrub', '--key-file', 'missing.key'], /missing\.key does not exist/],
    [['--scrub', '--key-file', 'short.key'], /3 bytes/],
    [['--scrub', '--key-file', 'secret.key', '--shift-time', 'soon'], /soon/],
  ];
  for (const [args, message] of cases) {
    const r = await cli(['import', 'in', '-o', 'ws', ...args], root);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.err, message, args.join(' '));
  }
  assert.equal(fs.existsSync(path.join(root, 'ws')), false, 'nothing written');
});

test('the verification stops the whole write when an original would remain (here: the documents were not pseudonymised)', async () => {
  const root = inputs();
  const read = await readSources([{ name: 'graph.json', file: path.join(root, 'in/graph.json') }]);
  const scrubbed = pseudonymiseImport(read.result, { key: 'x'.repeat(32) });
  const out = path.join(root, 'ws');
  const report = await mergeIntoWorkspace(read.result, { out, author: 'T', verify: scrubbed.merge.verify });
  assert.ok(report.withheld.some((w) => /"jwhitfield"|"LT-IT-04"/i.test(w.reason) && /:\d+:\d+$/.test(w.where)), JSON.stringify(report.withheld.slice(0, 3)));
  assert.equal(fs.existsSync(out), false, 'nothing was written');
});
