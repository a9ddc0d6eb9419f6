import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateWorkspace } from '../../bench/generate';
import { catalog } from '../../src/core/catalog';
import { buildCoverage, buildMatrix, isKnownTechnique, techniqueName, totalsLine, type CoverageReport } from '../../src/core/coverage';
import type { Alert } from '../../src/core/model';
import { loadFolderVerdicts, verdictInsight } from '../../src/core/verdicts';
import { NO_VERDICTS, type VerdictLookup } from '../../src/core/verdicts/lookup';
import { alert } from './helpers';

const SAMPLES = path.resolve(__dirname, '../../samples');

/** Every *.alert.json under a folder, read with nothing but fs and JSON.parse. */
function readAlertsByHand(dir: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...readAlertsByHand(full));
    else if (e.name.endsWith('.alert.json')) out.push(JSON.parse(fs.readFileSync(full, 'utf8')));
  }
  return out;
}

/** The expected table, counted independently: a map per external ID from the raw files and the raw ledger. */
function countByHand(alerts: Record<string, unknown>[], verdictById: Record<string, string>) {
  const rows = new Map<string, { fixtures: number; open: number; closed: number; suppressed: number; tp: number; btp: number; fp: number; none: number; latest: number }>();
  for (const a of alerts) {
    const id = String(a.externalId);
    const r = rows.get(id) ?? { fixtures: 0, open: 0, closed: 0, suppressed: 0, tp: 0, btp: 0, fp: 0, none: 0, latest: -Infinity };
    rows.set(id, r);
    r.fixtures++;
    if (a.status === 'Open') r.open++;
    if (a.status === 'Closed') r.closed++;
    if (a.status === 'Suppressed') r.suppressed++;
    const v = verdictById[String(a.id)];
    if (v === 'TP') r.tp++;
    else if (v === 'B-TP') r.btp++;
    else if (v === 'FP') r.fp++;
    else r.none++;
    r.latest = Math.max(r.latest, Date.parse(String(a.startTime)));
  }
  return rows;
}

function assertMatches(report: CoverageReport, alerts: Record<string, unknown>[], verdictById: Record<string, string>) {
  const expected = countByHand(alerts, verdictById);
  for (const t of report.types) {
    const e = expected.get(t.externalId);
    if (!e) {
      assert.equal(t.fixtures, 0, `${t.externalId} has no fixture`);
      assert.equal(t.latestAlert, null);
      continue;
    }
    assert.deepEqual(
      [t.fixtures, t.open, t.closed, t.suppressed, t.tp, t.btp, t.fp, t.unclassified],
      [e.fixtures, e.open, e.closed, e.suppressed, e.tp, e.btp, e.fp, e.none],
      `counts of ${t.externalId}`,
    );
    assert.equal(Date.parse(t.latestAlert!), e.latest, `latest alert of ${t.externalId}`);
    assert.equal(t.fpRate, e.tp + e.fp ? e.fp / (e.tp + e.fp) : null, `FP rate of ${t.externalId}`);
  }
  const covered = [...expected.keys()].filter((id) => catalog.get(id));
  assert.equal(report.totals.coveredTypes, covered.length);
  assert.equal(report.totals.catalogTypes, 69);
  assert.equal(report.totals.fixtures, alerts.length);
  const techniques = new Set(covered.flatMap((id) => catalog.get(id)!.mitreTechniques));
  assert.equal(report.totals.techniques, techniques.size);
}

test('coverage of the samples equals an independent count of the fixture files and the ledger', async () => {
  const found = await loadFolderVerdicts([SAMPLES]);
  const report = buildCoverage(found.index.alerts().map((a) => a.alert), found.lookup);
  const ledger = JSON.parse(fs.readFileSync(path.join(SAMPLES, '.atp/classifications.json'), 'utf8')) as { alerts: Record<string, { verdict: string }> };
  const verdictById = Object.fromEntries(Object.entries(ledger.alerts).map(([id, r]) => [id, r.verdict]));
  assertMatches(report, readAlertsByHand(SAMPLES), verdictById);
  // Every catalog type is listed, covered or not, once.
  assert.deepEqual(report.types.filter((t) => t.known).map((t) => t.externalId).sort(), catalog.entries().map((e) => e.externalId).sort());
  assert.equal(report.phases.reduce((n, p) => n + p.types.length, 0), report.types.length);
});

