import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runCli } from '../../src/cli/run';
import { GUID, alert, profile, tempWorkspace, user } from './helpers';

async function cli(args: string[], cwd: string, env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const code = await runCli(args, { cwd, env, out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const ledgerOf = (root: string) => path.join(root, '.atp', 'classifications.json');

interface RawRecord { verdict: string; author: string; determination?: string; note?: string; history: RawRecord[] }

/** An alert's record as the ledger file says, read with JSON.parse: the oracle is the file, not the ledger code. */
function recordOnDisk(root: string, alertId: string): RawRecord | undefined {
  return (JSON.parse(fs.readFileSync(ledgerOf(root), 'utf8')) as { alerts: Record<string, RawRecord> }).alerts[alertId];
}

function workspace() {
  return tempWorkspace({
    'a.alert.json': alert({ id: GUID.alert1, externalId: '2007' }),
    'b.alert.json': alert({ id: GUID.alert2, externalId: '2018', title: 'Pass-the-ticket', entities: [] }),
    'c.alert.json': alert({ id: '0c0c0c0c-0000-4000-8000-00000000000c', externalId: '2018', title: 'Pass-the-ticket 2', entities: [] }),
  });
}

test('classify records a verdict with determination, note and author; a second verdict keeps the first in the history', async () => {
  const root = workspace();
  let r = await cli(['classify', GUID.alert1, 'FP', '--determination', 'notMalicious', '--note', 'Low certainty NNR'], root, { ATP_WORKBENCH_AUTHOR: 'Avery' });
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /Recorded FP \(False positive\) for alert .* in \.atp\/classifications\.json as Avery/);
  r = await cli(['classify', GUID.alert1, 'b-tp', '--author', 'Noor'], root, { ATP_WORKBENCH_AUTHOR: 'Avery' });
  assert.equal(r.code, 0, r.err);
  const record = recordOnDisk(root, GUID.alert1)!;
  assert.equal(record.verdict, 'B-TP');
  assert.equal(record.author, 'Noor', '--author wins over the environment');
  assert.deepEqual(record.history.map((h) => [h.verdict, h.determination, h.note, h.author]), [['FP', 'notMalicious', 'Low certainty NNR', 'Avery']]);
  r = await cli(['classify', GUID.alert1, 'clear'], root, { ATP_WORKBENCH_AUTHOR: 'Avery' });
  assert.equal(r.code, 0, r.err);
  assert.equal(recordOnDisk(root, GUID.alert1)?.verdict, 'cleared');
  assert.equal(recordOnDisk(root, GUID.alert1)?.history.length, 2);
});

test('classify refuses unknown alert ids (unless --force), bad verdicts and determinations', async () => {
  const root = workspace();
  const unknown = await cli(['classify', 'no-such-alert', 'TP'], root, { ATP_WORKBENCH_AUTHOR: 'A' });
  assert.equal(unknown.code, 1);
  assert.match(unknown.err, /no alert fixture .* has the id "no-such-alert".*--force/);
  assert.equal(fs.existsSync(ledgerOf(root)), false);
  assert.equal((await cli(['classify', 'no-such-alert', 'TP', '--force'], root, { ATP_WORKBENCH_AUTHOR: 'A' })).code, 0);
  assert.equal((await cli(['classify', GUID.alert1, 'MAYBE'], root)).code, 2);
  assert.equal((await cli(['classify', GUID.alert1, 'TP', '--determination', 'whatever'], root)).code, 2);
  assert.equal((await cli(['classify', GUID.alert1], root)).code, 2);
  assert.equal((await cli(['classify', GUID.alert1, 'TP', '--ledger', '../outside.json'], root)).code, 2);
});

test('classify refuses a corrupt ledger, names file:line:column, and leaves it byte for byte', async () => {
  const root = workspace();
  fs.mkdirSync(path.dirname(ledgerOf(root)), { recursive: true });
  const broken = '{\n  "alerts": {\n    "x": { "verdict": "TP", }\n  },\n  "schemaVersion": 1\n}\n';
  fs.writeFileSync(ledgerOf(root), broken);
  const r = await cli(['classify', GUID.alert1, 'TP'], root, { ATP_WORKBENCH_AUTHOR: 'A' });
  assert.equal(r.code, 1);
  assert.match(r.err, /^\.atp\/classifications\.json:3:\d+: error: Invalid JSON/m);
  assert.equal(fs.readFileSync(ledgerOf(root), 'utf8'), broken);
  const v = await cli(['verdicts'], root);
  assert.equal(v.code, 1);
  assert.match(v.err, /\.atp\/classifications\.json:3:\d+: error:/);
});

test('verdicts prints the per-type table (text and JSON) with the FP rate, B-TP apart', async () => {
  const root = workspace();
  const env = { ATP_WORKBENCH_AUTHOR: 'A' };
  await cli(['classify', GUID.alert2, 'FP'], root, env);
  await cli(['classify', '0c0c0c0c-0000-4000-8000-00000000000c', 'TP'], root, env);
  await cli(['classify', GUID.alert1, 'B-TP'], root, env);
  const text = await cli(['verdicts'], root);
  assert.equal(text.code, 0, text.err);
  const lines = text.out.split('\n');
  assert.match(lines[0]!, /^External ID\s+Alert type\s+Alerts\s+TP\s+B-TP\s+FP\s+Unclassified\s+Excluded\s+FP rate$/);
  assert.match(lines.find((l) => l.startsWith('2018'))!, /\s2\s+1\s+0\s+1\s+0\s+0\s+50%$/);
  assert.match(lines.find((l) => l.startsWith('2007'))!, /\s1\s+0\s+1\s+0\s+0\s+0\s+–$/);
  assert.match(lines.find((l) => l.startsWith('Total'))!, /\s3\s+1\s+1\s+1\s+0\s+0\s+50%$/);
  const json = JSON.parse((await cli(['verdicts', '--format', 'json'], root)).out);
  assert.deepEqual(json.types.map((t: { externalId: string; fpRate: number | null }) => [t.externalId, t.fpRate]), [['2007', null], ['2018', 0.5]]);
  assert.deepEqual(json.totals, { alerts: 3, tp: 1, btp: 1, fp: 1, unclassified: 0, excluded: 0, fpRate: 0.5 });
  assert.deepEqual(json.ledgers, ['.atp/classifications.json']);
  assert.equal((await cli(['verdicts', '--format', 'xml'], root)).code, 2);
});

test('verdicts on the samples matches the sample ledger', async () => {
  const samples = path.resolve(__dirname, '..', '..', 'samples');
  const r = await cli(['verdicts', samples, '--format', 'json'], samples);
  assert.equal(r.code, 0, r.err);
  const json = JSON.parse(r.out);
  assert.deepEqual(json.verdictsWithoutAlert, []);
  assert.deepEqual({ tp: json.totals.tp, btp: json.totals.btp, fp: json.totals.fp }, { tp: 1, btp: 1, fp: 1 });
  assert.equal(json.exclusions, 1);
  assert.equal(json.types.find((t: { externalId: string }) => t.externalId === '2021').excluded, 1, 'the B-TP pen-test workstation is excluded for 2021');
});

test('classify reads the alert fixtures and the ledger once, and never the entity or profile files', async () => {
  const root = tempWorkspace({
    'a.alert.json': alert({ id: GUID.alert1 }),
    'u.entity.json': user(),
    'u.profile.json': profile(GUID.user),
    '.atp/classifications.json': { schemaVersion: 1, alerts: {}, exclusions: [] },
  });
  const reads: string[] = [];
  const { openSync, readFileSync } = fs;
  const readFile = fs.promises.readFile;
  // Every way the core reads a file: the synchronous loader opens, the ledger store reads by promise.
  fs.openSync = ((p: fs.PathLike, ...rest: unknown[]) => (reads.push(String(p)), (openSync as (...a: unknown[]) => number)(p, ...rest))) as typeof fs.openSync;
  fs.readFileSync = ((p: fs.PathOrFileDescriptor, ...rest: unknown[]) => (typeof p !== 'number' && reads.push(String(p)), (readFileSync as (...a: unknown[]) => unknown)(p, ...rest))) as typeof fs.readFileSync;
  fs.promises.readFile = ((p: fs.PathLike, ...rest: unknown[]) => (reads.push(String(p)), (readFile as (...a: unknown[]) => unknown)(p, ...rest))) as typeof fs.promises.readFile;
  let r;
  try {
    r = await cli(['classify', GUID.alert1, 'TP'], root, { ATP_WORKBENCH_AUTHOR: 'Avery' });
  } finally {
    Object.assign(fs, { openSync, readFileSync });
    fs.promises.readFile = readFile;
  }
  assert.equal(r.code, 0, r.err);
  const inRoot = reads.filter((p) => p.startsWith(root)).map((p) => path.relative(root, p).split(path.sep).join('/'));
  assert.deepEqual(inRoot.filter((p) => p.endsWith('.alert.json')), ['a.alert.json']);
  assert.deepEqual(inRoot.filter((p) => p === '.atp/classifications.json'), ['.atp/classifications.json'], 'the ledger is read once');
  assert.deepEqual(inRoot.filter((p) => /\.(entity|profile)\.json$/.test(p)), [], 'no entity or profile file is read');
  assert.equal(recordOnDisk(root, GUID.alert1)?.verdict, 'TP');
});
