// A big file loaded on a worker thread and received in pieces (the extension host's path for files over
// OFF_THREAD_MIN_BYTES) must give the record loadFileSync gives on the calling thread: the same value,
// keys in the same order, the same problems for broken files. And the index must keep the newest load
// when a slow one finishes after a newer one, or after the file was removed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { nodeFileSource } from '../../src/core/fileSource';
import { loadFileSync, type FileRecord } from '../../src/core/loader';
import { WorkspaceIndex } from '../../src/core/workspaceIndex';
import { applyPiece, loadOffThread, splitValue, type ValuePiece } from '../../src/core/validation/offThreadLoad';
import { tempWorkspace } from './helpers';

const sync = nodeFileSource;

/** What the receiving thread sees: the head and every piece copied as postMessage copies them, then put together. */
function roundTrip(value: unknown, budget: number): { value: unknown; pieces: ValuePiece[] } {
  const { head, pieces } = splitValue(value, budget);
  const out = structuredClone(head);
  for (const piece of pieces) applyPiece(out, structuredClone(piece));
  return { value: out, pieces };
}

function values(v: unknown): number {
  if (Array.isArray(v)) return 1 + v.reduce((n: number, x) => n + values(x), 0);
  if (v !== null && typeof v === 'object') return 1 + Object.values(v).reduce((n: number, x) => n + values(x), 0);
  return 1;
}

const activity = (n: number) => ({ time: `2025-01-01T00:00:${String(n % 60).padStart(2, '0')}Z`, protocol: 'Kerberos', source: { ip: `10.0.${n % 256}.1`, port: n, computerId: `c-${n}` }, details: { query: `host-${n}` } });

test('split and put back together, a value is the one JSON.parse gave: same keys, same order, same items', () => {
  // Parsed, so that "__proto__" is an own key and integer-like keys are where JSON.parse puts them.
  const big = JSON.parse(JSON.stringify({
    id: 'a', title: 'x', networkActivities: Array.from({ length: 3000 }, (_, n) => activity(n)), evidence: [],
    nested: [[...Array(500).keys()], Array.from({ length: 400 }, (_, n) => ({ n, list: Array.from({ length: 30 }, (_, k) => k) }))],
    wide: Object.fromEntries(Array.from({ length: 2000 }, (_, n) => [`key-${n}`, { n }])),
    '10': 'integer-like', empty: {}, none: null,
  }).replace('"title"', '"__proto__":{"polluted":true},"title"'));
  assert.ok(Object.prototype.hasOwnProperty.call(big, '__proto__'));
  for (const budget of [7, 100, 5000, 1e9]) {
    const { value, pieces } = roundTrip(big, budget);
    assert.equal(JSON.stringify(value), JSON.stringify(big), `budget ${budget}`);
    assert.deepEqual(value, big);
    assert.ok(Object.prototype.hasOwnProperty.call(value, '__proto__'), 'an own "__proto__" key stays a key');
    assert.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype was touched');
    if (budget < values(big)) assert.ok(pieces.length > 1, `split at budget ${budget} (${pieces.length} pieces)`);
    else assert.equal(pieces.length, 0, 'a value within the budget goes whole');
    // Each piece is about the budget: no child here is bigger than the budget of 5 000 and up.
    if (budget >= 5000) for (const p of pieces) assert.ok(values(p.items ?? p.entries) <= 2 * budget + 2, `piece of ${values(p.items ?? p.entries)} values`);
  }
  for (const scalar of ['text', 3, null, true, [], {}]) assert.deepEqual(roundTrip(scalar, 1).value, scalar);
});

