import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { runCli } from '../../src/cli/run';
import { catalog } from '../../src/core/catalog';
import type { NavigatorLayer } from '../../src/core/coverage';
import { alert, tempWorkspace } from './helpers';

const ROOT = path.resolve(__dirname, '../..');
const SAMPLES = path.join(ROOT, 'samples');

async function cli(args: string[], cwd = ROOT) {
  let out = '';
  let err = '';
  const code = await runCli(args, { cwd, env: {}, out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

/** A workspace with two 2410 alerts (one TP, one FP), one 2003, one unknown type, and its ledger. */
function workspace() {
  return tempWorkspace({
    'a.alert.json': alert({ id: 'a0000000-0000-4000-8000-000000000001', externalId: '2410', startTime: '2025-01-01T00:00:00Z' }),
    'b.alert.json': alert({ id: 'a0000000-0000-4000-8000-000000000002', externalId: '2410', status: 'Closed', startTime: '2025-02-01T00:00:00Z' }),
    'c.alert.json': alert({ id: 'a0000000-0000-4000-8000-000000000003', externalId: '2003' }),
    'd.alert.json': alert({ id: 'a0000000-0000-4000-8000-000000000004', externalId: '7777', title: 'Home-grown | <b>detection</b>' }),
    '.atp/classifications.json': {
      schemaVersion: 1,
      exclusions: [],
      alerts: {
        'a0000000-0000-4000-8000-000000000001': { verdict: 'TP', author: 'T', time: '2025-01-01T00:00:00Z', history: [] },
        'a0000000-0000-4000-8000-000000000002': { verdict: 'FP', author: 'T', time: '2025-01-01T00:00:00Z', history: [] },
      },
    },
  });
}

const expectedTechniques = (ids: string[]) => new Set(ids.flatMap((id) => catalog.get(id)!.mitreTechniques));

test('text: a table by phase with every catalog type and the totals line', async () => {
  const r = await cli(['coverage', workspace()]);
  assert.equal(r.code, 0, r.err);
  for (const e of catalog.entries()) assert.match(r.out, new RegExp(`^${e.externalId} `, 'm'), `${e.externalId} listed`);
  const line2410 = r.out.split('\n').find((l) => l.startsWith('2410 '))!;
  assert.match(line2410, /\s2\s+1\s+1\s+0\s+1\s+0\s+1\s+0\s+50%\s+2025-02-01T00:00:00Z/);
  assert.match(r.out, /^7777 +Home-grown \| <b>detection<\/b> \(not in the catalog\)/m);
  const pct = Math.round(1000 * 2 / 69) / 10;
  assert.match(r.out, new RegExp(`^Covered: 2 of 69 alert types \\(${pct} %\\), ${expectedTechniques(['2410', '2003']).size} techniques; 1 external ID not in the catalog$`, 'm'));
  assert.match(r.out, /^Reconnaissance — 1 of \d+ types covered, 1 fixtures/m);
});

test('json: one record per type with counts, FP rate, phase, tactic, techniques and preview flag', async () => {
  const r = await cli(['coverage', workspace(), '--format', 'json']);
  assert.equal(r.code, 0, r.err);
  const report = JSON.parse(r.out);
  assert.equal(report.types.length, 70);
  const t = report.types.find((x: { externalId: string }) => x.externalId === '2410');
  const entry = catalog.get('2410')!;
  assert.deepEqual(
    { fixtures: t.fixtures, open: t.open, closed: t.closed, tp: t.tp, fp: t.fp, fpRate: t.fpRate, phase: t.phase, tactic: t.tactic, preview: t.preview, latest: t.latestAlert },
    { fixtures: 2, open: 1, closed: 1, tp: 1, fp: 1, fpRate: 0.5, phase: entry.phase, tactic: entry.mitreTactic, preview: entry.preview, latest: '2025-02-01T00:00:00Z' },
  );
  assert.deepEqual([...t.techniques].sort(), [...entry.mitreTechniques].sort());
  assert.equal(report.types.find((x: { externalId: string }) => x.externalId === '7777').known, false);
  assert.ok(Array.isArray(report.phases) && Array.isArray(report.techniques));
});

test('navigator: a valid layer 4.5 named after the folder, scored by fixtures or FP rate', async () => {
  const ws = workspace();
  const validate = new Ajv({ strict: true }).compile(JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas/navigator-layer-4.5.schema.json'), 'utf8')));
  const byFixtures = await cli(['coverage', ws, '--format', 'navigator']);
  assert.equal(byFixtures.code, 0, byFixtures.err);
  const layer = JSON.parse(byFixtures.out) as NavigatorLayer;
  assert.ok(validate(layer), JSON.stringify(validate.errors));
  assert.equal(layer.metadata.find((m) => m.name === 'Workspace')!.value, path.basename(ws));
  assert.deepEqual(new Set(layer.techniques.map((t) => t.techniqueID)), expectedTechniques(['2410', '2003']));
  assert.equal(layer.techniques.find((t) => t.techniqueID === 'T1558.003')!.score, 2);
  const byRate = JSON.parse((await cli(['coverage', ws, '--format', 'navigator', '--score', 'fp-rate'])).out) as NavigatorLayer;
  assert.ok(validate(byRate), JSON.stringify(validate.errors));
  assert.equal(byRate.techniques.find((t) => t.techniqueID === 'T1558.003')!.score, 50);
});

test('markdown: per-phase tables; fixture text cannot break a row', async () => {
  const r = await cli(['coverage', workspace(), '--format', 'markdown']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^\*\*Covered: 2 of 69 alert types/m);
  const rows = r.out.split('\n').filter((l) => l.startsWith('| '));
  const header = rows[0]!;
  const columns = header.split(' | ').length;
  for (const row of rows) assert.equal(row.replace(/\\\|/g, '').split(' | ').length, columns, row);
  assert.match(r.out, /^### Reconnaissance \(1 of \d+ covered\)$/m);
  assert.match(r.out, /^\| 2012 \| ~~/m, 'an uncovered type is struck through');
  assert.match(r.out, /^\| 7777 \| Home-grown \\\| &lt;b&gt;detection&lt;\/b&gt; \(not in the catalog\) \|/m);
});

test('samples: the CLI totals agree with the verdicts command on every covered type', async () => {
  const coverage = JSON.parse((await cli(['coverage', SAMPLES, '--format', 'json'])).out);
  const verdicts = JSON.parse((await cli(['verdicts', SAMPLES, '--format', 'json'])).out);
  for (const v of verdicts.types) {
    const t = coverage.types.find((x: { externalId: string }) => x.externalId === v.externalId);
    assert.deepEqual([t.fixtures, t.tp, t.btp, t.fp, t.unclassified, t.fpRate], [v.alerts, v.tp, v.btp, v.fp, v.unclassified, v.fpRate], v.externalId);
  }
});

test('bad usage and a broken ledger: clear messages and exit codes', async () => {
  assert.equal((await cli(['coverage', '--format', 'pdf'])).code, 2);
  assert.match((await cli(['coverage', '--score', 'loud'])).err, /Unknown --score "loud"/);
  const missing = await cli(['coverage', 'no/such/folder']);
  assert.equal(missing.code, 2);
  const ws = workspace();
  fs.writeFileSync(path.join(ws, '.atp/classifications.json'), '{ "alerts": ');
  const broken = await cli(['coverage', ws]);
  assert.equal(broken.code, 1);
  assert.match(broken.err, /classifications\.json.*does not parse or validate/s);
});
