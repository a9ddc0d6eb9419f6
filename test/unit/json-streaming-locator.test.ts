// The streaming locator (one pass, no tree) must put every problem where the tree locator (jsonc-parser's
// parseTree + findNodeAtLocation) puts it: every path of every sample and broken-corpus file, paths that do
// not exist, and the problems of seeded mutations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { isAscii } from 'node:buffer';
import { MAX_JSON_DEPTH, type JsonPath } from '../../src/core/json';
import { buildSkeleton } from '../../src/core/jsonScan';
import { JsonLocator } from '../../src/core/jsonLocator';
import { loadText } from '../../src/core/loader';
import { locateProblems, type PathProblem } from '../../src/core/validation/schemaProblems';
import { schemaProblems, semanticProblems } from '../../src/core/validation/validate';
import { WorkspaceIndex } from '../../src/core/workspaceIndex';
import { discoverFiles } from '../../src/core/discovery';
import { rng } from '../../bench/generate';
import { corpusFiles, SAMPLES, BROKEN } from './corpus';
import { depth, mutate } from './mutations';
import { NOW } from './validation-support';

/** Every path of a value (objects' properties and arrays' items, to 600 levels), plus a missing child of each container. */
function allPaths(value: unknown, at: JsonPath = [], out: JsonPath[] = []): JsonPath[] {
  out.push(at);
  if (at.length > 600) return out;
  if (Array.isArray(value)) {
    value.forEach((v, i) => allPaths(v, [...at, i], out));
    out.push([...at, value.length], [...at, 'x']);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) allPaths(v, [...at, k], out);
    out.push([...at, 'no such key', 'deeper'], [...at, 0]);
  }
  return out;
}

function sameRanges(text: string, paths: JsonPath[], what: string): void {
  const tree = new JsonLocator(text);
  const streaming = new JsonLocator(text, { parsed: true });
  streaming.prepare(paths);
  // The file's bytes (scanned directly when ASCII, decoded otherwise) give the same answers.
  const fromBytes = new JsonLocator(Buffer.from(text, 'utf8'), { parsed: true });
  fromBytes.prepare(paths);
  for (const p of paths) {
    assert.deepEqual(fromBytes.find(p), tree.find(p), `${what} ${JSON.stringify(p)} located from bytes`);
    assert.deepEqual(streaming.range(p), tree.range(p), `${what} ${JSON.stringify(p)} value`);
    assert.deepEqual(streaming.range(p, 'key'), tree.range(p, 'key'), `${what} ${JSON.stringify(p)} key`);
    const a = streaming.find(p);
    const b = tree.find(p);
    assert.deepEqual(a, b, `${what} ${JSON.stringify(p)} located value`);
  }
  // With a skeleton of the bytes (big files get one), each path alone: items of top-level arrays are walked
  // from where the skeleton says they start; any other path is scanned as without one.
  const bytes = Buffer.from(text, 'utf8');
  if (!isAscii(bytes)) return;
  const skeleton = buildSkeleton(bytes);
  assert.ok(skeleton, `${what}: a text JSON.parse accepted has a skeleton`);
  for (const p of paths) {
    const located: JsonLocator = new JsonLocator(bytes, { parsed: true, skeleton });
    assert.deepEqual(located.find(p), tree.find(p), `${what} ${JSON.stringify(p)} located from the skeleton`);
    assert.deepEqual(located.range(p, 'key'), tree.range(p, 'key'), `${what} ${JSON.stringify(p)} key from the skeleton`);
  }
}

test('every path of every sample and broken-corpus fixture, pretty and compact, has the same ranges', async () => {
  let checked = 0;
  for (const { file } of await corpusFiles([SAMPLES, BROKEN])) {
    const text = fs.readFileSync(file, 'utf8');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      continue; // not JSON: the streaming locator is only used on texts JSON.parse accepted
    }
    const paths = allPaths(value).slice(0, 20000);
    sameRanges(text, paths, path.basename(file));
    if (depth(value) < 1000) { // (JSON.stringify recurses)
      sameRanges(JSON.stringify(value), paths, `${path.basename(file)} compact`);
      sameRanges(JSON.stringify(value, null, '\t').replace(/\n/g, '\r\n'), paths, `${path.basename(file)} tabs+CRLF`);
    }
    checked++;
  }
  assert.ok(checked > 60, `${checked} files`);
});