test('coverage of a generated workspace with a generated ledger equals an independent count', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-coverage-'));
  try {
    generateWorkspace(dir, { alerts: 400, entities: 40, activitiesPerAlert: 1 });
    const alerts = readAlertsByHand(dir);
    // Verdicts on some alerts, by a rule unrelated to the type, so every mix of TP / B-TP / FP occurs.
    const verdictById: Record<string, string> = {};
    alerts.forEach((a, i) => { if (i % 4 !== 3) verdictById[String(a.id)] = ['TP', 'B-TP', 'FP'][(i * 7) % 3]!; });
    const ledger = { schemaVersion: 1, exclusions: [], alerts: Object.fromEntries(Object.entries(verdictById).map(([id, verdict]) => [id, { verdict, author: 'Test', time: '2025-01-01T00:00:00Z', history: [] }])) };
    fs.mkdirSync(path.join(dir, '.atp'));
    fs.writeFileSync(path.join(dir, '.atp/classifications.json'), JSON.stringify(ledger));
    const found = await loadFolderVerdicts([dir]);
    assert.deepEqual(found.problems, []);
    const report = buildCoverage(found.index.alerts().map((a) => a.alert), found.lookup);
    assertMatches(report, alerts, verdictById);
    assert.equal(report.totals.coveredTypes, 69, 'the generator cycles through every catalog type');
    // The same numbers as the verdicts feature's insight, type by type.
    const insight = verdictInsight(found.index.alerts().map((a) => a.alert), found.lookup);
    for (const row of insight.types) {
      const t = report.types.find((x) => x.externalId === row.externalId)!;
      assert.deepEqual([t.tp, t.btp, t.fp, t.unclassified, t.fpRate], [row.tp, row.btp, row.fp, row.unclassified, row.fpRate]);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const asAlerts = (xs: Record<string, unknown>[]) => xs as unknown as Alert[];
const verdicts = (map: Record<string, 'TP' | 'B-TP' | 'FP'>): VerdictLookup => ({
  verdictOf: (id) => (map[id] ? { verdict: map[id]!, author: 't', time: '2025-01-01T00:00:00Z', history: [] } : undefined),
  exclusionFor: () => undefined,
});

test('uncovered types are listed with zero counts; unknown external IDs are flagged and counted apart', () => {
  const report = buildCoverage(asAlerts([
    alert({ id: 'a', externalId: '2007' }),
    alert({ id: 'b', externalId: '9999', phase: 'exfiltration' }),
    alert({ id: 'c', externalId: '9999' }),
    alert({ id: 'd', externalId: 42 }),
  ]), NO_VERDICTS);
  assert.equal(report.types.length, 69 + 2);
  const unknown = report.types.find((t) => t.externalId === '9999')!;
  assert.equal(unknown.known, false);
  assert.equal(unknown.fixtures, 2);
  assert.equal(unknown.phase, 'exfiltration', 'the phase a fixture states places an unknown type');
  const none = report.types.find((t) => t.externalId === '')!;
  assert.equal(none.known, false);
  assert.equal(none.phase, undefined);
  assert.ok(report.phases.find((p) => p.phase === 'unknown')!.types.includes(none));
  assert.equal(report.totals.unknownTypes, 2);
  assert.equal(report.totals.coveredTypes, 1, 'unknown types never count as covered catalog types');
  const uncovered = report.types.find((t) => t.externalId === '2003')!;
  assert.deepEqual([uncovered.fixtures, uncovered.fpRate, uncovered.latestAlert, uncovered.known], [0, null, null, true]);
  assert.equal(totalsLine(report.totals), `Covered: 1 of 69 alert types (${Math.round(1000 / 69) / 10} %), ${catalog.get('2007')!.mitreTechniques.length} techniques`);
});

test('FP rate: null without verdicts, null with only B-TP, FP / (TP + FP) otherwise; B-TP stays out', () => {
  const none = buildCoverage(asAlerts([alert({ id: 'a' }), alert({ id: 'b' })]), NO_VERDICTS).types.find((t) => t.externalId === '2007')!;
  assert.deepEqual([none.tp, none.btp, none.fp, none.unclassified, none.fpRate], [0, 0, 0, 2, null]);
  const onlyBtp = buildCoverage(asAlerts([alert({ id: 'a' }), alert({ id: 'b' })]), verdicts({ a: 'B-TP', b: 'B-TP' })).types.find((t) => t.externalId === '2007')!;
  assert.deepEqual([onlyBtp.btp, onlyBtp.fpRate], [2, null]);
  const mixed = buildCoverage(asAlerts(['a', 'b', 'c', 'd', 'e'].map((id) => alert({ id }))), verdicts({ a: 'FP', b: 'TP', c: 'TP', d: 'B-TP' }));
  const t = mixed.types.find((x) => x.externalId === '2007')!;
  assert.equal(t.fpRate, 1 / 3);
  assert.equal(mixed.totals.fpRate, 1 / 3);
  assert.equal(mixed.phases.find((p) => p.phase === 'reconnaissance')!.fpRate, 1 / 3);
  for (const id of catalog.get('2007')!.mitreTechniques) assert.equal(mixed.techniques.find((x) => x.techniqueId === id)!.fpRate, 1 / 3);
});

test('untrusted fixture fields (numbers for strings, bad times) count without throwing', () => {
  const report = buildCoverage(asAlerts([alert({ id: 7, status: 3, startTime: 'yesterday' }), alert({ id: 'x', startTime: '2025-03-01T00:00:00Z' })]), NO_VERDICTS);
  const t = report.types.find((x) => x.externalId === '2007')!;
  assert.deepEqual([t.fixtures, t.open, t.latestAlert], [2, 1, '2025-03-01T00:00:00Z']);
});

test('every technique and tactic the catalog references has its ATT&CK name', () => {
  for (const e of catalog.entries()) {
    for (const id of e.mitreTechniques) assert.ok(isKnownTechnique(id), `${id} (${e.externalId}) has no name`);
  }
  assert.equal(techniqueName('T1558.003'), 'Steal or Forge Kerberos Tickets: Kerberoasting');
  assert.equal(techniqueName('T9999'), 'T9999');
  const matrix = buildMatrix(buildCoverage([], NO_VERDICTS), 'ws');
  for (const c of matrix.columns) assert.doesNotMatch(c.tacticName, /^TA\d/, `${c.tacticId} has a name`);
});

test('the matrix puts each type under its tactic, one cell per technique, and lists types without a mapping', () => {
  const report = buildCoverage(asAlerts([alert({ id: 'a', externalId: '2410' }), alert({ id: 'b', externalId: '2410' }), alert({ id: 'c', externalId: '2003' })]), verdicts({ a: 'FP', b: 'TP' }));
  const matrix = buildMatrix(report, 'contoso');
  const credential = matrix.columns.find((c) => c.tacticId === catalog.get('2410')!.mitreTactic)!;
  const kerberoasting = credential.cells.find((c) => c.techniqueId === 'T1558.003')!;
  const expectedTypes = catalog.entries().filter((e) => e.mitreTactic === credential.tacticId && e.mitreTechniques.includes('T1558.003'));
  assert.deepEqual(kerberoasting.types.map((t) => t.externalId).sort(), expectedTypes.map((e) => e.externalId).sort());
  assert.equal(kerberoasting.fixtures, 2);
  assert.equal(kerberoasting.fpRate, 0.5);
  assert.deepEqual(matrix.unmapped.map((u) => u.split(' ')[0]).sort(), catalog.entries().filter((e) => !e.mitreTechniques.length).map((e) => e.externalId).sort());
  const cellsTotal = matrix.columns.reduce((n, c) => n + c.cells.length, 0);
  const expectedCells = new Set(catalog.entries().flatMap((e) => e.mitreTechniques.map((t) => `${e.mitreTactic}/${t}`)));
  assert.equal(cellsTotal, expectedCells.size);
  assert.equal(matrix.maxFixtures, Math.max(...matrix.columns.flatMap((c) => c.cells.map((x) => x.fixtures))));
});
