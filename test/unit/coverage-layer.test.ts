import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { catalog } from '../../src/core/catalog';
import { buildCoverage, buildNavigatorLayer, type NavigatorLayer } from '../../src/core/coverage';
import type { Alert } from '../../src/core/model';
import { loadFolderVerdicts } from '../../src/core/verdicts';
import { NO_VERDICTS } from '../../src/core/verdicts/lookup';
import { alert } from './helpers';

const ROOT = path.resolve(__dirname, '../..');
const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas/navigator-layer-4.5.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);
const NOW = new Date('2025-03-04T05:06:07Z');

function assertValid(layer: unknown) {
  const ok = validate(layer);
  assert.ok(ok, JSON.stringify(validate.errors, null, 2));
  const l = layer as NavigatorLayer;
  // The one rule of the format description a JSON Schema cannot state.
  assert.ok(l.gradient.maxValue > l.gradient.minValue, 'gradient.maxValue > minValue');
}

async function samplesReport() {
  const found = await loadFolderVerdicts([path.join(ROOT, 'samples')]);
  return buildCoverage(found.index.alerts().map((a) => a.alert), found.lookup);
}

test('the layer of the samples validates against the layer format 4.5 schema, scored either way', async () => {
  const report = await samplesReport();
  for (const score of ['fixtures', 'fp-rate'] as const) assertValid(buildNavigatorLayer(report, { score, workspace: 'samples', now: NOW }));
});

test('the layer names exactly the catalog techniques of the covered types, scored by their fixtures', async () => {
  const report = await samplesReport();
  const layer = buildNavigatorLayer(report, { score: 'fixtures', workspace: 'samples', now: NOW });
  const covered = report.types.filter((t) => t.known && t.fixtures > 0).map((t) => t.externalId);
  const expected = new Set(covered.flatMap((id) => catalog.get(id)!.mitreTechniques));
  assert.deepEqual(new Set(layer.techniques.map((t) => t.techniqueID)), expected);
  assert.equal(layer.techniques.length, expected.size, 'one entry per technique');
  for (const t of layer.techniques) {
    const behind = catalog.entries().filter((e) => e.mitreTechniques.includes(t.techniqueID));
    const fixtures = behind.reduce((n, e) => n + report.types.find((x) => x.externalId === e.externalId)!.fixtures, 0);
    assert.equal(t.score, fixtures, `score of ${t.techniqueID}`);
    for (const e of behind) assert.ok(t.comment.includes(`${e.externalId} ${e.name}`), `${t.techniqueID} comment names ${e.externalId}`);
  }
  assert.equal(layer.domain, 'enterprise-attack');
  assert.equal(layer.versions.layer, '4.5');
  assert.deepEqual(layer.metadata.slice(0, 2), [{ name: 'Workspace', value: 'samples' }, { name: 'Generated', value: NOW.toISOString() }]);
  assert.equal(layer.gradient.maxValue, Math.max(...layer.techniques.map((t) => t.score!)));
});

test('scored by FP rate: percent of FP / (TP + FP), unscored without TP or FP', () => {
  const report = buildCoverage([alert({ id: 'a', externalId: '2410' }), alert({ id: 'b', externalId: '2410' }), alert({ id: 'c', externalId: '2003' })] as unknown as Alert[], {
    verdictOf: (id) => (id === 'a' ? { verdict: 'FP', author: 't', time: '2025-01-01T00:00:00Z', history: [] } : id === 'b' ? { verdict: 'TP', author: 't', time: '2025-01-01T00:00:00Z', history: [] } : undefined),
    exclusionFor: () => undefined,
  });
  const layer = buildNavigatorLayer(report, { score: 'fp-rate', workspace: 'w', now: NOW });
  assertValid(layer);
  assert.equal(layer.techniques.find((t) => t.techniqueID === 'T1558.003')!.score, 50);
  assert.equal(layer.techniques.find((t) => t.techniqueID === 'T1087.002')!.score, undefined);
  assert.deepEqual([layer.gradient.minValue, layer.gradient.maxValue], [0, 100]);
});

test('an empty workspace gives a valid layer with no techniques; the schema refuses what the format forbids', () => {
  const empty = buildNavigatorLayer(buildCoverage([], NO_VERDICTS), { score: 'fixtures', workspace: 'empty', now: NOW });
  assertValid(empty);
  assert.deepEqual(empty.techniques, []);
  const bad = (change: (l: Record<string, unknown>) => void) => {
    const copy = structuredClone(empty) as unknown as Record<string, unknown>;
    change(copy);
    return validate(copy);
  };
  assert.equal(bad((l) => { (l.versions as Record<string, string>).layer = '4.4'; }), false);
  assert.equal(bad((l) => { l.domain = 'attack'; }), false);
  assert.equal(bad((l) => { l.techniques = [{ techniqueID: '1003' }]; }), false);
  assert.equal(bad((l) => { l.techniques = [{ techniqueID: 'T1003', colour: '#fff' }]; }), false);
  assert.equal(bad((l) => { (l.gradient as Record<string, unknown>).colors = ['#fff']; }), false);
  assert.equal(bad((l) => { delete l.name; }), false);
  assert.equal(bad((l) => { (l.versions as Record<string, string>).navigator = '4.8.1'; }), false);
  assert.equal(bad((l) => { l.techniques = [{ techniqueID: 'T1003.006', tactic: 'credential-access', score: 3, links: [{ label: 'x', url: 'https://attack.mitre.org' }, { divider: true }] }]; }), true);
});
