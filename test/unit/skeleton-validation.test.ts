// A big file validated in a batch (the CLI) gets a skeleton built on a worker thread while it is parsed; its
// problems must be exactly those validateRecord gives from the text alone (the full scan).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { SHARED_READ_MIN_BYTES, nodeFileSource } from '../../src/core/fileSource';
import { WorkspaceIndex } from '../../src/core/workspaceIndex';
import { discoverFiles } from '../../src/core/discovery';
import { validateFiles } from '../../src/core/validation/workspaceValidation';
import { validateRecord } from '../../src/core/validation/validate';
import { SKELETON_MIN_BYTES, skeletonOf, startSkeleton } from '../../src/core/validation/skeletons';
import { tempWorkspace } from './helpers';

const GUID = '3f0e7c2a-5b1d-4e8f-9a6c-2d4b8e1f0a37';

/** An alert over SKELETON_MIN_BYTES: `activities` network activities between ten computers, some of them without an entity file. */
function bigWorkspace(activities: number, missingEvery: number): { root: string; file: string } {
  const root = tempWorkspace({});
  fs.mkdirSync(path.join(root, 'alerts'));
  fs.mkdirSync(path.join(root, 'entities'));
  const ids = Array.from({ length: 10 }, (_, n) => `c${n}000000-0000-4000-8000-00000000000${n}`);
  ids.forEach((id, n) => {
    fs.writeFileSync(path.join(root, 'entities', `c${n}.entity.json`), JSON.stringify({ $type: 'Computer', Id: id, SystemDisplayName: `WS-${n}`, SamName: `WS-${n}$` }, null, 2));
  });
  const alert = {
    id: GUID, externalId: '2007', type: 'DnsReconnaissanceSecurityAlert', title: 'Network mapping reconnaissance (DNS)', severity: 'Medium', status: 'Open',
    startTime: '2025-01-10T08:00:00Z', endTime: '2025-01-10T09:00:00Z',
    entities: [{ role: 'sourceComputer', id: ids[0] }],
    networkActivities: Array.from({ length: activities }, (_, n) => ({
      time: '2025-01-10T08:30:00Z', protocol: 'Dns',
      source: { ip: `10.1.${n % 250}.${n % 200}`, computerId: n % missingEvery === missingEvery - 1 ? `missing-${n}` : ids[n % 10] },
      destination: { ip: '10.0.0.53', computerId: ids[(n + 1) % 10] },
      details: { query: `host-${n}.contoso.local`, recordType: 'AXFR', padding: 'x'.repeat(120) },
    })),
    relatedEntityIds: [ids[0]],
  };
  const file = path.join(root, 'alerts', 'big.alert.json');
  fs.writeFileSync(file, JSON.stringify(alert, null, 2));
  return { root, file };
}

test('a big alert validated in a batch: its problems are located from the skeleton, exactly as from its text', async () => {
  assert.ok(SHARED_READ_MIN_BYTES <= SKELETON_MIN_BYTES, 'big files are read into shared memory');
  const { root, file } = bigWorkspace(26_000, 2_000);
  assert.ok(fs.statSync(file).size >= SKELETON_MIN_BYTES, `${fs.statSync(file).size} bytes`);
  const discovered = (await discoverFiles([root])).files;
  const index = new WorkspaceIndex({ maxFileBytes: 256 * 1024 * 1024 });
  const result = await validateFiles(index, discovered, { batch: true, maxFileBytes: 256 * 1024 * 1024 });
  const found = result.problems.filter((p) => p.file === file);
  assert.equal(found.filter((p) => p.code === 'unresolved-entity').length, 13, found.map((p) => p.message).join('\n'));
  // The same record, located from the text alone (no bytes, no skeleton).
  const expected = await validateRecord(index.record(file)!, index, () => fs.readFileSync(file, 'utf8'));
  assert.deepEqual(found, expected);
  assert.ok(found.every((p) => p.range.start.line > 0));
});

test('a skeleton is built from the shared bytes of a big read, and only for those', async () => {
  const { file } = bigWorkspace(26_000, 2_000);
  const read = nodeFileSource.readFileSync(file, 256 * 1024 * 1024);
  assert.ok(read.bytes!.buffer instanceof SharedArrayBuffer, 'read into shared memory');
  startSkeleton(read.bytes!);
  const skeleton = await skeletonOf(read.bytes!);
  assert.ok(skeleton, 'built on a worker');
  assert.equal(skeleton.arrays.get('networkActivities')!.length, 3 * 26_000);
  const small = Buffer.from('{"a": [1]}');
  startSkeleton(small);
  assert.equal(await skeletonOf(small), undefined, 'a small file gets none');
});

test('one skeleton is built at a time: a second big file read meanwhile goes without, and is located by the full scan', async () => {
  const { file } = bigWorkspace(26_000, 2_000);
  const first = nodeFileSource.readFileSync(file, 256 * 1024 * 1024).bytes!;
  const second = nodeFileSource.readFileSync(file, 256 * 1024 * 1024).bytes!;
  startSkeleton(first);
  startSkeleton(second);
  assert.equal(await skeletonOf(second), undefined, 'no second worker while the first builds');
  assert.ok(await skeletonOf(first));
  const third = nodeFileSource.readFileSync(file, 256 * 1024 * 1024).bytes!;
  startSkeleton(third);
  assert.ok(await skeletonOf(third), 'the next one after it gets its own');
});
