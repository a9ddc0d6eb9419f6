// Reading on a worker thread while this one parses (readAhead.ts): the index must hold exactly what it
// holds when this thread reads every file itself, whatever the files are (small, big, empty, broken,
// folders, gone, over the size limit), across many batches; a stopped worker leaves the rest to the caller.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ReadAhead } from '../../src/core/readAhead';
import { READ_AHEAD_MIN_FILES, WorkspaceIndex } from '../../src/core/workspaceIndex';
import { alert, tempWorkspace, user } from './helpers';

type Item = { file: string; kind: 'alert' | 'entity' };

/** Enough files for several batches, with every kind of trouble among them. */
function workspace(): { root: string; items: Item[] } {
  const files: Record<string, string | object | Uint8Array> = {};
  const count = Math.max(READ_AHEAD_MIN_FILES, 2600);
  for (let i = 0; i < count; i++) {
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    files[`alerts/a${i}.alert.json`] = alert({ id, title: `Alert ${i}`, description: 'x'.repeat(i % 7 === 0 ? 3000 : 10) });
  }
  files['alerts/empty.alert.json'] = '';
  files['alerts/broken.alert.json'] = '{ "id": "5", ';
  files['alerts/latin1.alert.json'] = new Uint8Array([0x7b, 0x22, 0x69, 0x64, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]);
  files['alerts/big.alert.json'] = alert({ description: 'y'.repeat(600 * 1024) }); // over the worker's small-file size
  files['alerts/over-limit.alert.json'] = alert({ description: 'z'.repeat(2048) });
  files['entities/u.entity.json'] = user();
  const root = tempWorkspace(files);
  fs.mkdirSync(path.join(root, 'alerts', 'folder.alert.json'));
  const items: Item[] = Object.keys(files).map((rel) => ({ file: path.join(root, rel), kind: rel.startsWith('alerts/') ? 'alert' : 'entity' }));
  items.splice(1500, 0, { file: path.join(root, 'alerts', 'folder.alert.json'), kind: 'alert' }, { file: path.join(root, 'alerts', 'gone.alert.json'), kind: 'alert' });
  return { root, items };
}

const { items } = workspace();

async function load(readAhead: boolean, maxFileBytes?: number): Promise<WorkspaceIndex> {
  const index = new WorkspaceIndex({ maxFileBytes });
  await index.updateMany(items, { readAhead });
  return index;
}

test('the index read ahead on a worker holds the same records, in the same order, as one read here', async () => {
  const maxFileBytes = 4000; // (the 3 000-character descriptions are near it; over-limit is over it)
  for (const limit of [undefined, maxFileBytes]) {
    const here = await load(false, limit);
    const ahead = await load(true, limit);
    assert.deepEqual(ahead.files(), here.files());
    for (const file of here.files()) assert.deepEqual(ahead.record(file), here.record(file), file);
    const codes = new Set(here.invalid().map((r) => r.problem.code));
    for (const code of ['not-a-file', 'unreadable', 'json-syntax']) assert.ok(codes.has(code), `${code} among ${[...codes].join(', ')}`);
    if (limit) assert.ok(codes.has('file-too-large'));
    assert.ok(here.alerts().length >= READ_AHEAD_MIN_FILES);
  }
});

test('the worker reads small files in batches and leaves big ones, folders and missing files to the caller', async () => {
  const files = items.map((i) => i.file);
  const ahead = ReadAhead.start(files, 64 * 1024 * 1024)!;
  assert.ok(ahead);
  const self: string[] = [];
  let read = 0;
  try {
    for (let i = 0; i < files.length; i++) {
      let r = ahead.take(i);
      while (r === 'pending') {
        await ahead.arrival();
        r = ahead.take(i);
      }
      if (r === 'self') self.push(path.basename(files[i]!));
      else {
        read++;
        assert.deepEqual(Buffer.from(r.bytes!), fs.readFileSync(files[i]!), files[i]);
        assert.equal(r.stat.size, fs.statSync(files[i]!).size);
      }
    }
  } finally {
    ahead.close();
  }
  assert.deepEqual(self.sort(), ['big.alert.json', 'folder.alert.json', 'gone.alert.json']);
  assert.equal(read, files.length - 3);
});

test('after close, everything not yet delivered is read by the caller', async () => {
  const files = items.map((i) => i.file);
  const ahead = ReadAhead.start(files, 64 * 1024 * 1024)!;
  let r = ahead.take(0);
  while (r === 'pending') {
    await ahead.arrival();
    r = ahead.take(0);
  }
  assert.notEqual(r, 'self');
  ahead.close();
  assert.equal(ahead.take(files.length - 1), 'self');
  await ahead.arrival(); // settles at once
});
