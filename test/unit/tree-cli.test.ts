import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runCli } from '../../src/cli/run';
import { PHASES, PHASE_LABELS } from '../../src/core/model';
import { alert, expectedPhase, tempWorkspace, writeFixture } from './helpers';

const ROOT = path.resolve(__dirname, '..', '..');
const SAMPLES = path.join(ROOT, 'samples');

async function cli(args: string[], cwd: string) {
  let out = '';
  let err = '';
  const code = await runCli(args, { cwd, env: {}, out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

interface ListJson {
  total: number;
  shown: number;
  groups: { key: string; label: string; count: number; description: string; alerts?: { id: string; verdict: string | null }[] }[];
  invalid: { file: string; line: number; column: number; message: string }[];
}

const rawAlerts = () => fs.readdirSync(path.join(SAMPLES, 'alerts')).map((f) => JSON.parse(fs.readFileSync(path.join(SAMPLES, 'alerts', f), 'utf8')) as Record<string, unknown>);
const rawLedger = () => JSON.parse(fs.readFileSync(path.join(SAMPLES, '.atp', 'classifications.json'), 'utf8')) as { alerts: Record<string, { verdict: string }> };

test('list: phases with the counts of the fixtures on disk', async () => {
  const r = await cli(['list', 'samples', '--format', 'json'], ROOT);
  assert.equal(r.code, 0, r.err);
  const json = JSON.parse(r.out) as ListJson;
  const raw = rawAlerts();
  assert.equal(json.total, raw.length);
  assert.deepEqual(json.groups.map((g) => g.label), PHASES.map((p) => PHASE_LABELS[p]));
  for (const [i, phase] of PHASES.entries()) {
    assert.equal(json.groups[i]!.count, raw.filter((a) => expectedPhase(a) === phase).length, phase);
    assert.equal(json.groups[i]!.alerts!.length, json.groups[i]!.count);
  }
  assert.match(r.err, new RegExp(`^${raw.length} of ${raw.length} alerts, grouped by kill-chain phase; 0 invalid files\\.`));
});

test('list: verdicts come from the folder\'s ledger (group by verdict, FP counts by type)', async () => {
  const ledger = rawLedger();
  const current = Object.values(ledger.alerts).map((r) => r.verdict).filter((v) => v !== 'cleared');
  const byVerdict = JSON.parse((await cli(['list', 'samples', '--group-by', 'verdict', '--format', 'json', '--summary'], ROOT)).out) as ListJson;
  for (const key of ['TP', 'B-TP', 'FP']) {
    assert.equal(byVerdict.groups.find((g) => g.key === key)!.count, current.filter((v) => v === key).length, key);
  }
  assert.equal(byVerdict.groups.find((g) => g.key === 'unclassified')!.count, rawAlerts().length - current.length);
  assert.equal(byVerdict.groups[0]!.alerts, undefined, '--summary leaves alerts out');

  const byType = JSON.parse((await cli(['list', 'samples', '--group-by', 'type', '--format', 'json'], ROOT)).out) as ListJson;
  for (const g of byType.groups) {
    const n = (v: string) => g.alerts!.filter((a) => ledger.alerts[a.id]?.verdict === v).length;
    const [tp, btp, fp] = [n('TP'), n('B-TP'), n('FP')];
    const counts = [[tp, 'TP'], [btp, 'B-TP'], [fp, 'FP']].filter(([c]) => c).map(([c, v]) => `${c} ${v}`).join(', ');
    const expected = !counts ? 'none classified' : tp + fp ? `FP rate ${Math.round((fp / (tp + fp)) * 100)}% · ${counts}` : counts;
    assert.ok(g.description.endsWith(expected), `${g.description} ends with ${expected}`);
  }
});

test('list: text output prints each group with its counts, then its alerts; filters narrow it', async () => {
  const r = await cli(['list', 'samples', '--severity', 'high', '--status', 'Open'], ROOT);
  assert.equal(r.code, 0, r.err);
  const high = rawAlerts().filter((a) => a.severity === 'High' && a.status === 'Open');
  const alertLines = r.out.split('\n').filter((l) => l.startsWith('  '));
  assert.equal(alertLines.length, high.length);
  assert.ok(alertLines.every((l) => / — High · Open · /.test(l)));
  assert.match(r.out, /^Reconnaissance {2}0$/m);
  assert.match(r.err, /matching severity High; status Open/);
});

test('list: several paths are several sections; invalid files are listed with their position', async () => {
  const a = tempWorkspace({ 'one.alert.json': alert() });
  writeFixture(a, 'broken.alert.json', '{\n  "id": 1,\n');
  const b = tempWorkspace({ 'two.alert.json': alert({ id: 'other' }) });
  const r = await cli(['list', a, b, '--summary'], ROOT);
  assert.equal(r.code, 0, r.err);
  const tops = r.out.split('\n').filter((l) => l && !l.startsWith(' '));
  assert.equal(tops.length, 2);
  assert.ok(tops.every((l) => / {2}1 alert$/.test(l)));
  assert.match(r.out, /^ {2}Invalid fixtures {2}1$/m);
  const json = JSON.parse((await cli(['list', a, '--format', 'json'], ROOT)).out) as ListJson;
  assert.equal(json.invalid.length, 1);
  assert.equal(json.invalid[0]!.file.endsWith('broken.alert.json'), true);
  assert.equal(json.invalid[0]!.line, 3);
});

test('list: bad usage and missing paths exit 2 with a clear message', async () => {
  const bad = await cli(['list', 'samples', '--group-by', 'colour'], ROOT);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /Unknown --group-by "colour": use phase, type, entity, verdict\./);
  const badSeverity = await cli(['list', 'samples', '--severity', 'Critical'], ROOT);
  assert.equal(badSeverity.code, 2);
  assert.match(badSeverity.err, /Unknown --severity value "Critical"/);
  const missing = await cli(['list', 'no-such-folder'], ROOT);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /no-such-folder/);
});

test('list: a ledger that does not parse is reported, and alerts are still listed', async () => {
  const root = tempWorkspace({ 'a.alert.json': alert(), '.atp/classifications.json': '{ "alerts": ' });
  const r = await cli(['list', '.', '--group-by', 'verdict', '--summary'], root);
  assert.equal(r.code, 0);
  assert.match(r.err, /classifications\.json:1:\d+: error: .*\(verdicts from this ledger are not shown\)/);
  assert.match(r.out, /^Not classified {2}1 · /m);
});