test('problems of seeded mutations of every sample are located and fixed identically', async () => {
  const index = new WorkspaceIndex();
  await index.updateMany((await discoverFiles([SAMPLES])).files);
  let problems = 0;
  for (const [n, { file, kind }] of (await corpusFiles([SAMPLES])).entries()) {
    if (kind === 'ledger') continue;
    const original = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    for (let round = 0; round < 25; round++) {
      const seed = n * 100 + round;
      const doc = mutate(original, rng(seed));
      const text = JSON.stringify(doc, null, 2);
      const record = loadText(file, kind, text);
      if (!record.ok) continue;
      const found: PathProblem[] = [...schemaProblems(kind, doc, round % 2 === 1), ...semanticProblems(record, index, { now: NOW })];
      const viaTree = locateProblems(file, new JsonLocator(text), found);
      const streamed = locateProblems(file, new JsonLocator(text, { parsed: true }), found);
      assert.deepEqual(streamed, viaTree, `${path.basename(file)} seed ${seed}`);
      problems += found.length;
    }
  }
  assert.ok(problems > 500, `${problems} problems compared`);
});

test('a document nested deeper than the limit locates nothing, as the tree locator refuses it', () => {
  const deep = '['.repeat(MAX_JSON_DEPTH + 5) + ']'.repeat(MAX_JSON_DEPTH + 5);
  const text = `{"a": [1, 2], "b": ${deep}}`;
  sameRanges(text, [['a', 1], ['b', 0, 0], []], 'deep');
  assert.deepEqual(new JsonLocator(text, { parsed: true }).range(['a', 1]).start, { line: 0, character: 0 });
});

test('non-ASCII text and a byte order mark: bytes are decoded, ranges count UTF-16 code units', () => {
  const text = '{"name": "Zoë 🛡", "list": [{"ü": "x"}, 2]}';
  sameRanges(text, [['name'], ['list', 0, 'ü'], ['list', 1], ['list', 2]], 'unicode');
  const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{\n "a": [1]\n}')]);
  assert.deepEqual(new JsonLocator(bom, { parsed: true }).range(['a', 0]), new JsonLocator('{\n "a": [1]\n}').range(['a', 0]));
});

test('escaped keys, keys that look like indexes, and the first of duplicate keys', () => {
  const text = '{"a\\"b": {"0": [true, null, -1.5e3]}, "dup": 1, "dup": "two", "\\u0041": {}}';
  sameRanges(text, [['a"b', '0', 2], ['a"b', 0], ['a"b', '0', '0'], ['dup'], ['A'], ['A', 'x']], 'escapes');
});

test('text that is not plain JSON (comments, trailing commas) falls back to the tolerant tree', () => {
  const text = '{\n  // note\n  "a": [1, 2,],\n}';
  const streaming = new JsonLocator(text, { parsed: true });
  assert.deepEqual(streaming.range(['a', 1]), new JsonLocator(text).range(['a', 1]));
});

test('a skeleton lists the items of the first occurrence of each top-level array, and the locator starts there', () => {
  const text = '{\n  "dup": 5,\n  "dup": [9],\n  "list": [\n    {"a": 1},\n    [2, [3]],\n    "x"\n  ],\n  "empty": [],\n  "s\\u0041": [true]\n}';
  const bytes = Buffer.from(text);
  const skeleton = buildSkeleton(bytes)!;
  assert.deepEqual([...skeleton.arrays.keys()], ['list', 'empty', 'sA'], 'a duplicate key\'s later array is not the one paths resolve to');
  assert.deepEqual([...skeleton.arrays.get('list')!], [text.indexOf('{"a"'), 4, text.indexOf('    {"a"'), text.indexOf('[2,'), 5, text.indexOf('    [2,'), text.indexOf('"x"'), 6, text.indexOf('    "x"')]);
  assert.equal(skeleton.deepest, 4);
  sameRanges(text, [['list', 0, 'a'], ['list', 1, 1, 0], ['list', 2], ['list', 3], ['dup', 0], ['empty', 0], ['sA', 0], ['list'], []], 'skeleton cases');
  // The item's start is taken from the skeleton: pointing item 0 at item 1 moves what is found.
  const moved = { deepest: skeleton.deepest, arrays: new Map(skeleton.arrays) };
  const list = Float64Array.from(skeleton.arrays.get('list')!);
  list.copyWithin(0, 3, 6);
  moved.arrays.set('list', list);
  assert.equal(new JsonLocator(bytes, { parsed: true, skeleton: moved }).find(['list', 0])!.value.offset, text.indexOf('[2,'));
  // A skeleton of a text nested deeper than the limit locates nothing, as the full scan.
  const deep = Buffer.from(`{"a": [1], "b": ${'['.repeat(MAX_JSON_DEPTH + 5)}${']'.repeat(MAX_JSON_DEPTH + 5)}}`);
  assert.equal(new JsonLocator(deep, { parsed: true, skeleton: buildSkeleton(deep) }).find(['a', 0]), undefined);
  assert.equal(buildSkeleton(Buffer.from('{"a": [1,]}')), undefined, 'not plain JSON: no skeleton');
});
