// `atp-workbench new`: writes and prints the files, takes workspace entities by flag, reproducible with
// --seed, distinct with --count, and refuses bad input with a clear message and exit code 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runCli } from '../../src/cli/run';
import { catalog } from '../../src/core/catalog';
import type { Alert } from '../../src/core/model';
import { SAMPLES } from './corpus';
import { tempWorkspace } from './helpers';

async function cli(args: string[], cwd: string) {
  let out = '';
  let err = '';
  const code = await runCli(args, { cwd, env: {}, out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err, paths: out.trim().split('\n').filter(Boolean) };
}

const samplesCopy = () => {
  const root = tempWorkspace({});
  fs.cpSync(SAMPLES, root, { recursive: true });
  return root;
};

test('new 2007 in an empty folder: prints the alert, entity and profile paths it wrote; they validate clean', async () => {
  const root = tempWorkspace({});
  const r = await cli(['new', '2007', '--seed', 'cli'], root);
  assert.equal(r.code, 0, r.err);
  assert.ok(r.paths.some((p) => /^alerts\/2007-dns-reconnaissance-.+\.alert\.json$/.test(p)), r.out);
  assert.ok(r.paths.some((p) => p.startsWith('entities/') && p.endsWith('.entity.json')));
  assert.ok(r.paths.some((p) => p.startsWith('profiles/') && p.endsWith('.profile.json')));
  for (const p of r.paths) assert.ok(fs.existsSync(path.join(root, p)), p);
  assert.match(r.err, /Wrote 1 2007 Network mapping reconnaissance \(DNS\) alert and \d+ new entities with profiles \(seed cli\)/);
  const v = await cli(['validate', '--strict', '--fail-on', 'information'], root);
  assert.equal(v.code, 0, v.out);
});

test('-w and role flags: the workspace entities given by Id or name play their roles', async () => {
  const root = samplesCopy();
  const cwd = path.dirname(root);
  const lpark = JSON.parse(fs.readFileSync(path.join(root, 'entities', 'user-lpark.entity.json'), 'utf8')).Id;
  const r = await cli(['new', 'dcsync', '-w', root, '--source-user', lpark, '--source-computer', 'ws-hr-02', '--domain-controller', 'DC2', '--seed', 's'], cwd);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.paths.length, 1, 'only the alert: every role was given');
  const alert: Alert = JSON.parse(fs.readFileSync(path.resolve(cwd, r.paths[0]!), 'utf8'));
  assert.ok(r.paths[0]!.includes(`${path.basename(root)}/alerts/2006-dcsync-ws-hr-02.alert.json`), r.paths[0]);
  const id = (file: string) => JSON.parse(fs.readFileSync(path.join(root, 'entities', file), 'utf8')).Id;
  assert.deepEqual(alert.entities, [
    { role: 'sourceUser', id: lpark },
    { role: 'sourceComputer', id: id('computer-ws-hr-02.entity.json') },
    { role: 'domainController', id: id('computer-dc2.entity.json') },
  ]);
  assert.match(alert.description!, /^Lena Park on WS-HR-02 sent a directory replication request to DC2\.$/);
  const v = await cli(['validate', root], cwd);
  assert.doesNotMatch(v.out, /2006-dcsync-ws-hr-02/);
});

test('attacked accounts: repeated and comma-separated flags', async () => {
  const root = samplesCopy();
  const r = await cli(['new', '2004', '--attacked-account', 'lpark,mokafor', '--attacked-account', 'praman', '--seed', 'b'], root);
  assert.equal(r.code, 0, r.err);
  const alertPath = r.paths.find((p) => p.endsWith('.alert.json'))!;
  const alert: Alert = JSON.parse(fs.readFileSync(path.join(root, alertPath), 'utf8'));
  assert.equal(alert.entities!.filter((e) => e.role === 'attackedAccount').length, 3);
  assert.match(alert.evidence![1]!.text, /^Attacked accounts: Lena Park, Mateo Okafor and Priya Raman\.$/);
});

