import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { mergeIntoWorkspace, readSources, type MergeReport } from '../../src/core/import';
import { forEachLine } from '../../src/core/import/lines';
import { validatePaths } from '../../src/core/validation/workspaceValidation';
import { tempWorkspace } from './helpers';
import { discoverFiles } from '../../src/core/discovery';
import { kindMatcher } from '../../src/core/fileKinds';
import { isRunning } from '../../src/core/import/atomicWrite';

const SAMPLES = path.resolve(__dirname, '../../samples');
const GUID_A = '2bd3b9f3-7fd2-4f21-8a1a-0fda7baddb54';
const GUID_B = '7c9e8d11-3a55-4b6e-9f10-2d3c4b5a6e7f';

const cefLine = (o: { id?: string; shost?: string; suser?: string; msg?: string; ext?: string; type?: string; start?: string }) =>
  `CEF:0|Microsoft|Azure ATP|2.56|${o.type ?? 'LdapBruteForceSecurityAlert'}|Suspected Brute Force attack (LDAP)|5|start=${o.start ?? '2025-01-21T02:13:58.3010000Z'} shost=${o.shost ?? 'WS-HR-02'}` +
  `${o.suser !== undefined ? ` suser=${o.suser}` : ''} msg=${o.msg ?? 'WS-HR-02 tried passwords'} externalId=${o.ext ?? '2004'} cs1Label=url cs1=https\\://contoso-corp.atp.azure.com/securityAlert/${o.id ?? GUID_A}`;

async function importText(out: string, text: string, options: { force?: boolean; dryRun?: boolean } = {}): Promise<MergeReport> {
  const read = await readSources([{ name: 'mdi.log', bytes: Buffer.from(text) }]);
  return mergeIntoWorkspace(read.result, { out, author: 'Tester', ...options });
}

function snapshot(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else out.set(path.relative(root, full), fs.readFileSync(full, 'utf8'));
    }
  };
  if (fs.existsSync(root)) walk(root);
  return out;
}

