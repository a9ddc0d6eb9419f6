// A big file validated on a worker thread (the extension host's path for files over OFF_THREAD_MIN_BYTES)
// must give exactly what validateRecord gives on the calling thread, from disk and from an editor's
// buffer, with and without the workspace's cross-file checks; a newer request replaces an older one.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { SAMPLES } from './corpus';
import { discoverFiles } from '../../src/core/discovery';
import { loadText } from '../../src/core/loader';
import { displayRelative } from '../../src/core/paths';
import { WorkspaceIndex } from '../../src/core/workspaceIndex';
import { OffThreadValidator, Superseded } from '../../src/core/validation/offThreadValidation';
import { loadOffThread } from '../../src/core/validation/offThreadLoad';
import { validateRecord } from '../../src/core/validation/validate';
import { readText } from '../../src/core/validation/fileText';
import type { FixtureKind } from '../../src/core/validation/userSchemas';
import { tempWorkspace } from './helpers';

const root = tempWorkspace({});
let index: WorkspaceIndex;
const validator = new OffThreadValidator();
const shard = () => ({ displayRelativeTo: root });
const options = () => ({ displayPath: (f: string) => displayRelative(f, root) });
const alertsDir = () => path.join(root, 'alerts');
const alertFiles = () => fs.readdirSync(alertsDir()).sort().map((n) => path.join(alertsDir(), n));

before(async () => {
  fs.cpSync(SAMPLES, root, { recursive: true });
  const alerts = alertFiles();
  // Cross-file trouble: an entity deleted (its alerts' references dangle, its profile is an orphan), an
  // alert id used twice, a schema error.
  const entity = fs.readdirSync(path.join(root, 'entities')).sort()[0]!;
  fs.rmSync(path.join(root, 'entities', entity));
  fs.copyFileSync(alerts[0]!, path.join(alertsDir(), 'copy-of-first.alert.json'));
  const third = JSON.parse(fs.readFileSync(alerts[2]!, 'utf8'));
  third.severity = 'Catastrophic';
  fs.writeFileSync(alerts[2]!, JSON.stringify(third, null, 2));
  index = new WorkspaceIndex();
  const found = await discoverFiles([root]);
  await index.updateMany(found.files.map((f) => ({ file: f.file, kind: f.kind })));
});

async function onThisThread(file: string, withIndex: boolean, text?: string) {
  const record = text === undefined ? index.record(file)! : loadText(file, index.record(file)!.kind as FixtureKind, text);
  return validateRecord(record, withIndex ? index : undefined, () => text ?? readText(index.source, file), options());
}

test('from disk, files with problems and a clean file of each kind get the problems validateRecord gives here', async () => {
  const codes = new Set<string>();
  const cleanKinds = new Set<string>();
  let checked = 0;
  for (const file of index.files()) {
    const kind = index.record(file)!.kind as FixtureKind;
    const expected = await onThisThread(file, true);
    // (a worker per file costs a fraction of a second under tsx: the damaged files and one clean file per kind)
    if (!expected.length && cleanKinds.has(kind)) continue;
    if (!expected.length) cleanKinds.add(kind);
    assert.deepEqual(await validator.validate({ file, kind }, index, shard()), expected, file);
    for (const p of expected) codes.add(p.code);
    checked++;
  }
  assert.equal(cleanKinds.size, 3);
  assert.ok(checked >= 7, `the damage shows in several files (${checked} checked)`);
  for (const code of ['unresolved-entity', 'duplicate-alert-id', 'orphan-profile']) assert.ok(codes.has(code), `${code} among ${[...codes].join(', ')}`);
});

test('from an editor buffer, the buffer is checked, not the file on disk', async () => {
  const file = alertFiles()[5]!;
  const onDisk = JSON.parse(fs.readFileSync(file, 'utf8'));
  const buffers = [
    JSON.stringify({ ...onDisk, id: JSON.parse(fs.readFileSync(alertFiles()[6]!, 'utf8')).id }, null, 2), // another alert's id
    JSON.stringify({ ...onDisk, status: 42 }, null, 2), // a schema error
    fs.readFileSync(file, 'utf8').replace(/,\s*"severity"/, ' "severity"'), // a syntax error
  ];
  for (const text of buffers) {
    const expected = await onThisThread(file, true, text);
    assert.ok(expected.length > 0, 'each buffer has a problem');
    assert.deepEqual(await validator.validate({ file, kind: 'alert', text }, index, shard()), expected);
  }
});

test('without an index yet, only the file itself is checked', async () => {
  const file = alertFiles().find((f) => index.alertInFile(f)?.entityKeys.length)!;
  const withIndex = await onThisThread(file, true);
  const alone = await onThisThread(file, false);
  const text = fs.readFileSync(file, 'utf8');
  assert.deepEqual(await validator.validate({ file, kind: 'alert', text }, undefined, shard()), alone);
  assert.deepEqual(await validator.validate({ file, kind: 'alert' }, undefined, shard()), alone);
  assert.ok(alone.every((p) => p.code !== 'unresolved-entity'));
  assert.ok(withIndex.length >= alone.length);
});

test('a newer request for the same file and source replaces the older; a buffer and the disk do not', async () => {
  const file = alertFiles()[0]!;
  const first = validator.validate({ file, kind: 'alert' }, index, shard());
  const buffer = validator.validate({ file, kind: 'alert', text: fs.readFileSync(file, 'utf8') }, index, shard());
  const second = validator.validate({ file, kind: 'alert' }, index, shard());
  await assert.rejects(first, Superseded);
  const expected = await onThisThread(file, true);
  assert.deepEqual(await second, expected);
  assert.deepEqual(await buffer, expected);
});

test('dispose stops what is in flight', async () => {
  const file = alertFiles()[1]!;
  const own = new OffThreadValidator();
  const running = own.validate({ file, kind: 'alert' }, index, shard());
  own.dispose();
  await assert.rejects(running, Superseded);
});

test('a file just loaded off the thread is checked by the worker that loaded it: the record the index has, parsed once', async () => {
  const file = alertFiles().find((f) => !f.includes('copy-of') && fs.readFileSync(f, 'utf8').includes('"severity"') && index.alertInFile(f)?.entityKeys.length)!;
  const original = fs.readFileSync(file, 'utf8');
  try {
    const record = await loadOffThread(file, 'alert');
    index.set(record);
    const expected = await validateRecord(record, index, () => original, options());
    // The disk changes after the load: the loading worker checks what it loaded (the index's record), not the disk.
    const changed = JSON.parse(original);
    changed.severity = 'Catastrophic';
    fs.writeFileSync(file, JSON.stringify(changed, null, 2));
    const fromLoader = await validator.validate({ file, kind: 'alert' }, index, shard());
    assert.deepEqual(fromLoader, expected);
    assert.ok(!fromLoader.some((p) => p.message.includes('Catastrophic')));
    // Once: the next check reads the disk on a fresh worker.
    const fresh = await validator.validate({ file, kind: 'alert' }, index, shard());
    assert.ok(fresh.some((p) => p.message.includes('Catastrophic')), fresh.map((p) => p.message).join('\n'));
  } finally {
    fs.writeFileSync(file, original);
    await index.updateMany([{ file, kind: 'alert' }]);
  }
});
