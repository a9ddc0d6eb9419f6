// Broken fixtures never break the features that read them: seeded mutations of the samples' alerts, entities
// and profiles (validation-robustness.test.ts sends the same kind through validation) go through the evidence
// model, the report model and its sheet layout, every grouping and order of the alert tree, and coverage. None
// may throw, and the evidence model must stay plain data (the panel receives a structured clone of it).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { discoverFiles } from '../../src/core/discovery';
import { WorkspaceIndex } from '../../src/core/workspaceIndex';
import { buildEvidence } from '../../src/core/evidence';
import { buildAlertReport } from '../../src/core/export/model';
import { planWorkbook } from '../../src/core/export/layout';
import { buildAlertTree, GROUP_BYS, SORT_ORDERS, type TreeNode } from '../../src/core/tree';
import { buildCoverage } from '../../src/core/coverage/build';
import { NO_VERDICTS } from '../../src/core/verdicts/lookup';
import { rng } from '../../bench/generate';
import { mutate } from './mutations';
import { SAMPLES } from './corpus';

/** Leaf values beyond mutations.ts's: Object member names, extreme numbers, odd times, a bidi control, long text. */
const ODD_LEAVES: unknown[] = ['constructor', '__proto__', 'toString', 1e308, -1e308, -0, 'NaN', '9999-99-99T99:99:99Z', '\u202e', 'a'.repeat(40_000), [[[]]]];

function mutateHard(value: unknown, next: () => number): unknown {
  const copy = mutate(value, next);
  const places: [Record<string, unknown>, string][] = [];
  const walk = (x: unknown) => {
    if (!x || typeof x !== 'object') return;
    for (const [k, child] of Object.entries(x)) {
      places.push([x as Record<string, unknown>, k]);
      walk(child);
    }
  };
  walk(copy);
  if (places.length) {
    const [owner, key] = places[Math.floor(next() * places.length)]!;
    owner[key] = structuredClone(ODD_LEAVES[Math.floor(next() * ODD_LEAVES.length)]);
  }
  return copy;
}

const ROUNDS = 25;

test(`${ROUNDS} rounds of mutated samples: evidence, report, tree and coverage never throw`, async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-feature-robustness-'));
  after(() => fs.rmSync(root, { recursive: true, force: true }));
  fs.cpSync(SAMPLES, root, { recursive: true });
  const names = (sub: string) => fs.readdirSync(path.join(root, sub)).map((n) => path.join(root, sub, n));
  const files = { alerts: names('alerts'), entities: names('entities'), profiles: names('profiles') };
  let checks = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const next = rng(1000 + round);
    const pick = (list: string[]) => list[Math.floor(next() * list.length)]!;
    const originals = new Map<string, string>();
    for (const file of [pick(files.alerts), pick(files.alerts), pick(files.alerts), pick(files.alerts), pick(files.entities), pick(files.entities), pick(files.profiles)]) {
      const text = originals.get(file) ?? fs.readFileSync(file, 'utf8');
      originals.set(file, text);
      let doc: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
      for (let m = 0; m < 3; m++) doc = mutateHard(doc, next);
      fs.writeFileSync(file, JSON.stringify(doc, null, 2));
    }
    const index = new WorkspaceIndex();
    await index.updateMany((await discoverFiles([root])).files);
    const where = `round ${round} (${[...originals.keys()].map((f) => path.basename(f)).join(', ')})`;
    for (const { alert, file } of index.alerts()) {
      const evidence = buildEvidence(index, String(alert.id), NO_VERDICTS);
      assert.ok(evidence, `${where}: evidence of ${file}`);
      assert.doesNotThrow(() => structuredClone(evidence.model), `${where}: the evidence model of ${file} is plain data`);
      const sheets = planWorkbook(buildAlertReport({ alert, file, entities: index, verdicts: NO_VERDICTS, now: new Date(0) }));
      assert.ok(sheets.length >= 1 && sheets.every((s) => s.parts.every((p) => typeof p.name === 'string' && p.name.length > 0)), `${where}: sheets of ${file}`);
      checks++;
    }
    for (const groupBy of GROUP_BYS) {
      for (const sort of SORT_ORDERS) {
        const tree = buildAlertTree({ source: index, verdicts: NO_VERDICTS, options: { groupBy, sort, filter: {} }, folders: [{ name: 'ws', path: root }] });
        let nodes = 0;
        const visit = (node?: TreeNode) => {
          for (const child of tree.children(node)) {
            nodes++;
            visit(child);
          }
        };
        visit();
        assert.ok(nodes > 0, `${where}: the ${groupBy}/${sort} tree has nodes`);
        checks++;
      }
    }
    const coverage = buildCoverage(index.alerts().map((a) => a.alert), NO_VERDICTS);
    assert.ok(coverage.types.length >= 69, `${where}: coverage lists every catalog type (and any unknown external ID)`);
    for (const [file, text] of originals) fs.writeFileSync(file, text);
  }
  assert.ok(checks > ROUNDS * 70, `${checks} checks`);
});