test('importing the same input twice changes nothing the second time (byte-identical), and what was written validates clean', async () => {
  const out = path.join(tempWorkspace({}), 'ws');
  const text = [cefLine({ suser: 'rabernathy' }), cefLine({ id: GUID_B, ext: '2003', type: 'AccountEnumerationSecurityAlert', shost: 'WS-FIN-07' })].join('\n');
  const first = await importText(out, text);
  assert.deepEqual(first.alerts.map((a) => a.status), ['new', 'new']);
  const before = snapshot(out);
  assert.ok([...before.keys()].every((k) => /^(alerts|entities)\//.test(k)), [...before.keys()].join(', '));
  // Every file is its document as JSON.stringify(…, null, 2) spells it (alerts are spliced with their mark).
  for (const [name, written] of before) assert.equal(written, JSON.stringify(JSON.parse(written), null, 2) + '\n', name);
  const second = await importText(out, text);
  assert.deepEqual(second.alerts.map((a) => a.status), ['unchanged', 'unchanged']);
  assert.equal(second.entities.filter((e) => e.status !== 'unchanged').length, 0);
  assert.deepEqual(snapshot(out), before);
  const validation = await validatePaths([out]);
  assert.deepEqual(validation.problems.filter((p) => p.severity !== 'information'), []);
});

test('a first import fills new folders as hidden staging folders renamed into place; staged files are never fixtures, and a killed import\'s staging is cleared', async () => {
  const out = tempWorkspace({});
  let deadPid = 4_000_000;
  while (isRunning(deadPid)) deadPid--;
  const abandoned = path.join(out, `.atp-staging-alerts.${deadPid}.deadbeef`);
  fs.mkdirSync(abandoned, { recursive: true });
  fs.copyFileSync(path.join(SAMPLES, 'alerts', fs.readdirSync(path.join(SAMPLES, 'alerts'))[0]!), path.join(abandoned, 'left.alert.json'));
  assert.equal((await discoverFiles([out])).files.length, 0, 'a staging folder holds no fixture for the walk');
  assert.equal(kindMatcher()(`.atp-staging-alerts.${deadPid}.deadbeef/left.alert.json`), undefined, 'nor for a watcher');

  const first = await importText(out, [cefLine({ suser: 'rabernathy' }), cefLine({ id: GUID_B, ext: '2003', type: 'AccountEnumerationSecurityAlert', shost: 'WS-FIN-07' })].join('\n'));
  assert.deepEqual(first.alerts.map((a) => a.status), ['new', 'new']);
  const files = [...snapshot(out).keys()].sort();
  assert.deepEqual(files.filter((f) => !/^(alerts|entities)\/[^/]+\.(alert|entity)\.json$/.test(f)), [], files.join(', '));
  assert.equal(files.filter((f) => f.startsWith('alerts/')).length, 2);
  // The folders exist now: the next import writes file by file (temporary file and rename) beside them.
  const second = await importText(out, cefLine({ id: '0e6c3f2a-1b2c-4d5e-8f90-a1b2c3d4e5f6', shost: 'WS-OPS-03' }));
  assert.equal(second.alerts[0]!.status, 'new');
  assert.deepEqual([...snapshot(out).keys()].filter((f) => !/^(alerts|entities)\//.test(f)), []);
});

test('a write that fails stops the import with its error and leaves no staging folder and no half-made folder behind', async () => {
  const out = tempWorkspace({});
  fs.writeFileSync(path.join(out, 'alerts'), 'a file where the alerts folder should be');
  await assert.rejects(() => importText(out, cefLine({ suser: 'rabernathy' })), /ENOTDIR|EEXIST|not a directory/i);
  assert.deepEqual(fs.readdirSync(out).sort(), ['alerts'], 'entities/ was staged and is removed again');
  assert.equal(fs.readFileSync(path.join(out, 'alerts'), 'utf8'), 'a file where the alerts folder should be');
});

test('a newer record of the same alert updates it and names the changed fields; new entities are added', async () => {
  const out = tempWorkspace({});
  await importText(out, cefLine({ suser: 'rabernathy' }));
  const report = await importText(out, cefLine({ suser: 'mokafor', msg: 'The password of mokafor was guessed' }));
  assert.equal(report.alerts[0]!.status, 'updated');
  assert.ok(report.alerts[0]!.changes!.some((c) => c.startsWith('description:')), report.alerts[0]!.changes!.join('; '));
  const file = report.alerts[0]!.file!;
  const alert = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.equal(alert.description, 'The password of mokafor was guessed');
  assert.equal(alert.entities.filter((e: { role: string }) => e.role === 'attackedAccount').length, 2);
});

test('a fixture edited by hand is not overwritten: the import is refused with the differences, --force overwrites', async () => {
  const out = tempWorkspace({});
  const first = await importText(out, cefLine({}));
  const file = first.alerts[0]!.file!;
  const edited = JSON.parse(fs.readFileSync(file, 'utf8'));
  edited.status = 'Closed';
  fs.writeFileSync(file, JSON.stringify(edited, null, 2) + '\n');
  const handText = fs.readFileSync(file, 'utf8');
  const refused = await importText(out, cefLine({}));
  assert.equal(refused.alerts[0]!.status, 'refused');
  assert.match(refused.refused[0]!.reason, /edited by hand.*status: "Closed" → "Open".*--force/);
  assert.equal(fs.readFileSync(file, 'utf8'), handText, 'the hand edit is untouched');
  const forced = await importText(out, cefLine({}), { force: true });
  assert.equal(forced.alerts[0]!.status, 'updated');
  assert.equal(JSON.parse(fs.readFileSync(file, 'utf8')).status, 'Open');
});

test('alerts land beside the workspace\'s own entities: a matching SamName or host reuses the existing entity file', async () => {
  const root = tempWorkspace({});
  fs.cpSync(SAMPLES, root, { recursive: true });
  const entitiesBefore = fs.readdirSync(path.join(root, 'entities')).length;
  const report = await importText(root, cefLine({ id: GUID_B, suser: 'CONTOSO\\mokafor' }));
  assert.equal(report.alerts[0]!.status, 'new');
  assert.equal(fs.readdirSync(path.join(root, 'entities')).length, entitiesBefore, 'no new entity file');
  const alert = JSON.parse(fs.readFileSync(report.alerts[0]!.file!, 'utf8'));
  const sample = (name: string) => JSON.parse(fs.readFileSync(path.join(root, 'entities', name), 'utf8')).Id;
  assert.deepEqual(alert.entities, [{ role: 'sourceComputer', id: sample('computer-ws-hr-02.entity.json') }, { role: 'attackedAccount', id: sample('user-mokafor.entity.json') }]);
  const validation = await validatePaths([root]);
  assert.deepEqual(validation.problems.filter((p) => p.severity === 'error'), []);
});

test('host names with path characters give sanitised file names; nothing is written outside the output folder', async () => {
  const parent = tempWorkspace({});
  const out = path.join(parent, 'ws');
  const report = await importText(out, cefLine({ shost: '../../../etc/passwd', suser: '..\\..\\evil' }));
  assert.equal(report.alerts[0]!.status, 'new');
  const files = [...snapshot(parent).keys()];
  assert.ok(files.every((f) => f.startsWith(`ws${path.sep}`)), files.join(', '));
  for (const f of files) assert.doesNotMatch(path.basename(f), /\.\.|\//);
});

test('--dry-run reports what would happen and writes nothing', async () => {
  const out = path.join(tempWorkspace({}), 'ws');
  const report = await importText(out, cefLine({}), { dryRun: true });
  assert.equal(report.alerts[0]!.status, 'new');
  assert.equal(fs.existsSync(out), false);
});

test('one bad line costs that line only; binary and empty inputs are refused with a reason', async () => {
  const out = tempWorkspace({});
  const report = await importText(out, [cefLine({}), 'CEF:0|Microsoft|Azure ATP|2.22|Acc', cefLine({ id: GUID_B })].join('\r\n'));
  assert.deepEqual(report.alerts.map((a) => a.status), ['new', 'new']);
  assert.deepEqual(report.refused.map((r) => r.where), ['mdi.log:2']);
  const binary = await readSources([{ name: 'blob.bin', bytes: Buffer.from([1, 2, 0, 3]) }, { name: 'empty.log', bytes: Buffer.alloc(0) }]);
  assert.deepEqual(binary.result.skipped.map((s) => s.where), ['blob.bin', 'empty.log']);
  assert.match(binary.result.skipped[0]!.reason, /binary/);
  assert.match(binary.result.skipped[1]!.reason, /empty/);
});

test('lines are streamed: an overlong line is reported once and dropped, the following lines still read', async () => {
  const seen: number[] = [];
  const tooLong: number[] = [];
  const chunks = ['a\n', 'x'.repeat(50), 'x'.repeat(50), '\nb\n', 'c'];
  const r = await forEachLine(Readable.from(chunks), (_t, n) => seen.push(n), (n) => tooLong.push(n), { maxLineChars: 64 });
  assert.deepEqual(seen, [1, 3, 4]);
  assert.deepEqual(tooLong, [2]);
  assert.equal(r.lines, 4);
});

test('every document passes through the transform hook before it is written (the seam for pseudonymisation)', async () => {
  const out = tempWorkspace({});
  const seen: string[] = [];
  const read = await readSources([{ name: 'mdi.log', bytes: Buffer.from(cefLine({ suser: 'rabernathy' })) }]);
  const transform = <T extends object>(doc: T, kind: string): T => {
    seen.push(kind);
    const d = { ...doc } as Record<string, unknown>;
    if (typeof d.SystemDisplayName === 'string') d.SystemDisplayName = `pseudo-${d.SystemDisplayName.length}`;
    if (typeof d.description === 'string') d.description = 'redacted';
    return d as T;
  };
  const report = await mergeIntoWorkspace(read.result, { out, author: 'T', transform });
  assert.deepEqual([...new Set(seen)].sort(), ['alert', 'entity']);
  const alert = JSON.parse(fs.readFileSync(report.alerts[0]!.file!, 'utf8'));
  assert.equal(alert.description, 'redacted');
  for (const e of report.entities) assert.match(JSON.parse(fs.readFileSync(e.file, 'utf8')).SystemDisplayName, /^pseudo-\d+$/);
  const again = await mergeIntoWorkspace((await readSources([{ name: 'mdi.log', bytes: Buffer.from(cefLine({ suser: 'rabernathy' })) }])).result, { out, author: 'T', transform });
  assert.equal(again.alerts[0]!.status, 'unchanged', 'a deterministic transform keeps re-imports byte-identical');
});
