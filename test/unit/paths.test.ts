import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { isInsideFolder, isSameOrInside, relativeInside } from '../../src/core/paths';
import { isRecord, plural } from '../../src/shared/text';

const root = path.resolve('/work/fixtures');
const at = (...parts: string[]) => path.join(root, ...parts);

test('a file below the folder is inside it; the folder itself is inside only "same or inside"', () => {
  assert.equal(isInsideFolder(at('a', 'b.alert.json'), root), true);
  assert.equal(isSameOrInside(at('a', 'b.alert.json'), root), true);
  assert.equal(isInsideFolder(root, root), false);
  assert.equal(isSameOrInside(root, root), true);
  assert.equal(isSameOrInside(root + path.sep, root), true);
});

test('siblings that share a prefix, parents, and escapes through .. are outside', () => {
  for (const outside of [root + '-2', path.join(path.dirname(root), '..x', 'a.json'), path.dirname(root), at('a', '..', '..', 'other')]) {
    assert.equal(isInsideFolder(outside, root), false, outside);
    assert.equal(isSameOrInside(outside, root), false, outside);
  }
  // A name that merely starts with two dots is an ordinary child.
  assert.equal(isInsideFolder(at('..hidden', 'x.json'), root), true);
});

test('relativeInside gives the relative path, or undefined outside', () => {
  assert.equal(relativeInside(at('a', 'b.json'), root), path.join('a', 'b.json'));
  assert.equal(relativeInside(root, root), undefined);
  assert.equal(relativeInside('/elsewhere/b.json', root), undefined);
});

test('plural: regular, -y after a consonant, and an irregular form', () => {
  assert.equal(plural(1, 'alert'), '1 alert');
  assert.equal(plural(0, 'alert'), '0 alerts');
  assert.equal(plural(2, 'entity'), '2 entities');
  assert.equal(plural(2, 'day'), '2 days');
  assert.equal(plural(3, 'entity id'), '3 entity ids');
  assert.equal(plural(2, 'analysis', 'analyses'), '2 analyses');
});

test('isRecord accepts plain objects only', () => {
  assert.equal(isRecord({}), true);
  for (const v of [null, undefined, [], 'x', 1, true]) assert.equal(isRecord(v), false, String(v));
});