test('--seed reproduces the same files; --count makes distinct alerts; --dry-run writes nothing', async () => {
  const a = tempWorkspace({});
  const b = tempWorkspace({});
  const ra = await cli(['new', '2410', '--seed', '42', '--count', '3', '--time', '2025-04-01T08:00:00Z'], a);
  const rb = await cli(['new', '2410', '--seed', '42', '--count', '3', '--time', '2025-04-01T08:00:00Z'], b);
  assert.deepEqual(ra.paths, rb.paths);
  for (const p of ra.paths) assert.equal(fs.readFileSync(path.join(a, p), 'utf8'), fs.readFileSync(path.join(b, p), 'utf8'), p);
  const alerts = ra.paths.filter((p) => p.endsWith('.alert.json')).map((p) => JSON.parse(fs.readFileSync(path.join(a, p), 'utf8')) as Alert);
  assert.equal(alerts.length, 3);
  assert.equal(new Set(alerts.map((x) => x.id)).size, 3);
  assert.equal(alerts[0]!.startTime, '2025-04-01T08:00:00.0000000Z');
  const dry = tempWorkspace({});
  const rd = await cli(['new', '2410', '--seed', '42', '--dry-run'], dry);
  assert.equal(rd.code, 0);
  assert.match(rd.err, /^Would write 1 2410/);
  assert.deepEqual(fs.readdirSync(dry), []);
});

test('--severity picks one of the catalog levels; without --seed a seed is printed and the time is recent', async () => {
  const root = tempWorkspace({});
  const r = await cli(['new', '2018', '--severity', 'Medium'], root);
  assert.equal(r.code, 0, r.err);
  const alert: Alert = JSON.parse(fs.readFileSync(path.join(root, r.paths.find((p) => p.endsWith('.alert.json'))!), 'utf8'));
  assert.equal(alert.severity, 'Medium');
  assert.match(r.err, /\(seed [0-9a-f]{8}\)/);
  assert.ok(Math.abs(Date.parse(alert.startTime) - Date.now()) < 86_400_000, alert.startTime);
});

test('--list names all types with their role flags', async () => {
  const r = await cli(['new', '--list'], tempWorkspace({}));
  assert.equal(r.code, 0);
  for (const e of catalog.entries()) assert.ok(r.out.includes(`${e.externalId}  ${e.name} [`), e.externalId);
  assert.match(r.out, /2007 {2}Network mapping reconnaissance \(DNS\) \[reconnaissance; Medium\]\n {6}--source-computer --dns-server…/);
});

test('bad input: a clear message and exit code 2, nothing written', async () => {
  const root = samplesCopy();
  const count = () => fs.readdirSync(path.join(root, 'alerts')).length;
  const before = count();
  const cases: [string[], RegExp][] = [
    [['new'], /Which alert type\?/],
    [['new', '9999'], /No alert type matches "9999"/],
    [['new', 'golden'], /matches 6 alert types/],
    [['new', '2004', '--source-user', 'lpark'], /has no --source-user; its roles: --source-computer, --domain-controller, --attacked-account/],
    [['new', '2004', '--attacked-account', 'nobody'], /No User in the workspace has the Id or name "nobody"/],
    [['new', '2004', '--source-computer', 'lpark'], /No Computer in the workspace has the Id or name "lpark"/],
    [['new', '2004', '--count', '0'], /--count must be a whole number from 1 to 1000/],
    [['new', '2004', '--time', 'yesterday'], /--time takes an ISO 8601 time/],
    [['new', '2004', '--severity', 'High'], /never High/],
    [['new', '2004', '-w', 'no/such/folder'], /is not a folder/],
    [['new', '2004', '--bogus'], /Unknown option '--bogus'/],
  ];
  for (const [args, message] of cases) {
    const r = await cli(args, root);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.err, message, args.join(' '));
    assert.equal(r.out, '');
  }
  assert.equal(count(), before);
});

test('help lists the command', async () => {
  const r = await cli(['--help'], tempWorkspace({}));
  assert.match(r.out, /\n {2}new +Create a realistic alert fixture of any catalog type/);
});
