// The import's writer (core/import/atomicWrite.ts): documents go to a writing thread in batches; new
// folders are staged and appear whole on commit; a failure on the thread fails the commit and leaves no
// temporary file or staging folder behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ImportWriter } from '../../src/core/import/atomicWrite';
import { tempWorkspace } from './helpers';

const doc = (i: number) => JSON.stringify({ id: i, text: 'é'.repeat(i % 50), pad: 'x'.repeat((i * 37) % 3000) }, null, 2) + '\n';

test('thousands of documents (many batches) land byte for byte; a new folder appears only on commit', async () => {
  const out = tempWorkspace({ 'entities/keep.entity.json': '{}' });
  const writer = new ImportWriter(out);
  const n = 1500;
  for (let i = 0; i < n; i++) await writer.write(path.join(out, i % 2 ? 'alerts' : 'entities', `d${i}.json`), doc(i));
  assert.ok(!fs.existsSync(path.join(out, 'alerts')), 'the new alerts/ is staged until the commit');
  await writer.commit();
  for (let i = 0; i < n; i++) assert.equal(fs.readFileSync(path.join(out, i % 2 ? 'alerts' : 'entities', `d${i}.json`), 'utf8'), doc(i));
  assert.deepEqual(fs.readdirSync(out).sort(), ['alerts', 'entities'], 'no staging folder is left');
  assert.ok(fs.readdirSync(path.join(out, 'entities')).every((name) => !name.endsWith('.tmp')), 'no temporary file is left');
});

test('a write that fails on the writing thread fails the commit with its error; nothing half-made is left', async () => {
  const out = tempWorkspace({ 'alerts/old.alert.json': '{}' });
  fs.mkdirSync(path.join(out, 'alerts', 'd7.json')); // the rename onto it fails
  const writer = new ImportWriter(out);
  let failed: unknown;
  try {
    for (let i = 0; i < 400; i++) await writer.write(path.join(out, i < 200 ? 'alerts' : 'profiles', `d${i}.json`), doc(i));
    await writer.commit();
  } catch (err) {
    failed = err;
  } finally {
    await writer.abort();
  }
  assert.match(String((failed as Error)?.message), /EISDIR|directory|EEXIST|ENOTEMPTY/i);
  assert.deepEqual(fs.readdirSync(out).sort(), ['alerts'], 'the staged profiles/ is removed');
  assert.ok(fs.readdirSync(path.join(out, 'alerts')).every((name) => !name.endsWith('.tmp')), 'the failed temporary file is removed');
});
