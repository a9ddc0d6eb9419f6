import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJsonBytes, parseJsonText, LineMap, MAX_JSON_DEPTH } from '../../src/core/json';
import { JsonLocator } from '../../src/core/jsonLocator';

const bytes = (s: string) => new TextEncoder().encode(s);

test('a UTF-8 BOM is stripped before parsing', () => {
  const decoded = decodeJsonBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('{"a":1}')]));
  assert.ok(decoded.ok);
  assert.equal(decoded.text, '{"a":1}');
  assert.deepEqual(parseJsonText(decoded.text), { ok: true, value: { a: 1 } });
});

test('CRLF line endings parse and positions count lines correctly', () => {
  const text = '{\r\n  "a": 1,\r\n  "b": [\r\n}';
  const r = parseJsonText(text);
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.equal(r.issue.code, 'json-syntax');
  const pos = new LineMap(text).positionAt(r.issue.offset);
  assert.equal(pos.line, 3);
});

test('binary content and invalid UTF-8 are refused with a clear message', () => {
  const withNul = decodeJsonBytes(new Uint8Array([0x7b, 0x00, 0x7d]));
  assert.equal(withNul.ok, false);
  if (!withNul.ok) assert.match(withNul.issue.message, /binary/);
  const badUtf8 = decodeJsonBytes(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]));
  assert.equal(badUtf8.ok, false);
  if (!badUtf8.ok) assert.match(badUtf8.issue.message, /UTF-8/);
});

test('an empty or blank file is an "empty-file" problem', () => {
  for (const text of ['', '  \n\t ']) {
    const r = parseJsonText(text);
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.issue.code, 'empty-file');
  }
});

test('broken JSON reports the offset of the first error', () => {
  const text = '{\n  "id": "x",\n  "title": \n}';
  const r = parseJsonText(text);
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.equal(r.issue.code, 'json-syntax');
  assert.deepEqual(new LineMap(text).positionAt(r.issue.offset), { line: 3, character: 0 });
  assert.match(r.issue.message, /^Invalid JSON: /);
});

test('duplicate keys are found, with the offset of the second key', () => {
  const text = '{"a": 1, "b": {"c": 1, "c": 2}}';
  const r = parseJsonText(text);
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.equal(r.issue.code, 'json-duplicate-key');
  assert.equal(text.slice(r.issue.offset, r.issue.offset + r.issue.length), '"c"');
  assert.equal(r.issue.offset, text.lastIndexOf('"c"'));
});

test('the same key in different objects, and colons inside strings, are not duplicates', () => {
  const text = '{"a": {"k": "x:y"}, "b": {"k": "http://h:80/"}, "t:1": ["a:b", {"k": 1}], "e": "\\":"}';
  assert.equal(parseJsonText(text).ok, true);
});

test('duplicate keys are found whatever the spacing and the strings hold (seeded texts)', () => {
  let seed = 7;
  const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const keys = ['a', 'b', 'a:b', 'q"', 'back\\', 'c d', 't'];
  const strings = ['x', 'x:y', '08:15:27', 'a : b', 'q":', 'end\\', ' :', '"', ':'];
  const space = () => pick(['', ' ', '  ', '\n', '\r\n  ', '\t']);
  let duplicates = 0;
  for (let round = 0; round < 400; round++) {
    const withDuplicate = next() < 0.5;
    const render = (level: number): string => {
      const names = [...new Set(Array.from({ length: 1 + Math.floor(next() * 4) }, () => pick(keys)))];
      if (withDuplicate && level === 1) names.push(names[0]!);
      const members = names.map((k) => {
        const value = level < 2 && next() < 0.4 ? render(level + 1) : JSON.stringify(pick(strings));
        return `${space()}${JSON.stringify(k)}${space()}:${space()}${value}${space()}`;
      });
      return `{${members.join(',')}}`;
    };
    const text = `{"top"${space()}:${space()}${render(1)}}`;
    const r = parseJsonText(text);
    assert.equal(r.ok, !withDuplicate, text);
    if (!r.ok) {
      assert.equal(r.issue.code, 'json-duplicate-key', text);
      duplicates++;
    }
  }
  assert.ok(duplicates > 100 && duplicates < 300);
});

test('10 000 levels of nesting are refused without overflowing the stack', () => {
  const deep = '{"a":' + '['.repeat(10000) + ']'.repeat(10000) + '}';
  // JSON.parse copes; the locator (recursive jsonc-parser) must not be reached.
  assert.equal(parseJsonText(deep).ok, true);
  const broken = '{"a":' + '['.repeat(10000) + ']'.repeat(9999) + '}';
  const r = parseJsonText(broken);
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.issue.code, 'json-too-deep');
    assert.match(r.issue.message, new RegExp(`${MAX_JSON_DEPTH} levels`));
  }
  // Locating a path in a too-deep document falls back to the start instead of crashing.
  assert.deepEqual(new JsonLocator(deep).range(['a', 0]).start, { line: 0, character: 0 });
});

test('JsonLocator finds values, keys and falls back to the nearest ancestor', () => {
  const text = '{\n  "entities": [\n    { "role": "sourceComputer", "id": "abc" }\n  ]\n}';
  const loc = new JsonLocator(text);
  const line = text.split('\n')[2]!;
  const at = line.indexOf('"abc"');
  assert.deepEqual(loc.range(['entities', 0, 'id']), { start: { line: 2, character: at }, end: { line: 2, character: at + 5 } });
  assert.deepEqual(loc.range(['entities', 0, 'role'], 'key'), { start: { line: 2, character: 6 }, end: { line: 2, character: 12 } });
  assert.deepEqual(loc.range(['entities', 0, 'missing']), loc.range(['entities', 0]));
});
