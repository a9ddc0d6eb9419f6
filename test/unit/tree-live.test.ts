import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { discoverFiles } from '../../src/core/discovery';
import { CountingFileSource } from '../../src/core/fileSource';
import { WorkspaceIndex } from '../../src/core/workspaceIndex';
import { NO_VERDICTS, type VerdictLookup } from '../../src/core/verdicts/lookup';
import { AlertTree, DEFAULT_TREE_OPTIONS, verdictCountsByType, type AlertNode } from '../../src/core/tree';
import { tempWorkspace, writeFixture, alert, computer } from './helpers';

const build = (index: WorkspaceIndex) => new AlertTree({ source: index, verdicts: NO_VERDICTS, options: DEFAULT_TREE_OPTIONS });

test('one changed file = one read: the tree is rebuilt from memory and keeps the other ids', async () => {
  const files: Record<string, object> = {};
  for (let i = 0; i < 30; i++) files[`alerts/${i}.alert.json`] = alert({ id: `id-${i}`, startTime: `2024-01-${String(1 + (i % 28)).padStart(2, '0')}T00:00:00Z` });
  for (let i = 0; i < 10; i++) files[`entities/${i}.entity.json`] = computer(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, `WS${i}`);
  const root = tempWorkspace(files);
  const source = new CountingFileSource();
  const index = new WorkspaceIndex({ source });
  await index.updateMany((await discoverFiles([root])).files);
  assert.equal(source.totalReads, 40);

  const before = build(index);
  const recon = before.roots()[0]!;
  const beforeIds = before.children(recon).map((n) => n.id);
  assert.equal(beforeIds.length, 30);

  const changed = writeFixture(root, 'alerts/7.alert.json', alert({ id: 'id-7', title: 'Renamed', severity: 'High', startTime: '2024-01-08T00:00:00Z' }));
  await index.update(changed, 'alert');
  assert.equal(source.totalReads, 41, 'only the changed file was read again');
  assert.equal(source.reads.get(changed), 2);

  const after = build(index);
  assert.equal(source.totalReads, 41, 'building the tree reads nothing');
  const rows = after.children(after.roots()[0]!) as AlertNode[];
  assert.deepEqual(rows.map((n) => n.id), beforeIds, 'same ids, same order');
  const renamed = rows.find((r) => r.file === changed)!;
  assert.equal(renamed.label, 'Renamed');
  assert.match(renamed.description, /^High · /);
  assert.match(after.roots()[0]!.description, / 1 High /);

  // Deleted while shown: the row goes, nothing else changes, nothing is read.
  fs.rmSync(changed);
  index.remove(changed);
  const gone = build(index);
  assert.deepEqual(gone.alertNodes(changed), []);
  assert.equal(gone.children(gone.roots()[0]!).length, 29);
  assert.equal(gone.roots()[0]!.description.split(' ')[0], '29');
  assert.equal(source.totalReads, 41);

  // Added: one read.
  const added = writeFixture(root, 'alerts/new.alert.json', alert({ id: 'id-new', externalId: '2006' }));
  await index.update(added, 'alert');
  assert.equal(source.totalReads, 42);
  const withNew = build(index);
  assert.equal(withNew.alertNodes(added)[0]!.parentId, 'phase:domain-dominance');
  assert.ok(path.isAbsolute(withNew.alertNodes(added)[0]!.file));
});

test('verdictCountsByType is a pure function of the alerts and a VerdictLookup', async () => {
  const root = tempWorkspace({
    'a.alert.json': alert({ id: 'a', externalId: '2018' }),
    'b.alert.json': alert({ id: 'b', externalId: '2018' }),
    'c.alert.json': alert({ id: 'c', externalId: '2018' }),
    'd.alert.json': alert({ id: 'd', externalId: '2007' }),
  });
  const index = new WorkspaceIndex();
  await index.updateMany((await discoverFiles([root])).files);
  const verdicts = new Map([['a', 'FP'], ['b', 'B-TP']]);
  const lookup: VerdictLookup = {
    verdictOf: (id) => (verdicts.has(id) ? { verdict: verdicts.get(id) as 'FP', author: 't', time: '2025-01-01T00:00:00Z', history: [] } : undefined),
    exclusionFor: () => undefined,
  };
  const counts = verdictCountsByType(index.alerts(), lookup);
  assert.deepEqual(counts.get('2018'), { total: 3, TP: 0, 'B-TP': 1, FP: 1, unclassified: 1, fpRate: 1 }, 'B-TP neither raises nor lowers the FP rate');
  assert.deepEqual(counts.get('2007'), { total: 1, TP: 0, 'B-TP': 0, FP: 0, unclassified: 1, fpRate: undefined });
  assert.equal(verdictCountsByType(index.alerts(), NO_VERDICTS).get('2018')!.unclassified, 3);
});