test('loaded off the thread, every kind of file gives the record loadFileSync gives here', async () => {
  const root = tempWorkspace({});
  const write = (name: string, text: string) => {
    const file = path.join(root, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const alert = { id: 'f1c5a1a0-0000-4000-8000-000000000001', externalId: '2003', title: 'Account enumeration', severity: 'Medium', status: 'Open', startTime: '2025-01-01T00:00:00Z', networkActivities: Array.from({ length: 30000 }, (_, n) => activity(n)) };
  const cases: [string, FileRecord['kind'], number | undefined][] = [
    [write('big.alert.json', JSON.stringify(alert, null, 2)), 'alert', undefined],
    [write('entity.entity.json', JSON.stringify({ $type: 'User', Id: 'u-1', SamName: 'jdoe' })), 'entity', undefined],
    [write('profile.profile.json', JSON.stringify({ $type: 'UserProfile', UniqueEntityId: 'u-1', Wide: Object.fromEntries(Array.from({ length: 30000 }, (_, n) => [`k${n}`, n])) })), 'profile', undefined],
    [write('broken.alert.json', JSON.stringify(alert, null, 2).replace('"title"', '"title" "x",')), 'alert', undefined],
    [write('duplicate.alert.json', JSON.stringify(alert, null, 2).replace('"title"', '"severity": "Low",\n  "title"')), 'alert', undefined],
    [write('no-id.alert.json', JSON.stringify({ ...alert, id: '' }, null, 2)), 'alert', undefined],
    [write('array.entity.json', '[1, 2]'), 'entity', undefined],
    [write('too-big.alert.json', JSON.stringify(alert)), 'alert', 1000],
    [path.join(root, 'missing.alert.json'), 'alert', undefined],
  ];
  for (const [file, kind, maxFileBytes] of cases) {
    const here = loadFileSync(sync, file, kind, { maxFileBytes });
    const there = await loadOffThread(file, kind, { maxFileBytes });
    assert.deepEqual(there, here, path.basename(file));
    assert.equal(JSON.stringify(there), JSON.stringify(here), `${path.basename(file)}: keys in the same order`);
  }
  const codes = await Promise.all(cases.slice(3).map(async ([file, kind, maxFileBytes]) => {
    const r = await loadOffThread(file, kind, { maxFileBytes });
    return r.ok ? 'ok' : r.problem.code;
  }));
  assert.deepEqual(codes, ['json-syntax', 'json-duplicate-key', 'alert-without-id', 'not-an-object', 'file-too-large', 'unreadable']);
});

test('the index loads big files through largeFiles, stops a load a newer one makes stale, and keeps the newest', async () => {
  const root = tempWorkspace({});
  const file = path.join(root, 'a.alert.json');
  const write = (title: string) => fs.writeFileSync(file, JSON.stringify({ id: 'a-1', title, networkActivities: [activity(1)] }));
  write('first');
  const delays: number[] = [];
  const loaded: string[] = [];
  const stopped: string[] = [];
  let onRead: (() => void) | undefined;
  const reading = () => new Promise<void>((resolve) => { onRead = resolve; });
  const index = new WorkspaceIndex({
    largeFiles: {
      minBytes: 10,
      load: async (f, kind, options, signal) => {
        const record = loadFileSync(sync, f, kind, options); // read now, delivered after a delay
        const title = record.ok && record.kind === 'alert' ? String(record.alert.title) : 'invalid';
        onRead?.();
        onRead = undefined;
        await new Promise((r) => setTimeout(r, delays.shift() ?? 0));
        if (signal.aborted) {
          stopped.push(title);
          throw new Error('stopped');
        }
        loaded.push(title);
        return record;
      },
    },
  });
  await index.updateMany([{ file, kind: 'alert' }]);
  assert.deepEqual(loaded, ['first'], 'the file went through largeFiles');
  assert.equal(index.alerts()[0]!.alert.title, 'first');

  // A slow load of the old content is still running when the file changes again: it is stopped, the new one stays.
  write('second');
  delays.push(200, 0);
  const read = reading();
  const slow = index.update(file, 'alert');
  await read;
  write('third');
  const quick = await index.update(file, 'alert');
  assert.equal(await slow, undefined, 'the stale load gives nothing');
  assert.deepEqual(stopped, ['second']);
  assert.deepEqual(loaded, ['first', 'third']);
  assert.ok(quick?.ok && quick.kind === 'alert' && quick.alert.title === 'third');
  assert.equal(index.alerts()[0]!.alert.title, 'third', 'the newest load wins');

  // Removed while it loads: stopped, and it does not come back.
  delays.push(100);
  const readAgain = reading();
  const pending = index.update(file, 'alert');
  await readAgain;
  index.remove(file);
  assert.equal(await pending, undefined);
  assert.deepEqual(stopped, ['second', 'third']);
  assert.equal(index.record(file), undefined, 'a removed file stays removed');

  // A bulk load reads the file (now too small for largeFiles) while a slow load of it waits: the bulk read wins.
  write('fourth');
  delays.push(100);
  const readOnceMore = reading();
  const waiting = index.update(file, 'alert');
  await readOnceMore;
  fs.writeFileSync(file, '{}');
  await index.updateMany([{ file, kind: 'alert' }]);
  assert.equal(await waiting, undefined);
  assert.deepEqual(stopped, ['second', 'third', 'fourth']);
  const bulk = index.record(file);
  assert.ok(bulk && !bulk.ok && bulk.problem.code === 'alert-without-id', 'the bulk read of "{}" stays');

  // A loader that fails on its own: the index loads the file itself.
  write('third');
  const fallback = new WorkspaceIndex({ largeFiles: { minBytes: 10, load: () => Promise.reject(new Error('no worker')) } });
  await fallback.updateMany([{ file, kind: 'alert' }]);
  assert.equal((await fallback.update(file, 'alert'))?.ok, true);
  assert.equal(fallback.alerts()[0]!.alert.title, 'third');
});

test('a load stopped through its signal ends its worker and rejects', async () => {
  const root = tempWorkspace({});
  const file = path.join(root, 'big.alert.json');
  fs.writeFileSync(file, JSON.stringify({ id: 'b-1', networkActivities: Array.from({ length: 20000 }, (_, n) => activity(n)) }));
  const controller = new AbortController();
  const load = loadOffThread(file, 'alert', {}, controller.signal);
  setTimeout(() => controller.abort(), 5);
  await assert.rejects(load, /was stopped/);
  const already = new AbortController();
  already.abort();
  await assert.rejects(loadOffThread(file, 'alert', {}, already.signal), /was stopped/);
});
