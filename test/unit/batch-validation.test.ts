// Batch validation (the CLI): a large file with problems is read once, not again to locate them, and the
// problems are the same as when it is read again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { CountingFileSource } from '../../src/core/fileSource';
import { validatePaths } from '../../src/core/validation/workspaceValidation';
import { alert, tempWorkspace } from './helpers';

function bigAlertWithProblems(): object {
  // Over a megabyte of network activities, two of them naming computers no entity file describes.
  const activities = Array.from({ length: 12000 }, (_, i) => ({ time: '2025-01-14T09:00:00Z', protocol: 'Kerberos', source: { ip: `10.0.${i >> 8}.${i & 255}`, computerId: i === 10 ? 'missing-a' : i === 11000 ? 'missing-b' : undefined } }));
  return alert({ networkActivities: activities });
}

test('a large file with problems is read once in a batch run, twice otherwise, with the same problems', async () => {
  const root = tempWorkspace({ 'big.alert.json': bigAlertWithProblems() });
  const file = path.join(root, 'big.alert.json');
  assert.ok(fs.statSync(file).size > 1024 * 1024, 'the file is over a megabyte');
  const batch = new CountingFileSource();
  const once = await validatePaths([root], { source: batch, batch: true });
  const again = new CountingFileSource();
  const twice = await validatePaths([root], { source: again });
  assert.equal(batch.reads.get(file), 1);
  assert.equal(again.reads.get(file), 2);
  const unresolved = once.problems.filter((p) => p.code === 'unresolved-entity');
  assert.ok(unresolved.length >= 2, JSON.stringify(once.problems.map((p) => p.code)));
  assert.deepEqual(once.problems, twice.problems);
});
